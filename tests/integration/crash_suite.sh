# kill -9 at random points while enqueuing and syncing, sometimes the portal too.
# Invariant afterwards: every acknowledged submission is at the portal exactly once, nothing
# written to the outbox is lost, and both databases pass PRAGMA integrity_check.
source "$(dirname "$0")/../lib/portal.sh"
RUNS=${CRASH_RUNS:-120}
RANDOM=${CRASH_SEED:-4242}

start_portal 0 --fault "reset-after-commit=0.15,503=0.1,500=0.05,delay=0..30ms" --fault-seed 7
port=$PORTAL_PORT
provision_terminal
kctl forms example 1.001193 > "$WORK/answers.json"
head -c 20000 /dev/urandom > "$WORK/photo.jpg"
: > "$WORK/acked"
terminal=(--config "$WORK/kiosk.toml" --data-dir "$WORK/data")

portal_kills=0
for run in $(seq 1 "$RUNS"); do
    # Two writers (one with a photo) and a syncer race; each printed id is an acknowledgement. The binaries are
    # started directly (not through a shell function) so that kill -9 hits them.
    "$KIOSKCTL" "${terminal[@]}" queue submit 1.001193 --answers "$WORK/answers.json" \
        >> "$WORK/acked" 2>/dev/null &
    p1=$!
    "$KIOSKCTL" "${terminal[@]}" queue submit 1.001193 --answers "$WORK/answers.json" \
        --attach "$WORK/photo.jpg" >> "$WORK/acked" 2>/dev/null &
    p2=$!
    "$KIOSKCTL" "${terminal[@]}" sync --until-empty --timeout 5 > /dev/null 2>&1 &
    p3=$!
    sleep "$((RANDOM % 2)).$(printf '%03d' $((RANDOM % 1000)))"
    # One run in ten lets the writer with the photo finish first, so that photos are among
    # what the kills interrupt later even on a loaded machine (where a 0-2 s window can
    # close before any photo is sealed).
    if [ $((run % 10)) = 5 ]; then wait $p2 2>/dev/null || true; fi
    kill -9 $p1 $p2 $p3 2>/dev/null || true
    wait $p1 $p2 $p3 2>/dev/null || true
    # Every 10th run the portal dies too, mid-request or idle.
    if [ $((run % 10)) = 0 ]; then
        kill -9 "$PORTAL_PID"; wait "$PORTAL_PID" 2>/dev/null || true; PORTAL_PID=""
        portal_kills=$((portal_kills + 1))
        start_portal "$port" --fault "reset-after-commit=0.15,503=0.1,500=0.05,delay=0..30ms" \
            --fault-seed "$run"
    fi
done

# Recovery: a healthy portal and a sync until the queue is empty.
stop_portal
start_portal "$port"
kctl sync --until-empty --timeout 120 > /dev/null || fail "queue did not drain after the crashes"

# A killed writer may print a partial line; only complete UUIDs count as acknowledged.
grep -E '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' "$WORK/acked" \
    | sort -u > "$WORK/acked.ids" || true
acked=$(wc -l < "$WORK/acked.ids")
kctl queue list --json | jq -r '.[].id' | sort > "$WORK/outbox.ids"
"$KIOSK_PORTAL" list --json --db "$WORK/portal.sqlite" > "$WORK/portal.json"
jq -r '.[].id' "$WORK/portal.json" | sort > "$WORK/portal.ids"

missing=$(comm -23 "$WORK/acked.ids" "$WORK/outbox.ids" | wc -l)
[ "$missing" = 0 ] || fail "$missing acknowledged submissions are missing from the outbox"
undelivered=$(comm -23 "$WORK/outbox.ids" "$WORK/portal.ids" | wc -l)
[ "$undelivered" = 0 ] || fail "$undelivered outbox entries never reached the portal"
dupes=$(uniq -d "$WORK/portal.ids" | wc -l)
[ "$dupes" = 0 ] || fail "$dupes submissions arrived more than once"
[ "$(jq '[.[].receipt_no] | unique | length' "$WORK/portal.json")" = "$(jq length "$WORK/portal.json")" ] \
    || fail "a receipt number was issued twice"
# The terminal's receipt for each entry is the portal's.
kctl queue list --json | jq -r '.[] | "\(.id) \(.state) \(.receipt_no)"' | sort > "$WORK/local.receipts"
jq -r '.[] | "\(.id) accepted \(.receipt_no)"' "$WORK/portal.json" | sort > "$WORK/portal.receipts"
diff "$WORK/local.receipts" "$WORK/portal.receipts" > /dev/null || fail "receipts differ between terminal and portal"
jq -e 'all(.[]; (.document.attachments | map(.sha256) | sort) == (.attachments | map(.sha256) | sort))' \
    "$WORK/portal.json" > /dev/null || fail "a submission arrived without the files it lists"
jq -e 'any(.[]; .attachments | length == 1)' "$WORK/portal.json" > /dev/null \
    || fail "no submission with a photo was delivered"
for db in "$WORK/data/outbox.sqlite" "$WORK/portal.sqlite"; do
    [ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check failed for $db"
done
echo "PASS: $RUNS crash runs ($portal_kills portal kills): $acked acknowledged, $(wc -l < "$WORK/portal.ids") delivered exactly once"
