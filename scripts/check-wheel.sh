#!/usr/bin/env bash
# The package as a clinic installs it: build the wheel from a clean copy of the sources,
# install it (not editable) into a fresh virtual environment, and run `dryneedle migrate`,
# `demo` and `check` from a folder outside the repository, so nothing can come from src/.
# A template, static or data file left out of the wheel fails here (and, by name, in
# tests/site/test_packaging.py). Dependencies come from pip's cache after the first run.
set -euo pipefail
cd "$(dirname "$0")/.."
REPOSITORY=$PWD
BIN=${BIN:-.venv/bin}
case "$BIN" in /*) ;; *) BIN="$REPOSITORY/$BIN" ;; esac
PIP="$BIN/pip"

WORK=$(mktemp -d /tmp/dryneedle-wheel.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

echo "-- building the wheel from a clean copy of pyproject.toml, README.md and src/"
mkdir "$WORK/source"
tar --exclude=__pycache__ --exclude='*.pyc' --exclude='*.egg-info' \
    -cf - pyproject.toml README.md src | tar -xf - -C "$WORK/source"
if ! "$PIP" wheel --no-deps --wheel-dir "$WORK/dist" "$WORK/source" >"$WORK/build.log" 2>&1; then
    cat "$WORK/build.log"
    exit 1
fi
if grep -i "deprecat" "$WORK/build.log"; then
    echo "FAIL: the build printed a deprecation warning (above)" >&2
    exit 1
fi
WHEEL=$(ls "$WORK"/dist/dryneedle-*.whl)
echo "   built $(basename "$WHEEL"), no deprecation warning"

echo "-- installing it (not editable) into a fresh virtual environment"
"$BIN/python" -m venv --without-pip "$WORK/venv"
# --no-compile: compiling every dependency's bytecode took longer than the rest of this check.
if ! "$PIP" --python "$WORK/venv/bin/python" install --no-compile "$WHEEL" \
    >"$WORK/install.log" 2>&1; then
    cat "$WORK/install.log"
    exit 1
fi
echo "   installed with its dependencies (${SECONDS}s so far)"

# Nothing of the work tree may leak in: no PYTHONPATH, no settings from the caller.
mkdir "$WORK/elsewhere"
cd "$WORK/elsewhere"
run() {
    env -u PYTHONPATH -u DATABASE_URL -u DRYNEEDLE_ENV -u DJANGO_SETTINGS_MODULE \
        DRYNEEDLE_DATA_DIR="$WORK/data" "$@"
}
INSTALLED=$(run "$WORK/venv/bin/python" -c "import dryneedle; print(dryneedle.__file__)")
case "$INSTALLED" in
    "$WORK/venv/"*) echo "   dryneedle is imported from $INSTALLED" ;;
    *) echo "FAIL: dryneedle is imported from $INSTALLED, not the fresh environment" >&2; exit 1 ;;
esac

for command in "migrate --noinput" "demo" "check"; do
    echo "-- dryneedle $command (from the installed wheel, in $WORK/elsewhere)"
    # shellcheck disable=SC2086  # the command's words are meant to split
    if ! run "$WORK/venv/bin/dryneedle" $command >"$WORK/command.log" 2>&1; then
        cat "$WORK/command.log"
        echo "FAIL: dryneedle $command failed from the installed wheel" >&2
        exit 1
    fi
done
echo "   the installed wheel migrates, loads the demo clinic and passes Django's checks (${SECONDS}s)"
