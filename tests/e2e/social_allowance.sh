# The monthly social allowance (1.001776) by touch through the real window: scan the card,
# claim for a child, add one family member with the "Thêm người thân" button, payment into a
# bank account, the appended "Nhận kết quả" step, review, consent, and the portal's receipt.
# Inline errors are checked on the way (an unanswered select, an empty group item, a bank
# account number with letters). Expects KIOSK, KIOSKCTL, KIOSK_PORTAL and ARTIFACT_DIR.
source "$(dirname "$0")/../lib/portal.sh"
source "$(dirname "$0")/../lib/kiosk.sh"
start_e2e social_allowance
shots=$SHOTS

script_scan_and_open "Thực hiện trợ cấp xã hội hàng tháng" > "$WORK/script.txt"
cat >> "$WORK/script.txt" <<SCRIPT
expect "Miễn phí"
tap "Bắt đầu khai"

# Step 1: the applicant, prefilled from the card; only the phone number is typed.
wait_for "Bước 1/6"
expect "Nguyễn Văn An"
expect "001089012345"
expect "15/03/1989"
screenshot $shots/05-step1-prefilled.png
# What the card says is shown locked; its address's hamlet is filled in from the card.
expect "Theo thẻ căn cước, không sửa ở đây"
expect "Thông tin trên thẻ không đúng?"
screenshot $shots/06-step1-locked.png
tap "Thôn, tổ dân phố, đường phố"
screenshot $shots/07-step1-address.png
tap "Số điện thoại (không bắt buộc)"
type "0987654321"
screenshot $shots/08-step1-phone.png
tap "Tiếp tục"

# Step 2: nothing chosen yet, so the select says so.
wait_for "Bước 2/6"
screenshot $shots/09-step2-empty.png
tap "Tiếp tục"
wait_for "Vui lòng chọn câu trả lời cho “Bà con xin trợ cấp cho ai?”"
screenshot $shots/10-step2-error.png
tap "Bà con xin trợ cấp cho ai?"
wait_for "Cho con tôi"
screenshot $shots/11-step2-picker.png
tap "Cho con tôi"
wait_for "Họ, chữ đệm và tên người được trợ cấp"
tap "Họ, chữ đệm và tên người được trợ cấp"
screenshot $shots/11b-name-tapped.png
type "Nguyễn Minh Khang"
screenshot $shots/11c-name-typed.png
tap "Ngày sinh"
type "20/08/2015"
tap "Nam"
tap "Số định danh cá nhân (không bắt buộc)"
type "001215012345"
screenshot $shots/12-step2-filled.png
tap "Tỉnh, thành phố"
wait_for "Đóng"
screenshot $shots/13-step2-province-picker.png
tap "Đóng"
screenshot $shots/14-step2-address.png
tap "Tiếp tục"
wait 1000
screenshot $shots/14b-after-continue.png

# Step 3: category (a select), which shows the disability level.
wait_for "Bước 3/6"
screenshot $shots/15-step3-empty.png
tap "Người được trợ cấp thuộc trường hợp nào?"
wait_for "Người khuyết tật nặng hoặc đặc biệt nặng"
screenshot $shots/16-step3-picker.png
tap "Người khuyết tật nặng hoặc đặc biệt nặng"
wait_for "Mức độ khuyết tật (theo Giấy xác nhận khuyết tật)"
tap "Đặc biệt nặng"
# Ethnic groups come from the official list: search it, then tap the group.
tap "Dân tộc"
tap "#ethnicity/search"
type "kinh"
tap "#ethnicity=Kinh"
tap "Có"
screenshot $shots/17-step3-filled.png
tap "Tiếp tục"

# Step 4: one family member through the group's add button; an empty item is refused.
wait_for "Bước 4/6"
screenshot $shots/18-step4-empty.png
tap "Thêm người thân"
wait_for "Người thân 1"
screenshot $shots/19-step4-item-added.png
tap "Tiếp tục"
wait_for "Vui lòng điền “Họ và tên”"
screenshot $shots/20-step4-error.png
tap "Họ và tên"
type "Trần Thị Bình"
tap "Là gì của người được trợ cấp?"
wait_for "Người thân khác"
screenshot $shots/21-step4-relationship-picker.png
tap "Mẹ"
tap "Năm sinh"
type "1992"
tap "Hoàn cảnh hiện nay"
wait_for "Đang sống cùng"
tap "Đang sống cùng"
tap "Không"
screenshot $shots/22-step4-filled.png
tap "Tiếp tục"

