# Helpers for process-level tests: start and stop a real kiosk-portal on loopback.
# Expects KIOSK_PORTAL and KIOSKCTL in the environment (set by ctest).
set -euo pipefail

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-test.XXXXXX")
PORTAL_PID=""
cleanup() {
    [ -n "$PORTAL_PID" ] && kill "$PORTAL_PID" 2>/dev/null && wait "$PORTAL_PID" 2>/dev/null
    [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# start_portal PORT [extra args]: PORT 0 picks a free port; sets PORTAL_PORT and PORTAL_URL.
start_portal() {
    local port=$1; shift
    : > "$WORK/portal.out"
    "$KIOSK_PORTAL" serve --listen "127.0.0.1:$port" --db "$WORK/portal.sqlite" "$@" \
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

# kctl ARGS: kioskctl against this test's terminal.
kctl() { "$KIOSKCTL" --config "$WORK/kiosk.toml" --data-dir "$WORK/data" "$@"; }

provision_terminal() {
    local code
    code=$("$KIOSK_PORTAL" enroll-code --db "$WORK/portal.sqlite")
    kctl provision --portal "$PORTAL_URL" --enroll-code "$code" --terminal-id KIOSK-TEST \
        --commune 00004 > /dev/null
}
