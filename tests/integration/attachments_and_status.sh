# Attachments travel sealed, one request per file, each acknowledged: after a failure only
# the missing files go again, and the portal takes the submission only once all arrived.
# Then the citizen's receipt number is looked up as the processing status changes.
source "$(dirname "$0")/../lib/portal.sh"

start_portal 0
port=$PORTAL_PORT
provision_terminal
kctl forms example 1.001193 > "$WORK/answers.json"
# Stand-ins for photographed documents: random bytes, so any corruption shows in the hash.
{ printf 'CLEAR-TEXT-MARKER'; head -c 300000 /dev/urandom; } > "$WORK/giay-chung-sinh.jpg"
head -c 120000 /dev/urandom > "$WORK/ket-hon.png"
head -c 5000 /dev/urandom > "$WORK/extra.pdf"

entry() { kctl queue list --json | jq -r --arg id "$1" --arg k "$2" '.[] | select(.id == $id) | .[$k]'; }
portal_json() { "$KIOSK_PORTAL" list --json --db "$WORK/portal.sqlite"; }

# Files the portal does not take are refused at the terminal with a clear message.
head -c 100 /dev/urandom > "$WORK/notes.txt"
if kctl queue submit 1.001193 --answers "$WORK/answers.json" --attach "$WORK/notes.txt" 2> "$WORK/err"; then
    fail "a .txt attachment was accepted"
fi
grep -q "must be a JPEG, PNG or PDF file" "$WORK/err" || fail "unclear message: $(cat "$WORK/err")"

id=$(kctl queue submit 1.001193 --answers "$WORK/answers.json" \
    --attach "$WORK/giay-chung-sinh.jpg" --attach "$WORK/ket-hon.png" --attach "$WORK/extra.pdf")
[ "$(entry "$id" attachments)" = 3 ] || fail "three attachments expected"
# The outbox holds the files sealed only.
if cat "$WORK"/data/outbox.sqlite* | grep -a -q CLEAR-TEXT-MARKER; then
    fail "an attachment is stored in clear"
fi

# Every other request fails: some files get through on each pass, none is sent twice
# once acknowledged, and the submission waits for all of them.
stop_portal; start_portal "$port" --fault 500=0.5 --fault-seed 3
acked_before=0
for _ in $(seq 1 30); do
    kctl sync --once --timeout 10 > /dev/null || true
    [ "$(entry "$id" state)" = accepted ] && break
    acked=$(entry "$id" attachments_acked)
    [ "$acked" -ge "$acked_before" ] && [ "$acked" -le 3 ] || fail "acknowledgements went $acked_before -> $acked"
    acked_before=$acked
    # Skip the backoff: this part is about acknowledgements, not waiting.
    sqlite3 "$WORK/data/outbox.sqlite" "UPDATE submissions SET next_attempt_at=0 WHERE id='$id'"
done
[ "$(entry "$id" state)" = accepted ] || fail "not delivered through a flaky portal"
[ "$(entry "$id" attachments_acked)" = 3 ] || fail "not every file acknowledged"

received=$(portal_json | jq --arg id "$id" '.[] | select(.id == $id)')
for f in giay-chung-sinh.jpg ket-hon.png extra.pdf; do
    sha=$(sha256sum "$WORK/$f" | cut -d' ' -f1)
    size=$(stat -c %s "$WORK/$f")
    jq -e --arg s "$sha" --argjson n "$size" 'any(.attachments[]; .sha256 == $s and .size == $n)' \
        <<< "$received" > /dev/null || fail "$f did not arrive intact"
    jq -e --arg s "$sha" 'any(.document.attachments[]; .sha256 == $s)' <<< "$received" > /dev/null \
        || fail "$f is not listed in the sealed document"
done
[ "$(jq '.attachments | length' <<< "$received")" = 3 ] || fail "wrong number of files at the portal"

# Status lookup by receipt number and the lookup code printed beside it, as the tracking
# screen does; the applicant's card works instead of the code.
receipt=$(entry "$id" receipt_no)
code=$(entry "$id" lookup_code)
[ ${#code} = 6 ] || fail "no lookup code on the queued entry"
[ "$(kctl lookup "$receipt" --code "$code" --json | jq -r .status)" = received ] || fail "new receipt should be 'received'"
"$KIOSK_PORTAL" set-status --db "$WORK/portal.sqlite" "$receipt" processing
[ "$(kctl lookup "$receipt" --code "${code,,}" --json | jq -r .status)" = processing ] || fail "status change not seen"
[ "$(kctl lookup "$receipt" --code "$code" --json | jq -r .procedure_code)" = 1.001193 ] || fail "procedure missing"
if kctl lookup KP-20000101-999999 --code "$code" 2> "$WORK/err"; then fail "an unknown receipt was found"; fi
grep -q "unknown receipt number" "$WORK/err" || fail "unknown receipt: $(cat "$WORK/err")"
set +e; kctl lookup "$receipt" 2> /dev/null; rc=$?; set -e
[ "$rc" = 2 ] || fail "a lookup without a code must be bad input (got $rc)"
set +e; kctl lookup "../../etc" --code "$code" 2> /dev/null; rc=$?; set -e
[ "$rc" = 2 ] || fail "a malformed receipt number must be bad input (got $rc)"
stop_portal
if kctl lookup "$receipt" --code "$code" 2> "$WORK/err"; then fail "lookup with the portal down succeeded"; fi
grep -q "cannot reach portal" "$WORK/err" || fail "portal down: $(cat "$WORK/err")"
echo "PASS: sealed attachments acknowledged per file through a flaky portal; status lookup"
