# A card read by a USB serial (CDC-ACM) scanner fills the form: the scanner is a
# pseudo-terminal pair; the kiosk opens it from its config like /dev/ttyACM0, reads the
# payload in raw mode and, at the welcome screen, starts the session with the card's data.
source "$(dirname "$0")/../lib/portal.sh"
source "$(dirname "$0")/../lib/kiosk.sh"
start_e2e serial_scanner

"$PTY_SCANNER" "$CARD" 1500 > "$WORK/pty.out" &
scanner_pid=$!
trap 'kill $scanner_pid 2> /dev/null || true; cleanup' EXIT
for _ in $(seq 1 50); do [ -s "$WORK/pty.out" ] && break; sleep 0.1; done
device=$(head -1 "$WORK/pty.out")
[ -e "$device" ] || fail "no pseudo-terminal"
sed -i "s|^scanner = .*|scanner = \"serial\"|; s|^scanner_path = .*|scanner_path = \"$device\"|" "$WORK/kiosk.toml"
kctl config check > /dev/null || fail "scanner config rejected: $(kctl config check)"

cat > "$WORK/script.txt" <<SCRIPT
wait_for "Xin chào Nguyễn Văn An" 20000
screenshot $SHOTS/01-scanned-at-home.png
tap "Đăng ký khai sinh"
wait_for "Giấy tờ cần mang theo"
tap "Bắt đầu khai"
wait_for "Bước 1/5"
expect "Nguyễn Văn An"
expect "001089012345"
screenshot $SHOTS/02-form-filled-from-serial-scan.png
quit
SCRIPT
run_kiosk "$WORK/script.txt" > "$WORK/kiosk.out" 2>&1 || fail "kiosk script failed: $(tail -5 "$WORK/kiosk.out")"

# Unplugged: the welcome screen says so instead of waiting for a scan that cannot come.
kill $scanner_pid; wait $scanner_pid 2> /dev/null || true
sed -i "s|^scanner_path = .*|scanner_path = \"/dev/no-such-scanner\"|" "$WORK/kiosk.toml"
cat > "$WORK/script2.txt" <<SCRIPT
wait_for "Máy quét thẻ chưa được kết nối" 10000
screenshot $SHOTS/03-scanner-unplugged.png
quit
SCRIPT
run_kiosk "$WORK/script2.txt" > "$WORK/kiosk2.out" 2>&1 || fail "unplugged state not shown: $(tail -5 "$WORK/kiosk2.out")"
echo "PASS: a serial scan fills the form; an unplugged scanner is shown"
