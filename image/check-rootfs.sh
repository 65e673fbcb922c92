#!/bin/bash
# mmdebstrap customize hook for the CI check: the installed terminal works inside the new
# root. $1 = the root (with /proc, /dev and /sys mounted by mmdebstrap).
set -euo pipefail
root=$1
in_root() { chroot "$root" "$@"; }

in_root kioskctl --version
in_root kioskctl config check
# The units are valid for this root's systemd.
in_root systemd-analyze verify /lib/systemd/system/commune-kiosk.service \
    /lib/systemd/system/kiosk-portal.service
[ "$(in_root stat -c '%U %a' /var/lib/commune-kiosk)" = "kiosk 700" ] || { echo "data dir owner/mode wrong"; exit 1; }
[ "$(in_root readlink /etc/systemd/system/getty@.service)" = /dev/null ] || { echo "getty not masked"; exit 1; }

# A portal in the same root on loopback; the terminal provisions and delivers one submission.
in_root install -d -o kiosk-portal /tmp/portal
in_root runuser -u kiosk-portal -- kiosk-portal serve --listen 127.0.0.1:0 --db /tmp/portal/db.sqlite \
    > "$root/tmp/portal/out" 2>&1 &
portal=$!
trap 'kill $portal 2> /dev/null || true' EXIT
for _ in $(seq 1 50); do grep -q "listening on" "$root/tmp/portal/out" && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$root/tmp/portal/out")
code=$(in_root runuser -u kiosk-portal -- kiosk-portal enroll-code --db /tmp/portal/db.sqlite)
# As root: kioskctl switches to the kiosk user, who owns the data directory.
in_root kioskctl provision --portal "$url" --enroll-code "$code" --terminal-id IMAGE-CHECK --commune 00004
in_root kioskctl forms example 1.001193 > "$root/tmp/answers.json"
in_root kioskctl queue submit 1.001193 --answers /tmp/answers.json
in_root kioskctl sync --until-empty --timeout 30
[ "$(in_root runuser -u kiosk-portal -- kiosk-portal list --json --db /tmp/portal/db.sqlite | grep -c '"receipt_no"')" = 1 ] \
    || { echo "the submission did not reach the portal"; exit 1; }
[ "$(in_root stat -c %U /var/lib/commune-kiosk/outbox.sqlite)" = kiosk ] || { echo "outbox not owned by kiosk"; exit 1; }
kill $portal; wait $portal 2> /dev/null || true
# Leave no trace of the check in the image.
rm -rf "$root/tmp/portal" "$root/tmp/answers.json"
in_root kioskctl decommission --force > /dev/null
echo "rootfs check passed"
