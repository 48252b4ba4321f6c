#!/usr/bin/env bash
# A redis-server for tests and benchmarks, on 127.0.0.1 only, with its files in a temp folder.
#   scripts/services/redis.sh start|stop|restart|purge|status [PORT]   (PORT: $TEA_REDIS_PORT or 6399)
# `start` prints the URL (redis://127.0.0.1:PORT/0). Persistence is on (AOF, fsync always), as
# BullMQ wants in production, so a restart keeps every finished result; eviction is off
# (maxmemory-policy noeviction), which BullMQ requires. Installs redis-server when missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"

command="${1:-start}"
port="${2:-${TEA_REDIS_PORT:-6399}}"
dir="$TEA_SERVICES_DIR/redis-$port"
ping() { redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; }
down() { ! ping; }

start() {
  ensure_package redis-server redis-server redis-tools
  mkdir -p "$dir"
  if ping; then echo "redis://127.0.0.1:$port/0"; return 0; fi
  redis-server --bind 127.0.0.1 --port "$port" --protected-mode yes \
    --appendonly yes --appendfsync always --save '' --maxmemory-policy noeviction \
    --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --daemonize yes
  if ! wait_until 10 ping; then
    echo "redis.sh: redis-server did not answer on port $port; its log:" >&2
    tail -n 20 "$dir/redis.log" >&2 || true
    exit 1
  fi
  echo "redis://127.0.0.1:$port/0"
}

stop() {
  # SHUTDOWN writes the AOF before exiting; the pid file covers a server that stopped answering.
  redis-cli -h 127.0.0.1 -p "$port" shutdown >/dev/null 2>&1 || true
  if ! wait_until 10 down && [ -f "$dir/redis.pid" ]; then kill -9 "$(cat "$dir/redis.pid")" 2>/dev/null || true; fi
  rm -f "$dir/redis.pid"
}

case "$command" in
  start) start ;;
  stop) stop ;;
  # Keeps the data: the AOF in $dir is read back at start.
  restart) stop; start ;;
  # Stops the server and deletes its data.
  purge) stop; rm -rf "$dir" ;;
  status) ping && echo "redis://127.0.0.1:$port/0" ;;
  *) echo "usage: $0 start|stop|restart|purge|status [PORT]" >&2; exit 2 ;;
esac
