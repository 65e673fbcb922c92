# The certified copy from the original (2.000815) by touch through the real window: scan the
# card, check the prefilled requester, pick "Giấy tờ khác" so its name is asked for, count the
# pages, tick the declaration, the appended "Nhận kết quả" step, review, consent, and the
# portal's receipt. Inline errors are checked on the way (a short phone number, an empty
# required text, a page count below the minimum, an unticked declaration, cash that is not
# the fee the pages make due).
# Expects KIOSK, KIOSKCTL, KIOSK_PORTAL and ARTIFACT_DIR in the environment.
source "$(dirname "$0")/../lib/portal.sh"
source "$(dirname "$0")/../lib/kiosk.sh"
start_e2e certified_copy
shots=$SHOTS

# Assisted: a postal staff member logs in with a PIN (a wrong one first) before scanning.
echo 482916 | kctl staff add lan.pt --name "Phạm Thị Lan" > /dev/null
cat > "$WORK/script.txt" <<SCRIPT
wait_for "Dành cho cán bộ"
tap "Dành cho cán bộ"
wait_for "Đăng nhập cán bộ"
tap "Phạm Thị Lan"
tap "Mã PIN"
osk 000001
tap key:done
tap "Đăng nhập"
wait_for "Mã PIN không đúng. Còn 4"
screenshot $shots/00a-staff-wrong-pin.png
tap "Mã PIN"
osk 482916
tap key:done
tap "Đăng nhập"
wait_for "Chế độ hỗ trợ: cán bộ Phạm Thị Lan"
screenshot $shots/00b-assisting.png
SCRIPT
script_scan_and_open "Chứng thực bản sao từ bản chính" >> "$WORK/script.txt"
cat >> "$WORK/script.txt" <<SCRIPT
expect "2.000 đồng / trang"
tap "Bắt đầu khai"

# Step 1: the requester, prefilled from the card; a phone number too short is refused.
wait_for "Bước 1/4"
expect "Nguyễn Văn An"
expect "001089012345"
expect "Xã Triệu Việt Vương"
screenshot $shots/05-step1-prefilled.png
tap "Số điện thoại (không bắt buộc)"
type "09123"
tap "Tiếp tục"
wait_for "Số điện thoại gồm 10 chữ số, bắt đầu bằng 0"
screenshot $shots/06-step1-phone-error.png
tap "Số điện thoại (không bắt buộc)"
type "45678"
screenshot $shots/07-step1-phone-fixed.png
tap "Tiếp tục"

# Step 2: "Giấy tờ khác" shows the document's name, which is required.
wait_for "Bước 2/4"
screenshot $shots/08-step2-empty.png
tap "Loại giấy tờ"
wait_for "Giấy tờ khác"
screenshot $shots/09-step2-picker.png
tap "Giấy tờ khác"
wait_for "Tên giấy tờ"
tap "Cơ quan cấp giấy tờ (không bắt buộc)"
type "Bảo hiểm xã hội tỉnh Hưng Yên"
tap "Tiếp tục"
wait_for "Vui lòng điền “Tên giấy tờ”"
screenshot $shots/10-step2-error.png
tap "Tên giấy tờ"
type "Quyết định nghỉ hưu"
screenshot $shots/11-step2-filled.png
tap "Tiếp tục"

# Step 3: pages and copies; zero pages and an unticked declaration are refused. The number
# of copies is left empty: its default of 1 is sent.
wait_for "Bước 3/4"
screenshot $shots/12-step3-empty.png
tap "Số trang của giấy tờ"
key backspace
type "0"
tap "Tiếp tục"
wait_for "Số trang của giấy tờ phải là số từ 1 đến 500"
expect "Vui lòng đánh dấu vào ô “Tôi cam đoan bản chính là giấy tờ thật, không…” để xác nhận"
screenshot $shots/13-step3-errors.png
tap "Số trang của giấy tờ"
key backspace
type "3"
tap "Tôi cam đoan bản chính là giấy tờ thật, không bị tẩy xóa, sửa chữa"
screenshot $shots/14-step3-filled.png
tap "Tiếp tục"

# Step 4: appended by the loader.
wait_for "Bước 4/4"
screenshot $shots/15-step4-empty.png
tap "Nhận tại bộ phận một cửa"
screenshot $shots/16-step4-delivery.png
tap "Tiếp tục"

wait_for "Kiểm tra lại thông tin"
expect "Quyết định nghỉ hưu"
screenshot $shots/17-review.png
dump_text $WORK/review-screen.txt
# Scroll to the end of the review by way of its last edit button, and come back.
tap "Sửa Nhận kết quả"
wait_for "Bước 4/4"
tap "Tiếp tục"
wait_for "Kiểm tra lại thông tin"
screenshot $shots/18-review-end.png
SCRIPT
# The fee for 3 pages is computed (2.000 + 2.000 + 1.000): staff typing 6.000 are told both
# amounts and how to fix it, and nothing is submitted until they do.
backspaces=$(for _ in 1 2 3 4; do echo "tap key:backspace"; done)
# The cash is a staff step of its own, before the citizen's consent.
fee_lines="wait_for \"Dành cho cán bộ: thu lệ phí\"
expect \"Lệ phí phải nộp: 5.000 đồng\"
expect \"5000\"
tap \"Lệ phí đã thu bằng tiền mặt (đồng)\"
$backspaces
osk 6000
tap key:done
tap \"Tiếp tục\"
wait_for \"Số tiền đã thu 6.000 đồng khác lệ phí phải nộp 5.000 đồng\"
expect_absent \"Tôi đồng ý và nộp hồ sơ\"
screenshot $shots/19a-fee-mismatch.png
tap \"Lệ phí đã thu bằng tiền mặt (đồng)\"
$backspaces
osk 5000
tap key:done
tap \"Tiếp tục\""
consent_lines="expect \"Cán bộ đã thu bằng tiền mặt: 5.000 đồng\"
expect_absent \"Lệ phí đã thu bằng tiền mặt (đồng)\""
script_submit_and_finish "$shots" 19 "$consent_lines" "$fee_lines" >> "$WORK/script.txt"

