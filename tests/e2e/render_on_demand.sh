# An idle kiosk does not redraw: over three seconds without input, at most a handful of
# frames are drawn (the ones that settle the layout after the last change).
source "$(dirname "$0")/../lib/portal.sh"
source "$(dirname "$0")/../lib/kiosk.sh"
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
run_kiosk "$WORK/script.txt" || fail "the idle kiosk kept redrawing"
echo "PASS: no redraws while idle"
