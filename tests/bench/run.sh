#!/usr/bin/env bash
# Builds the optimised 'bench' preset and prints the benchmark tables for the README.
#   bash tests/bench/run.sh [COUNT]
set -euo pipefail
cd "$(dirname "$0")/../.."
cmake --preset bench > /dev/null
cmake --build --preset bench --target outbox_bench kiosk-portal decode_bench camera_bench kiosk \
    kioskctl forms_catalog kiosk_assets camera_frame touch_script fleet_bench suggest_bench
echo "## outbox and delivery ($(nproc) cores, $(date -u +%F))"
build/bench/bin/outbox_bench --portal build/bench/bin/kiosk-portal --count "${1:-10000}" \
    --catalog forms/catalog
echo
echo "## a fleet of terminals against one and two receivers ($(nproc) cores, $(date -u +%F))"
read -ra fleet_terminals <<< "${FLEET_TERMINALS:-100 1000 5000}"
bash tests/bench/fleet_bench.sh "${fleet_terminals[@]}"
echo
echo "## QR decoding beside zbar ($(nproc) cores, $(date -u +%F))"
build/bench/bin/decode_bench "${DECODE_PAYLOADS:-6}"
echo
echo "## camera scanning on the replay twin ($(nproc) cores, $(date -u +%F))"
build/bench/bin/camera_bench "${CAMERA_SECONDS:-10}"
echo
echo "## keyboard suggestions per key ($(nproc) cores, $(date -u +%F))"
build/bench/bin/suggest_bench "${SUGGEST_ROUNDS:-5}"
echo
echo "## kiosk window at 1920x1080 under Xvfb ($(nproc) cores, $(date -u +%F))"
bash tests/bench/ui_bench.sh "${IDLE_SECONDS:-60}"
echo
echo "## kiosk window memory at 1280x800 under Xvfb ($(nproc) cores, $(date -u +%F))"
bash tests/bench/memory_bench.sh "${VISITS:-100}"
echo
echo "## the back office with 100,000 dossiers ($(nproc) cores, $(date -u +%F))"
bash tests/bench/office_bench.sh "${DOSSIERS:-100000}"
