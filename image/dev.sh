#!/usr/bin/env bash
# Developer and CI entry point. Installs what is missing from image/packages-build.txt,
# then builds and runs. Usage:
#   bash image/dev.sh test    build (Debug, ASan+UBSan) and run every test, then the fuzzers briefly
#   bash image/dev.sh fuzz    build the fuzzers and run each briefly on its seed corpus
#   bash image/dev.sh demo    build (release) and start a local kiosk-portal plus the kiosk window
#   bash image/dev.sh package build the Debian packages (build/release/*.deb)
#   bash image/dev.sh image OUT  build the terminal root file system (tarball or folder)
#   bash image/dev.sh deps    only install missing packages
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

install_missing_packages() {
    local missing=()
    while read -r pkg; do
        pkg=${pkg%%#*}
        pkg=$(echo "$pkg" | tr -d '[:space:]')
        [ -z "$pkg" ] && continue
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$pkg")
    done < image/packages-build.txt
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "==> installing: ${missing[*]}"
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo > /dev/null || { echo "need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
        sudo=sudo
    fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# A short run of each fuzzer on its seed corpus catches parser regressions.
run_fuzzers() {
    local fuzzers=(id_payload catalog portal_response config scanner_stream vietnamese_typing
                   office_headers bank_statement vietnamese_words)
    cmake --preset fuzz > /dev/null
    cmake --build --preset fuzz --target "${fuzzers[@]/#/fuzz_}"
    local seconds=${KIOSK_FUZZ_SECONDS:-15}
    # Two at a time, one per processor; each works on a copy of its seed corpus.
    fuzz_one() {
        local target=$1 corpus
        corpus=$(mktemp -d)
        cp tests/fuzz/corpus/$target/* "$corpus/"
        build/fuzz/bin/fuzz_$target -max_total_time="$seconds" -print_final_stats=0 "$corpus" \
            > "build/fuzz/$target.log" 2>&1
        local status=$?
        rm -rf "$corpus"
        return $status
    }
    local i
    for ((i = 0; i < ${#fuzzers[@]}; i += 2)); do
        local pair=("${fuzzers[@]:i:2}") pids=() target
        echo "==> fuzzing ${pair[*]} for ${seconds}s"
        for target in "${pair[@]}"; do
            fuzz_one "$target" &
            pids+=($!)
        done
        for ((j = 0; j < ${#pair[@]}; j++)); do
            wait "${pids[j]}" || { tail -40 "build/fuzz/${pair[j]}.log"; exit 1; }
        done
    done
}

run_tests() {
    run_fuzzers
    # The packages, installed into a minimal terminal root built with mmdebstrap: the
    # installed kioskctl provisions against a portal there and delivers a submission.
    build_packages
    # The root check mostly waits on the disk (mmdebstrap unpacking packages): it runs while
    # the test build takes the processors, and is waited for before the tests start.
    local rootfs="" rootfs_pid=""
    if [ "$(id -u)" = 0 ]; then
        rootfs=$(mktemp -d)
        echo "==> checking the packages in a minimal terminal root (in the background)"
        bash image/build-rootfs.sh --minimal --check "$rootfs" > build/release/rootfs-check.log 2>&1 &
        rootfs_pid=$!
    else
        echo "==> skipping the root file system check (needs root)"
    fi
    cmake --preset dev
    cmake --build --preset dev
    if [ -n "$rootfs_pid" ]; then
        wait "$rootfs_pid" || { tail -40 build/release/rootfs-check.log; exit 1; }
        grep -E "^(kioskctl|rootfs check|I: success)" build/release/rootfs-check.log
        rm -rf "$rootfs"
    fi
    # Then every unit, integration and e2e test; ctest's summary is the last thing printed.
    ctest --preset dev -j2
}

build_packages() {
    cmake --preset release > /dev/null
    cmake --build --preset release
    rm -f build/release/*.deb
    cpack --preset release > build/release/cpack.log 2>&1 || { tail -20 build/release/cpack.log; exit 1; }
    ls build/release/*.deb
}

run_demo() {
    cmake --preset release > /dev/null
    cmake --build --preset release
    local bin=build/release/bin demo=${KIOSK_DEMO_DIR:-$root/kiosk-demo}
    mkdir -p "$demo"
    "$bin/kiosk-portal" serve --listen 127.0.0.1:8787 --db "$demo/portal.sqlite" &
    DEMO_PORTAL_PID=$!
    trap 'kill "$DEMO_PORTAL_PID" 2>/dev/null || true' EXIT
    for _ in $(seq 50); do curl -fs http://127.0.0.1:8787/api/v1/health > /dev/null && break; sleep 0.1; done
    if ! grep -q box_key "$demo/kiosk.toml" 2>/dev/null; then
        "$bin/kioskctl" --demo --data-dir "$demo" provision --portal http://127.0.0.1:8787 \
            --enroll-code "$("$bin/kiosk-portal" enroll-code --db "$demo/portal.sqlite")" \
            --terminal-id DEMO-01 --commune 00004
    fi
    local display_args=(--windowed "${KIOSK_DEMO_SIZE:-1280x800}")
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
        echo "==> no display: running the kiosk under Xvfb (screenshot with KIOSK_DEMO_SCRIPT)"
        xvfb-run -a -s "-screen 0 ${KIOSK_DEMO_SIZE:-1280x800}x24" "$bin/kiosk" --demo \
            --data-dir "$demo" "${display_args[@]}" ${KIOSK_DEMO_SCRIPT:+--script "$KIOSK_DEMO_SCRIPT"}
    else
        "$bin/kiosk" --demo --data-dir "$demo" "${display_args[@]}" \
            ${KIOSK_DEMO_SCRIPT:+--script "$KIOSK_DEMO_SCRIPT"}
    fi
}

install_missing_packages
case "${1:-}" in
    test) run_tests ;;
    fuzz) run_fuzzers ;;
    demo) run_demo ;;
    package) build_packages ;;
    image)
        [ -n "${2:-}" ] || { echo "usage: bash image/dev.sh image OUTPUT(.tar|dir)" >&2; exit 2; }
        build_packages
        bash image/build-rootfs.sh "$2" ;;
    deps) ;;
    *) echo "usage: bash image/dev.sh test|fuzz|demo|package|image OUT|deps" >&2; exit 2 ;;
esac
