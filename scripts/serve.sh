#!/usr/bin/env bash
# Serve the app with gunicorn and run the background worker beside it; stop both together.
set -euo pipefail
BIN=$1 HOST=$2 PORT=$3
"$BIN/dryneedle" worker &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
"$BIN/gunicorn" dryneedle.wsgi --bind "$HOST:$PORT" --workers 2 --access-logfile -
