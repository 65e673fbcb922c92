# A citizen alone at an offline kiosk pays a per-page fee by bank transfer: the certified copy
# (2.000815) of a 3-page paper, so 5.000 đồng (2.000 + 2.000 + 1.000). The consent screen says
# the fee due; the finish screen shows the final dossier number from the terminal's block and
# a VietQR code for 5.000 đồng with that number as the note, both read back from the screenshot;
# the printed receipt carries the same two codes. When the network returns, the portal holds
# the dossier under the same number with the fee due, and the province's bank statement
# naming that number marks the fee paid. The citizen rates the visit on the way out; the
# rating waits behind the dossier and reaches the portal's figures after it.
# Expects KIOSK, KIOSKCTL, KIOSK_PORTAL and ARTIFACT_DIR in the environment.
source "$(dirname "$0")/../lib/portal.sh"
source "$(dirname "$0")/../lib/kiosk.sh"
start_e2e fee_by_transfer
shots=$SHOTS
"$KIOSK_PORTAL" unit set 00004 000.00.12.H26 --db "$PORTAL_DB" > /dev/null
# Enrolled again so the terminal's block is in the commune's receiving unit.
code=$("$KIOSK_PORTAL" enroll-code --db "$PORTAL_DB" --replace KIOSK-TEST)
kctl provision --portal "$PORTAL_URL" --enroll-code "$code" --terminal-id KIOSK-TEST \
    --commune 00004 > /dev/null
sed -i "s|^bank_bin = .*|bank_bin = '970415'|; s|^account_no = .*|account_no = '113366668888'|; s|^account_name = .*|account_name = 'UBND XA TRIEU VIET VUONG'|" \
    "$WORK/kiosk.toml"
kctl config check > /dev/null || fail "config with [payment] does not check: $(kctl config check 2>&1)"
"$FAKE_PRINTER" "$WORK/printed.bin" > "$WORK/printer.addr" &
printer_pid=$!
trap 'kill $printer_pid 2> /dev/null || true; cleanup' EXIT
for _ in $(seq 1 50); do [ -s "$WORK/printer.addr" ] && break; sleep 0.1; done
sed -i "s|^printer = .*|printer = \"tcp\"|; s|^printer_path = .*|printer_path = \"$(head -1 "$WORK/printer.addr")\"|" "$WORK/kiosk.toml"
stop_portal # offline from here until the citizen has left

script_scan_and_open "Chứng thực bản sao từ bản chính" > "$WORK/script.txt"
cat >> "$WORK/script.txt" << SCRIPT
tap "Bắt đầu khai"
wait_for "Bước 1/4"
tap "Tiếp tục"
wait_for "Bước 2/4"
tap "Loại giấy tờ"
wait_for "Giấy tờ khác"
tap "Giấy tờ khác"
wait_for "Tên giấy tờ"
tap "Tên giấy tờ"
type "Quyết định nghỉ hưu"
tap "Tiếp tục"
wait_for "Bước 3/4"
tap "Số trang của giấy tờ"
key backspace
type "3"
tap "Tôi cam đoan bản chính là giấy tờ thật, không bị tẩy xóa, sửa chữa"
tap "Tiếp tục"
wait_for "Bước 4/4"
tap "Nhận tại bộ phận một cửa"
tap "Tiếp tục"
wait_for "Kiểm tra lại thông tin"
tap "Thông tin đã đúng"
wait_for "Đồng ý sử dụng thông tin"
screenshot $shots/05-consent.png
expect "Lệ phí phải nộp: 5.000 đồng"
tap "Tôi đồng ý và nộp hồ sơ"
wait_for "Đã lưu hồ sơ"
wait_for "Nộp lệ phí bằng chuyển khoản"
wait 1500
screenshot $shots/06-saved-offline.png
dump_text $WORK/saved-screen.txt
tap "Hoàn tất"
wait_for "Bà con có hài lòng với việc nộp hồ sơ hôm nay không?"
screenshot $shots/08-rating.png
tap "Hài lòng"
wait_for "Gửi đánh giá"
screenshot $shots/09-rating-chosen.png
tap "Gửi đánh giá"
wait_for "Cảm ơn bà con đã đánh giá!"
screenshot $shots/10-rating-thanks.png
tap "Hoàn tất"
wait_for "Quét thẻ căn cước"
quit
SCRIPT
run_kiosk "$WORK/script.txt" || fail "kiosk script failed (screenshots in $shots)"

