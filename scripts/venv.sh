# Sourced by quickstart.sh and test.sh: the virtual environment in .venv, created with
# $PYTHON (default python3) when missing, and the project installed into it with one extra.

# Python processes read compiled bytecode, which uv writes at install time on both cores. A
# machine that sets PYTHONDONTWRITEBYTECODE (this CI machine does) would otherwise have every
# process compile Django, Wagtail and the apps from source again: `pytest --collect-only` took
# 27 s instead of 10 s, and the test command starts dozens of Python processes.
unset PYTHONDONTWRITEBYTECODE

ensure_venv() {
    local extra="$1"
    local python="${PYTHON:-python3}"
    if [ ! -x .venv/bin/python ]; then
        echo "==> Creating the virtual environment in .venv"
        "$python" -m venv .venv
    fi
    echo "==> Installing Python dependencies (with the $extra extra)"
    # uv resolves and installs the same requirements from the same registry as pip, in about a
    # fifth of the time (10 s against 53 s for a fresh .venv here); pip remains the fallback.
    if .venv/bin/python -m pip install --quiet --upgrade uv; then
        .venv/bin/uv pip install --quiet --compile-bytecode --python .venv/bin/python \
            -e ".[$extra]" && return
        echo "==> uv could not install the dependencies; trying pip"
    fi
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".[$extra]"
}
