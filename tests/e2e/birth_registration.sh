# The walking skeleton through the real window: scan a card, fill in the birth
# registration, consent, submit, and see the portal's receipt number on screen.
# Expects KIOSK, KIOSKCTL, KIOSK_PORTAL and ARTIFACT_DIR in the environment.
source "$(dirname "$0")/../lib/portal.sh"
source "$(dirname "$0")/../lib/kiosk.sh"
start_e2e birth_registration
shots=$SHOTS
card=$CARD
# A network receipt printer: the receipt is printed once the portal's number arrives.
"$FAKE_PRINTER" "$WORK/printed.bin" > "$WORK/printer.addr" &
printer_pid=$!
trap 'kill $printer_pid 2> /dev/null || true; cleanup' EXIT
for _ in $(seq 1 50); do [ -s "$WORK/printer.addr" ] && break; sleep 0.1; done
sed -i "s|^printer = .*|printer = \"tcp\"|; s|^printer_path = .*|printer_path = \"$(head -1 "$WORK/printer.addr")\"|" "$WORK/kiosk.toml"
future=$(date -d '+3 days' +%d/%m/%Y)
born=$(date -d '-20 days' +%d/%m/%Y)

cat > "$WORK/script.txt" <<SCRIPT
wait_for "Quét thẻ căn cước"
screenshot $shots/01-home.png
tap "Quét thẻ căn cước"
wait_for "Đặt mặt sau thẻ căn cước"
scan "not a card"
wait_for "Không đọc được mã QR trên thẻ"
screenshot $shots/02-scan-error.png
tap "Thử lại"
scan_file $card
wait_for "Xin chào Nguyễn Văn An"
screenshot $shots/03-catalog.png
tap "Đăng ký khai sinh"
wait_for "Giấy tờ cần mang theo"
screenshot $shots/04-info.png
tap "Bắt đầu khai"
wait_for "Bước 1/5"
expect "Nguyễn Văn An"
expect "001089012345"
expect "Xã Triệu Việt Vương"
# Controls can be named by the answer they set, whatever the language.
tap "#requester_relationship=father"
screenshot $shots/05-step1-prefilled.png
tap "Tiếp tục"
wait_for "Bước 2/5"
tap "Họ, chữ đệm và tên của trẻ"
# Touch only: the on-screen keyboard, Telex for letters, the numeric pad for dates.
osk "Nguyeenx Minh Khang"
screenshot $shots/05a-keyboard-telex.png
tap key:next
osk "$future"
screenshot $shots/05b-keyboard-numeric.png
tap key:done
tap "Nam"
# Ethnicity and nationality come from lists: open, search on the keyboard, tap the item.
tap "Dân tộc"
tap "#child_ethnicity/search"
osk kinh
screenshot $shots/05c-ethnicity-search.png
tap key:done
tap "Kinh"
tap "Quốc tịch"
tap "#child_nationality/search"
osk "viet nam"
tap key:done
tap "#child_nationality=Việt Nam"
tap "Nơi sinh"
osk "Beenhj vieenj DDa khoa tirnh Hwng Yeen"
tap key:done
tap "Tiếp tục"
wait_for "Ngày sinh không được sau hôm nay, $(TZ=Asia/Ho_Chi_Minh date +%d/%m/%Y)"
screenshot $shots/06-step2-error.png
tap "Ngày sinh"
tap key:backspace
tap key:backspace
tap key:backspace
tap key:backspace
tap key:backspace
tap key:backspace
tap key:backspace
tap key:backspace
tap key:backspace
tap key:backspace
osk "$born"
tap key:done
tap "Tiếp tục"
wait_for "Bước 3/5"
tap "Họ, chữ đệm và tên người mẹ"
osk "Traanf Thij Binhf"
tap key:next
osk 1992
tap key:done
$(script_pick mother_ethnicity kinh Kinh)
screenshot $shots/07-step3.png
tap "Tiếp tục"
wait_for "Bước 4/5"
tap "Không"
tap "Tiếp tục"
wait_for "Bước 5/5"
tap "Nhận tại bộ phận một cửa"
screenshot $shots/08-delivery.png
tap "Tiếp tục"
wait_for "Kiểm tra lại thông tin"
expect "Nguyễn Minh Khang"
screenshot $shots/09-review.png
SCRIPT
script_submit_and_finish "$shots" 10 >> "$WORK/script.txt"

run_kiosk "$WORK/script.txt" --demo || fail "kiosk script failed (screenshots in $shots)"

check_one_submission 1.001193
doc=$DOC
receipt=$RECEIPT
[ "$(jq -r .answers.requester_name <<< "$doc")" = "Nguyễn Văn An" ] || fail "requester not prefilled"
# The QR code on the receipt screen carries the receipt number (read from the screenshot).
[ "$("$KIOSKCTL" decode "$shots/11-receipt.png")" = "$receipt" ] || fail "screen QR is not the receipt number"
[ "$(jq -r .answers.requester_address.commune_code <<< "$doc")" = 12223 ] \
    || fail "pre-2025 card address not mapped to today's commune"
[ "$(jq -r .answers.delivery_method <<< "$doc")" = office ] || fail "delivery choice lost"
[ "$(jq -r .answers.child_name <<< "$doc")" = "Nguyễn Minh Khang" ] || fail "typed answer lost"
[ "$(jq -r .answers.child_ethnicity <<< "$doc")" = Kinh ] || fail "ethnicity not chosen from the list"
[ "$(jq -r .answers.mother_ethnicity <<< "$doc")" = Kinh ] || fail "mother's ethnicity lost"
[ "$(jq -r .answers.child_nationality <<< "$doc")" = "Việt Nam" ] || fail "nationality lost"
[ "$(jq -r .answers.child_date_of_birth <<< "$doc")" = "$(date -d '-20 days' +%F)" ] \
    || fail "date not converted to ISO"
[ "$(jq -r '.answers | has("father_name")' <<< "$doc")" = false ] || fail "hidden field sent"
# The receipt went to the printer as one ESC/POS raster job, and the screen said so.
for _ in $(seq 1 50); do [ -s "$WORK/printed.bin" ] && break; sleep 0.1; done
[ "$(head -c 5 "$WORK/printed.bin" | od -An -tx1 | tr -d ' \n')" = 1b401d7630 ] || fail "no receipt printed"
[ "$(tail -c 3 "$WORK/printed.bin" | od -An -tx1 | tr -d ' \n')" = 1d5601 ] || fail "receipt job not cut"
grep -qxF "Xin nhận phiếu tiếp nhận ở khe máy in." "$WORK/receipt-screen.txt" \
    || grep -qxF "Đang in phiếu tiếp nhận..." "$WORK/receipt-screen.txt" || fail "printing not shown"
# The kiosk's sync worker reported in: a heartbeat with queue figures and no personal data.
terminals=$("$KIOSK_PORTAL" terminals --db "$WORK/portal.sqlite")
jq -e '.[0].last_report | has("queue_depth") and has("version")' <<< "$terminals" > /dev/null \
    || fail "no heartbeat from the kiosk"
if grep -q "Nguyễn" <<< "$terminals"; then fail "personal data in a heartbeat"; fi
echo "PASS: receipt $receipt shown on screen and held by the portal; screenshots in $shots"
