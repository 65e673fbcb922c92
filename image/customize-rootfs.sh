#!/bin/bash
# mmdebstrap customize hook: turns a Debian root into a kiosk terminal's root. $1 = the root.
set -euo pipefail
root=$1

# No login consoles and no VT switching: the kiosk owns tty1, nothing else is reachable.
for unit in getty@.service autovt@.service serial-getty@.service; do
    ln -sf /dev/null "$root/etc/systemd/system/$unit"
done
mkdir -p "$root/etc/systemd/logind.conf.d"
cat > "$root/etc/systemd/logind.conf.d/commune-kiosk.conf" <<'CONF'
[Login]
NAutoVTs=0
ReserveVT=0
HandlePowerKey=ignore
CONF

# Logs survive reboots (for technicians) but never fill the disk.
mkdir -p "$root/etc/systemd/journald.conf.d" "$root/var/log/journal"
cat > "$root/etc/systemd/journald.conf.d/commune-kiosk.conf" <<'CONF'
[Journal]
Storage=persistent
SystemMaxUse=200M
SystemKeepFree=500M
MaxRetentionSec=3month
CONF

# The hardware watchdog, where the board has one, resets a hung system.
mkdir -p "$root/etc/systemd/system.conf.d"
cat > "$root/etc/systemd/system.conf.d/commune-kiosk-watchdog.conf" <<'CONF'
[Manager]
RuntimeWatchdogSec=30s
RebootWatchdogSec=5min
CONF

# The outbox lives on its own writable partition (label KIOSK-DATA): replacing or
# re-imaging the system partition never touches queued submissions.
mkdir -p "$root/var/lib/commune-kiosk"
grep -q KIOSK-DATA "$root/etc/fstab" 2> /dev/null ||
    echo "LABEL=KIOSK-DATA /var/lib/commune-kiosk ext4 defaults,noatime,nofail,x-systemd.device-timeout=10s 0 2" \
        >> "$root/etc/fstab"

chroot "$root" systemctl set-default graphical.target > /dev/null
chroot "$root" systemctl enable commune-kiosk.service > /dev/null
