# Touch screens have no wheel: a finger swipe scrolls the procedure list, and a swipe that
# starts on a button scrolls without pressing it.
source "$(dirname "$0")/../lib/portal.sh"
source "$(dirname "$0")/../lib/kiosk.sh"
cat > "$WORK/script.txt" <<'SCRIPT'
tap "Chọn thủ tục"
wait_for "Chọn thủ tục"
expect_visible "Đăng ký khai tử"
expect_hidden "Tiếp nhận, xử lý phản ánh, kiến nghị"
swipe 640 600 -400
swipe 640 600 -400
expect_visible "Tiếp nhận, xử lý phản ánh, kiến nghị"
expect "Chọn thủ tục"
swipe 640 300 400
swipe 640 300 400
expect_visible "Đăng ký khai tử"
quit
SCRIPT
run_kiosk "$WORK/script.txt" || fail "swiping did not scroll the list"
echo "PASS: finger swipes scroll"
