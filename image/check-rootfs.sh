#!/bin/bash
# mmdebstrap customize hook for the CI check: the installed terminal works inside the new
# root. $1 = the root (with /proc, /dev and /sys mounted by mmdebstrap).
set -euo pipefail
root=$1
in_root() { chroot "$root" "$@"; }

# Whatever this check starts is stopped on every way out: success, a failed step (set -e),
# or a signal.
portal=""
stop_portal() {
    [ -n "$portal" ] || return 0
    # runuser passes the TERM on to kiosk-portal and waits for it.
    kill "$portal" 2> /dev/null || true
    wait "$portal" 2> /dev/null || true
    portal=""
}
# Anything still running with this root as its root directory: only the check starts
# processes in it, and none may outlive it.
stop_leftovers() {
    local real proc
    real=$(readlink -f "$root")
    [ -n "$real" ] && [ "$real" != / ] || return 0
    for proc in /proc/[0-9]*; do
        [ "$(readlink "$proc/root" 2> /dev/null)" = "$real" ] || continue
        kill "${proc#/proc/}" 2> /dev/null || true
    done
}
cleanup() {
    stop_portal
    stop_leftovers
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

in_root kioskctl --version
in_root kioskctl config check
# The units are valid for this root's systemd.
in_root systemd-analyze verify /lib/systemd/system/commune-kiosk.service \
    /lib/systemd/system/kiosk-portal.service /lib/systemd/system/kiosk-portal-forward.service
[ "$(in_root stat -c '%U %a' /var/lib/commune-kiosk)" = "kiosk 700" ] || { echo "data dir owner/mode wrong"; exit 1; }
[ "$(in_root readlink /etc/systemd/system/getty@.service)" = /dev/null ] || { echo "getty not masked"; exit 1; }

# A portal in the same root on loopback; the terminal provisions and delivers one submission.
in_root install -d -o kiosk-portal /tmp/portal
# Not through in_root: a function run in the background is a subshell, and killing that
# subshell would leave runuser and the portal running. Started directly, $! is runuser.
chroot "$root" runuser -u kiosk-portal -- kiosk-portal serve --listen 127.0.0.1:0 \
    --db /tmp/portal/db.sqlite > "$root/tmp/portal/out" 2>&1 &
portal=$!
for _ in $(seq 1 50); do grep -q "listening on" "$root/tmp/portal/out" && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$root/tmp/portal/out")
[ -n "$url" ] || { echo "the portal did not start:"; cat "$root/tmp/portal/out"; exit 1; }
code=$(in_root runuser -u kiosk-portal -- kiosk-portal enroll-code --db /tmp/portal/db.sqlite)
# As root: kioskctl switches to the kiosk user, who owns the data directory.
in_root kioskctl provision --portal "$url" --enroll-code "$code" --terminal-id IMAGE-CHECK --commune 00004
in_root kioskctl forms example 1.001193 > "$root/tmp/answers.json"
in_root kioskctl queue submit 1.001193 --answers /tmp/answers.json
in_root kioskctl sync --until-empty --timeout 30
[ "$(in_root runuser -u kiosk-portal -- kiosk-portal list --json --db /tmp/portal/db.sqlite | grep -c '"receipt_no"')" = 1 ] \
    || { echo "the submission did not reach the portal"; exit 1; }
[ "$(in_root stat -c %U /var/lib/commune-kiosk/outbox.sqlite)" = kiosk ] || { echo "outbox not owned by kiosk"; exit 1; }
stop_portal
# Leave no trace of the check in the image.
rm -rf "$root/tmp/portal" "$root/tmp/answers.json"
in_root kioskctl decommission --force > /dev/null
echo "rootfs check passed"
