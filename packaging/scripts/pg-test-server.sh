#!/bin/bash
# pg-test-server.sh start|stop|restart|crash|resume: a throwaway PostgreSQL 15 cluster on 127.0.0.1 for the test
# suite. crash stops it as a power cut would (pg_ctl -m immediate: no shutdown checkpoint, data kept) and resume starts
# the same cluster again (crash recovery replays the WAL): the fault drills use the two.
# Trust authentication, no fsync: for tests only. Prints the connection string on start.
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
PGPORT=${SEXTANT_PG_PORT:-55432}
PGDATA=${SEXTANT_PGDATA:-/tmp/sextant-test-pg-$PGPORT}
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
launch() {
  as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA.log" -w -t 60 \
    -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { echo "PostgreSQL did not start:" >&2; cat "$PGDATA.log" >&2; exit 1; }
}
stop() {
  if [ -f "$PGDATA/postmaster.pid" ]; then
    as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PGDATA" "$PGDATA.log"
}
case "${1:-start}" in
start)
  stop # never wipe the data folder of a running server
  mkdir -p "$PGDATA"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  as_postgres "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  touch "$PGDATA.log"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA.log"
  launch
  echo "host=127.0.0.1 port=$PGPORT user=postgres";;
stop) stop;;
restart) # the same cluster, data kept: what a server restart looks like to connected clients
  as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA.log" -w -t 60 -m fast restart >/dev/null;;
crash) as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null;;
resume) launch;;
*) echo "usage: $0 start|stop|restart|crash|resume" >&2; exit 2;;
esac
