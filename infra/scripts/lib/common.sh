# shellcheck shell=bash
# Shared helpers for Colloquy's infra scripts. Sourced, never run.
# Callers set `set -euo pipefail` themselves; nothing here changes shell options.

# Repository root = two levels above infra/scripts/, resolved from this file's own location
# so the scripts work from any working directory (make, CI, a developer's shell).
COLLOQUY_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd -P)"
COLLOQUY_LOCAL="$COLLOQUY_REPO/.local"

log()  { printf '[colloquy] %s\n' "$*" >&2; }
warn() { printf '[colloquy] WARNING: %s\n' "$*" >&2; }
die()  { printf '[colloquy] ERROR: %s\n' "$*" >&2; exit 1; }

is_root() { [[ $(id -u) -eq 0 ]]; }

# apt/dpkg chatter goes to a log file, not the terminal; on failure we show its tail.
COLLOQUY_APT_LOG="$COLLOQUY_LOCAL/apt.log"

_apt() {
  mkdir -p "$COLLOQUY_LOCAL"
  echo "### $(date -Is) apt-get $*" >>"$COLLOQUY_APT_LOG"
  if ! DEBIAN_FRONTEND=noninteractive apt-get "$@" >>"$COLLOQUY_APT_LOG" 2>&1 </dev/null; then
    tail -n 25 "$COLLOQUY_APT_LOG" >&2
    die "apt-get $* failed (full output: $COLLOQUY_APT_LOG)"
  fi
}

# `apt-get update` takes a few seconds and is only needed before the first install of a run,
# so do it at most once per script invocation (callers reset _COLLOQUY_APT_UPDATED=0 after
# adding an apt source).
_COLLOQUY_APT_UPDATED=0
apt_update() {
  [[ $_COLLOQUY_APT_UPDATED -eq 0 ]] || return 0
  is_root || die "need root to run apt-get update"
  log "apt-get update"
  _apt update
  _COLLOQUY_APT_UPDATED=1
}

package_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# apt_install PKG... : install the packages that are not installed yet (no-op otherwise).
apt_install() {
  local missing=() p
  for p in "$@"; do
    package_installed "$p" || missing+=("$p")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  is_root || die "need root to install ${missing[*]} (re-run as root, or install them yourself)"
  apt_update
  log "apt-get install ${missing[*]} (output: ${COLLOQUY_APT_LOG#"$COLLOQUY_REPO"/})"
  _apt install -y --no-install-recommends "${missing[@]}"
}

# Debian codename of this machine (bookworm, trixie, ...), empty if unknown.
debian_codename() {
  ( . /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}" )
}

# replace_if_changed NEW TARGET: moves NEW over TARGET only when their contents differ (so TARGET's timestamp
# says when it last changed), else drops NEW.
replace_if_changed() {
  if cmp -s "$1" "$2"; then
    rm -f "$1"
  else
    mv -f "$1" "$2"
    log "wrote ${2#"$COLLOQUY_REPO"/}"
  fi
}
