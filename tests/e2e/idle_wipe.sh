# The idle timeout: a warning that can be dismissed, then the visit is wiped and the home
# screen returns with nothing personal on it.
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
echo "PASS: idle warning dismissed, then the visit was wiped"
