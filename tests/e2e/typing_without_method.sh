# A citizen who knows neither Telex nor VNI: the birth registration typed with the plain
# method only (no Telex or VNI key), every accent from the suggestion strip or the mark keys.
# The portal must hold exactly the Vietnamese words, in NFC.
source "$(dirname "$0")/../lib/portal.sh"
source "$(dirname "$0")/../lib/kiosk.sh"
start_e2e typing_without_method
shots=$SHOTS
born=$(date -d '-20 days' +%d/%m/%Y)

cat > "$WORK/script.txt" <<SCRIPT
tap "Quét thẻ căn cước"
scan_file $CARD
wait_for "Xin chào Nguyễn Văn An"
tap "Đăng ký khai sinh"
tap "Bắt đầu khai"
wait_for "Bước 1/5"
tap "#requester_relationship=father"
tap "Tiếp tục"
wait_for "Bước 2/5"
tap "Họ, chữ đệm và tên của trẻ"
# Telex, then VNI, then plain letters ("ABC").
tap key:method
tap key:method
wait_for "Kiểu gõ: ABC"
expect "Gõ chữ không dấu, rồi chạm vào từ đúng ở đây"
osk "Nguyen"
wait_for "Nguyễn"
screenshot $shots/01-suggestions.png
tap "Nguyễn"
tap "key: "
$(script_suggested "Thị Hồng Nhung")
screenshot $shots/02-name-typed.png
tap key:next
osk "$born"
tap key:done
tap "Nữ"
$(script_pick child_ethnicity kinh Kinh)
$(script_pick child_nationality "viet nam" "Việt Nam")
tap "Nơi sinh"
# The mark keys, after the word's plain letters; "đ" types its letter where there is none.
osk "Benh"
tap "key:mark:ê"
tap "key:mark:nặng"
tap "key: "
osk "vien"
tap "key:mark:ê"
tap "key:mark:nặng"
tap "key: "
tap key:shift
tap "key:mark:đ"
osk "a khoa"
tap "key: "
osk "tinh"
tap "key:mark:hỏi"
tap "key: "
osk "Hung"
tap "key:mark:ư"
tap "key: "
osk "Yen"
tap "key:mark:ê"
screenshot $shots/03-marks.png
tap key:done
tap "Tiếp tục"
wait_for "Bước 3/5"
tap "Họ, chữ đệm và tên người mẹ"
$(script_suggested "Trần Thị Bình")
tap key:next
osk 1992
tap key:done
$(script_pick mother_ethnicity kinh Kinh)
$(script_birth_to_review)
expect "Nguyễn Thị Hồng Nhung"
screenshot $shots/04-review.png
SCRIPT
script_submit_and_finish "$shots" 5 >> "$WORK/script.txt"
run_kiosk "$WORK/script.txt" --demo || fail "kiosk script failed (screenshots in $shots)"

check_one_submission 1.001193
doc=$DOC
for pair in "child_name|Nguyễn Thị Hồng Nhung" "mother_name|Trần Thị Bình" \
    "child_birthplace|Bệnh viện Đa khoa tỉnh Hưng Yên"; do
    field=${pair%%|*} want=${pair#*|}
    got=$(jq -r ".answers.$field" <<< "$doc")
    [ "$got" = "$want" ] || fail "$field is '$got', not '$want'"
    # Byte for byte the NFC form (a decomposed "ễ" would look the same and compare unequal).
    [ "$(printf '%s' "$got" | python3 -c 'import sys,unicodedata; s=sys.stdin.read(); print(s == unicodedata.normalize("NFC", s))')" = True ] \
        || fail "$field is not NFC"
done
echo "PASS: typed without a typing method: $(jq -r .answers.child_name <<< "$doc")"
