#!/bin/bash
# Builds the terminal's root file system with mmdebstrap: Debian 12 from this machine's own
# apt sources, our packages installed, consoles locked down, persistent but bounded journald,
# and a separate writable data partition for the outbox.
#
#   bash image/build-rootfs.sh [--minimal] [--check] OUTPUT(.tar | directory)
#
#   --minimal  no kernel or firmware (the CI check; everything else is the same)
#   --check    inside the new root: kioskctl --version and config check, then provision
#              against a kiosk-portal started there and deliver one submission
#
# Needs root, mmdebstrap and the two .deb files from `cpack --preset release`.
set -euo pipefail
cd "$(dirname "$0")/.."

minimal=0 check=0 output=""
for arg in "$@"; do
    case "$arg" in
        --minimal) minimal=1 ;;
        --check) check=1 ;;
        -*) echo "unknown option $arg" >&2; exit 2 ;;
        *) output=$arg ;;
    esac
done
[ -n "$output" ] || { echo "usage: $0 [--minimal] [--check] OUTPUT" >&2; exit 2; }
debs=(build/release/commune-kiosk_*.deb build/release/kiosk-portal_*.deb)
for deb in "${debs[@]}"; do
    [ -f "$deb" ] || { echo "missing $deb: run cpack --preset release first" >&2; exit 1; }
done

# This machine's apt sources, whatever mirror they name (nothing is hard-coded here).
sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do
    [ -s "$f" ] && sources+=("$f")
done
[ ${#sources[@]} -gt 0 ] || { echo "no apt sources configured on this machine" >&2; exit 1; }

include="systemd-sysv,udev,dbus,ca-certificates,iproute2,netbase"
[ "$minimal" = 1 ] || include="$include,linux-image-amd64,firmware-linux-free,systemd-timesyncd"

hooks=(--customize-hook="$PWD/image/customize-rootfs.sh")
[ "$check" = 0 ] || hooks+=(--customize-hook="$PWD/image/check-rootfs.sh")

mmdebstrap --variant=minbase --include="$include" \
    --customize-hook='mkdir -p "$1/tmp/kiosk-debs"' \
    --customize-hook="copy-in ${debs[*]} /tmp/kiosk-debs" \
    --customize-hook='chroot "$1" sh -c "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends /tmp/kiosk-debs/*.deb"' \
    --customize-hook='rm -rf "$1/tmp/kiosk-debs"' \
    "${hooks[@]}" \
    bookworm "$output" "${sources[@]}"
echo "root file system written to $output"
