# Helpers for process-level tests: start and stop a real kiosk-portal on loopback.
# Expects KIOSK_PORTAL and KIOSKCTL in the environment (set by ctest).
set -euo pipefail

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-test.XXXXXX")
PORTAL_PID=""
cleanup() {
    [ -n "$PORTAL_PID" ] && kill "$PORTAL_PID" 2>/dev/null && wait "$PORTAL_PID" 2>/dev/null
    stop_receivers
    [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# The portal's database: this test's SQLite file unless PORTAL_DB names another (a PostgreSQL
# URI from tests/lib/with_postgres.sh).
PORTAL_DB=${PORTAL_DB:-$WORK/portal.sqlite}

# start_portal PORT [extra args]: PORT 0 picks a free port; sets PORTAL_PORT and PORTAL_URL.
start_portal() {
    local port=$1; shift
    : > "$WORK/portal.out"
    "$KIOSK_PORTAL" serve --listen "127.0.0.1:$port" --db "$PORTAL_DB" "$@" \
        > "$WORK/portal.out" 2>&1 &
    PORTAL_PID=$!
    for _ in $(seq 1 100); do
        if grep -q "listening on" "$WORK/portal.out"; then
            PORTAL_PORT=$(sed -n 's/.*listening on http[s]*:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$WORK/portal.out")
            PORTAL_URL="http://127.0.0.1:$PORTAL_PORT"
            return 0
        fi
        kill -0 "$PORTAL_PID" 2>/dev/null || { cat "$WORK/portal.out" >&2; fail "portal exited"; }
        sleep 0.1
    done
    fail "portal did not start"
}

stop_portal() {
    kill "$PORTAL_PID"
    wait "$PORTAL_PID" || true
    PORTAL_PID=""
}

# new_postgres_database NAME: creates NAME in the cluster of tests/lib/with_postgres.sh and
# prints its URI.
new_postgres_database() {
    psql -q "$KIOSK_TEST_PG_URI" -c "CREATE DATABASE $1" > /dev/null
    echo "postgresql://postgres@/$1?host=$KIOSK_TEST_PG_HOST"
}

# Several receivers on one database: start_receiver N [extra args] starts receiver N on a free
# port (RECEIVER_PORT to choose one) with PORTAL_DB and sets RECEIVER_PID[N] and
# RECEIVER_URL[N]; they are stopped at exit.
declare -A RECEIVER_PID RECEIVER_URL
stop_receivers() {
    for pid in "${RECEIVER_PID[@]}"; do kill "$pid" 2> /dev/null || true; done
}
start_receiver() {
    local n=$1; shift
    local out="$WORK/receiver-$n.out"
    # Created here, not by the child's redirect: the first read below may come before it.
    : > "$out"
    "$KIOSK_PORTAL" serve --listen "127.0.0.1:${RECEIVER_PORT:-0}" --db "$PORTAL_DB" "$@" \
        > "$out" 2>&1 &
    RECEIVER_PID[$n]=$!
    for _ in $(seq 1 100); do
        local port
        port=$(sed -n 's/.*listening on http[s]*:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$out")
        if [ -n "$port" ]; then
            RECEIVER_URL[$n]="http://127.0.0.1:$port"
            return 0
        fi
        kill -0 "${RECEIVER_PID[$n]}" 2> /dev/null || { cat "$out" >&2; fail "receiver $n exited"; }
        sleep 0.1
    done
    fail "receiver $n did not start"
}

# kctl ARGS: kioskctl against this test's terminal.
# office_login: a commune officer (lan.pt, commune 00004) logged in to the running portal's
# back office; sets $jar, the cookie file later curl calls send.
office_login() {
    printf 'mat-khau-rat-dai-1\n' | "$KIOSK_PORTAL" officer add --db "$PORTAL_DB" lan.pt \
        --name "Phạm Thị Lan" --role commune --commune 00004 > /dev/null
    jar="$WORK/cookies"
    local page csrf
    page=$(curl -s -c "$jar" "$PORTAL_URL/office/login")
    csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' <<< "$page" | head -1)
    curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" \
        --data-urlencode id=lan.pt --data-urlencode "password=mat-khau-rat-dai-1" \
        "$PORTAL_URL/office/login"
    grep -q kiosk_office "$jar" || fail "no office session"
}

kctl() { "$KIOSKCTL" --config "$WORK/kiosk.toml" --data-dir "$WORK/data" "$@"; }

provision_terminal() {
    local code
    code=$("$KIOSK_PORTAL" enroll-code --db "$PORTAL_DB")
    kctl provision --portal "$PORTAL_URL" --enroll-code "$code" --terminal-id KIOSK-TEST \
        --commune 00004 > /dev/null
}