# Step 5: bank payment; the account holder defaults to the applicant; letters are refused.
wait_for "Bước 5/6"
screenshot $shots/23-step5-empty.png
tap "Chuyển vào tài khoản ngân hàng"
wait_for "Số tài khoản"
tap "Số tài khoản"
type "12AB34"
# The bank from the list of banks, found by its short name; the answer is its BIN.
tap "Tên ngân hàng"
tap "#bank_name/search"
type "agribank"
wait_for "Agribank – Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"
tap "#bank_name=970405"
tap "Tiếp tục"
wait_for "Vui lòng đánh dấu vào ô “Tôi cam đoan những điều khai trên là đúng sự…” để xác nhận"
expect "Số tài khoản gồm 6 đến 20 chữ số, không có dấu cách, dấu chấm hay chữ"
screenshot $shots/24-step5-errors.png
tap "Số tài khoản"
key backspace
key backspace
key backspace
key backspace
key backspace
key backspace
type "0123456789"
tap "Tôi cam đoan những điều khai trên là đúng sự thật; nếu sai tôi xin chịu trách nhiệm trước pháp luật"
screenshot $shots/25-step5-filled.png
tap "Tiếp tục"

# Step 6: appended by the loader.
wait_for "Bước 6/6"
screenshot $shots/26-step6-empty.png
tap "Nhận tại bộ phận một cửa"
screenshot $shots/27-step6-delivery.png
tap "Tiếp tục"

wait_for "Kiểm tra lại thông tin"
expect "Nguyễn Minh Khang"
expect "Trần Thị Bình"
screenshot $shots/28-review.png
dump_text $WORK/review-screen.txt
# Edit a step from the review: "Tiếp tục" goes straight back to the review.
tap "Sửa Người thân trong gia đình"
wait_for "Bước 4/6"
expect "Trần Thị Bình"
tap "Tiếp tục"
wait_for "Kiểm tra lại thông tin"
screenshot $shots/29-review-family.png
tap "Sửa Nhận kết quả"
wait_for "Bước 6/6"
tap "Tiếp tục"
wait_for "Kiểm tra lại thông tin"
screenshot $shots/30-review-end.png
SCRIPT
script_submit_and_finish "$shots" 31 >> "$WORK/script.txt"

run_kiosk "$WORK/script.txt" --demo || fail "kiosk script failed (screenshots in $shots)"

check_one_submission 1.001776
doc=$DOC
receipt=$RECEIPT
answer() { jq -r ".answers.$1" <<< "$doc"; }
[ "$(answer applicant_name)" = "Nguyễn Văn An" ] || fail "applicant not prefilled from the card"
[ "$(answer applicant_id_number)" = 001089012345 ] || fail "applicant ID not prefilled"
[ "$(answer applicant_date_of_birth)" = 1989-03-15 ] || fail "applicant date of birth not prefilled"
[ "$(answer applicant_phone)" = 0987654321 ] || fail "typed phone lost"
[ "$(answer for_whom)" = child ] || fail "select answer lost"
[ "$(answer beneficiary_name)" = "Nguyễn Minh Khang" ] || fail "beneficiary name lost"
[ "$(answer beneficiary_date_of_birth)" = 2015-08-20 ] || fail "date not converted to ISO"
[ "$(answer beneficiary_sex)" = male ] || fail "radio answer lost"
[ "$(answer category)" = disabled ] || fail "category lost"
[ "$(answer disability_level)" = very_severe ] || fail "conditional radio lost"
[ "$(answer ethnicity)" = Kinh ] || fail "ethnicity lost"
[ "$(answer health_insurance)" = yes ] || fail "health insurance lost"
jq -e '.answers.family_members == [{"member_name": "Trần Thị Bình",
        "member_relationship": "mother", "member_birth_year": "1992",
        "member_situation": "living_together", "member_studying": "no"}]' <<< "$doc" > /dev/null \
    || fail "family member not in the group: $(jq -c .answers.family_members <<< "$doc")"
grep -qF "    Họ và tên: Trần Thị Bình" "$WORK/review-screen.txt" || fail "family member not on the review"
[ "$(answer payment_method)" = bank ] || fail "payment method lost"
[ "$(answer bank_name)" = 970405 ] || fail "bank not sent as its BIN"
[ "$(answer bank_account_number)" = 0123456789 ] || fail "corrected account number lost"
# Left empty on screen: default_from fills them in from the applicant.
[ "$(answer bank_account_holder)" = "Nguyễn Văn An" ] || fail "account holder not defaulted"
[ "$(answer beneficiary_address.commune_code)" = 12223 ] || fail "beneficiary address not defaulted"
[ "$(answer declaration)" = true ] || fail "declaration not ticked"
[ "$(answer delivery_method)" = office ] || fail "delivery choice lost"
[ "$(jq -r '.answers | has("delivery_address")' <<< "$doc")" = false ] || fail "hidden field sent"
[ "$(jq -r '.answers | has("schooling")' <<< "$doc")" = false ] || fail "hidden field sent"
echo "PASS: social allowance receipt $receipt on screen and held by the portal; screenshots in $shots"
