# A citizen who cannot see the screen: the birth registration done with the keys of an
# audio keypad only (no tap anywhere), letters typed on it with the suggestions read aloud.
# What the voice guide said is heard through a file (read_aloud_output, its words in
# ".txt"): every screen, each step, the errors and the receipt number must be in it.
source "$(dirname "$0")/../lib/portal.sh"
source "$(dirname "$0")/../lib/kiosk.sh"
start_e2e keypad_and_voice
speech="$WORK/speech.raw"
said="$speech.txt"
sed -i "s|^read_aloud_output = .*|read_aloud_output = '$speech'|" "$WORK/kiosk.toml"
born=$(date -d '-20 days' +%d/%m/%Y)

# keypad_pick FIELD SEARCH VALUE: open the list of FIELD, type SEARCH in its search box, end
# the typing, go down to VALUE and take it.
keypad_pick() {
    printf 'seek down "#%s"\nkey enter\nseek down "#%s/search"\nkey enter\ntype "%s"\nkey enter\nseek down "#%s=%s"\nkey enter\n' \
        "$1" "$1" "$2" "$1" "$3"
}

# A listener moves with "seek": down until the guide reads the wanted control.
cat > "$WORK/script.txt" <<SCRIPT
wait_for "Quét thẻ căn cước"
key down
seek down "Quét thẻ căn cước"
key enter
wait 500
scan_file $CARD
wait_for "Xin chào Nguyễn Văn An"
seek down "Đăng ký khai sinh"
key enter
seek down "Bắt đầu khai"
key enter
wait_for "Bước 1/5"
seek down "#requester_relationship=father"
key right
key left
seek down "Tiếp tục"
key enter
wait_for "Bước 2/5"
# Nothing filled in yet: the errors are spoken.
seek down "Tiếp tục"
key enter
wait 1500
screenshot $SHOTS/01-errors.png
key pageup
key plus
seek up "#child_name"
key enter
$(script_suggested "Nguyễn Thị Hồng Nhung" keypad)
screenshot $SHOTS/02-name-typed.png
key enter
seek down "#child_date_of_birth"
key enter
type "$born"
key enter
seek down "#child_sex=male"
key right
$(keypad_pick child_ethnicity kinh Kinh)
$(keypad_pick child_nationality "viet nam" "Việt Nam")
seek down "#child_birthplace"
key enter
$(script_suggested "Hà Nội" keypad)
key enter
seek down "Tiếp tục"
key enter
wait_for "Bước 3/5"
seek down "#mother_name"
key enter
$(script_suggested "Trần Thị Bình" keypad)
key enter
seek down "#mother_birth_year"
key enter
type 1992
key enter
$(keypad_pick mother_ethnicity kinh Kinh)
seek down "Tiếp tục"
key enter
wait_for "Bước 4/5"
seek down "#father_known=no"
key enter
seek down "Tiếp tục"
key enter
wait_for "Bước 5/5"
seek down "Nhận tại bộ phận một cửa"
key enter
seek down "Tiếp tục"
key enter
wait_for "Kiểm tra lại thông tin"
key help
screenshot $SHOTS/03-review.png
seek down "Thông tin đã đúng"
key enter
wait_for "Đồng ý sử dụng thông tin"
seek down "Tôi đồng ý và nộp hồ sơ"
key enter
wait_for "Đã nộp hồ sơ thành công" 30000
wait 1500
screenshot $SHOTS/04-receipt.png
dump_text $WORK/receipt-screen.txt
seek down "Hoàn tất"
key enter
wait_for "Đánh giá mức độ hài lòng"
key escape
wait_for "Quét thẻ căn cước"
dump_text $WORK/home-after.txt
quit
SCRIPT

run_kiosk "$WORK/script.txt" --demo; ok=$?
cp "$said" "$SHOTS/said.txt" # what was heard, beside the screenshots
[ "$ok" = 0 ] || fail "kiosk script failed (screenshots and what was said in $SHOTS)"
check_one_submission 1.001193
doc=$DOC
[ "$(jq -r .answers.child_name <<< "$doc")" = "Nguyễn Thị Hồng Nhung" ] || fail "child_name"
[ "$(jq -r .answers.child_sex <<< "$doc")" = female ] || fail "the sex was not changed by the arrow"
[ "$(jq -r .answers.mother_name <<< "$doc")" = "Trần Thị Bình" ] || fail "mother_name"
# What a listener heard: the keys' help, every step, the errors, the suggestions, the state
# of a choice, the receipt with its number, and the rate and volume keys answered.
for words in "Đã bật hướng dẫn bằng giọng nói" "Bước 1/5" "Bước 2/5" "Bước 3/5" "Bước 4/5" \
    "Bước 5/5" "Lỗi: " "Gợi ý: Nguyễn" "Nữ, đã chọn" "Kiểm tra lại thông tin" \
    "Đã nộp hồ sơ thành công" "$RECEIPT" "Tốc độ đọc 160" "Âm lượng 60" \
    "Họ, chữ đệm và tên của trẻ"; do
    grep -qF -- "$words" "$said" || fail "the voice guide never said \"$words\""
done
[ "$(stat -c %s "$speech")" -gt 400000 ] || fail "too little was spoken aloud"
echo "PASS: birth registration by keypad and voice, $(wc -l < "$said") utterances, receipt $RECEIPT"
