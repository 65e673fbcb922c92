# An idle kiosk does not redraw: over three seconds without input, at most a handful of
# frames are drawn (the ones that settle the layout after the last change).
source "$(dirname "$0")/../lib/portal.sh"
cat > "$WORK/script.txt" <<'SCRIPT'
wait_for "Quét thẻ căn cước"
wait 500
mark
wait 3000
expect_frames_at_most 3
tap "Chọn thủ tục"
wait_for "Đăng ký khai sinh"
wait 500
mark
wait 3000
expect_frames_at_most 3
quit
SCRIPT
ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 timeout 60 xvfb-run -a -s "-screen 0 1280x800x24" \
    "$KIOSK" --config "$WORK/kiosk.toml" --data-dir "$WORK/data" --windowed 1280x800 \
    --script "$WORK/script.txt" || fail "the idle kiosk kept redrawing"
echo "PASS: no redraws while idle"
