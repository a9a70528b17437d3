#!/usr/bin/env bash
# `make fuzz`: a longer schemathesis campaign with every check and the stateful phase (OpenAPI
# links chain create → get → patch → delete) against a real `dipnews serve` on loopback, with a
# fresh seeded SQLite database (DATABASE_URL to use another) and an admin key made for it.
# FUZZ_EXAMPLES (default 30) per operation, FUZZ_SEED (default 7). Exit code: schemathesis'.
set -euo pipefail
cd "$(dirname "$0")/.."
UV=${UV:-uv}
work=$(mktemp -d -t dipnews-fuzz-XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export DATABASE_URL=${DATABASE_URL:-sqlite:///$work/fuzz.db}
export SCHEMATHESIS_HOOKS=tests.fuzz_hooks
export RATE_LIMIT_KEY=1000000/minute RATE_LIMIT_ANONYMOUS=1000000/minute ACCESS_LOG=false
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
$UV run --frozen dipnews migrate >/dev/null
$UV run --frozen dipnews seed >/dev/null
key=$($UV run --frozen dipnews keys create --name fuzz --scope admin | grep -o 'dn_[A-Za-z0-9_-]*' | head -n 1)
$UV run --frozen dipnews serve --host 127.0.0.1 --port "$port" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
	curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
	sleep 0.5
done
echo "fuzzing dipnews on 127.0.0.1:$port (${DATABASE_URL%%:*})"
$UV run --frozen schemathesis run "http://127.0.0.1:$port/openapi.json" \
	--checks all --phases examples,coverage,fuzzing,stateful \
	--max-examples "${FUZZ_EXAMPLES:-30}" --seed "${FUZZ_SEED:-7}" \
	--header "Authorization: Bearer $key" --continue-on-failure --no-color \
	--report junit --report-dir "${FUZZ_REPORT_DIR:-.fuzz}" "$@"
