# The README's commands. Each installs what it needs from the lock file.
SHELL := /bin/bash
PORT ?= 8000
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
VENV := .venv

.PHONY: run test test-sqlite test-postgres bench lint install uv node-deps fuzz

uv:
	@command -v uv >/dev/null 2>&1 || test -x $(UV) || python3 -m pip install --user --quiet uv

install: uv
	$(UV) sync --frozen

run: install
	PORT=$(PORT) $(UV) run --frozen dipnews serve

# Both engines always run, side by side (one core each on two), each beside a throwaway Redis
# (scripts/with-redis.sh) for the shared rate-limit tests; each run's output goes to its log,
# printed whole when both are done, and a run whose log lacks pytest's result line counts as
# failed. No stdin (CI): nothing may wait for input. PYTEST_ARGS narrows the run (`-k replica`).
PYTEST_ARGS ?=
test: lint node-deps
	@echo "=== SQLite and PostgreSQL, side by side ==="; \
	scripts/with-redis.sh env -u TEST_DATABASE_URL $(UV) run --frozen pytest -p no:cacheprovider $(PYTEST_ARGS) \
		</dev/null >.test-sqlite.log 2>&1 & sqlite=$$!; \
	scripts/with-redis.sh scripts/with-postgres.sh $(UV) run --frozen pytest -p no:cacheprovider $(PYTEST_ARGS) \
		</dev/null >.test-postgres.log 2>&1 & postgres=$$!; \
	status=0; wait $$sqlite || status=1; wait $$postgres || status=1; \
	for run in SQLite:sqlite PostgreSQL:postgres; do echo "=== $${run%%:*} ==="; cat .test-$${run#*:}.log; done; \
	echo "=== Summary ==="; \
	for run in SQLite:sqlite PostgreSQL:postgres; do \
		log=.test-$${run#*:}.log; \
		result=$$(grep -E '^[= ]*[0-9]+ (passed|failed|errors?|skipped|deselected)|no tests ran' $$log \
			| tail -n 1 | sed -E 's/^=+ | =+$$//g'); \
		[ -n "$$result" ] || { result="no result (see $$log)"; status=1; }; \
		printf '%-12s %s\n' "$${run%%:*}:" "$$result"; \
		grep -E '^SKIPPED' $$log | sed 's/^/             /' || true; \
	done; \
	[ $$status -eq 0 ] && echo "both engines passed" || echo "FAILED on at least one engine"; \
	exit $$status

test-sqlite: install
	scripts/with-redis.sh $(UV) run --frozen pytest

test-postgres: install
	scripts/with-redis.sh scripts/with-postgres.sh $(UV) run --frozen pytest

# A longer schemathesis campaign than the suite's (every check, stateful links) against a real
# `dipnews serve` on loopback with a fresh seeded SQLite file; a JUnit report lands in .fuzz/.
fuzz: install
	UV=$(UV) scripts/fuzz.sh

# The bench group adds Datasette, which bench_datasette and bench_concurrent run side by side with
# dipnews; wrk (Debian) is bench_concurrent's load generator; PostgreSQL is a throwaway server as in
# `make test`. `make bench BENCH=bench_concurrent` runs one benchmark.
BENCH ?=
bench: uv
	@command -v wrk >/dev/null 2>&1 || { apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; } >/dev/null 2>&1 || \
		echo "wrk not installed: bench_concurrent will be skipped"
	$(UV) sync --frozen --group bench
	scripts/with-postgres.sh $(UV) run --frozen --group bench python -m tests.bench $(BENCH)

# The contract tests' npm tools (Spectral, openapi-typescript, tsc, playwright-core) from the
# lock file, and Debian's chromium for the docs browser test; without them those tests skip.
node-deps:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; } >/dev/null 2>&1 || \
		echo "chromium not installed: the docs browser test will be skipped"
	@if command -v npm >/dev/null 2>&1; then \
		cd tests/contract/node && { test node_modules/.installed -nt package-lock.json || \
		{ npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch node_modules/.installed; }; }; \
	else echo "npm not found: the Spectral, TypeScript and browser tests will be skipped"; fi

# ruff over the code, mypy (pydantic plugin; settings in pyproject.toml) over app/.
lint: install
	$(UV) run --frozen ruff check app tests migrations
	$(UV) run --frozen mypy
