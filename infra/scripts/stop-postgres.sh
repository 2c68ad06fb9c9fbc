#!/usr/bin/env bash
# Stops the project-local PostgreSQL cluster started by ensure-postgres.sh.
#
#   infra/scripts/stop-postgres.sh           # stop it (data is kept)
#   infra/scripts/stop-postgres.sh --wipe    # stop it and delete its data dir and .local/db.env
#
# It never touches an external server given through COLLOQUY_DB_URL.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/pg.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/pg.sh"

usage() { echo "usage: $0 [--wipe]" >&2; exit 2; }

main() {
  local wipe=0 datadir ver bindir
  case "${1:-}" in
    "") ;;
    --wipe) wipe=1 ;;
    *) usage ;;
  esac

  datadir=$(pg_datadir)
  if [[ ! -f $datadir/PG_VERSION ]]; then
    log "no local PostgreSQL cluster (looked in $datadir); nothing to stop"
  else
    ver=$(<"$datadir/PG_VERSION")
    bindir=$(pg_bindir "$ver")
    if [[ -x $bindir/pg_ctl ]] && pg_running "$bindir" "$datadir"; then
      log "stopping PostgreSQL ($datadir)"
      as_pg "$bindir/pg_ctl" -D "$datadir" -w -t 60 -m fast stop >>"$COLLOQUY_LOCAL/pg.log" 2>&1 </dev/null \
        || die "pg_ctl stop failed (see $COLLOQUY_LOCAL/pg.log)"
      log "stopped"
    else
      log "local PostgreSQL is not running"
    fi
  fi

  if [[ $wipe -eq 1 ]]; then
    log "deleting $datadir and ${COLLOQUY_LOCAL#"$COLLOQUY_REPO"/}/db.env"
    rm -rf "$datadir" "$COLLOQUY_LOCAL/db.env"
  fi
}

main "$@"
