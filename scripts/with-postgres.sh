#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL server: a new cluster in a temp directory on
# a free port, DATABASE_URL exported for the command, and the server always stopped after.
# As root (CI), the server runs as the `postgres` system user: initdb refuses to run as root.
set -euo pipefail

bindir=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then bindir=$candidate; break; fi
done
if [ -z "$bindir" ]; then
  echo "No PostgreSQL server binaries found under /usr/lib/postgresql/*/bin" >&2
  exit 1
fi

tmp=$(mktemp -d /tmp/dryneedle-pg.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

as_server_user=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$tmp"
  as_server_user=(runuser -u postgres --)
fi

stop() {
  "${as_server_user[@]}" "$bindir/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap stop EXIT

"${as_server_user[@]}" "$bindir/initdb" -D "$tmp/data" -A trust -U postgres -E UTF8 \
  --locale=C --no-sync >/dev/null
# Durability settings are off: this cluster is thrown away after the run.
"${as_server_user[@]}" "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w \
  -o "-p $port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
"$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres dryneedle

echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/dryneedle"
"$@"
