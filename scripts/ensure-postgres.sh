#!/usr/bin/env bash
# A PostgreSQL server for the tests: an admin URL (superuser, trust auth) in TEST_DATABASE_URL.
#
# Sourced (scripts/test-all.sh):   source scripts/ensure-postgres.sh
#                                  ensure_postgres || echo "no PostgreSQL"
#                                  ...; stop_test_postgres   # stops it only if ensure_postgres started it
# Run directly:                    url=$(bash scripts/ensure-postgres.sh)   # prints the URL, leaves it running
#
# Where the server comes from, first that works:
#   1. TEST_DATABASE_URL, if set and reachable;
#   2. postgres://postgres@127.0.0.1:5432/postgres, if it accepts that (trust auth);
#   3. the tests' own cluster "tuoke_test" (port TUOKE_PG_PORT, default 5433): used if online,
#      started if it exists, created first if not (as root: pg_createcluster with the installed
#      major version, --auth=trust). Not root: a throwaway initdb in a temporary directory.
# Messages go to stderr.

TUOKE_PG_CLUSTER=${TUOKE_PG_CLUSTER:-tuoke_test}
TUOKE_PG_PORT=${TUOKE_PG_PORT:-5433}
_pg_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
_pg_stop_cmd=()
_pg_tmpdir=""

_pg_say() { echo "[pg] $*" >&2; }

# pg_ok URL: exit 0 if `select 1` works.
pg_ok() {
  if [[ -d "$_pg_root/node_modules/pg" ]]; then
    node "$_pg_root/scripts/pg-db.mjs" check "$1" 2>/dev/null
  elif command -v psql >/dev/null; then
    PGCONNECT_TIMEOUT=5 psql "$1" -Atqc 'select 1' >/dev/null 2>&1
  else
    return 1
  fi
}

_pg_redact() { sed -E 's#//([^:/@]+):[^@]*@#//\1:***@#' <<<"$1"; }

