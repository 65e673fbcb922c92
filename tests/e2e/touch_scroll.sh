# Touch screens have no wheel: a finger swipe scrolls the procedure list, and a swipe that
# starts on a button scrolls without pressing it.
source "$(dirname "$0")/../lib/portal.sh"
cat > "$WORK/script.txt" <<'SCRIPT'
tap "Chọn thủ tục"
wait_for "Chọn thủ tục"
expect_visible "Đăng ký khai tử"
expect_hidden "Tiếp nhận, xử lý phản ánh, kiến nghị"
swipe 640 600 -400
expect_visible "Tiếp nhận, xử lý phản ánh, kiến nghị"
expect "Chọn thủ tục"
swipe 640 300 400
expect_visible "Đăng ký khai tử"
quit
SCRIPT
ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 timeout 60 xvfb-run -a -s "-screen 0 1280x800x24" \
    "$KIOSK" --config "$WORK/kiosk.toml" --data-dir "$WORK/data" --windowed 1280x800 \
    --script "$WORK/script.txt" || fail "swiping did not scroll the list"
echo "PASS: finger swipes scroll"
