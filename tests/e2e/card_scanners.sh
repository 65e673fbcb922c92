# A card read by a hardware scanner fills the form, for each kind the kiosk drives:
#   serial  a USB CDC-ACM scanner: a pseudo-terminal pair, opened like /dev/ttyACM0 in raw mode;
#   evdev   a keyboard-wedge scanner: its key events replayed through a FIFO, decoded by the
#           kiosk itself (Alt + keypad codes for the Vietnamese letters);
#   camera  the camera's replay twin: a folder of frames, an empty scene and then the card's
#           QR code (drawn with libqrencode), decoded by the kiosk with ZXing-cpp.
# At the welcome screen the scan starts the session with the card's data. Then an unplugged
# scanner is shown on the home screen.
source "$(dirname "$0")/../lib/portal.sh"
source "$(dirname "$0")/../lib/kiosk.sh"
start_e2e card_scanners
tool_pid=""
trap '[ -n "$tool_pid" ] && kill $tool_pid 2> /dev/null; cleanup' EXIT

for kind in serial evdev camera; do
    if [ "$kind" = camera ]; then
        mkdir -p "$WORK/camera"
        "$CAMERA_FRAME" blank "$WORK/camera/01-empty.png"
        "$CAMERA_FRAME" card "$CARD" "$WORK/camera/02-card.png"
        sed -i "s|^scanner = .*|scanner = \"camera\"|; s|^scanner_path = .*|scanner_path = \"\"|; s|^camera_path = .*|camera_path = \"$WORK/camera\"|" "$WORK/kiosk.toml"
    else
        if [ "$kind" = serial ]; then
            "$PTY_SCANNER" "$CARD" 1500 > "$WORK/device.out" &
        else
            "$EVDEV_REPLAY" "$WORK/scanner.fifo" "$CARD" 1500 > "$WORK/device.out" &
        fi
        tool_pid=$!
        for _ in $(seq 1 50); do [ -s "$WORK/device.out" ] && break; sleep 0.1; done
        device=$(head -1 "$WORK/device.out")
        [ -e "$device" ] || fail "$kind: no device"
        sed -i "s|^scanner = .*|scanner = \"$kind\"|; s|^scanner_path = .*|scanner_path = \"$device\"|" "$WORK/kiosk.toml"
    fi
    kctl config check > /dev/null || fail "$kind scanner config rejected: $(kctl config check)"
    cat > "$WORK/script.txt" <<SCRIPT
wait_for "Xin chào Nguyễn Văn An" 20000
screenshot $SHOTS/$kind-1-scanned-at-home.png
tap "Đăng ký khai sinh"
wait_for "Giấy tờ cần mang theo"
tap "Bắt đầu khai"
wait_for "Bước 1/"
expect "Nguyễn Văn An"
expect "001089012345"
expect "Xã Triệu Việt Vương"
screenshot $SHOTS/$kind-2-form-filled.png
quit
SCRIPT
    run_kiosk "$WORK/script.txt" > "$WORK/kiosk.out" 2>&1 || fail "$kind: kiosk script failed: $(tail -5 "$WORK/kiosk.out")"
    if [ -n "$tool_pid" ]; then kill $tool_pid; wait $tool_pid 2> /dev/null || true; fi
    tool_pid=""
done
sed -i "s|^camera_path = .*|camera_path = \"\"|" "$WORK/kiosk.toml"

# Unplugged: the welcome screen says so instead of waiting for a scan that cannot come.
sed -i "s|^scanner = .*|scanner = \"serial\"|; s|^scanner_path = .*|scanner_path = \"/dev/no-such-scanner\"|" "$WORK/kiosk.toml"
cat > "$WORK/script2.txt" <<SCRIPT
wait_for "Máy quét thẻ chưa được kết nối" 10000
screenshot $SHOTS/3-scanner-unplugged.png
quit
SCRIPT
run_kiosk "$WORK/script2.txt" > "$WORK/kiosk2.out" 2>&1 || fail "unplugged state not shown: $(tail -5 "$WORK/kiosk2.out")"
echo "PASS: serial, evdev and camera scans fill the form; an unplugged scanner is shown"
