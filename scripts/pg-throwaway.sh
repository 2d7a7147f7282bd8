#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests: initdb in DIR, listening on 127.0.0.1:PORT only
# (and a Unix socket in DIR), trust authentication for the local superuser.
#   scripts/pg-throwaway.sh start DIR PORT   # prints nothing on success; exit 1 when it cannot
#   scripts/pg-throwaway.sh stop DIR
# As root the cluster runs as the `postgres` OS user (PostgreSQL refuses to run as root).
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?cluster directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "pg-throwaway: PostgreSQL server binaries not found (scripts/install-deps.sh)" >&2
  exit 1
fi
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
case $cmd in
  start)
    port=${3:?port}
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
      id postgres >/dev/null 2>&1 || { echo "pg-throwaway: no postgres OS user" >&2; exit 1; }
      chown postgres "$dir"
    fi
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >"$dir/initdb.log" 2>&1 ||
      { echo "pg-throwaway: initdb failed, see $dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null ||
      { echo "pg-throwaway: server did not start, see $dir/server.log" >&2; exit 1; }
    ;;
  stop)
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "pg-throwaway: start or stop" >&2
    exit 2
    ;;
esac
