#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 for the server tests and
# prints its admin URL; `scripts/postgres.sh stop DIR` stops it.
#
#   url=$(scripts/postgres.sh start DIR [PORT])
#
# Tests run it with fsync off (a throwaway server need not survive a power
# loss); PG_FSYNC=on keeps PostgreSQL's durable default, for load figures.
set -euo pipefail
cmd="${1:?start|stop}"; dir="${2:?data directory}"; port="${3:-54329}"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "postgres.sh: PostgreSQL is not installed" >&2; exit 3; }
# The server refuses to run as root: use the package's postgres user then.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -U booking --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/data -c fsync=${PG_FSYNC:-off} -c max_connections=300" start >/dev/null
    echo "postgres://booking@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    ;;
esac
