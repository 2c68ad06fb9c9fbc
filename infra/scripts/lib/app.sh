# shellcheck shell=bash
# Runs the built jar against the test database for the scripts that measure it (bench.sh, eval.sh). Sourced;
# the caller sets PORT and LOG and expects COLLOQUY_DB_USER / COLLOQUY_DB_PASSWORD and JAVA_HOME.

# Each app run starts from an empty test database, so every run measures the same thing (and a previous run's
# leftovers never mix in). Never the application's own database: emptying it would lose real conversations.
DB_URL="${COLLOQUY_TEST_DB_URL:?set COLLOQUY_TEST_DB_URL (make bench and make eval do): this script empties that database}"
[[ "$DB_URL" =~ ^jdbc:postgresql://([^:/]+):?([0-9]*)/([^?]+) ]] \
  || { echo "[colloquy] COLLOQUY_TEST_DB_URL is not jdbc:postgresql://host[:port]/database: $DB_URL" >&2; exit 1; }
PGHOST_=${BASH_REMATCH[1]} PGPORT_=${BASH_REMATCH[2]:-5432} PGDB_=${BASH_REMATCH[3]}

sql() {
  PGPASSWORD="$COLLOQUY_DB_PASSWORD" PGOPTIONS='-c client_min_messages=warning' \
    psql -qAt -h "$PGHOST_" -p "$PGPORT_" -U "$COLLOQUY_DB_USER" -d "$PGDB_" -v ON_ERROR_STOP=1 -c "$1"
}

# Everything the app's user owns is dropped (tables, functions, triggers; the vector extension belongs to the
# superuser and stays); the app's Flyway migrations recreate it all.
fresh_database() {
  sql "drop owned by current_user cascade" >/dev/null
}

machine() {
  echo "$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
}

# Zero simulated delay: what is measured is Colloquy itself (HTTP, event store, saga, fan-out, SSE). The load is
# what the abuse policy exists to stop (one user, the same text, at a machine's pace): it only flags here.
APP=
start_app() {
  fresh_database
  COLLOQUY_DB_URL="$DB_URL" COLLOQUY_SIMULATOR_TIME_TO_FIRST_TOKEN=0ms COLLOQUY_SIMULATOR_TOKENS_PER_SECOND=0 \
    java -Daxoniq.update-checker.disabled=true -jar infra/target/colloquy.jar --server.port="$PORT" \
    --logging.level.root=WARN --colloquy.abuse.default-action=flag-only "$@" >"$LOG" 2>&1 &
  APP=$!
  await_ready "$PORT" "$APP" "$LOG"
}
# Waits until the app on port $1 (process $2, log $3) is ready, or stops the script if it died.
await_ready() {
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$1/actuator/health/readiness" >/dev/null 2>&1 && return
    kill -0 "$2" 2>/dev/null || { echo "[colloquy] the app on port $1 did not start; see $3" >&2; exit 1; }
    sleep 0.5
  done
}
stop_app() {
  kill "$APP" 2>/dev/null && wait "$APP" 2>/dev/null || true
  APP=
}