# Highest installed major version with a server binary, e.g. 15.
_pg_installed_version() {
  local bin
  for bin in /usr/lib/postgresql/*/bin/postgres; do
    [[ -x $bin ]] && basename "$(dirname "$(dirname "$bin")")"
  done | sort -V | tail -n 1
}

# _pg_wait URL: up to 30 s for the server to accept connections.
_pg_wait() {
  local i
  for ((i = 0; i < 60; i++)); do
    pg_ok "$1" && return 0
    sleep 0.5
  done
  return 1
}

_pg_cluster_via_pg_common() {
  local ver status port line url
  # an existing cluster of that name, any version
  line=$(pg_lsclusters -h 2>/dev/null | awk -v n="$TUOKE_PG_CLUSTER" '$2 == n { print $1, $3, $4; exit }')
  if [[ -n $line ]]; then
    read -r ver port status <<<"$line"
  else
    ver=$(_pg_installed_version)
    [[ -n $ver ]] || { _pg_say "no PostgreSQL server binaries in /usr/lib/postgresql"; return 1; }
    port=$TUOKE_PG_PORT
    _pg_say "creating cluster $ver/$TUOKE_PG_CLUSTER on port $port (trust auth)"
    pg_createcluster "$ver" "$TUOKE_PG_CLUSTER" -p "$port" \
      -o fsync=off -o synchronous_commit=off -o full_page_writes=off -o max_connections=200 \
      -- --auth=trust >/dev/null || { _pg_say "pg_createcluster failed"; return 1; }
    status=down
  fi
  url="postgres://postgres@127.0.0.1:$port/postgres"
  if [[ $status == online* ]]; then
    if _pg_wait "$url"; then
      _pg_say "using the running cluster $ver/$TUOKE_PG_CLUSTER: $url"
      TEST_DATABASE_URL=$url
      return 0
    fi
    _pg_say "cluster $ver/$TUOKE_PG_CLUSTER is online but does not accept $url"
    return 1
  fi
  _pg_say "starting cluster $ver/$TUOKE_PG_CLUSTER"
  pg_ctlcluster --skip-systemctl-redirect "$ver" "$TUOKE_PG_CLUSTER" start ||
    { _pg_say "pg_ctlcluster start failed (log: /var/log/postgresql/postgresql-$ver-$TUOKE_PG_CLUSTER.log)"; return 1; }
  _pg_stop_cmd=(pg_ctlcluster --skip-systemctl-redirect "$ver" "$TUOKE_PG_CLUSTER" stop -m fast)
  if ! _pg_wait "$url"; then
    _pg_say "cluster $ver/$TUOKE_PG_CLUSTER started but does not accept $url"
    return 1
  fi
  _pg_say "started cluster $ver/$TUOKE_PG_CLUSTER: $url"
  TEST_DATABASE_URL=$url
}

# Not root: a server of our own in a temporary directory.
_pg_initdb() {
  local ver bindir port url
  ver=$(_pg_installed_version)
  [[ -n $ver ]] || { _pg_say "no PostgreSQL server binaries in /usr/lib/postgresql"; return 1; }
  bindir=/usr/lib/postgresql/$ver/bin
  port=$TUOKE_PG_PORT
  while (: <"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  _pg_tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/tuoke-pg.XXXXXX")
  _pg_say "initdb $ver in $_pg_tmpdir, port $port"
  "$bindir/initdb" -D "$_pg_tmpdir/data" -U postgres --auth=trust -E UTF8 >/dev/null ||
    { _pg_say "initdb failed"; return 1; }
  "$bindir/pg_ctl" -D "$_pg_tmpdir/data" -l "$_pg_tmpdir/log" -w -t 60 start \
    -o "-p $port -k $_pg_tmpdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >/dev/null || { _pg_say "pg_ctl start failed: $(tail -n 5 "$_pg_tmpdir/log")"; return 1; }
  _pg_stop_cmd=("$bindir/pg_ctl" -D "$_pg_tmpdir/data" -m fast -w stop)
  url="postgres://postgres@127.0.0.1:$port/postgres"
  _pg_wait "$url" || { _pg_say "the server in $_pg_tmpdir does not accept $url"; return 1; }
  _pg_say "started a throwaway server: $url"
  TEST_DATABASE_URL=$url
}

# Sets and exports TEST_DATABASE_URL. Returns non-zero if no PostgreSQL can be had.
ensure_postgres() {
  if [[ -n ${TEST_DATABASE_URL:-} ]]; then
    if pg_ok "$TEST_DATABASE_URL"; then
      _pg_say "using TEST_DATABASE_URL=$(_pg_redact "$TEST_DATABASE_URL")"
      export TEST_DATABASE_URL
      return 0
    fi
    _pg_say "TEST_DATABASE_URL=$(_pg_redact "$TEST_DATABASE_URL") is not reachable; looking further"
    unset TEST_DATABASE_URL
  fi
  local url=postgres://postgres@127.0.0.1:5432/postgres
  if pg_ok "$url"; then
    _pg_say "using the server on port 5432: $url"
    export TEST_DATABASE_URL=$url
    return 0
  fi
  if pg_ok "postgres://postgres@127.0.0.1:$TUOKE_PG_PORT/postgres" &&
    ! pg_lsclusters -h 2>/dev/null | awk -v n="$TUOKE_PG_CLUSTER" '$2 == n { f = 1 } END { exit !f }'; then
    export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$TUOKE_PG_PORT/postgres"
    _pg_say "using the server on port $TUOKE_PG_PORT: $TEST_DATABASE_URL"
    return 0
  fi
  if [[ $(id -u) -eq 0 ]] && command -v pg_createcluster >/dev/null; then
    _pg_cluster_via_pg_common || return 1
  elif pg_lsclusters -h 2>/dev/null | awk -v n="$TUOKE_PG_CLUSTER" '$2 == n && $4 ~ /^online/ { f = 1 } END { exit !f }'; then
    _pg_cluster_via_pg_common || return 1 # online already: nothing to start, so no root needed
  else
    _pg_initdb || return 1
  fi
  export TEST_DATABASE_URL
}

# Stops the server only if ensure_postgres started it. Safe to call twice.
stop_test_postgres() {
  if ((${#_pg_stop_cmd[@]})); then
    _pg_say "stopping the PostgreSQL server this run started"
    "${_pg_stop_cmd[@]}" >/dev/null 2>&1 || _pg_say "stop failed: ${_pg_stop_cmd[*]}"
    _pg_stop_cmd=()
  fi
  if [[ -n $_pg_tmpdir ]]; then
    rm -rf "$_pg_tmpdir"
    _pg_tmpdir=""
  fi
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -euo pipefail
  ensure_postgres || { _pg_say "no PostgreSQL could be had"; exit 1; }
  echo "$TEST_DATABASE_URL"
fi