run_kiosk "$WORK/script.txt" --demo || fail "kiosk script failed (screenshots in $shots)"

check_one_submission 2.000815
[ "$(kctl queue list --json | jq -r '.[0].assisted_by')" = lan.pt ] || fail "assisted_by not recorded"
[ "$(kctl queue list --json | jq -r '.[0].fee_collected_vnd')" = 5000 ] || fail "fee not recorded"
grep -q "Chế độ hỗ trợ: cán bộ Phạm Thị Lan" "$WORK/home-after.txt" || fail "staff logged out by finishing"

# The staff queue screen: today's figures per operator, states, and no personal data; the
# end-of-day slip goes to a (fake) network printer.
"$FAKE_PRINTER" "$WORK/printed.bin" > "$WORK/printer.addr" &
printer_pid=$!
trap 'kill $printer_pid 2> /dev/null || true; cleanup' EXIT
for _ in $(seq 1 50); do [ -s "$WORK/printer.addr" ] && break; sleep 0.1; done
sed -i "s|^printer = .*|printer = \"tcp\"|; s|^printer_path = .*|printer_path = \"$(head -1 "$WORK/printer.addr")\"|" "$WORK/kiosk.toml"
script_staff_login "Phạm Thị Lan" 482916 > "$WORK/queue-script.txt"
cat >> "$WORK/queue-script.txt" <<SCRIPT
wait_for "Chế độ hỗ trợ"
tap "Hàng đợi"
wait_for "Hôm nay: 1 hồ sơ"
screenshot $shots/20-staff-queue.png
dump_text $WORK/queue-screen.txt
tap "In báo cáo cuối ngày"
wait 1500
quit
SCRIPT
run_kiosk "$WORK/queue-script.txt" || fail "queue screen script failed (screenshots in $shots)"
for _ in $(seq 1 50); do [ -s "$WORK/printed.bin" ] && break; sleep 0.1; done
# One job, cut, no QR code (the slip names no submission), as tall as a few lines of text.
"$ESCPOS_PNG" "$WORK/printed.bin" "$shots/21-day-slip" > "$WORK/slip.txt" || fail "nothing printed"
grep -qE "^job 1: 576x[0-9]+$" "$WORK/slip.txt" || fail "end-of-day slip: $(cat "$WORK/slip.txt")"
[ "$(wc -l < "$WORK/slip.txt")" = 1 ] || fail "more than the slip was printed"
[ "$(tail -c 3 "$WORK/printed.bin" | od -An -tx1 | tr -d ' \n')" = 1d5601 ] || fail "slip not cut"
grep -qF "Phạm Thị Lan: 1 (5.000 đồng)" "$WORK/queue-screen.txt" || fail "operator (by name), count or fee missing"
grep -qF "Cổng đã nhận" "$WORK/queue-screen.txt" || fail "state missing"
if grep -q "Nguyễn\|001089012345" "$WORK/queue-screen.txt"; then fail "personal data on the queue screen"; fi
doc=$DOC
receipt=$RECEIPT
answer() { jq -r ".answers.$1" <<< "$doc"; }
[ "$(answer requester_name)" = "Nguyễn Văn An" ] || fail "requester not prefilled from the card"
[ "$(answer requester_id_number)" = 001089012345 ] || fail "requester ID not prefilled"
[ "$(answer requester_address.commune_code)" = 12223 ] \
    || fail "pre-2025 card address not mapped to today's commune"
[ "$(answer requester_phone)" = 0912345678 ] || fail "corrected phone lost"
[ "$(answer document_type)" = other ] || fail "select answer lost"
[ "$(answer document_name)" = "Quyết định nghỉ hưu" ] || fail "typed document name lost"
[ "$(answer document_issuer)" = "Bảo hiểm xã hội tỉnh Hưng Yên" ] || fail "typed issuer lost"
grep -qxF "Tên giấy tờ: Quyết định nghỉ hưu" "$WORK/review-screen.txt" || fail "document name not on the review"
[ "$(answer page_count)" = 3 ] || fail "corrected page count lost: $(answer page_count)"
[ "$(answer copy_count)" = 1 ] || fail "default number of copies not sent: $(answer copy_count)"
[ "$(answer original_intact)" = true ] || fail "declaration not ticked"
[ "$(jq -r .fee.due_vnd <<< "$doc")" = 5000 ] || fail "the fee due was not sent"
[ "$(jq -r .fee.collected_vnd <<< "$doc")" = 5000 ] || fail "the cash taken was not sent"
[ "$(answer delivery_method)" = office ] || fail "delivery choice lost"
echo "PASS: certified copy receipt $receipt on screen and held by the portal; screenshots in $shots"
