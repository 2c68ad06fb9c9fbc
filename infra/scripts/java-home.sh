#!/usr/bin/env bash
# Picks a JDK >= 21 for building and running Colloquy.
#
#   source infra/scripts/java-home.sh   # exports JAVA_HOME and puts $JAVA_HOME/bin first on PATH
#   infra/scripts/java-home.sh          # prints the chosen JAVA_HOME on stdout
#
# Order of preference:
#   1. the default `java` on PATH, if it is >= 21;
#   2. the newest JDK under /usr/lib/jvm whose bin/java is >= 21
#      (Debian bookworm's default java is 17; the machine has Temurin 25 there);
#   3. `apt-get install openjdk-21-jdk-headless` (bookworm has no such package, so this
#      usually fails, and we say so clearly).
#
# COLLOQUY_JVM_ROOT overrides /usr/lib/jvm (only useful for testing this script).
#
# This file is sourced into interactive shells and Makefile recipes, so it must not change
# shell options (no `set -e` here) and must `return`, not `exit`, when sourced.

_colloquy_min_java=21

# Major version of a java binary: "1.8.0_392" -> 8, "17.0.15" -> 17, "21" -> 21, "25.0.3" -> 25.
_colloquy_java_major() {
  local java_bin=$1 home release v
  home=$(dirname "$(dirname "$java_bin")")
  release="$home/release"
  # The `release` file is much faster to read than starting a JVM.
  if [[ -r $release ]]; then
    v=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$release")
  fi
  if [[ -z ${v:-} ]]; then
    v=$("$java_bin" -version 2>&1 | sed -n '1s/.*version "\([^"]*\)".*/\1/p')
  fi
  [[ -n $v ]] || { echo 0; return; }
  v=${v#1.}            # legacy "1.8" numbering
  echo "${v%%[.+_-]*}"
}

# Prints the JAVA_HOME of a JDK >= 21, or returns 1.
_colloquy_find_jdk() {
  local java_bin major best="" best_major=0 dir

  if java_bin=$(command -v java 2>/dev/null); then
    java_bin=$(readlink -f "$java_bin")
    major=$(_colloquy_java_major "$java_bin")
    if (( major >= _colloquy_min_java )) && [[ -x $(dirname "$java_bin")/javac ]]; then
      dirname "$(dirname "$java_bin")"
      return 0
    fi
  fi

  # /usr/lib/jvm has symlink aliases (java-17-openjdk-amd64 -> ...); resolving them and
  # keeping the highest major version is enough.
  for dir in "${COLLOQUY_JVM_ROOT:-/usr/lib/jvm}"/*/; do
    dir=$(readlink -f "$dir")
    [[ -x $dir/bin/java && -x $dir/bin/javac ]] || continue   # a JRE cannot compile
    major=$(_colloquy_java_major "$dir/bin/java")
    if (( major >= _colloquy_min_java && major > best_major )); then
      best=$dir best_major=$major
    fi
  done
  [[ -n $best ]] && { echo "$best"; return 0; }
  return 1
}

_colloquy_java_home_main() {
  local home
  if home=$(_colloquy_find_jdk); then
    echo "$home"; return 0
  fi

  echo "[colloquy] no JDK >= $_colloquy_min_java found (default java and /usr/lib/jvm/*); trying apt-get install openjdk-21-jdk-headless" >&2
  if [[ $(id -u) -ne 0 ]]; then
    echo "[colloquy] ERROR: not root, cannot apt-get install. Install a JDK >= $_colloquy_min_java and set JAVA_HOME or PATH." >&2
    return 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || true
  if ! apt-cache show openjdk-21-jdk-headless >/dev/null 2>&1; then
    echo "[colloquy] ERROR: package openjdk-21-jdk-headless does not exist in the configured apt sources (Debian bookworm ships only OpenJDK 17)." >&2
    echo "[colloquy]        Install a JDK >= $_colloquy_min_java under /usr/lib/jvm (e.g. Temurin), or put one first on PATH." >&2
    return 1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-21-jdk-headless >&2 || {
    echo "[colloquy] ERROR: apt-get install openjdk-21-jdk-headless failed." >&2; return 1; }
  home=$(_colloquy_find_jdk) || {
    echo "[colloquy] ERROR: installed openjdk-21-jdk-headless but still found no JDK >= $_colloquy_min_java." >&2; return 1; }
  echo "$home"
}

if [[ ${BASH_SOURCE[0]} != "$0" ]]; then
  # Sourced: export into the caller's shell.
  if _colloquy_jh=$(_colloquy_java_home_main); then
    export JAVA_HOME=$_colloquy_jh
    # Put it first even if it is already somewhere later on PATH (re-sourcing stays a no-op).
    [[ $PATH == "$JAVA_HOME/bin:"* ]] || export PATH="$JAVA_HOME/bin:$PATH"
    unset _colloquy_jh
  else
    unset _colloquy_jh
    return 1
  fi
else
  # Run: print the path only, so `JAVA_HOME=$(infra/scripts/java-home.sh)` works.
  set -euo pipefail
  _colloquy_java_home_main
fi
