# shellcheck shell=bash
# Helpers shared by ensure-postgres.sh and stop-postgres.sh (sourced after lib/common.sh).
# They agree on where the project-local cluster lives and how to run its binaries.

COLLOQUY_PG_PORT="${COLLOQUY_PG_PORT:-55432}"
# shellcheck disable=SC2034  # used by the scripts that source this file
COLLOQUY_PG_MIN_VERSION=15
# shellcheck disable=SC2034
COLLOQUY_LOCAL_DB_URL="jdbc:postgresql://127.0.0.1:${COLLOQUY_PG_PORT}/colloquy"

# initdb/postgres refuse to run as root, so as root every server-side command runs as the
# `postgres` OS user (created by Debian's postgresql-common). As a normal user we run them
# as ourselves and the cluster belongs to that user. `cd /` because the postgres user may
# not be allowed into the caller's working directory.
as_pg() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

# Installs a file into the data dir with the ownership the server expects.
install_as_pg() {
  local src=$1 dst=$2
  if is_root; then install -o postgres -g postgres -m 600 "$src" "$dst"
  else install -m 600 "$src" "$dst"; fi
}

# True if the server user can reach $1 (it needs search permission on every parent dir).
pg_user_can_reach() {
  is_root || return 0
  runuser -u postgres -- test -x "$1" 2>/dev/null
}

# Unix socket paths are limited to 107 bytes; the socket lives in the data dir.
pg_socket_fits() {
  local sock="$1/.s.PGSQL.$COLLOQUY_PG_PORT"
  (( ${#sock} <= 100 ))
}

# The data dir: <repo>/.local/pgdata when the postgres user can reach it and the socket path
# is short enough; otherwise /var/tmp/colloquy-pg-<hash of repo path> (e.g. a repo cloned
# under a 0700 home dir, or a very deep path). An existing cluster always wins so the choice
# is stable across runs.
pg_datadir() {
  local in_repo="$COLLOQUY_LOCAL/pgdata" fallback
  fallback="/var/tmp/colloquy-pg-$(printf '%s' "$COLLOQUY_REPO" | sha256sum | cut -c1-12)"
  if [[ -f $in_repo/PG_VERSION ]]; then echo "$in_repo"; return; fi
  if [[ -f $fallback/PG_VERSION ]]; then echo "$fallback"; return; fi
  mkdir -p "$COLLOQUY_LOCAL"
  if pg_user_can_reach "$COLLOQUY_LOCAL" && pg_socket_fits "$in_repo"; then
    echo "$in_repo"
  else
    echo "$fallback"
  fi
}

# Major versions of installed PostgreSQL servers, newest first.
pg_installed_versions() {
  local d
  for d in /usr/lib/postgresql/*/bin/postgres; do
    [[ -x $d ]] || continue
    d=${d#/usr/lib/postgresql/}; echo "${d%%/*}"
  done | sort -rn
}

pg_bindir() { echo "/usr/lib/postgresql/$1/bin"; }

# 0 = running, anything else = not running (pg_ctl: 3 not running, 4 no data dir).
pg_running() {
  local bindir=$1 datadir=$2
  as_pg "$bindir/pg_ctl" status -D "$datadir" >/dev/null 2>&1
}