number=$(kctl queue list --json | jq -r '.[0].receipt_no')
[[ "$number" =~ ^000\.00\.12\.H26-[0-9]{6}-[1-9][0-9]{3}$ ]] || fail "no final dossier number offline: $number"
[ "$(kctl queue list --json | jq -r '.[0].state')" != accepted ] || fail "delivered while offline?"
grep -qxF "$number" "$WORK/saved-screen.txt" || fail "the dossier number is not on the screen"
grep -qF "Số tiền: 5.000 đồng" "$WORK/saved-screen.txt" || fail "the fee due is not on the screen"
vietqr=$(kctl payment qr --amount 5000 --note "$number")
# The screen's two codes, side by side without scrolling: the dossier number and the transfer.
[ "$("$KIOSKCTL" decode "$shots/06-saved-offline.png" | sort)" = "$(printf '%s\n%s\n' "$number" "$vietqr" | sort)" ] \
    || fail "screen codes: $("$KIOSKCTL" decode "$shots/06-saved-offline.png")"
# The printed receipt: the transfer, then the lookup.
for _ in $(seq 1 50); do [ -s "$WORK/printed.bin" ] && break; sleep 0.1; done
"$ESCPOS_PNG" "$WORK/printed.bin" "$shots/07-receipt" > /dev/null || fail "no receipt printed"
[ "$("$KIOSKCTL" decode "$shots/07-receipt-1.png")" = "$vietqr
$number" ] || fail "printed codes: $("$KIOSKCTL" decode "$shots/07-receipt-1.png")"

# The rating waits in the outbox behind its dossier.
[ "$(kctl status --json | jq -r .ratings.waiting_for_submission)" = 1 ] \
    || fail "the rating was not queued behind its dossier: $(kctl status --json | jq -c .ratings)"

# The network returns: the portal keeps the terminal's number and the fee due.
start_portal "$PORTAL_PORT"
kctl sync --until-empty --timeout 30 > /dev/null || fail "the queue did not drain"
received=$("$KIOSK_PORTAL" list --json --db "$PORTAL_DB")
[ "$(jq -r '.[0].receipt_no' <<< "$received")" = "$number" ] || fail "the portal gave another number"
[ "$(jq -r '.[0].document.fee.due_vnd' <<< "$received")" = 5000 ] || fail "fee due not sent"
[ "$(kctl queue list --json | jq -r '.[0].receipt_no')" = "$number" ] || fail "receipt changed"
# The rating followed its dossier, once, and the figures count it.
ratings=$("$KIOSK_PORTAL" figures --db "$PORTAL_DB" | jq -c .ratings.receipt)
[ "$(jq -c '[.count, .satisfaction]' <<< "$ratings")" = '[1,[0,0,1]]' ] \
    || fail "the portal's satisfaction figures: $ratings"
[ "$(kctl status --json | jq -c '[.ratings.unsent, .ratings.delivered]')" = '[0,1]' ] \
    || fail "the rating is not marked delivered: $(kctl status --json | jq -c .ratings)"

# The bank statement: the citizen's transfer, its note as the bank wrote it.
note=$(tr -d '.-' <<< "$number")
printf 'Ngày giao dịch,Số tiền,Nội dung,Số tham chiếu\n01/12/2026,5.000,%s le phi,FT1\n' \
    "$note" > "$WORK/statement.csv"
"$KIOSK_PORTAL" fees import --db "$PORTAL_DB" --csv "$WORK/statement.csv" --json > "$WORK/import.json" \
    || fail "the statement was not imported"
[ "$(jq -r '.payments[0].receipt_no' "$WORK/import.json")" = "$number" ] \
    || fail "the transfer did not match the dossier: $(cat "$WORK/import.json")"
echo "PASS: dossier $number offline with a 5.000 đồng VietQR on screen and receipt; kept by the portal; paid; rated"
