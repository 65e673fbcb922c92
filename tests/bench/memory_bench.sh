#!/usr/bin/env bash
# The kiosk window's resident memory under Xvfb with Mesa's software renderer: VmRSS (and
# VmHWM, the peak so far) on the home screen, after one visit with a document photo and after
# many (no growth), then what the home screen's pages are. Target: home screen < 120 MB.
# Each visit is a whole procedure by touch (touch_script), photo taken from the replay camera,
# sealed and delivered to a local kiosk-portal.
#   bash tests/bench/memory_bench.sh [VISITS [WxH]]     (after run.sh built the bench preset)
# SHOTS=DIR keeps the first visit's screenshots (to compare the UI before and after a change);
# SMAPS=DIR keeps /proc/PID/smaps at each point (to attribute memory by mapping).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/build/bench/bin"
KIOSK=${KIOSK:-$bin/kiosk} # another build of the window, to compare
export KIOSK KIOSKCTL="$bin/kioskctl" KIOSK_PORTAL="$bin/kiosk-portal"
source "$root/tests/lib/portal.sh"
visits=${1:-100}
size=${2:-1280x800}
start_portal 0
provision_terminal
mkdir -p "$WORK/camera" "$WORK/shots"
"$bin/camera_frame" document "GIẤY TỜ MẪU" "$WORK/camera/01-document.png"
sed -i "s|^camera_path = .*|camera_path = \"$WORK/camera\"|" "$WORK/kiosk.toml"

# The procedure with the fewest answers among those asking for a photo.
code=2.001801
visit() {
    "$bin/touch_script" "$root/forms/catalog" "$root/forms/units/units-2025.json" "$code" vi \
        "$1" "$WORK/expected.json" --photos | grep -vx quit
}
# mark NAME: the script writes a marker file and holds still while the figures are read.
mark() { printf 'dump_text %s\nwait 2500\n' "$WORK/mark-$1"; }
checkpoints=(home 1)
[ "$visits" -le 10 ] || checkpoints+=(10)
[ "$visits" -le 1 ] || checkpoints+=("$visits")
{
    printf 'wait_for "Quét thẻ căn cước"\nwait 1000\n'
    mark home
    for i in $(seq 1 "$visits"); do
        if [ "$i" = 1 ] && [ -n "${SHOTS:-}" ]; then
            mkdir -p "$SHOTS"
            printf 'screenshot %s/00-home.png\n' "$SHOTS"
            visit "$SHOTS"
        else
            visit "$WORK/shots" | grep -v '^screenshot '
        fi
        case " ${checkpoints[*]} " in *" $i "*) mark "$i" ;; esac
    done
    echo quit
} > "$WORK/script.txt"

# Mesa keeps the shaders llvmpipe compiled in a disk cache ($HOME/.cache on a terminal): only
# a terminal's very first start compiles them. A cache of the bench's own, filled by a first
# start, makes the figures the same on every machine; that first start is shown too.
export MESA_SHADER_CACHE_DIR="$WORK/mesa-shader-cache"

# start_window SCRIPT: the window playing SCRIPT; sets window_pid and kiosk_pid.
start_window() {
    xvfb-run -a -s "-screen 0 ${size}x24" "$KIOSK" --config "$WORK/kiosk.toml" \
        --data-dir "$WORK/data" --demo --windowed "$size" --script "$1" \
        > "$WORK/window.out" 2>&1 &
    window_pid=$!
    kiosk_pid=""
    for _ in $(seq 1 100); do
        for pid in $(pgrep -f -- "--script $1" || true); do
            [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = kiosk ] && kiosk_pid=$pid
        done
        [ -n "$kiosk_pid" ] && break
        sleep 0.1
    done
    [ -n "$kiosk_pid" ] || fail "the kiosk did not start"
}
# wait_mark NAME: waits for the script's marker, then for the figures to settle.
wait_mark() {
    until [ -f "$WORK/mark-$1" ]; do
        kill -0 "$window_pid" 2>/dev/null || { tail -3 "$WORK/window.out" >&2; fail "the kiosk stopped before $1"; }
        sleep 0.2
    done
    sleep 1
}

# status_mb FIELD: a /proc/PID/status figure of the kiosk, in MB.
status_mb() { awk -v f="$1:" '$1 == f {printf "%.1f", $2 / 1024}' "/proc/$kiosk_pid/status"; }
# figures LABEL: one row of the table.
figures() { echo "| $1 | $(status_mb VmRSS) | $(status_mb VmHWM) | $(status_mb RssAnon) | $(status_mb RssFile) |"; }

{
    printf 'wait_for "Quét thẻ căn cước"\nwait 1000\n'
    mark first
    echo quit
} > "$WORK/first-start.txt"
start_window "$WORK/first-start.txt"
wait_mark first
first_start=$(figures "first start ever (shader cache empty), home screen")
wait "$window_pid" || { tail -3 "$WORK/window.out" >&2; fail "the first start failed"; }

start_window "$WORK/script.txt"
echo "Kiosk window at $size under Xvfb, Mesa $(dpkg-query -W -f '${Version}' libgl1-mesa-dri 2>/dev/null || echo '?') (llvmpipe); $visits visits of $code with a photo"
echo
echo "| after | VmRSS, MB | VmHWM (peak), MB | RssAnon, MB | RssFile, MB |"
echo "|---|---|---|---|---|"
started=$(date +%s)
echo "$first_start"
for point in "${checkpoints[@]}"; do
    wait_mark "$point"
    figures "$([ "$point" = home ] && echo "start, home screen" || echo "$point visit(s), home screen")"
    [ -z "${SMAPS:-}" ] || { mkdir -p "$SMAPS" && cp "/proc/$kiosk_pid/smaps" "$SMAPS/smaps-$point"; }
    if [ "$point" = home ]; then
        # What the home screen's resident pages are, by mapping.
        awk '
            /^[0-9a-f]+-[0-9a-f]+ / { name = NF >= 6 ? $6 : "[anon]"
                if (name ~ /libLLVM/) group = "Mesa: LLVM (llvmpipe shader compiler)"
                else if (name ~ /dri|libGL|libglapi|libgallium/) group = "Mesa: swrast_dri, libGL"
                else if (name == "[heap]") group = "malloc heap"
                else if (name == "[anon]") group = "anonymous maps (GL buffers and textures, large mallocs, stacks)"
                else if (name ~ /SYSV/) group = "X shared-memory image (the window)"
                else if (name ~ /\/kiosk$/) group = "kiosk binary"
                else group = "other libraries and files" }
            $1 == "Rss:" { rss[group] += $2 }
            END { for (g in rss) printf "%.1f\t%s\n", rss[g] / 1024, g }' \
            "/proc/$kiosk_pid/smaps" | sort -rn > "$WORK/home-maps.txt"
    fi
done
wait "$window_pid" || { tail -3 "$WORK/window.out" >&2; fail "the visit script failed"; }
echo
echo "Home screen at start, resident MB by mapping:"
echo
echo "| mapping | MB |"
echo "|---|---|"
awk -F'\t' '{printf "| %s | %s |\n", $2, $1}' "$WORK/home-maps.txt"
echo
echo "($visits visits in $(( $(date +%s) - started )) s; the portal received $("$KIOSK_PORTAL" list --json --db "$WORK/portal.sqlite" | jq length))"
