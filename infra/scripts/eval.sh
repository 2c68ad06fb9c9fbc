#!/usr/bin/env bash
# `make eval`: retrieval quality on a real corpus. Installs Debian's python3-doc if it is missing, starts
# Colloquy on a spare port against an emptied test database, and runs KnowledgeEval.java: every page of the
# Python library reference is uploaded as HTML, then the labelled questions of infra/eval/python-doc-questions.tsv
# are searched in semantic, keyword and hybrid mode. The figures (recall@5, MRR@10) replace the generated part of
# the "Retrieval quality" section of docs/benchmarks.md. Expects COLLOQUY_DB_* and JAVA_HOME (the Makefile sets
# both) and a built infra/target/colloquy.jar.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=lib/common.sh
source infra/scripts/lib/common.sh
# shellcheck source=lib/app.sh
source infra/scripts/lib/app.sh

# Not bench.sh's ports, so the two can never meet on one.
PORT="${COLLOQUY_EVAL_PORT:-18090}"
LOG=.local/eval-app.log
OUT=.local/eval.out
TABLE=.local/eval-table.md
DOCS=/usr/share/doc/python3-doc/html
QUESTIONS=infra/eval/python-doc-questions.tsv
BENCHMARKS=docs/benchmarks.md
BEGIN='<!-- make eval: generated from here -->'
END='<!-- make eval: generated up to here -->'
mkdir -p .local

if ! package_installed python3-doc; then
  log "the evaluation's corpus is Debian's python3-doc; installing it"
  apt_install python3-doc
fi
[[ -d $DOCS/library ]] || die "$DOCS/library is missing although python3-doc is installed (apt-get install --reinstall python3-doc)"
# python3-doc is a dependency package; the pages belong to the versioned package it pulls in (python3.11-doc).
docs_package=$(dpkg -S "$(readlink -f "$DOCS/library/index.html")" | cut -d: -f1)
docs_title=$(sed -n 's:.*<title>.*&#8212; \(.*\)</title>.*:\1:p' "$DOCS/library/index.html")
pages=$(find "$DOCS/library" -maxdepth 1 -name '*.html' | wc -l)
questions=$(grep -cv '^#' "$QUESTIONS")

trap stop_app EXIT
log "machine: $(machine)"
log "corpus: $docs_title ($docs_package $(dpkg-query -W -f='${Version}' "$docs_package")), $pages pages"
start_app --colloquy.usage-limits.enabled=false --colloquy.knowledge.idle-pause=50ms
java infra/scripts/KnowledgeEval.java "http://127.0.0.1:$PORT" "$DOCS" "$QUESTIONS" "$TABLE" | tee "$OUT"
stop_app

generated=$(mktemp)
{
  echo "$BEGIN"
  echo
  echo "Machine: $(machine), PostgreSQL $(sql 'show server_version' | cut -d' ' -f1). Command: \`make eval\`."
  # The figures' own file is left out: the previous run's figures in it are no change to what is measured.
  echo "$(date -u +%F), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD -- . ":!$BENCHMARKS" 2>/dev/null || echo ' with uncommitted changes')."
  echo
  echo "Corpus: $docs_title, Debian \`$docs_package\` $(dpkg-query -W -f='${Version}' "$docs_package"): all $pages"
  echo "\`library/*.html\` pages, uploaded as files; $(sed -n 's/^ingestion: pages=[0-9]* chunks=\([0-9]*\) all_ready_in_s=\([0-9.]*\) chunks_per_s=\([0-9.]*\)$/\1 chunks, all ready in \2 s (\3 chunks\/s)/p' "$OUT")."
  echo "Questions: $questions (\`$QUESTIONS\`), each searched with \`topK\` 10 in each mode."
  echo
  cat "$TABLE"
  echo
  echo "$END"
} >"$generated"

# The generated block replaces the previous one; text after it in the section (the analysis) stays. The first
# run adds the section before the history.
if grep -qF "$BEGIN" "$BENCHMARKS"; then
  awk -v begin="$BEGIN" -v end="$END" -v block="$generated" '
    $0 == begin { while ((getline line < block) > 0) print line; skipping = 1; next }
    $0 == end { skipping = 0; next }
    !skipping' "$BENCHMARKS" >"$BENCHMARKS.new"
else
  awk -v block="$generated" '
    /^## History$/ && !done { print "## Retrieval quality\n"; while ((getline line < block) > 0) print line; print ""; done = 1 }
    { print }
    END { if (!done) { print "\n## Retrieval quality\n"; while ((getline line < block) > 0) print line } }' \
    "$BENCHMARKS" >"$BENCHMARKS.new"
fi
mv "$BENCHMARKS.new" "$BENCHMARKS"
rm -f "$generated"
log "wrote the figures into $BENCHMARKS (misses per question: $OUT)"
