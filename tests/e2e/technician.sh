# Technician mode: a technician's PIN opens diagnostics, the configuration in use, "send
# now" and a log export to a USB folder typed on the on-screen keyboard.
source "$(dirname "$0")/../lib/portal.sh"
source "$(dirname "$0")/../lib/kiosk.sh"
start_e2e technician
echo 730159 | kctl staff add tech.hv --name "Hoàng Văn Kỹ" --role technician > /dev/null
mkdir -p "$WORK/usb"
script_staff_login "Hoàng Văn Kỹ" 730159 > "$WORK/script.txt"
cat >> "$WORK/script.txt" <<SCRIPT
wait_for "Chế độ kỹ thuật"
wait_for "url = 'http://127.0.0.1"
tap "Kiểm tra thiết bị"
wait_for "Kết quả kiểm tra" 20000
screenshot $SHOTS/01-diagnostics.png
tap "Gửi hồ sơ ngay"
wait_for "Đang gửi:"
tap "Thư mục USB"
$(for _ in $(seq 1 10); do echo "tap key:backspace"; done)
osk "$WORK/usb"
tap key:done
tap "Xuất nhật ký ra USB"
wait_for "Đã xuất nhật ký" 20000
screenshot $SHOTS/02-exported.png
tap "Kết thúc"
wait_for "Quét thẻ căn cước"
quit
SCRIPT
run_kiosk "$WORK/script.txt" || fail "technician script failed (screenshots in $SHOTS)"
exported=$(ls "$WORK"/usb/kiosk-log-*.txt 2> /dev/null | head -1)
[ -n "$exported" ] || fail "no log file on the USB folder"
jq -e '.diagnostics.checks | length > 0' < <(sed '/^$/q' "$exported") > /dev/null \
    || fail "diagnostics missing from the export"
echo "PASS: diagnostics, send now and log export from the technician screen"
