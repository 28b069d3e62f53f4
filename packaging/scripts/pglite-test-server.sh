#!/bin/bash
# pglite-test-server.sh start|stop: a pgvector-enabled server for the vector tests. PGlite (PostgreSQL
# compiled to WebAssembly, from the npm registry) speaks the wire protocol on 127.0.0.1; it has one real
# session and no COPY FROM STDIN, so only the vector-specific tests use it. Prints the connection string.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="$root/tests/pglite"
PORT=${SEXTANT_PGLITE_PORT:-55433}
pidfile=/tmp/sextant-pglite-$PORT.pid
log=/tmp/sextant-pglite-$PORT.log
stop() {
  if [ -f "$pidfile" ]; then
    kill "$(cat "$pidfile")" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.1; done
    rm -f "$pidfile"
  fi
}
case "${1:-start}" in
start)
  stop
  command -v npm >/dev/null || { echo "PGlite needs Node.js and npm (the machine's, or Debian's nodejs + npm)" >&2; exit 1; }
  if [ ! -x "$dir/node_modules/.bin/pglite-server" ]; then
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
  fi
  "$dir/node_modules/.bin/pglite-server" --db=memory:// --host=127.0.0.1 --port="$PORT" \
    -e @electric-sql/pglite-pgvector:vector >"$log" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 300); do
    grep -qi "listening" "$log" && break
    kill -0 "$(cat "$pidfile")" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  grep -qi "listening" "$log" || { echo "PGlite did not start:" >&2; cat "$log" >&2; exit 1; }
  echo "host=127.0.0.1 port=$PORT user=postgres dbname=postgres sslmode=disable";;
stop) stop;;
*) echo "usage: $0 start|stop" >&2; exit 2;;
esac
