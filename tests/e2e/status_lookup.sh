# The status screen: a receipt number typed on the on-screen keyboard gets the portal's
# answer, the national status in plain words and the office's note; with the portal down, a submission still waiting on this kiosk is found by the
# temporary reference printed on its receipt. Once the result is handed over, the lookup
# offers the satisfaction rating, once, and the portal's figures count it.
source "$(dirname "$0")/../lib/portal.sh"
source "$(dirname "$0")/../lib/kiosk.sh"
start_e2e status_lookup
kctl forms example 1.001193 > "$WORK/answers.json"
kctl queue submit 1.001193 --answers "$WORK/answers.json" > /dev/null
kctl sync --until-empty --timeout 30 > /dev/null || fail "first submission not delivered"
receipt=$(kctl queue list --json | jq -r '.[0].receipt_no')
code=$(kctl queue list --json | jq -r '.[0].lookup_code')
# The office asks for a document, with a note the citizen reads on the screen.
"$KIOSK_PORTAL" set-status --db "$WORK/portal.sqlite" "$receipt" 5 \
    --note "Xin mang bản sao giấy chứng sinh đến xã trước ngày 10/12."

cat > "$WORK/online.txt" <<SCRIPT
wait_for "Tra cứu hồ sơ đã nộp"
tap "Tra cứu hồ sơ đã nộp"
tap "Mã số hồ sơ"
osk "$receipt"
tap key:done
tap "Tra cứu"
wait_for "Xin nhập mã tra cứu"
screenshot $SHOTS/01-no-code.png
tap "Mã tra cứu"
osk "WRONG9"
tap key:done
tap "Tra cứu"
wait_for "Không tìm thấy hồ sơ có mã số và mã tra cứu này"
screenshot $SHOTS/02-wrong-code.png
tap "Mã tra cứu"
$(for _ in 1 2 3 4 5 6; do echo "tap key:backspace"; done)
osk "$code"
screenshot $SHOTS/03-typed.png
tap key:done
tap "Tra cứu"
wait_for "Hồ sơ cần bổ sung giấy tờ. Xin xem ghi chú của cán bộ."
wait_for "Ghi chú của cán bộ: Xin mang bản sao giấy chứng sinh đến xã trước ngày 10/12."
screenshot $SHOTS/04-portal-answer.png
expect_absent "Đánh giá mức độ hài lòng"
tap "Về trang đầu"
wait_for "Quét thẻ căn cước"
quit
SCRIPT
run_kiosk "$WORK/online.txt" || fail "online lookup failed (screenshots in $SHOTS)"

# The result is handed over: the lookup offers a rating, once, with the national criteria.
"$KIOSK_PORTAL" set-status --db "$WORK/portal.sqlite" "$receipt" 10 > /dev/null
cat > "$WORK/rate.txt" <<SCRIPT
tap "Tra cứu hồ sơ đã nộp"
tap "Mã số hồ sơ"
osk "$receipt"
tap key:done
tap "Mã tra cứu"
osk "$code"
tap key:done
tap "Tra cứu"
wait_for "Đã trả kết quả."
tap "Đánh giá mức độ hài lòng"
wait_for "Bà con có hài lòng với việc giải quyết hồ sơ không?"
tap "Bình thường"
wait_for "Kết quả trả so với ngày hẹn"
tap "Trễ hẹn"
tap "2 lần"
tap "#staff_attitude=3"
screenshot $SHOTS/06-rating-result.png
tap "Gửi đánh giá"
wait_for "Cảm ơn bà con đã đánh giá!"
tap "Quay lại tra cứu"
wait_for "Đã trả kết quả."
expect_absent "Đánh giá mức độ hài lòng"
screenshot $SHOTS/07-rated.png
quit
SCRIPT
run_kiosk "$WORK/rate.txt" || fail "rating the result failed (screenshots in $SHOTS)"
kctl sync --until-empty --timeout 30 > /dev/null || fail "the rating was not delivered"
result=$("$KIOSK_PORTAL" figures --db "$WORK/portal.sqlite" | jq -c .ratings.result)
[ "$result" = '{"count":1,"on_time":[0,1],"satisfaction":[0,1,0],"staff_attitude":[0,0,1],"trips":[0,1,0]}' ] \
    || fail "the portal's figures of the result's rating: $result"

# Portal down: a new submission waits in the outbox; its reference is the id's first 8.
stop_portal
id=$(kctl queue submit 1.001193 --answers "$WORK/answers.json")
reference=${id:0:8}
code=$(kctl queue list --json | jq -r --arg id "$id" '.[] | select(.id == $id) | .lookup_code')
cat > "$WORK/offline.txt" <<SCRIPT
tap "English"
tap "Check a submission"
tap "Dossier number"
osk "$reference"
tap key:done
tap "Lookup code"
osk "$code"
tap key:done
tap "Look up"
wait_for "The application is saved on this kiosk" 20000
screenshot $SHOTS/05-offline-answer.png
dump_text $WORK/offline-screen.txt
quit
SCRIPT
run_kiosk "$WORK/offline.txt" || fail "offline lookup failed (screenshots in $SHOTS)"
grep -qF "The kiosk is offline" "$WORK/offline-screen.txt" || fail "offline source not said"
echo "PASS: status from the portal, its result rated once, then from the outbox while offline"
