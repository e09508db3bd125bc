#!/usr/bin/env bash
# Starts a local PostgreSQL for Frontier's tracking-store tests and prints the URL.
#
#   eval "$(scripts/postgres.sh)"      # sets FRONTIER_PG_URL in this shell
#   node --import tsx --test packages/core/src/track/*.test.ts
#
# Idempotent: safe to run when PostgreSQL is missing, stopped or already running.
# Debian/Ubuntu, as root (or with sudo): installs the `postgresql` package if needed,
# starts the newest cluster listening on 127.0.0.1 only, and creates the role and
# database `frontier_test`. Progress goes to stderr; stdout is only the export line.
# Environment: FRONTIER_PG_PASSWORD (default frontier_test).
set -euo pipefail

ROLE=frontier_test
DB=frontier_test
PASSWORD="${FRONTIER_PG_PASSWORD:-frontier_test}"
CLUSTER=main

log() { echo "postgres.sh: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "run as root (or install sudo): it installs and starts PostgreSQL"
  SUDO=(sudo)
fi

if ! command -v pg_ctlcluster >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  command -v apt-get >/dev/null || die "PostgreSQL is not installed and apt-get is missing; install PostgreSQL 13+ and rerun"
  log "installing postgresql with apt-get"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi

VERSION="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
[ -n "$VERSION" ] || die "no PostgreSQL version found under /usr/lib/postgresql"

if ! pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c { found = 1 } END { exit !found }'; then
  log "creating cluster $VERSION/$CLUSTER"
  "${SUDO[@]}" pg_createcluster "$VERSION" "$CLUSTER" >&2
fi

# Listen on 127.0.0.1 only; restart only when this setting changed.
CONF_DIR="/etc/postgresql/$VERSION/$CLUSTER/conf.d"
CONF="$CONF_DIR/frontier-test.conf"
WANT="listen_addresses = '127.0.0.1'"
CHANGED=0
if [ "$("${SUDO[@]}" cat "$CONF" 2>/dev/null || true)" != "$WANT" ]; then
  "${SUDO[@]}" mkdir -p "$CONF_DIR"
  echo "$WANT" | "${SUDO[@]}" tee "$CONF" >/dev/null
  CHANGED=1
fi

status() { pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c { print $4 }'; }
PORT="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c { print $3 }')"

if [ "$(status)" = online ]; then
  if [ "$CHANGED" = 1 ]; then
    log "restarting cluster $VERSION/$CLUSTER to listen on 127.0.0.1"
    "${SUDO[@]}" pg_ctlcluster "$VERSION" "$CLUSTER" restart >&2
  else
    log "cluster $VERSION/$CLUSTER already running on port $PORT"
  fi
else
  log "starting cluster $VERSION/$CLUSTER on port $PORT"
  "${SUDO[@]}" pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi

for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 1
done
pg_isready -q -h 127.0.0.1 -p "$PORT" ||
  die "PostgreSQL did not accept connections on 127.0.0.1:$PORT; see /var/log/postgresql/postgresql-$VERSION-$CLUSTER.log"

psql_admin() { "${SUDO[@]}" runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$PORT" "$@"; }

# Role: create or reset its password, so a rerun with another password still works.
psql_admin -v role="$ROLE" -v pw="$PASSWORD" >&2 <<'SQL'
SELECT format(CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role')
                   THEN 'ALTER ROLE %I WITH LOGIN PASSWORD %L'
                   ELSE 'CREATE ROLE %I WITH LOGIN PASSWORD %L' END, :'role', :'pw') \gexec
SQL

if [ "$(psql_admin -tA -v db="$DB" <<<"SELECT 1 FROM pg_database WHERE datname = :'db'")" != 1 ]; then
  log "creating database $DB"
  psql_admin -v db="$DB" -v role="$ROLE" >&2 <<<"SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role') \gexec"
fi

# The password goes into a URL: percent-encode it.
ENCODED="$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$PASSWORD" 2>/dev/null || echo "$PASSWORD")"
URL="postgres://$ROLE:$ENCODED@127.0.0.1:$PORT/$DB"
PGPASSWORD="$PASSWORD" psql -X -q -h 127.0.0.1 -p "$PORT" -U "$ROLE" -d "$DB" -c 'SELECT 1' >/dev/null ||
  die "cannot log in as $ROLE over TCP; check pg_hba.conf allows host connections from 127.0.0.1 with a password"
log "ready"
echo "export FRONTIER_PG_URL=$URL"
