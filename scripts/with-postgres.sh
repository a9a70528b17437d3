#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions below are invoked from traps
# Run a command against a throwaway PostgreSQL (>= 15) server.
#
# Usage: scripts/with-postgres.sh CMD [ARGS...]
#
# If TEST_DATABASE_URL is already set, CMD is exec'd unchanged (bring your own
# server). Otherwise a temporary cluster is initdb'd, started on a free
# 127.0.0.1 port, a database "dipnews_test" is created, and CMD runs with
#   TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:PORT/dipnews_test
# The server is stopped and its directory removed on exit, on failure of CMD,
# and on INT/TERM/HUP. CMD's exit status is propagated.
set -uo pipefail

readonly MIN_PG_MAJOR=15
readonly DB_NAME=dipnews_test

log() { printf '[with-postgres] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

if [ "$#" -eq 0 ]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

if [ -n "${TEST_DATABASE_URL:-}" ]; then
    exec "$@"
fi

IS_ROOT=0
[ "$(id -u)" -eq 0 ] && IS_ROOT=1

# --- locate (or install) server binaries -----------------------------------

find_pg_bin() {
    local best="" best_ver=0 d ver
    for d in /usr/lib/postgresql/*/bin; do
        if [ ! -x "$d/initdb" ] || [ ! -x "$d/pg_ctl" ]; then continue; fi
        ver=$(basename "$(dirname "$d")")
        ver=${ver%%.*}
        [[ "$ver" =~ ^[0-9]+$ ]] || continue
        if [ "$ver" -ge "$MIN_PG_MAJOR" ] && [ "$ver" -gt "$best_ver" ]; then
            best_ver=$ver
            best=$d
        fi
    done
    [ -n "$best" ] && printf '%s\n' "$best"
}

install_pg() {
    local -a sudo=()
    if [ "$IS_ROOT" -ne 1 ]; then
        command -v sudo >/dev/null 2>&1 ||
            die "PostgreSQL >= $MIN_PG_MAJOR not found and not root/no sudo; install the 'postgresql' package or set TEST_DATABASE_URL"
        sudo=(sudo -n)
    fi
    command -v apt-get >/dev/null 2>&1 ||
        die "PostgreSQL >= $MIN_PG_MAJOR not found and apt-get unavailable; install it or set TEST_DATABASE_URL"
    log "PostgreSQL >= $MIN_PG_MAJOR not found; installing via apt-get"
    local -a install=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive
        apt-get install -y -q postgresql)
    if ! "${install[@]}" </dev/null >&2; then
        log "apt-get install failed; running apt-get update and retrying"
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null >&2 ||
            die "apt-get update failed"
        "${install[@]}" </dev/null >&2 || die "apt-get install postgresql failed"
    fi
}

PG_BIN=$(find_pg_bin)
if [ -z "$PG_BIN" ]; then
    install_pg
    PG_BIN=$(find_pg_bin) || true
    [ -n "$PG_BIN" ] || die "no PostgreSQL >= $MIN_PG_MAJOR server binaries in /usr/lib/postgresql/*/bin after install"
fi
log "using $("$PG_BIN/pg_ctl" --version 2>/dev/null || echo pg_ctl) from $PG_BIN"

# --- run-as helper -----------------------------------------------------------

if [ "$IS_ROOT" -eq 1 ]; then
    id -u postgres >/dev/null 2>&1 ||
        die "running as root but OS user 'postgres' does not exist (install the 'postgresql' package, or run as a non-root user)"
    command -v runuser >/dev/null 2>&1 || die "runuser not found (util-linux)"
    RUN_AS=(runuser -u postgres --)
else
    RUN_AS=()
fi

# as_pg OUTFILE CMD...: run CMD as the cluster owner with stdout+stderr sent to
# OUTFILE ("-" = our stderr). The redirection is done *inside* the subshell on
# purpose: a trap firing while bash waits on `func >file` would inherit that
# redirection and our shutdown messages would vanish into the file.
as_pg() {
    local out=$1
    shift
    if [ "$out" = - ]; then
        (cd / && exec "${RUN_AS[@]}" "$@" 1>&2)
    else
        (cd / && exec "${RUN_AS[@]}" "$@" >"$out" 2>&1)
    fi
}

# --- state + cleanup ---------------------------------------------------------

PGTMP=""
INITDB_LOG=""
PG_PID=""
PORT=""
CHILD=""
CLEANED=0
IN_SIGNAL=0
LAUNCHING=0

# True if $1 is a live (non-zombie) postmaster of *our* data directory; guards
# against PID reuse and against zombies left when PID 1 does not reap.
is_our_postmaster() {
    local pid=$1 state
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    [ -r "/proc/$pid/stat" ] || return 0
    state=$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$pid/stat" 2>/dev/null) || return 1
    [ "$state" != Z ] && [ "$state" != X ] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$PGTMP"
}

cleanup() {
    [ "$CLEANED" -eq 1 ] && return 0
    CLEANED=1
    [ -n "$INITDB_LOG" ] && rm -f -- "$INITDB_LOG"
    [ -n "$PGTMP" ] && [ -d "$PGTMP" ] || return 0

    if [ -f "$PGTMP/postmaster.pid" ] || [ -n "$PG_PID" ]; then
        as_pg /dev/null "$PG_BIN/pg_ctl" -D "$PGTMP" -m fast -w -t 20 stop || true
        # Fallback: kill the postmaster directly if it is still alive.
        local pid="$PG_PID"
        if [ -f "$PGTMP/postmaster.pid" ]; then
            pid=$(head -n1 "$PGTMP/postmaster.pid" 2>/dev/null || echo "$pid")
        fi
        if is_our_postmaster "$pid"; then
            log "pg_ctl stop did not finish; killing postmaster $pid"
            kill -INT "$pid" 2>/dev/null || true
            local _
            for _ in $(seq 1 50); do
                is_our_postmaster "$pid" || break
                sleep 0.1
            done
            if is_our_postmaster "$pid"; then
                pkill -KILL -P "$pid" 2>/dev/null || true
                kill -KILL "$pid" 2>/dev/null || true
            fi
        fi
        log "stopped server on port ${PORT:-?}"
    fi
    rm -rf -- "$PGTMP"
}

# PIDs of $1 and all its descendants (parents first).
proc_tree() {
    local pid kid
    for pid in "$@"; do
        echo "$pid"
        for kid in $(pgrep -P "$pid" 2>/dev/null); do
            proc_tree "$kid"
        done
    done
}

# Send signal $1 to the command and everything it spawned. A terminal Ctrl-C
# would hit the whole process group anyway; this makes `kill -TERM <script>`
# (e.g. from CI or timeout) behave the same without killing our own parent.
signal_child_tree() {
    local sig=$1
    # Signal landed between the fork and `CHILD=$!`.
    if [ -z "$CHILD" ] && [ "$LAUNCHING" -eq 1 ]; then CHILD=$!; fi
    [ -n "$CHILD" ] || return 0
    # shellcheck disable=SC2046
    kill -"$sig" $(proc_tree "$CHILD") 2>/dev/null || true
}

on_signal() {
    local sig=$1 _
    signal_child_tree "$sig"
    # A second signal while we are already shutting down: just forward it.
    [ "$IN_SIGNAL" -eq 1 ] && return 0
    IN_SIGNAL=1
    log "caught SIG$sig; shutting down"
    if [ -n "$CHILD" ]; then
        # Give the command up to 10s to exit, then SIGKILL what is left.
        for _ in $(seq 1 100); do
            kill -0 "$CHILD" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$CHILD" 2>/dev/null; then
            log "command did not exit after SIG$sig; sending SIGKILL"
            signal_child_tree KILL
        fi
        wait "$CHILD" 2>/dev/null
    fi
    cleanup
    # Re-raise so our parent sees we died from the signal.
    trap - EXIT "$sig"
    kill -"$sig" $$
    case $sig in INT) exit 130 ;; TERM) exit 143 ;; HUP) exit 129 ;; *) exit 1 ;; esac
}

