# Queue numbers for the counter through the real window: "Lấy số thứ tự" on the home screen,
# a line picked twice, two tickets printed on a fake network printer (turned back into
# pictures, their QR codes read back), a staff member logged in who chooses counter 2 and
# calls the next number: the announcement is on screen and was spoken (into a file), the
# end-of-day slip follows. On the way, the citizen taps "Nhờ cán bộ giúp": the staff member
# finds the call (when, on which screen) on the queue screen and marks it helped. Then `kioskctl counter` on the same numbers, and every new screen
# again at 1080x1920 (portrait), each at the normal and the largest text size.
# Expects KIOSK, KIOSKCTL, KIOSK_PORTAL, FAKE_PRINTER, ESCPOS_PNG and ARTIFACT_DIR.
source "$(dirname "$0")/../lib/portal.sh"
source "$(dirname "$0")/../lib/kiosk.sh"
start_e2e queue_numbers
speech="$WORK/speech.raw"
echo 482916 | kctl staff add lan.pt --name "Phạm Thị Lan" > /dev/null
"$FAKE_PRINTER" "$WORK/printed.bin" > "$WORK/printer.addr" &
printer_pid=$!
trap 'kill $printer_pid 2> /dev/null || true; cleanup' EXIT
for _ in $(seq 1 50); do [ -s "$WORK/printer.addr" ] && break; sleep 0.1; done
# Provisioning wrote every setting, [counter] included: the values are replaced in place.
sed -i "s|^printer = .*|printer = \"tcp\"|; s|^printer_path = .*|printer_path = \"$(head -1 "$WORK/printer.addr")\"|
s|^read_aloud_output = .*|read_aloud_output = '$speech'|
s|^lines = .*|lines = [\"HT:Hộ tịch\", \"CT:Chứng thực\", \"BT:Bảo trợ xã hội\"]|
s|^counters = .*|counters = 2|" "$WORK/kiosk.toml"
kctl config check > /dev/null || fail "config: $(kctl config check)"
today=$(date -u -d "@$(( $(date +%s) + 7 * 3600 ))" +%F) # Vietnam's day

cat > "$WORK/script.txt" <<SCRIPT
wait_for "Lấy số thứ tự"
screenshot $SHOTS/01-home.png
tap "Lấy số thứ tự"
wait_for "Bà con cần làm dịch vụ nào tại quầy?"
expect "Chứng thực"
expect "Bảo trợ xã hội"
screenshot $SHOTS/02-lines.png
tap "Hộ tịch"
wait_for "Mời bà con nhận phiếu ở khe máy in." 20000
expect "Đang chờ trước bà con: 0 người"
screenshot $SHOTS/03-first-ticket.png
tap "Hộ tịch"
wait_for "Đang chờ trước bà con: 1 người" 20000
expect "Mời bà con nhận phiếu ở khe máy in."
screenshot $SHOTS/04-second-ticket.png
dump_text $WORK/ticket-screen.txt
tap "Nhờ cán bộ giúp"
wait_for "Đã báo cán bộ. Xin bà con chờ tại đây"
expect "Đã báo cán bộ"
screenshot $SHOTS/04b-help-called.png
tap "Chữ to hơn"
wait 500
tap "Chữ to hơn"
wait_for "Chữ nhỏ lại"
screenshot $SHOTS/05-second-ticket-largest-text.png
tap "Về trang đầu"
wait_for "Quét thẻ căn cước"
SCRIPT
script_staff_login "Phạm Thị Lan" 482916 >> "$WORK/script.txt"
cat >> "$WORK/script.txt" <<SCRIPT
wait_for "Chế độ hỗ trợ: cán bộ Phạm Thị Lan"
screenshot $SHOTS/06-assisting.png
expect_absent "Nhờ cán bộ giúp"
tap "Hàng đợi · 1 người cần giúp"
wait_for "Người dân cần giúp, lúc"
expect "ở màn hình “Lấy số thứ tự”"
screenshot $SHOTS/06b-help-listed.png
tap "Đã đến giúp"
wait 500
expect_absent "Người dân cần giúp"
tap "Về trang đầu"
wait_for "Chế độ hỗ trợ: cán bộ Phạm Thị Lan"
expect "Hàng đợi"
tap "Gọi số"
wait_for "Bạn ngồi ở quầy số mấy?"
screenshot $SHOTS/07-choose-counter.png
tap "Quầy 2"
wait_for "Đang chờ: 2 người"
expect "Bạn gọi số đến Quầy 2"
screenshot $SHOTS/08-counter.png
tap "#call/HT"
wait_for "Mời số 1 đến quầy 2" 20000
expect "Đã mời số 1 (Hộ tịch) đến quầy 2."
expect "Đang chờ: 1 người"
screenshot $SHOTS/09-announced.png
dump_text $WORK/announced.txt
tap "Về trang đầu"
wait_for "Quét thẻ căn cước"
expect "Mời số 1 đến quầy 2"
screenshot $SHOTS/10-announced-on-home.png
wait 9000
dump_text $WORK/after-announcement.txt
tap "Gọi số"
wait_for "Đang chờ: 1 người"
tap "Chữ to hơn"
wait 500
tap "Chữ to hơn"
wait_for "Chữ nhỏ lại"
screenshot $SHOTS/11-counter-largest-text.png
tap "#call/CT"
wait_for "Không còn ai chờ ở Chứng thực."
tap "Hàng đợi"
wait_for "Hôm nay:"
tap "In báo cáo cuối ngày"
wait 1500
quit
SCRIPT
run_kiosk "$WORK/script.txt" || fail "kiosk script failed (screenshots in $SHOTS)"

grep -qxF "Mời số 1 đến quầy 2" "$WORK/announced.txt" || fail "announcement not on screen"
grep -qF "Hộ tịch · Number 1, please go to counter 2" "$WORK/announced.txt" \
    || fail "announcement's English line missing"
if grep -qF "Mời số 1 đến quầy 2" "$WORK/after-announcement.txt"; then
    fail "the announcement stayed on screen"
fi
grep -qxF "2" "$WORK/ticket-screen.txt" || fail "second number not shown large on screen"
# The call was spoken: at least a second of 22 kHz 16-bit audio.
[ -s "$speech" ] && [ "$(stat -c %s "$speech")" -gt 44000 ] || fail "the call was not spoken"

# The printer got two tickets and the end-of-day slip, in that order.
for _ in $(seq 1 50); do [ -s "$WORK/printed.bin" ] && break; sleep 0.1; done
"$ESCPOS_PNG" "$WORK/printed.bin" "$SHOTS/printed" > "$WORK/jobs.txt" || fail "nothing printed"
[ "$(wc -l < "$WORK/jobs.txt")" = 3 ] || fail "expected 2 tickets and a slip: $(cat "$WORK/jobs.txt")"
[ "$(kctl decode "$SHOTS/printed-1.png")" = "STT HT 1 $today" ] \
    || fail "first ticket: $(kctl decode "$SHOTS/printed-1.png" 2>&1)"
[ "$(kctl decode "$SHOTS/printed-2.png")" = "STT HT 2 $today" ] \
    || fail "second ticket: $(kctl decode "$SHOTS/printed-2.png" 2>&1)"
# Two tickets of the same layout: the same size.
[ "$(sed -n 1p "$WORK/jobs.txt" | cut -d' ' -f3)" = "$(sed -n 2p "$WORK/jobs.txt" | cut -d' ' -f3)" ] \
    || fail "tickets of different sizes: $(cat "$WORK/jobs.txt")"
if kctl decode "$SHOTS/printed-3.png" > /dev/null 2>&1; then
    fail "the end-of-day slip carries a QR code"
fi

# The same numbers from the command line.
status=$(kctl counter status --json)
[ "$(jq -r .day <<< "$status")" = "$today" ] || fail "status day: $status"
line() { jq -r ".lines[] | select(.line == \"$1\") | \"\(.issued) \(.called) \(.waiting)\"" <<< "$status"; }
[ "$(line HT)" = "2 1 1" ] || fail "HT figures: $(line HT)"
[ "$(line CT)" = "0 0 0" ] || fail "CT figures: $(line CT)"
[ "$(jq -r '.lines[0].name' <<< "$status")" = "Hộ tịch" ] || fail "line names: $status"
[ "$(kctl counter take CT)" = 1 ] || fail "counter take"
[ "$(kctl counter take ct)" = 2 ] || fail "counter take, code in lower case"
[ "$(kctl counter next CT --counter 1)" = 1 ] || fail "counter next"
[ "$(kctl counter next HT --counter 2)" = 2 ] || fail "counter next, the kiosk's number"
set +e
kctl counter next HT --counter 1 > /dev/null 2> "$WORK/err"; rc=$?
set -e
[ "$rc" = 1 ] && grep -qF "nobody is waiting on HT" "$WORK/err" || fail "next with nobody waiting: $rc"
set +e
kctl counter next CT --counter 3 > /dev/null 2> "$WORK/err"; rc=$?
set -e
[ "$rc" = 2 ] && grep -qF -- "--counter must be 1 to 2" "$WORK/err" || fail "counter 3 of 2: $rc"
set +e
kctl counter take XX > /dev/null 2> "$WORK/err"; rc=$?
set -e
[ "$rc" = 2 ] && grep -qF "no line XX in [counter] lines" "$WORK/err" || fail "unknown line: $rc"
kctl counter status | grep -qE "^CT +issued +2 +called +1 +waiting +1 +Chứng thực$" \
    || fail "status text: $(kctl counter status)"
# A ticket printed from the command line (a staff PC): the next number of its line.
: > "$WORK/printed.bin"
[ "$(kctl counter take BT --print)" = 1 ] || fail "counter take --print"
for _ in $(seq 1 50); do [ -s "$WORK/printed.bin" ] && break; sleep 0.1; done
"$ESCPOS_PNG" "$WORK/printed.bin" "$WORK/cli-ticket" > /dev/null || fail "--print printed nothing"
[ "$(kctl decode "$WORK/cli-ticket-1.png")" = "STT BT 1 $today" ] || fail "--print ticket"

# Every new screen on a portrait screen, at the normal and the largest text size. First, a
# number called from a staff PC (kioskctl on this terminal's data) while the kiosk runs is
# announced on its screen too.
cat > "$WORK/portrait.txt" <<SCRIPT
wait_for "Lấy số thứ tự"
screenshot $SHOTS/p01-home.png
wait_for "Mời số 2 đến quầy 2" 30000
screenshot $SHOTS/p01b-called-from-staff-pc.png
dump_text $WORK/called-elsewhere.txt
wait 8500
tap "Chữ to hơn"
wait 500
tap "Chữ to hơn"
wait_for "Chữ nhỏ lại"
screenshot $SHOTS/p02-home-largest-text.png
swipe 540 1700 -1400
swipe 540 1700 -1400
wait 500
screenshot $SHOTS/p02b-home-largest-text-foot.png
tap "Lấy số thứ tự"
wait_for "Bà con cần làm dịch vụ nào tại quầy?"
screenshot $SHOTS/p03-lines-largest-text.png
tap "Bảo trợ xã hội"
wait_for "Đang chờ trước bà con: 1 người" 20000
screenshot $SHOTS/p04-ticket-largest-text.png
tap "Về trang đầu"
wait_for "Quét thẻ căn cước"
tap "Lấy số thứ tự"
tap "Chứng thực"
wait_for "Đang chờ trước bà con: 0 người" 20000
screenshot $SHOTS/p05-ticket.png
tap "Về trang đầu"
wait_for "Quét thẻ căn cước"
SCRIPT
script_staff_login "Phạm Thị Lan" 482916 >> "$WORK/portrait.txt"
cat >> "$WORK/portrait.txt" <<SCRIPT
wait_for "Chế độ hỗ trợ: cán bộ Phạm Thị Lan"
screenshot $SHOTS/p06-assisting.png
tap "Gọi số"
wait_for "Bạn ngồi ở quầy số mấy?"
screenshot $SHOTS/p07-choose-counter.png
tap "Quầy 1"
wait_for "Đang chờ: 2 người"
screenshot $SHOTS/p08-counter.png
tap "#call/BT"
wait_for "Mời số 1 đến quầy 1" 20000
screenshot $SHOTS/p09-announced.png
wait 8000
tap "Chữ to hơn"
wait 500
tap "Chữ to hơn"
wait_for "Chữ nhỏ lại"
screenshot $SHOTS/p10-counter-largest-text.png
tap "Về trang đầu"
wait_for "Quét thẻ căn cước"
tap "Chữ to hơn"
wait 500
tap "Chữ to hơn"
wait_for "Chữ nhỏ lại"
screenshot $SHOTS/p11-assisting-largest-text.png
tap "Gọi số"
wait_for "Đang chờ"
screenshot $SHOTS/p12-counter-largest-text.png
quit
SCRIPT
KIOSK_SIZE=1080x1920 run_kiosk "$WORK/portrait.txt" &
kiosk_pid=$!
for _ in $(seq 1 300); do [ -s "$SHOTS/p01-home.png" ] && break; sleep 0.1; done
[ "$(kctl counter next CT --counter 2)" = 2 ] || fail "counter next from the staff PC"
wait $kiosk_pid || fail "portrait script failed (screenshots in $SHOTS)"
grep -qxF "Chứng thực · Number 2, please go to counter 2" "$WORK/called-elsewhere.txt" \
    || fail "a call from the staff PC was not announced"
echo "PASS: queue numbers taken, printed, called and announced; screenshots in $SHOTS"
