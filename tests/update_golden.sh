#!/usr/bin/env bash
# Rewrites the golden (approval) files from the current build; review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build --preset dev --target unit_tests
KIOSK_UPDATE_GOLDEN=1 build/dev/bin/unit_tests "[golden]"
git --no-pager diff --stat -- tests/data/golden
