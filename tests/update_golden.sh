#!/usr/bin/env bash
# Rewrites the golden (approval) files from the current build; review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build --preset dev --target unit_tests kioskctl
KIOSK_UPDATE_GOLDEN=1 build/dev/bin/unit_tests "[golden]"
# Printed receipts, as `kioskctl receipt render` draws them for both paper widths.
for width in 576 384; do
    build/dev/bin/kioskctl receipt render --width "$width" \
        --out "tests/data/golden/receipt-sample-$width.png"
done
git --no-pager diff --stat -- tests/data/golden
