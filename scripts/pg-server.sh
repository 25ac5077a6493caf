#!/usr/bin/env bash
# shellcheck disable=SC2016  # single-quoted sh -c scripts expand their own "$1"/"$@"
# Throwaway PostgreSQL 15 clusters for tests.
#
#   scripts/pg-server.sh start <dir>   create + start a cluster for <dir>, create db aiva_test,
#                                      print exactly one stdout line: DATABASE_URL=postgres://...
#   scripts/pg-server.sh stop <dir>    stop that cluster and delete its data (no error if absent)
#
# Each <dir> gets its own cluster, loopback TCP port and unix socket directory, so several
# can run at once and none collides with a system cluster. Logs go to stderr and to
# <cluster>/server.log (linked as <dir>/server.log). The cluster location is recorded in
# <dir>/cluster-path (it is <dir>/pg, or a mktemp dir in /tmp when the postgres OS user
# cannot reach <dir>, e.g. below /root).
set -euo pipefail

PG_VERSION=15
PG_BIN=${PG_BIN:-/usr/lib/postgresql/$PG_VERSION/bin}
DB_NAME=aiva_test
MARKER=.aiva-pg-cluster
LOCK_FILE=${TMPDIR:-/tmp}/aiva-pg-server.$(id -u).lock

log() { echo "pg-server: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

usage() {
  echo "usage: $0 start <dir> | stop <dir>" >&2
  exit 2
}

IS_ROOT=0
[[ $EUID -eq 0 ]] && IS_ROOT=1

SUDO=()
if [[ $IS_ROOT -eq 0 ]] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
fi

# Run a command as the database OS user. initdb/postgres refuse to run as root, so as root we
# switch to `postgres`; as any other user we run the server as ourselves.
as_pg() {
  if [[ $IS_ROOT -eq 1 ]]; then
    if command -v runuser >/dev/null 2>&1; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/sh -c '"$0" "$@"' -- "$@"
    fi
  else
    "$@"
  fi
}

ensure_postgres() {
  if [[ ! -x "$PG_BIN/initdb" || ! -x "$PG_BIN/pg_ctl" ]]; then
    [[ $IS_ROOT -eq 1 || ${#SUDO[@]} -gt 0 ]] ||
      die "$PG_BIN/initdb missing and cannot install postgresql-$PG_VERSION without root"
    log "installing postgresql-$PG_VERSION ..."
    local start=$SECONDS
    (
      # Do not let the package auto-start its own "main" cluster on 5432.
      local created_policy=0
      if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee /usr/sbin/policy-rc.d >/dev/null
        "${SUDO[@]}" chmod +x /usr/sbin/policy-rc.d
        created_policy=1
      fi
      local rc=0
      DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get -q -o DPkg::Lock::Timeout=600 update &&
        DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q --no-install-recommends \
          -o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0 "postgresql-$PG_VERSION" postgresql-client-$PG_VERSION ||
        rc=$?
      [[ $created_policy -eq 1 ]] && "${SUDO[@]}" rm -f /usr/sbin/policy-rc.d
      exit $rc
    ) >&2 || die "apt-get install postgresql-$PG_VERSION failed"
    [[ -x "$PG_BIN/initdb" ]] || die "postgresql-$PG_VERSION installed but $PG_BIN/initdb is missing"
    log "installed postgresql-$PG_VERSION in $((SECONDS - start))s"
  fi
  if [[ $IS_ROOT -eq 1 ]] && ! getent passwd postgres >/dev/null; then
    log "creating OS user postgres"
    getent group postgres >/dev/null || groupadd --system postgres
    useradd --system --gid postgres --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
}

free_port() {
  if command -v node >/dev/null 2>&1; then
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1]);s.close()'
  else
    die "need node or python3 to pick a free port"
  fi
}

abs_dir() { mkdir -p "$1" && (cd "$1" && pwd -P); }

# Is <cluster> one of ours (safe to rm -rf)?
is_our_cluster() { [[ -n "$1" && "$1" != / && -f "$1/$MARKER" ]]; }

cluster_running() {
  local c=$1
  [[ -d "$c/data" ]] && as_pg "$PG_BIN/pg_ctl" -D "$c/data" status >/dev/null 2>&1
}

url_for() { echo "postgres://postgres@127.0.0.1:$1/$DB_NAME"; }

ensure_db() {
  local port=$1
  local exists
  exists=$("$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -XAtq \
    -c "select 1 from pg_database where datname = '$DB_NAME'")
  if [[ "$exists" != 1 ]]; then
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$DB_NAME"
  fi
}

wait_ready() {
  local port=$1 i
  for ((i = 0; i < 120; i++)); do
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then return 0; fi
    sleep 0.5
  done
  return 1
}

# Remove a cluster directory (stopping it first if needed).
destroy_cluster() {
  local c=$1
  is_our_cluster "$c" || return 0
  if cluster_running "$c"; then
    log "stopping cluster in $c"
    as_pg "$PG_BIN/pg_ctl" -D "$c/data" stop -m fast -w -t 60 >&2 ||
      as_pg "$PG_BIN/pg_ctl" -D "$c/data" stop -m immediate -w -t 30 >&2 || true
  fi
  rm -rf -- "$c"
}

cmd_start() {
  local dir
  dir=$(abs_dir "$1")
  ensure_postgres

  # Reuse a cluster that is already running for this dir (idempotent start).
  if [[ -f "$dir/cluster-path" ]]; then
    local old
    old=$(cat "$dir/cluster-path")
    if is_our_cluster "$old" && cluster_running "$old" && [[ -f "$old/port" ]]; then
      local port
      port=$(cat "$old/port")
      if wait_ready "$port"; then
        ensure_db "$port" >&2
        log "cluster already running in $old on port $port"
        echo "DATABASE_URL=$(url_for "$port")"
        return 0
      fi
    fi
    log "removing stale cluster ${old:-?}"
    destroy_cluster "$old"
    rm -f "$dir/cluster-path" "$dir/server.log"
  fi

  # Choose the cluster location: <dir>/pg if the postgres user can work there, else /tmp.
  local c="$dir/pg"
  rm -rf -- "$c"
  mkdir -p "$c"
  [[ $IS_ROOT -eq 1 ]] && chown postgres:postgres "$c"
  # unix socket paths are limited to 107 bytes: "<c>/.s.PGSQL.65535"
  if ! as_pg test -w "$c" 2>/dev/null || [[ $((${#c} + 17)) -gt 100 ]]; then
    rm -rf -- "$c"
    c=$(mktemp -d "${TMPDIR:-/tmp}/aiva-pg.XXXXXX")
    chmod 700 "$c"
    [[ $IS_ROOT -eq 1 ]] && chown postgres:postgres "$c"
    as_pg test -w "$c" || die "postgres user cannot write to $c"
  fi
  as_pg touch "$c/$MARKER"
  echo "$c" >"$dir/cluster-path"
  ln -sfn "$c/server.log" "$dir/server.log" 2>/dev/null || true

  log "initdb in $c/data"
  if ! as_pg "$PG_BIN/initdb" -D "$c/data" --auth=trust --username=postgres -E UTF8 --locale=C.UTF-8 \
    >"$c/initdb.log" 2>&1; then
    log "initdb with --locale=C.UTF-8 failed, retrying with --no-locale"
    as_pg rm -rf "$c/data"
    as_pg "$PG_BIN/initdb" -D "$c/data" --auth=trust --username=postgres -E UTF8 --no-locale \
      >"$c/initdb.log" 2>&1 || { cat "$c/initdb.log" >&2; die "initdb failed"; }
  fi

  as_pg sh -c 'cat >>"$1"' sh "$c/data/postgresql.conf" <<EOF

# --- aiva throwaway test cluster ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$c'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
log_destination = 'stderr'
logging_collector = off
include_if_exists = 'aiva-port.conf'
EOF

  # Pick a port and start, under a lock so concurrent starts can't grab the same port.
  local port="" attempt started=0
  # (the retry loop below still covers a port taken by anything else in the meantime)
  if { exec 9>>"$LOCK_FILE"; } 2>/dev/null && command -v flock >/dev/null 2>&1; then
    flock -w 120 9 || log "could not take $LOCK_FILE, continuing without it"
  else
    exec 9>/dev/null
  fi
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    as_pg sh -c 'echo "port = $2" >"$1"' sh "$c/data/aiva-port.conf" "$port"
    log "starting postgres on 127.0.0.1:$port (attempt $attempt)"
    # 9>&- : the postmaster must not inherit (and so keep holding) the lock fd
    if as_pg "$PG_BIN/pg_ctl" -D "$c/data" -l "$c/server.log" -w -t 60 start >&2 9>&-; then
      started=1
      break
    fi
    tail -n 20 "$c/server.log" >&2 || true
    as_pg "$PG_BIN/pg_ctl" -D "$c/data" stop -m immediate >/dev/null 2>&1 9>&- || true
  done
  flock -u 9 || true
  exec 9>&-
  [[ $started -eq 1 ]] || die "postgres failed to start (see $c/server.log)"
  echo "$port" >"$c/port"

  wait_ready "$port" || { tail -n 50 "$c/server.log" >&2; die "postgres not ready on port $port"; }
  ensure_db "$port" >&2
  log "ready: cluster $c, port $port, database $DB_NAME"
  echo "DATABASE_URL=$(url_for "$port")"
}

cmd_stop() {
  local dir=$1 c=""
  if [[ ! -d "$dir" ]]; then
    log "$dir does not exist; nothing to stop"
    return 0
  fi
  dir=$(cd "$dir" && pwd -P)
  if [[ -f "$dir/cluster-path" ]]; then
    c=$(cat "$dir/cluster-path")
  elif [[ -f "$dir/pg/$MARKER" ]]; then
    c="$dir/pg"
  fi
  if [[ -n "$c" ]] && is_our_cluster "$c"; then
    [[ -x "$PG_BIN/pg_ctl" ]] || die "$PG_BIN/pg_ctl missing; cannot stop $c"
    destroy_cluster "$c"
    log "stopped and removed cluster $c"
  else
    log "no cluster recorded in $dir; nothing to stop"
  fi
  rm -f "$dir/cluster-path" "$dir/server.log"
  rmdir "$dir" 2>/dev/null || true
}

[[ $# -eq 2 && -n "$2" ]] || usage
case "$1" in
start) cmd_start "$2" ;;
stop) cmd_stop "$2" ;;
*) usage ;;
esac
