# Submissions queued while the portal is down arrive exactly once after it comes back, with the
# final dossier numbers the terminal gave them offline from its block.
source "$(dirname "$0")/../lib/portal.sh"

start_portal 0
provision_terminal
stop_portal

kctl forms example 1.001193 > "$WORK/answers.json"
printf '%s\n' '001089012345|123456789|Nguyễn Văn An|15031989|Nam|Số 12, thôn Đông|01072021' \
    > "$WORK/card.txt"
ids=()
for _ in 1 2 3; do
    ids+=("$(kctl queue submit 1.001193 --answers "$WORK/answers.json" --identity "$WORK/card.txt")")
done

# Portal down: a pass fails, nothing is lost. The pass stops at the first network
# failure, so one entry waits for a retry and the others keep their attempt counters.
kctl sync --once > /dev/null
list=$(kctl queue list --json)
[ "$(jq '[.[] | select(.state == "retry_wait" or .state == "queued")] | length' <<< "$list")" = 3 ] \
    || fail "all 3 entries should still be unsent while the portal is down"
[ "$(jq '[.[] | select(.state == "retry_wait" and .attempts == 1 and (.last_error | startswith("network")))] | length' <<< "$list")" = 1 ] \
    || fail "exactly one entry should record a failed network attempt"

# The outbox holds no personal data in clear.
if grep -a -q "Nguyễn Văn An" "$WORK/data/outbox.sqlite"* ; then fail "name in clear on disk"; fi

# Offline, each already holds its final dossier number: the unit, today, the terminal's digit.
declare -A offline_no
for id in "${ids[@]}"; do
    offline_no[$id]=$(jq -r --arg id "$id" '.[] | select(.id == $id) | .receipt_no' <<< "$list")
    [[ "${offline_no[$id]}" =~ ^[A-Z0-9.]+-[0-9]{6}-1[0-9]{3}$ ]] \
        || fail "no final dossier number offline for $id: '${offline_no[$id]}'"
done
[ "$(printf '%s\n' "${offline_no[@]}" | sort -u | wc -l)" = 3 ] || fail "offline numbers repeat"

start_portal "$PORTAL_PORT"
kctl sync --until-empty --timeout 30 > /dev/null || fail "queue did not drain"
# Running sync again must not send anything twice.
kctl sync --once > /dev/null

received=$("$KIOSK_PORTAL" list --json --db "$WORK/portal.sqlite")
[ "$(jq length <<< "$received")" = 3 ] || fail "portal should hold exactly 3 submissions"
for id in "${ids[@]}"; do
    [ "$(jq --arg id "$id" '[.[] | select(.id == $id)] | length' <<< "$received")" = 1 ] \
        || fail "submission $id did not arrive exactly once"
    portal_receipt=$(jq -r --arg id "$id" '.[] | select(.id == $id) | .receipt_no' <<< "$received")
    local_receipt=$(kctl queue list --json | jq -r --arg id "$id" '.[] | select(.id == $id) | .receipt_no')
    [ "$portal_receipt" = "$local_receipt" ] || fail "receipt mismatch for $id"
    [ "$portal_receipt" = "${offline_no[$id]}" ] \
        || fail "the portal holds $portal_receipt, the citizen ${offline_no[$id]}"
done
# The portal decrypted the identity the card carried.
[ "$(jq -r '.[0].document.identity.full_name' <<< "$received")" = "Nguyễn Văn An" ] \
    || fail "portal did not decrypt the document"
echo "PASS: 3 queued offline with their final numbers, 3 delivered exactly once under them"
