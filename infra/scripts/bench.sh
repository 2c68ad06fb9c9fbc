#!/usr/bin/env bash
# `make bench`: starts Colloquy with the simulator at zero delay on a spare port, then drives 1 and 64
# concurrent streams with Bench.java and prints one result line per run; twice, with rate limits and quotas
# off and then on (every limit enforced, set high enough that the benchmark user is never refused), so the
# difference is what the limiter and the quota reservation cost a turn; then rebuilds three read models from
# the events just written and reports events per second. Expects COLLOQUY_DB_* and JAVA_HOME
# (the Makefile sets both) and a built infra/target/colloquy.jar. It uses the test database, which every
# test run empties, so benchmark data never mixes with real conversations.
set -euo pipefail
cd "$(dirname "$0")/../.."

PORT="${COLLOQUY_BENCH_PORT:-18080}"
TURNS_1="${COLLOQUY_BENCH_TURNS_1:-200}"
TURNS_64="${COLLOQUY_BENCH_TURNS_64:-20}"
WARMUP="${COLLOQUY_BENCH_WARMUP_ROUNDS:-6}"
# Which parts to run: one-node (limits off and on, then read-model rebuilds) and two-nodes (a subscriber on the
# other node, then kill -9 of the generating node) and knowledge (ingestion with the local model, then search).
PARTS=" ${COLLOQUY_BENCH_PARTS:-one-node two-nodes knowledge} "
OTHER_PORT=$((PORT + 1))
LOG=.local/bench-app.log
OTHER_LOG=.local/bench-other-app.log
mkdir -p .local

# shellcheck source=lib/app.sh
source infra/scripts/lib/app.sh
# Bench.java warms the app up first (WARMUP rounds of 64 streams x 20 turns, unreported), then runs and reports
# 1 and 64 streams with the CPU time per turn of the app, PostgreSQL and itself.
measure() {
  java infra/scripts/Bench.java "http://127.0.0.1:$PORT" "$APP" "$WARMUP" "1x$TURNS_1" "64x$TURNS_64"
}
# A second node on the same database (never emptied here: node A has just made it).
OTHER=
start_other() {
  COLLOQUY_DB_URL="$DB_URL" java -Daxoniq.update-checker.disabled=true -jar infra/target/colloquy.jar \
    --server.port="$OTHER_PORT" \
    --logging.level.root=WARN --colloquy.abuse.default-action=flag-only --colloquy.node-id=bench-b \
    --colloquy.usage-limits.enabled=false "$@" >"$OTHER_LOG" 2>&1 &
  OTHER=$!
  await_ready "$OTHER_PORT" "$OTHER" "$OTHER_LOG"
}
stop_other() {
  kill "$OTHER" 2>/dev/null && wait "$OTHER" 2>/dev/null || true
  OTHER=
}
trap 'stop_other; stop_app' EXIT

# Every limit of the benchmark user's plan (pro) stays enforced, only high enough never to refuse a turn.
PRO=--colloquy.plans.definitions.pro
HIGH_LIMITS=(
  "$PRO.rate-limits.requests-per-minute=100000000" "$PRO.rate-limits.tokens-per-minute=100000000000"
  "$PRO.rate-limits.tenant-requests-per-minute=100000000"
  "$PRO.rate-limits.tenant-tokens-per-minute=100000000000" "$PRO.rate-limits.concurrent-streams=1000"
  "$PRO.quotas.messages-per-hour=100000000" "$PRO.quotas.messages-per-day=100000000"
  "$PRO.quotas.tokens-per-day=100000000000" "$PRO.quotas.tokens-per-month=100000000000"
  "$PRO.quotas.cost-per-day=100000000" "$PRO.quotas.cost-per-month=100000000")

echo "[colloquy] machine: $(machine)"

