# The idle timeout: a warning that can be dismissed, then the visit is wiped and the home
# screen returns with nothing personal on it. A staff member left logged in on the home
# screen is logged out the same way. Cancelling a form asks first, then wipes the same way.
source "$(dirname "$0")/../lib/portal.sh"
source "$(dirname "$0")/../lib/kiosk.sh"
here=$(cd "$(dirname "$0")" && pwd)
shots="$ARTIFACT_DIR/idle_wipe"
rm -rf "$shots" && mkdir -p "$shots"

start_portal 0
provision_terminal
sed -i 's/^idle_timeout_s = .*/idle_timeout_s = 6/' "$WORK/kiosk.toml"

cat > "$WORK/script.txt" <<SCRIPT
tap "Quét thẻ căn cước"
scan_file $here/../../assets/demo/sample-card.txt
tap "Đăng ký khai sinh"
tap "Bắt đầu khai"
wait_for "Bước 1/5"
expect "Nguyễn Văn An"
tap "Số điện thoại (không bắt buộc)"
osk 0987123456
dump_state $WORK/state-during.txt
tap key:done
wait_for "phiên làm việc sẽ kết thúc" 8000
screenshot $shots/01-warning.png
tap "Tôi vẫn đang làm"
wait 500
expect "Bước 1/5"
dump_text $WORK/after-dismiss.txt
wait_for "Quét thẻ căn cước" 12000
screenshot $shots/02-home-after-timeout.png
dump_text $WORK/home.txt
dump_state $WORK/state-after.txt
quit
SCRIPT

run_kiosk "$WORK/script.txt" || fail "kiosk script failed (screenshots in $shots)"
grep -q "Nguyễn Văn An" "$WORK/after-dismiss.txt" || fail "dismissing the warning lost the form"
if grep -q "Nguyễn" "$WORK/home.txt"; then fail "personal data on screen after the idle wipe"; fi
# The process's form state: the typed answer and the card's data were held during the
# visit, and nothing of them is held after the wipe.
grep -q "0987123456" "$WORK/state-during.txt" || fail "the typed answer was not in the visit state"
grep -q "001089012345" "$WORK/state-during.txt" || fail "the card was not in the visit state"
if grep -q "0987123456\|001089012345\|Nguyễn" "$WORK/state-after.txt"; then
    fail "the visit state still holds personal data after the idle wipe"
fi
[ "$(kctl queue list --json | jq length)" = 0 ] || fail "an abandoned visit must not be queued"

# Assisted mode left alone on the home screen: the warning, then the staff member is logged
# out (the banner, the queue and the cash summary behind it are gone).
echo 482916 | kctl staff add lan.pt --name "Phạm Thị Lan" > /dev/null
{
    echo 'wait_for "Dành cho cán bộ"'
    script_staff_login "Phạm Thị Lan" 482916
    cat <<SCRIPT
wait_for "Chế độ hỗ trợ: cán bộ Phạm Thị Lan"
expect "Quét thẻ căn cước"
dump_text $WORK/staff-home.txt
wait_for "phiên làm việc sẽ kết thúc" 8000
screenshot $shots/03-staff-warning-on-home.png
wait 7000
screenshot $shots/04-staff-logged-out.png
dump_text $WORK/staff-after.txt
quit
SCRIPT
} > "$WORK/staff-script.txt"
run_kiosk "$WORK/staff-script.txt" || fail "staff idle script failed (screenshots in $shots)"
grep -q "Hàng đợi" "$WORK/staff-home.txt" || fail "the staff banner was not on the home screen"
if grep -q "Chế độ hỗ trợ\|Hàng đợi\|Kết thúc hỗ trợ" "$WORK/staff-after.txt"; then
    fail "the staff member is still logged in after the idle timeout on the home screen"
fi
grep -q "Quét thẻ căn cước" "$WORK/staff-after.txt" || fail "the home screen did not return"

# "Hủy, làm lại từ đầu" on a form step: asked first; "Không, khai tiếp" keeps the answers,
# confirming wipes them like the idle timeout does.
sed -i 's/^idle_timeout_s = .*/idle_timeout_s = 90/' "$WORK/kiosk.toml"
cat > "$WORK/cancel-script.txt" <<SCRIPT
tap "Quét thẻ căn cước"
scan_file $here/../../assets/demo/sample-card.txt
tap "Đăng ký khai sinh"
tap "Bắt đầu khai"
wait_for "Bước 1/5"
tap "Số điện thoại (không bắt buộc)"
osk 0987123456
tap key:done
tap "Hủy, làm lại từ đầu"
wait_for "Hủy hồ sơ đang khai?"
screenshot $shots/05-cancel-question.png
tap "Không, khai tiếp"
wait 500
expect_absent "Hủy hồ sơ đang khai?"
expect "Bước 1/5"
dump_state $WORK/state-kept.txt
tap "Hủy, làm lại từ đầu"
wait_for "Hủy và làm lại từ đầu"
tap "Hủy và làm lại từ đầu"
wait_for "Quét thẻ căn cước"
dump_state $WORK/state-cancelled.txt
quit
SCRIPT
run_kiosk "$WORK/cancel-script.txt" || fail "cancel script failed (screenshots in $shots)"
grep -q "0987123456" "$WORK/state-kept.txt" || fail "going on after the question lost the answer"
if grep -q "0987123456\|001089012345\|Nguyễn" "$WORK/state-cancelled.txt"; then
    fail "the visit state still holds personal data after cancelling"
fi
echo "PASS: idle warning dismissed, then the visit was wiped; assisted mode ends on idle at home; cancelling asks first, then wipes"
