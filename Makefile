# Colloquy developer entry points. The real work lives in infra/scripts/*.sh; this file only
# strings them together. Everything runs on a plain Debian bookworm machine (as root):
# missing tools, PostgreSQL + pgvector and the tests' headless Chromium are installed on first use.
#
#   make test    start the local PostgreSQL (if needed), install Chromium (if needed), run every
#                test (mvn verify)
#   make run     start PostgreSQL, build, and run the app on http://localhost:8080
#
# Set COLLOQUY_DB_URL / COLLOQUY_DB_USER / COLLOQUY_DB_PASSWORD to use an existing PostgreSQL
# (>= 15, with pgvector) instead of the project-local one.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

SCRIPTS := infra/scripts
MVN     := bash $(SCRIPTS)/mvn.sh
DB_ENV  := .local/db.env
BROWSER_ENV := .local/browser.env
JAR     := infra/target/colloquy.jar
# Exports COLLOQUY_DB_URL etc. (written by ensure-postgres.sh) into the recipe's shell.
LOAD_DB_ENV := source $(DB_ENV)
# Exports COLLOQUY_CHROMIUM / COLLOQUY_CHROMEDRIVER (written by ensure-chromium.sh) for the browser tests.
LOAD_BROWSER_ENV := source $(BROWSER_ENV)
# Exports JAVA_HOME (a JDK >= 21) and puts it first on PATH.
LOAD_JAVA   := source $(SCRIPTS)/java-home.sh

.PHONY: help db browser build test screenshots run bench eval clean stop-db distclean

help:
	@echo "Colloquy make targets:"
	@echo "  make db         ensure PostgreSQL + pgvector is running; writes $(DB_ENV)"
	@echo "  make browser    ensure Debian's chromium + chromium-driver (browser tests); writes $(BROWSER_ENV)"
	@echo "  make build      mvn install, tests skipped"
	@echo "  make test       ensure PostgreSQL and Chromium, then mvn verify (all tests)"
	@echo "  make screenshots  run the browser tests and copy their screens to docs/screenshots/"
	@echo "  make run        ensure PostgreSQL, build, run the app on http://localhost:8080"
	@echo "  make bench      ensure PostgreSQL, build, run infra/scripts/bench.sh"
	@echo "  make eval       ensure PostgreSQL, build, measure retrieval quality on Python's docs (infra/scripts/eval.sh)"
	@echo "  make stop-db    stop the project-local PostgreSQL"
	@echo "  make clean      mvn clean"
	@echo "  make distclean  clean, stop PostgreSQL and delete its data and .local/"

db:
	@bash $(SCRIPTS)/ensure-postgres.sh

build:
	@$(MVN) -B -q -DskipTests install

browser:
	@bash $(SCRIPTS)/ensure-chromium.sh

test: db browser
	@$(LOAD_DB_ENV); $(LOAD_BROWSER_ENV); $(MVN) -B verify

# The browser tests save every main screen under infra/target/screenshots; the README shows this set.
SCREENS := sign-in chat-streaming chat-branches chat-fork chat-dark chat-usage-warning \
           knowledge chat-citations admin-usage admin-abuse admin-audit-search admin-audit
screenshots: db browser
	@$(LOAD_DB_ENV); $(LOAD_BROWSER_ENV); $(MVN) -B -q install -DskipTests; \
	$(MVN) -B -pl infra verify -Dtest='ChatUiTest,ChatUiDetailsTest,KnowledgeUiTest,AdminConsoleTest' -Dsurefire.failIfNoSpecifiedTests=false
	@mkdir -p docs/screenshots
	@for screen in $(SCREENS); do cp infra/target/screenshots/$$screen.png docs/screenshots/; done
	@echo "[colloquy] docs/screenshots/ updated from the browser tests"

run: db build
	@$(LOAD_DB_ENV); $(LOAD_JAVA); \
	[[ -f $(JAR) ]] || { echo "[colloquy] ERROR: the build did not produce $(JAR)" >&2; exit 1; }; \
	echo "[colloquy] starting Colloquy on http://localhost:8080 (Ctrl-C stops it); open it in a browser and sign in"; \
	echo "[colloquy] as alice@acme.test (chat), ada@acme.test (tenant admin) or audrey@acme.test (auditor), password colloquy-demo"; \
	echo "[colloquy] get a token with:"; \
	echo "[colloquy]   curl -s -X POST localhost:8080/api/v1/auth/token -H 'Content-Type: application/json' -d '{\"username\":\"alice@acme.test\",\"password\":\"colloquy-demo\"}'"; \
	exec java -jar $(JAR)

bench: db build
	@$(LOAD_DB_ENV); $(LOAD_JAVA); \
	[[ -f $(SCRIPTS)/bench.sh ]] || { echo "[colloquy] ERROR: $(SCRIPTS)/bench.sh does not exist yet" >&2; exit 1; }; \
	bash $(SCRIPTS)/bench.sh

eval: db build
	@$(LOAD_DB_ENV); $(LOAD_JAVA); bash $(SCRIPTS)/eval.sh

stop-db:
	@bash $(SCRIPTS)/stop-postgres.sh

clean:
	@$(MVN) -B -q clean

distclean: clean
	@bash $(SCRIPTS)/stop-postgres.sh --wipe
	@rm -rf .local
	@echo "[colloquy] removed .local/"