# Rebuilding read models from the store just written (the app keeps running): events per second per read model.
replay() {
  local name=$1 token started ended events state
  local url="http://127.0.0.1:$PORT/api/v1/admin/projections/$name/replay" polls=0
  token=$(curl -fs -H 'Content-Type: application/json' \
    -d '{"username":"root@colloquy.test","password":"colloquy-demo"}' "http://127.0.0.1:$PORT/api/v1/auth/token" \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  events=$(sql "select count(*) from domainevententry")
  started=$(date +%s.%N)
  curl -fs -X POST -H "Authorization: Bearer $token" "$url" >/dev/null
  state=RUNNING
  # At most ten minutes: a rebuild stuck in RUNNING is reported as such instead of hanging the benchmark.
  while [[ $state == RUNNING ]] && (( polls++ < 3000 )); do
    sleep 0.2
    state=$(curl -fs -H "Authorization: Bearer $token" "$url" | sed -E 's/.*"state":"([A-Z]+)".*/\1/')
  done
  ended=$(date +%s.%N)
  awk -v n="$events" -v s="$started" -v e="$ended" -v name="$name" -v st="$state" \
    'BEGIN { printf "  replay %s: %s, %d events in %.1f s (%.0f events/s)\n", name, st, n, e - s, n / (e - s) }'
}
if [[ $PARTS == *" one-node "* ]]; then
  echo "[colloquy] limits off"
  start_app --colloquy.usage-limits.enabled=false "$@"
  measure
  stop_app
  echo "[colloquy] limits on"
  start_app "${HIGH_LIMITS[@]}" "$@"
  measure
  for model in conversations usage-ledger abuse-signals; do replay "$model"; done
  stop_app
fi

if [[ $PARTS == *" two-nodes "* ]]; then
  echo "[colloquy] two nodes: messages to node A, every stream read from node B (CPU: node A only)"
  start_app --colloquy.usage-limits.enabled=false --colloquy.node-id=bench-a "$@"
  start_other
  java -Dstream.base="http://127.0.0.1:$OTHER_PORT" infra/scripts/Bench.java "http://127.0.0.1:$PORT" "$APP" 2 \
    "1x$TURNS_1" "64x$TURNS_64"
  stop_other
  echo "[colloquy] two nodes: kill -9 of node B while it generates a reply that a subscriber on node A follows"
  COLLOQUY_SIMULATOR_TOKENS_PER_SECOND=5 start_other --colloquy.simulator.reply-tokens=400
  for _ in $(seq 1 120); do
    [[ $(sql "select count(*) from tokenentry where owner = 'bench-b'") -gt 0 ]] && break
    sleep 0.5
  done
  echo "  segments held by node B before the kill: $(sql "select count(*) from tokenentry where owner = 'bench-b'")"
  # Watches the token store from before the kill: when node A holds every segment node B had.
  (while [[ $(sql "select count(*) from tokenentry where owner = 'bench-b'") -gt 0 ]]; do sleep 0.1; done
   date +%s%3N >.local/bench-segments-taken) &
  WATCH=$!
  java infra/scripts/Bench.java failover "http://127.0.0.1:$PORT" "http://127.0.0.1:$OTHER_PORT" "$OTHER" \
    | tee .local/bench-failover.out | grep -v killed_at_ms
  killed_at=$(sed -n 's/^killed_at_ms=//p' .local/bench-failover.out)
  wait "$WATCH"
  OTHER=
  awk -v k="$killed_at" -v t="$(cat .local/bench-segments-taken)" \
    'BEGIN { printf "failover: node A holds every segment node B had %.1f s after the kill\n", (t - k) / 1000 }'
fi

if [[ $PARTS == *" knowledge "* ]]; then
  DOCS=${COLLOQUY_BENCH_KNOWLEDGE_DOCUMENTS:-200}
  SCALE=${COLLOQUY_BENCH_KNOWLEDGE_CHUNKS:-100000}
  echo "[colloquy] knowledge: $DOCS documents through the API, local all-MiniLM-L6-v2"
  start_app --colloquy.usage-limits.enabled=false --colloquy.knowledge.idle-pause=50ms
  java infra/scripts/KnowledgeBench.java "http://127.0.0.1:$PORT" ingest "$DOCS" | tee .local/bench-knowledge.out \
    | grep -v '^knowledge_base='
  small=$(sed -n 's/^knowledge_base=//p' .local/bench-knowledge.out)
  java infra/scripts/KnowledgeBench.java "http://127.0.0.1:$PORT" search alice@acme.test "$small"
  java infra/scripts/KnowledgeBench.java "http://127.0.0.1:$PORT" ttfd alice@acme.test "$small" 100
  # The large base: gus's (another tenant), its chunks copies of the ingested ones written into the read model
  # directly (ingesting 100,000 chunks would take the benchmark most of an hour), each vector moved off its
  # original by noise, so that the HNSW index holds 100,000 distinct points. Searching it takes the index path;
  # alice's small base is then searched again with those rows of another tenant in the same table.
  gus=$(curl -fs -H 'Content-Type: application/json' \
    -d '{"username":"gus@globex.test","password":"colloquy-demo"}' "http://127.0.0.1:$PORT/api/v1/auth/token" \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  large=$(curl -fs -H "Authorization: Bearer $gus" -H 'Content-Type: application/json' -d '{"name":"large"}' \
    "http://127.0.0.1:$PORT/api/v1/knowledge-bases" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  copies=$(( (SCALE + $(sql "select count(*) from knowledge_chunk where knowledge_base_id = '$small'") - 1)
             / $(sql "select count(*) from knowledge_chunk where knowledge_base_id = '$small'") ))
  started=$(date +%s)
  sql "
    insert into knowledge_document (id, knowledge_base_id, tenant_id, added_by, title, media_type, bytes, text,
                                    status, chunk_count, version, created_at)
    select md5(d.id || c), '$large', 'globex', 'gus', d.title || ' #' || c, d.media_type, d.bytes, '', 'ready',
           d.chunk_count, 0, now()
    from knowledge_document d, generate_series(1, $copies) c where d.knowledge_base_id = '$small';
    insert into knowledge_chunk (id, document_id, knowledge_base_id, tenant_id, ord, heading, text, start_offset,
                                 end_offset, page, needs_embedding)
    select md5(ch.document_id || c) || ':' || ch.ord, md5(ch.document_id || c), '$large', 'globex', ch.ord,
           ch.heading, ch.text, ch.start_offset, ch.end_offset, ch.page, false
    from knowledge_chunk ch, generate_series(1, $copies) c where ch.knowledge_base_id = '$small';
    insert into knowledge_vector (chunk_id, model, knowledge_base_id, dims, embedding)
    select md5(ch.document_id || c) || ':' || ch.ord, v.model, '$large', v.dims,
           l2_normalize(v.embedding + (select array_agg((random() - 0.5) * 0.05 + 0 * g.i)
                                       from generate_series(1, 384) g(i) where c > 0 and ch.ord >= 0)::vector)
    from knowledge_chunk ch join knowledge_vector v on v.chunk_id = ch.id, generate_series(1, $copies) c
    where ch.knowledge_base_id = '$small';
    update knowledge_base set chunk_count = (select count(*) from knowledge_chunk where knowledge_base_id = '$large'),
           document_count = (select count(*) from knowledge_document where knowledge_base_id = '$large')
    where id = '$large';
    analyze knowledge_chunk; analyze knowledge_vector;" >/dev/null
  echo "  wrote $(sql "select chunk_count from knowledge_base where id = '$large'") chunks and vectors of tenant globex in $(( $(date +%s) - started )) s"
  java infra/scripts/KnowledgeBench.java "http://127.0.0.1:$PORT" search gus@globex.test "$large"
  echo "  alice's base again, beside the other tenant's rows:"
  java infra/scripts/KnowledgeBench.java "http://127.0.0.1:$PORT" search alice@acme.test "$small"
  echo "  gus's large base:"
  java infra/scripts/KnowledgeBench.java "http://127.0.0.1:$PORT" ttfd gus@globex.test "$large" 100
  stop_app
fi
