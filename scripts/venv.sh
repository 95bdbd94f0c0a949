# Sourced by quickstart.sh and test.sh: the virtual environment in .venv, created with
# $PYTHON (default python3) when missing, and the project installed into it with one extra.
ensure_venv() {
    local extra="$1"
    local python="${PYTHON:-python3}"
    if [ ! -x .venv/bin/python ]; then
        echo "==> Creating the virtual environment in .venv"
        "$python" -m venv .venv
    fi
    echo "==> Installing Python dependencies (with the $extra extra)"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".[$extra]"
}
