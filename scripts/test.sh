#!/usr/bin/env bash
# The whole check: lint, migrations in step, the wheel installed as a clinic would install it,
# the suite on SQLite, then on PostgreSQL.
# Any failure, including a run in which no test ran (pytest exit 5), stops with non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}

# Tests never touch the demo database in ./data.
export DRYNEEDLE_DATA_DIR=${DRYNEEDLE_TEST_DATA_DIR:-$(mktemp -d /tmp/dryneedle-test.XXXXXX)}
unset DATABASE_URL DRYNEEDLE_ENV

echo "== ruff"
"$BIN/ruff" check src tests benchmarks
"$BIN/ruff" format --check src tests benchmarks

echo "== mypy"
"$BIN/mypy"

echo "== migrations are in step with the models"
"$BIN/dryneedle" makemigrations --check --dry-run >/dev/null

echo "== the built wheel installs and runs outside the repository"
bash scripts/check-wheel.sh

echo "== test suite on SQLite"
"$BIN/pytest" -n 2 --dist loadfile -m "not slow" "$@"

echo "== test suite on PostgreSQL"
bash scripts/with-postgres.sh "$BIN/pytest" -n 2 --dist loadfile -m "not slow" "$@"

# Fault tests bring their own PostgreSQL (they restart it); run once, with SQLite settings.
echo "== slow fault and fuzz tests"
"$BIN/pytest" -m slow "$@"
