# Every shipped procedure: its example validates through `forms fill`, it can be queued and
# it reaches the portal. Then a catalog update (new form version, a field removed) must not
# break a submission queued under the old version.
source "$(dirname "$0")/../lib/portal.sh"
catalog_src="$(dirname "$0")/../../forms/catalog"

start_portal 0
provision_terminal
codes=$(kctl forms list --json | jq -r '.[].code')
[ "$(wc -w <<< "$codes")" -ge 8 ] || fail "expected at least 8 shipped procedures"
printf '%s\n' '001089012345|123456789|Nguyễn Văn An|15031989|Nam|Thôn Đông, Xã Dạ Trạch, Huyện Khoái Châu, Tỉnh Hưng Yên|01072021' > "$WORK/card.txt"
for code in $codes; do
    kctl forms example "$code" > "$WORK/$code.json"
    kctl forms fill "$code" --answers "$WORK/$code.json" --identity "$WORK/card.txt" > "$WORK/$code.filled"
    jq -e '.valid' "$WORK/$code.filled" > /dev/null \
        || fail "$code: example does not validate: $(jq -c .errors "$WORK/$code.filled")"
    kctl queue submit "$code" --answers "$WORK/$code.json" --identity "$WORK/card.txt" > /dev/null \
        || fail "$code: cannot be queued"
done

# Queue one more birth registration under version 1, then the province publishes a signed
# catalog where it is version 2 without the phone field. The terminal installs it; the entry
# queued under version 1 is unaffected and new submissions use version 2.
stop_portal
old_id=$(kctl queue submit 1.001193 --answers "$WORK/1.001193.json")
mkdir -p "$WORK/newcat"
cp "$catalog_src"/*.json "$WORK/newcat/"
jq '.version = 2 | .steps[0].fields |= map(select(.id != "requester_phone"))' \
    "$catalog_src/1.001193-khai-sinh.json" > "$WORK/newcat/1.001193-khai-sinh.json"
# ... and its own days off: the next ten days (Vietnam time), so the appointment of a birth
# registration (the same working day) moves to the first weekday after them.
vn_day() { date -u -d "@$(( $(date +%s) + 7 * 3600 + $1 * 86400 ))" "+${2:-%F}"; }
year=$(vn_day 0 %Y)
days_off=$(for i in $(seq 0 9); do vn_day "$i"; done | jq -R . | jq -s -c .)
printf '{"format": 1, "years": [%s, %s], "days_off": %s}\n' "$year" "$((year + 1))" "$days_off" \
    > "$WORK/newcat/HOLIDAYS"
due_after=10
while [ "$(vn_day "$due_after" %u)" -ge 6 ]; do due_after=$((due_after + 1)); done
expected_due=$(vn_day "$due_after")
"$KIOSKCTL" forms check "$WORK/newcat" > /dev/null || fail "updated catalog must be valid"
"$KIOSK_PORTAL" publish-catalog --db "$WORK/portal.sqlite" "$WORK/newcat" --version 7 > /dev/null
start_portal "$PORTAL_PORT"
kctl catalog update | grep -q "installed catalog version 7" || fail "catalog not installed"
[ "$(kctl forms list --json | jq -r '.[] | select(.code == "1.001193") | .version')" = 2 ] \
    || fail "the installed catalog is not the one in use"
[ "$(kctl status --json | jq -r '.catalog.source + " " + (.catalog.version | tostring)')" = "downloaded 7" ] \
    || fail "status does not report the downloaded catalog"
jq 'del(.requester_phone)' "$WORK/1.001193.json" > "$WORK/v2.json"
new_id=$(kctl queue submit 1.001193 --answers "$WORK/v2.json")
kctl sync --until-empty --timeout 60 > /dev/null || fail "queue did not drain"

received=$("$KIOSK_PORTAL" list --json --db "$WORK/portal.sqlite")
[ "$(jq length <<< "$received")" = "$(( $(wc -w <<< "$codes") + 2 ))" ] || fail "not every procedure arrived"
for code in $codes; do
    jq -e --arg c "$code" 'any(.[]; .procedure_code == $c)' <<< "$received" > /dev/null \
        || fail "$code did not arrive"
done
version_of() { jq -r --arg id "$1" '.[] | select(.id == $id) | .document.form_version' <<< "$received"; }
[ "$(version_of "$old_id")" = 1 ] || fail "the queued submission lost its form version"
[ "$(version_of "$new_id")" = 2 ] || fail "a new submission does not use the installed catalog"
due_of() { jq -r --arg id "$1" '.[] | select(.id == $id) | .document.appointment_date' <<< "$received"; }
[ "$(due_of "$new_id")" = "$expected_due" ] \
    || fail "the province's days off were not used: due $(due_of "$new_id"), expected $expected_due"
echo "PASS: $(wc -w <<< "$codes") procedures round-trip; a signed catalog update left the queue intact"
