#!/usr/bin/env bash
# Runs Maven with a JDK >= 21 (see java-home.sh), installing Debian's maven if `mvn` is
# missing. All arguments go to mvn:  infra/scripts/mvn.sh -B -q -DskipTests install
# shellcheck source-path=SCRIPTDIR
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# Debian's /usr/bin/mvn honours JAVA_HOME, so the JDK 17 that the maven package depends on
# is not the one that compiles.
# shellcheck source=java-home.sh
source "$(dirname "${BASH_SOURCE[0]}")/java-home.sh" || die "no JDK >= 21 available (see messages above)"

if ! command -v mvn >/dev/null; then
  log "mvn not found; installing Debian's maven package"
  apt_install maven
fi

cd "$COLLOQUY_REPO"
exec mvn "$@"
