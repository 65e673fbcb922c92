# What the card says is the citizen's own to keep or to correct, never to retype: in a birth
# registration the requester's name, number, birth date and sex are shown locked; "Thông tin
# trên thẻ không đúng?" asks why, and only then the name can be changed. The mother's step is
# filled from her own card ("Quét thẻ căn cước của người mẹ"): the citizen's card is refused
# there, the mother's fills in her name, birth year and number and is not kept. The portal
# gets the correction's reason and field, and the office's dossier page warns about it.
# Expects KIOSK, KIOSKCTL, KIOSK_PORTAL and ARTIFACT_DIR in the environment.
source "$(dirname "$0")/../lib/portal.sh"
source "$(dirname "$0")/../lib/kiosk.sh"
start_e2e card_data
shots=$SHOTS
card=$CARD
mother="001160012345|987654321|Trần Thị Bình|21031990|Nữ|Xóm 4, Xã Dạ Trạch, Huyện Khoái Châu, Tỉnh Hưng Yên|01072021"
born=$(date -d '-20 days' +%d/%m/%Y)

cat > "$WORK/script.txt" <<SCRIPT
wait_for "Quét thẻ căn cước"
tap "Quét thẻ căn cước"
wait_for "Đặt mặt sau thẻ căn cước"
scan_file $card
wait_for "Xin chào Nguyễn Văn An"
tap "Đăng ký khai sinh"
wait_for "Giấy tờ cần mang theo"
tap "Bắt đầu khai"
wait_for "Bước 1/5"
expect "Theo thẻ căn cước, không sửa ở đây"
screenshot $shots/01-locked.png
tap "Thông tin trên thẻ không đúng?"
wait_for "Lý do là gì?"
screenshot $shots/02-why.png
tap "Quay lại, thông tin đã đúng"
expect "Theo thẻ căn cước, không sửa ở đây"
tap "Thông tin trên thẻ không đúng?"
wait_for "Lý do là gì?"
tap "Máy đọc sai thông tin trên thẻ"
wait 300
expect_absent "Theo thẻ căn cước, không sửa ở đây"
expect_absent "Thông tin trên thẻ không đúng?"
tap "Họ, chữ đệm và tên"
osk "h"
tap key:done
screenshot $shots/03-corrected.png
tap "#requester_relationship=father"
tap "Tiếp tục"
wait_for "Bước 2/5"
tap "Họ, chữ đệm và tên của trẻ"
osk "Nguyeenx Minh Khang"
tap key:next
osk "$born"
tap key:done
tap "Nam"
$(script_pick child_ethnicity kinh Kinh)
$(script_pick child_nationality "viet nam" "Việt Nam")
tap "Nơi sinh"
osk "Beenhj vieenj DDa khoa tirnh Hwng Yeen"
tap key:done
tap "Tiếp tục"
wait_for "Bước 3/5"
tap "Quét thẻ căn cước của người mẹ"
wait_for "Đặt mặt sau thẻ căn cước của người này lên máy đọc"
screenshot $shots/04-second-card.png
scan "not a card"
wait_for "Không đọc được mã QR trên thẻ này"
scan_file $card
wait_for "Đây là thẻ của bà con"
screenshot $shots/05-own-card.png
scan "$mother"
wait_for "Trần Thị Bình"
expect "1990"
expect "001160012345"
wait 300
expect_absent "Đặt mặt sau thẻ căn cước của người này lên máy đọc"
screenshot $shots/06-mother-filled.png
$(script_pick mother_ethnicity kinh Kinh)
$(script_birth_to_review)
expect "Nguyễn Văn Anh"
expect "Trần Thị Bình"
SCRIPT
script_submit_and_finish "$shots" 10 >> "$WORK/script.txt"

run_kiosk "$WORK/script.txt" > "$WORK/kiosk.out" 2>&1 || {
    grep -v ALSA "$WORK/kiosk.out" | tail -5 >&2
    fail "kiosk script failed (screenshots in $shots)"
}
# The second card's data other than what the form asks for (its old CMND number) was never
# written anywhere: not in the kiosk's output, not in the submission.
if grep -qF 987654321 "$WORK/kiosk.out"; then fail "the mother's card leaked into the log"; fi

check_one_submission 1.001193
doc=$DOC
receipt=$RECEIPT
[ "$(jq -c .card_correction <<< "$doc")" = '{"fields":["requester_name"],"reason":"misread"}' ] \
    || fail "card_correction: $(jq -c .card_correction <<< "$doc")"
[ "$(jq -r .answers.requester_name <<< "$doc")" = "Nguyễn Văn Anh" ] || fail "corrected name lost"
[ "$(jq -r .identity.full_name <<< "$doc")" = "Nguyễn Văn An" ] || fail "the card's own name must stay"
[ "$(jq -r .answers.mother_name <<< "$doc")" = "Trần Thị Bình" ] || fail "mother's name not from her card"
[ "$(jq -r .answers.mother_birth_year <<< "$doc")" = 1990 ] || fail "mother's birth year not from her card"
[ "$(jq -r .answers.mother_id_number <<< "$doc")" = 001160012345 ] || fail "mother's number not from her card"
if grep -qF 987654321 <<< "$doc"; then fail "the mother's card was sent beyond what the form asks"; fi
# The office is told to check the papers.
office_login
curl -s -b "$jar" "$PORTAL_URL/office/dossiers/$receipt" > "$WORK/dossier.html"
grep -qF 'id="card-correction"' "$WORK/dossier.html" || fail "the dossier page does not warn"
grep -qF "máy đọc sai thông tin trên thẻ. Đã sửa: Họ, chữ đệm và tên." "$WORK/dossier.html" \
    || fail "the warning does not give the reason and the field"
echo "PASS: card data locked, corrected with a reason, mother's step from her card; receipt $receipt"
