#!/usr/bin/env bash
# The whole test suite, with everything it needs provisioned on a fresh machine:
#   - Debian packages: PostgreSQL (throwaway cluster per session), Chromium (Playwright drives
#     /usr/bin/chromium), gettext (compiles translations) – installed with apt when missing;
#   - the Python virtual environment with the dev extra;
#   - npm packages (axe-core for the accessibility checks);
#   - the official Elasticsearch distribution from Maven Central (mvn dependency:copy).
# Then the gate: ruff, then pytest (Django's checks and migrations up to date among the tests) on
# PostgreSQL with real Elasticsearch and Chromium, and the tests marked `embedded` once more on
# SQLite. Four pytest runs go on side by side, so both cores stay busy while a run waits for a
# service: the PostgreSQL tests in three parts (whole files, balanced by tests/durations.json;
# each part has its own PostgreSQL cluster, all use one Elasticsearch) and the SQLite run.
# Part 1 reports as it goes; the other parts' and the SQLite run's reports follow.
# Extra arguments go to every PostgreSQL part (e.g. scripts/test.sh -k permissions).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v msgfmt >/dev/null 2>&1 || need_apt+=(gettext)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jre-headless)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
# DejaVu Sans: the Merkliste PDF's font (Latin, Turkish, Cyrillic and Arabic glyphs).
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
# pdftotext reads the handout PDF in reading order (the Arabic handout's bidi test).
command -v pdftotext >/dev/null 2>&1 || need_apt+=(poppler-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "==> Installing Debian packages: ${need_apt[*]}"
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

reports="$(mktemp -d)"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$reports"' EXIT

export REQUIRE_SERVICES=1
# npm, Maven and pip mostly wait on their registries: the three go on side by side. One
# Elasticsearch serves all PostgreSQL parts; it needs only the standard library, so it is
# fetched from Maven Central and boots while the virtual environment is installed. The test
# runs wait for the URL it writes, or read why it could not start.
echo "==> Installing npm packages; fetching and starting Elasticsearch (in the background)"
npm ci --no-audit --no-fund --loglevel=error >"$reports/npm" 2>&1 &
npm_pid=$!
export ELASTICSEARCH_TEST_URL_FILE="$reports/elasticsearch-url"
# The PostgreSQL parts migrate once: the first leaves its migrated database here for the others.
export TEST_POSTGRES_DUMP="$reports/migrated.sql"
"${PYTHON:-python3}" -m tests.services.elasticsearch serve --url-file "$ELASTICSEARCH_TEST_URL_FILE" \
    >"$reports/elasticsearch.log" 2>&1 &
pids+=("$npm_pid" $!)

. scripts/venv.sh
ensure_venv dev

# The exit status of background step $1, named $2, whose output is in $3 (shown when it failed).
finish() {
    local status=0
    wait "$1" || status=$?
    if [ "$status" -ne 0 ]; then
        echo "==> $2 failed (exit $status):"; cat "$3"; exit 1
    fi
}
finish "$npm_pid" "npm ci" "$reports/npm"

echo "==> Lint"
# A merge's conflict markers must not be committed (a README once carried them).
if git rev-parse --git-dir >/dev/null 2>&1 && git grep -nE '^(<<<<<<<|>>>>>>>) ' -- . ':!*.po'; then
    echo "Conflict markers found (above)"; exit 1
fi
.venv/bin/ruff format --check .
.venv/bin/ruff check .
# Django's system checks and `makemigrations --check` are tests (tests/test_project_checks.py):
# inside a pytest session Django is set up already.

echo "==> pytest on SQLite (tests marked 'embedded'), in the background"
TEST_DATABASE=sqlite .venv/bin/python -m pytest -m embedded -q -p no:cacheprovider \
    >"$reports/sqlite" 2>&1 &
sqlite_pid=$!
pids+=($sqlite_pid)
# The PostgreSQL tests in parts side by side (tests/sharding.py): each waits for PostgreSQL,
# Elasticsearch or Chromium much of the time, when the others run. Three parts: with two, a
# core was idle 2-17 % of the time once the SQLite run had ended.
parts=${TEST_PARTS:-3}
echo "==> pytest on PostgreSQL, with Elasticsearch and Chromium, in $parts parts (parts 2-$parts in the background)"
part_pids=()
for k in $(seq 2 "$parts"); do
    TEST_DATABASE=postgres .venv/bin/python -m pytest --shard "$k/$parts" -p no:cacheprovider "$@" \
        >"$reports/postgres-$k" 2>&1 &
    part_pids+=($!)
    pids+=($!)
done
statuses=(0)
TEST_DATABASE=postgres .venv/bin/python -m pytest --shard "1/$parts" -p no:cacheprovider "$@" \
    || statuses[0]=$?
for k in $(seq 2 "$parts"); do
    status=0
    wait "${part_pids[$((k - 2))]}" || status=$?
    statuses+=("$status")
    echo "==> pytest on PostgreSQL, part $k"
    cat "$reports/postgres-$k"
done
sqlite_status=0
wait "$sqlite_pid" || sqlite_status=$?
echo "==> pytest on SQLite (tests marked 'embedded')"
cat "$reports/sqlite"
# Exit code 5: the arguments selected no test of that part (e.g. -k matching one file); a
# selection that no part has fails, as pytest alone would.
failed=0 selected=0
for status in "${statuses[@]}"; do
    [ "$status" -eq 0 ] || [ "$status" -eq 5 ] || failed=1
    [ "$status" -eq 5 ] || selected=1
done
[ "$selected" -eq 1 ] || failed=1
if [ "$failed" -ne 0 ] || [ "$sqlite_status" -ne 0 ]; then
    echo "==> Tests failed (PostgreSQL parts 1-$parts: exit ${statuses[*]}," \
        "SQLite run: exit $sqlite_status)"
    exit 1
fi

echo "==> All tests passed in $(( $(date +%s) - started )) s"
