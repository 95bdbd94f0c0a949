#!/usr/bin/env bash
# Quick start on the embedded defaults: SQLite, the database search fallback, the offline
# geocoder. Creates the virtual environment, installs the dependencies, migrates, loads the
# demo content, creates an admin account and a coordinator per demo region (their logins are
# printed) and serves the site at
# http://127.0.0.1:8000. Needs Python 3.11+ and the Python package registry, nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/venv.sh
ensure_venv demo

export DJANGO_SETTINGS_MODULE=config.settings.dev
echo "==> Migrating the database (SQLite: db.sqlite3)"
.venv/bin/python manage.py migrate --noinput -v 0
echo "==> Loading the demo data"
.venv/bin/python manage.py load_demo
echo "==> Serving http://127.0.0.1:8000/ (Ctrl-C stops)"
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