trap cleanup EXIT
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM
trap 'on_signal HUP' HUP

# --- create + start cluster --------------------------------------------------

# Root: use /tmp so the postgres user can reach it. Non-root: honour TMPDIR
# unless the unix socket path would get too long.
tmpbase=${TMPDIR:-/tmp}
if [ "$IS_ROOT" -eq 1 ] || [ "${#tmpbase}" -gt 60 ]; then tmpbase=/tmp; fi
PGTMP=$(mktemp -d "$tmpbase/with-postgres.XXXXXX") || die "mktemp -d failed"
if [ "$IS_ROOT" -eq 1 ]; then
    chown postgres: "$PGTMP" || die "cannot chown $PGTMP to postgres"
fi
chmod 700 "$PGTMP"

INITDB_LOG="$PGTMP.initdb.log"
if ! as_pg "$INITDB_LOG" "$PG_BIN/initdb" -D "$PGTMP" --locale=C.UTF-8 \
        --encoding=UTF8 -A trust -U postgres --no-sync; then
    cat "$INITDB_LOG" >&2
    die "initdb failed"
fi
rm -f -- "$INITDB_LOG"

free_port() {
    if command -v python3 >/dev/null 2>&1; then
        python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()' 2>/dev/null && return 0
    fi
    local p _
    for _ in $(seq 1 50); do
        p=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

started=0
for attempt in 1 2 3; do
    PORT=$(free_port) || die "could not find a free TCP port"
    if as_pg /dev/null "$PG_BIN/pg_ctl" -D "$PGTMP" -l "$PGTMP/log" -w -t 60 \
            -o "-p $PORT -k '$PGTMP' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
            start; then
        started=1
        break
    fi
    log "start attempt $attempt on port $PORT failed"
done
if [ "$started" -ne 1 ]; then
    tail -n 20 "$PGTMP/log" >&2 2>/dev/null || true
    die "could not start PostgreSQL"
fi
PG_PID=$(head -n1 "$PGTMP/postmaster.pid" 2>/dev/null || true)
log "started server on 127.0.0.1:$PORT (pid ${PG_PID:-?}, data $PGTMP)"

if ! as_pg - "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB_NAME"; then
    die "createdb $DB_NAME failed"
fi

export TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/$DB_NAME"

# --- run the command ---------------------------------------------------------
# Run in the background and `wait`, so that INT/TERM sent to this script are
# handled immediately (bash defers traps while a foreground child runs). Keep
# stdin attached and restore default INT/QUIT handling in the child (bash
# ignores them for async commands), so Ctrl-C and interactive debuggers work.
LAUNCHING=1
( trap - INT QUIT; exec "$@" ) <&0 &
CHILD=$!
wait "$CHILD"
rc=$?
CHILD=""
exit "$rc"
