#!/usr/bin/env bash
# Makes sure Postgres and Redis answer on 127.0.0.1, as the demo and the tests
# expect: starts them if they are installed but stopped, installs them from
# Debian's packages when missing (as root on Debian), and otherwise says how to
# get them. Idempotent; safe to run on every start.
set -euo pipefail

PG_PORT=5432
REDIS_PORT=6379

pg_up() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null || (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; }
redis_up() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }

can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

how_to_get() {
  echo "tableside: $1 is not running on 127.0.0.1 and cannot be installed here." >&2
  echo "  Debian/Ubuntu: sudo apt-get install postgresql redis-server | macOS: brew install postgresql@16 redis | Docker: docker compose up -d postgres redis (then see README.md for DATABASE_URL)" >&2
  exit 1
}

wait_for() {
  local name=$1 check=$2
  for _ in $(seq 1 60); do
    if $check; then return 0; fi
    sleep 0.5
  done
  echo "tableside: $name did not come up within 30 s" >&2
  exit 1
}

start_postgres() {
  local installed_now=0
  if ! command -v pg_ctlcluster >/dev/null; then
    can_apt || how_to_get Postgres
    echo "tableside: installing Postgres (Debian package postgresql)"
    apt_install postgresql
    installed_now=1
  fi
  local version
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  if [ "$installed_now" = 1 ]; then
    # A fresh Debian cluster asks for passwords over TCP; the demo connects as
    # postgres without one, from this machine only.
    local hba="/etc/postgresql/$version/main/pg_hba.conf"
    sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  echo "tableside: starting Postgres $version"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster "$version" main start
}

start_redis() {
  if ! command -v redis-server >/dev/null; then
    can_apt || how_to_get Redis
    echo "tableside: installing Redis (Debian package redis-server)"
    apt_install redis-server
  fi
  echo "tableside: starting Redis"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  local logfile=/var/log/redis/tableside.log
  [ -w /var/log/redis ] || logfile=/tmp/tableside-redis.log
  local dir=/var/lib/redis
  [ -w "$dir" ] || dir=/tmp
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "$dir" --logfile "$logfile"
}

if ! pg_up; then start_postgres; fi
if ! redis_up; then
  command -v redis-cli >/dev/null || can_apt || how_to_get Redis
  start_redis
fi
wait_for Postgres pg_up
wait_for Redis redis_up
echo "tableside: Postgres and Redis are up"
