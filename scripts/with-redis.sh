#!/usr/bin/env bash
# Run a command with a throwaway Redis server (the shared rate-limit tests need one).
#
# Usage: scripts/with-redis.sh CMD [ARGS...]
#
# If TEST_REDIS_URL is already set, CMD is exec'd unchanged (bring your own server). Otherwise
# redis-server (apt-get installed when missing) starts on a free 127.0.0.1 port with no
# persistence, CMD runs with TEST_REDIS_URL=redis://127.0.0.1:PORT/0, and the server is stopped
# by its pid on exit, failure or INT/TERM/HUP. CMD's exit status is propagated.
set -uo pipefail

log() { printf '[with-redis] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

[ "$#" -gt 0 ] || { echo "usage: $0 CMD [ARGS...]" >&2; exit 2; }
[ -n "${TEST_REDIS_URL:-}" ] && exec "$@"

if ! command -v redis-server >/dev/null 2>&1; then
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
    command -v apt-get >/dev/null 2>&1 || die "redis-server not found and apt-get unavailable; set TEST_REDIS_URL"
    log "redis-server not found; installing via apt-get"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server </dev/null >&2 || {
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null >&2 &&
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server </dev/null >&2
    } || die "apt-get install redis-server failed"
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/with-redis.XXXXXX") || die "mktemp failed"
REDIS_PID=""
CHILD=""
cleanup() {
    if [ -n "$REDIS_PID" ] && kill -0 "$REDIS_PID" 2>/dev/null; then
        kill -TERM "$REDIS_PID" 2>/dev/null
        for _ in $(seq 1 50); do kill -0 "$REDIS_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$REDIS_PID" 2>/dev/null || true
        log "stopped redis-server (pid $REDIS_PID)"
    fi
    rm -rf -- "$TMP"
}
on_signal() {
    [ -n "$CHILD" ] && kill -"$1" "$CHILD" 2>/dev/null && wait "$CHILD" 2>/dev/null
    cleanup
    trap - EXIT "$1"
    kill -"$1" $$
}
trap cleanup EXIT
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM
trap 'on_signal HUP' HUP

for attempt in 1 2 3; do
    PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP" \
        --logfile "$TMP/redis.log" --daemonize no &
    REDIS_PID=$!
    for _ in $(seq 1 50); do
        redis-cli -p "$PORT" ping >/dev/null 2>&1 && break
        kill -0 "$REDIS_PID" 2>/dev/null || break
        sleep 0.1
    done
    redis-cli -p "$PORT" ping >/dev/null 2>&1 && break
    log "start attempt $attempt on port $PORT failed"
    kill "$REDIS_PID" 2>/dev/null; REDIS_PID=""
done
[ -n "$REDIS_PID" ] || die "could not start redis-server"
log "started redis-server on 127.0.0.1:$PORT (pid $REDIS_PID)"
export TEST_REDIS_URL="redis://127.0.0.1:$PORT/0"

( trap - INT QUIT; exec "$@" ) <&0 &
CHILD=$!
wait "$CHILD"
rc=$?
CHILD=""
exit "$rc"
