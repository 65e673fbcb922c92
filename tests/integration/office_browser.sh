# The province back office in a real browser: a dossier a kiosk sent is found, opened (name and
# photo), taken through the national statuses to "Đã trả kết quả", each step and note read by
# the citizen through kioskctl lookup;
# another commune's officer cannot open it; nothing is fetched from the internet; the audit
# log holds every step. Headless Chromium driven by Selenium (office_browser.py).
source "$(dirname "$0")/../lib/portal.sh"
SHOTS=${ARTIFACT_DIR:-$WORK}/office
mkdir -p "$SHOTS"

start_portal 0
provision_terminal
export OFFICE_PASSWORD="mật khẩu của văn phòng"
add_officer() { printf '%s\n' "$OFFICE_PASSWORD" | "$KIOSK_PORTAL" officer add --db "$WORK/portal.sqlite" "$@"; }
add_officer xa.lan --name "Phạm Thị Lan" --role commune --commune 00004
add_officer xa.khac --name "Lê Văn Khác" --role commune --commune 00007
add_officer tinh.hoa --name "Đỗ Thị Hoa" --role province
if printf 'short\n' | "$KIOSK_PORTAL" officer add --db "$WORK/portal.sqlite" x --name X \
    --role province 2> "$WORK/err"; then fail "a short password was accepted"; fi
grep -q "at least 10 characters" "$WORK/err" || fail "unclear message: $(cat "$WORK/err")"
"$KIOSK_PORTAL" officer list --db "$WORK/portal.sqlite" | jq -e 'length == 3' > /dev/null \
    || fail "officer list"
if "$KIOSK_PORTAL" officer list --db "$WORK/portal.sqlite" | grep -q "argon2"; then
    fail "officer list shows password hashes"
fi

# A dossier from the kiosk, with the photo of a document.
"$CAMERA_FRAME" document "Giấy chứng sinh" "$WORK/giay-chung-sinh.png"
kctl forms example 1.001193 > "$WORK/answers.json"
printf '%s' '001089012345|123456789|Nguyễn Văn An|15031989|Nam|Số 12, thôn Đông, xã Hòa Bình|01072021' > "$WORK/card.txt"
id=$(kctl queue submit 1.001193 --answers "$WORK/answers.json" --identity "$WORK/card.txt" \
    --attach "$WORK/giay-chung-sinh.png")
kctl sync --once --timeout 20 > /dev/null
entry=$(kctl queue list --json | jq --arg id "$id" '.[] | select(.id == $id)')
receipt=$(jq -r .receipt_no <<< "$entry")
code=$(jq -r .lookup_code <<< "$entry")
[ -n "$receipt" ] && [ "$receipt" != null ] || fail "not delivered: $entry"

# Nothing personal in clear in the portal's files.
if cat "$WORK"/portal.sqlite* | grep -a -q -e "Nguyễn Văn An" -e 001089012345; then
    fail "the portal database holds personal data in clear"
fi

# Forms refuse a request without the session's CSRF token, and pages without a session.
curl -s -o /dev/null -w '%{http_code}' "$PORTAL_URL/office/" | grep -q 303 || fail "no login redirect"
curl -s -o /dev/null -w '%{http_code}' -X POST -d code=9 "$PORTAL_URL/office/dossiers/$receipt/status" \
    | grep -q 303 || fail "a status change without a session was not sent to the login"

export LOOKUP_COMMAND="'$KIOSKCTL' --config '$WORK/kiosk.toml' --data-dir '$WORK/data' lookup '$receipt' --code '$code' --json"
/usr/bin/python3 "$(dirname "$0")/office_browser.py" "$PORTAL_URL" "$receipt" "Nguyễn Văn An" "$SHOTS"

# A logged-in officer's form without its token is refused, and the status stays.
jar="$WORK/cookies"
login_page=$(curl -s -c "$jar" "$PORTAL_URL/office/login")
login_csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' <<< "$login_page" | head -1)
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$login_csrf" \
    --data-urlencode id=tinh.hoa --data-urlencode "password=$OFFICE_PASSWORD" "$PORTAL_URL/office/login"
grep -q kiosk_office "$jar" || fail "no session cookie for the province officer"
[ "$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' -d code=9 -d csrf=forged \
    "$PORTAL_URL/office/dossiers/$receipt/status")" = 403 ] || fail "a forged form was taken"
# The province sees every commune.
curl -s -b "$jar" "$PORTAL_URL/office/" | grep -q "$receipt" || fail "the province officer does not see the dossier"

# The citizen reads the office's answer at the kiosk.
looked=$(kctl lookup "$receipt" --code "$code" --json)
jq -e '.status_code == 10 and .status == "completed"' <<< "$looked" > /dev/null || fail "lookup: $looked"
jq -e '.note == "Đã trả kết quả tại bộ phận một cửa."' <<< "$looked" > /dev/null || fail "note: $looked"

# Every step in the audit log, attributed; the search text itself is not.
audit=$("$KIOSK_PORTAL" audit --db "$WORK/portal.sqlite")
for step in "officer:xa.lan login" "officer:xa.lan list" "officer:xa.lan view" \
    "officer:xa.lan view_file" "officer:xa.lan status" "officer:xa.lan logout" \
    "officer:xa.lan login_refused" "officer:xa.khac refused" "officer:tinh.hoa login"; do
    jq -e --arg a "${step% *}" --arg s "${step#* }" 'any(.[]; .actor == $a and .action == $s)' \
        <<< "$audit" > /dev/null || fail "audit lacks $step"
done
jq -e --arg r "$receipt" '[.[] | select(.action == "status" and .receipt_no == $r) | .detail] == ["code 2", "code 4", "code 5", "code 9", "code 10"]' \
    <<< "$audit" > /dev/null || fail "the status change is not audited with its dossier"
if grep -q -e 001089012345 -e "Nguyễn Văn An" <<< "$audit"; then fail "personal data in the audit log"; fi
if grep -q -e "$OFFICE_PASSWORD" "$WORK/portal.out"; then fail "a password reached the portal's log"; fi
echo "office browser: ok"
