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
    # The pip the venv comes with (Python 3.11: 22.3 or later) installs the project as it is;
    # upgrading it first cost a registry round trip and about 15 s.
    .venv/bin/python -m pip install --quiet -e ".[$extra]"
}
