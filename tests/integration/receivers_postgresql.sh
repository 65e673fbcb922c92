# Two receivers on one PostgreSQL database. Terminals list both (`[portal] urls`); during a
# burst from three terminals receiver 1 is killed -9 and restarted. Invariants: every
# submission arrives exactly once with the receipt its terminal holds; each terminal's dossier
# numbers run from its block without gaps; the same submission sent to both receivers at the
# same moment gets one receipt, which both answer with, and the portal's own numbers (for
# terminals beyond a unit's nine blocks) have no gaps either after the rolled-back duplicates.
[ -n "${KIOSK_TEST_PG_HOST:-}" ] || exec bash "$(dirname "$0")/../lib/with_postgres.sh" bash "$0" "$@"
source "$(dirname "$0")/../lib/portal.sh"

PORTAL_DB=$(new_postgres_database receivers)
start_receiver 1
start_receiver 2
r1=${RECEIVER_URL[1]} r2=${RECEIVER_URL[2]}
port1=${r1##*:}

# Terminal T: its own config and data folder, provisioned through receiver 1 (or 2), then
# given both receivers in order.
tctl() { local t=$1; shift; "$KIOSKCTL" --config "$WORK/$t.toml" --data-dir "$WORK/$t" "$@"; }
provision() {
    local t=$1 via=$2 code
    code=$("$KIOSK_PORTAL" enroll-code --db "$PORTAL_DB")
    tctl "$t" provision --portal "$via" --enroll-code "$code" --terminal-id "KIOSK-$t" \
        --commune 00004 > /dev/null
    sed -i "s|^urls = .*|urls = ['$r1', '$r2']|" "$WORK/$t.toml"
    tctl "$t" config check > /dev/null || fail "$t: config with urls does not check"
}
provision A "$r1"
provision B "$r1"
provision C "$r2"
# Both receivers are one portal: the same keys, whichever enrolled the terminal.
[ "$(grep '^box_key' "$WORK/A.toml")" = "$(grep '^box_key' "$WORK/C.toml")" ] \
    || fail "the receivers gave different keys"
"$KIOSKCTL" forms example 1.001193 > "$WORK/answers.json"
for t in A B C; do
    for _ in $(seq 1 10); do
        tctl "$t" queue submit 1.001193 --answers "$WORK/answers.json" > /dev/null
    done
done

# The burst: all three terminals at once; receiver 1 dies with a submission in flight and
# comes back. A session of this test holds the submissions table locked, so the kill cannot
# come too late however fast or slow the machine: receiver 1 is killed while its transaction
# waits on the lock, then the lock is released and the terminals move to receiver 2.
locked() {
    psql -tA "$PORTAL_DB" -c "SELECT COUNT(*) FROM pg_locks WHERE granted
        AND relation = 'submissions'::regclass AND mode = 'AccessExclusiveLock'"
}
waiting() {
    psql -tA "$PORTAL_DB" -c "SELECT COUNT(*) FROM pg_stat_activity
        WHERE wait_event_type = 'Lock' AND datname = current_database()"
}
mkfifo "$WORK/locker.in"
psql -q "$PORTAL_DB" < "$WORK/locker.in" > "$WORK/locker.out" 2>&1 &
locker=$!
exec {to_locker}> "$WORK/locker.in"
echo "BEGIN; LOCK TABLE submissions IN ACCESS EXCLUSIVE MODE;" >&"$to_locker"
for _ in $(seq 1 300); do
    [ "$(locked)" = 1 ] && break
    sleep 0.05
done
[ "$(locked)" = 1 ] || fail "the test could not lock the submissions table: $(cat "$WORK/locker.out")"
for t in A B C; do
    tctl "$t" sync --until-empty --timeout 90 > "$WORK/sync-$t.out" 2>&1 &
    eval "sync_$t=\$!"
done
for _ in $(seq 1 600); do
    [ "$(waiting)" -ge 1 ] && break
    sleep 0.05
done
[ "$(waiting)" -ge 1 ] || fail "no receiver reached the database during the burst"
kill -9 "${RECEIVER_PID[1]}"
wait "${RECEIVER_PID[1]}" 2> /dev/null || true
echo "COMMIT;" >&"$to_locker"
exec {to_locker}>&-
wait "$locker" || fail "the lock session failed: $(cat "$WORK/locker.out")"
sleep 2
RECEIVER_PORT=$port1 start_receiver 1
for t in A B C; do
    eval "wait \$sync_$t" || { cat "$WORK/sync-$t.out" >&2; fail "terminal $t did not drain"; }
done

list=$("$KIOSK_PORTAL" list --json --db "$PORTAL_DB")
[ "$(jq length <<< "$list")" = 30 ] || fail "expected 30 submissions, the portal has $(jq length <<< "$list")"
[ "$(jq '[.[].id] | unique | length' <<< "$list")" = 30 ] || fail "a submission arrived twice"
[ "$(jq '[.[].receipt_no] | unique | length' <<< "$list")" = 30 ] || fail "a receipt number repeats"
# Each terminal's block (digits 1, 2, 3 in enrollment order): 1001..1010, 2001..2010,
# 3001..3010, none skipped by a retry or the kill.
seqs=$(jq -r '[.[].receipt_no | split("-") | last] | sort | join(" ")' <<< "$list")
[ "$seqs" = "$(for d in 1 2 3; do seq -f "${d}%03g" 1 10; done | tr '\n' ' ' | sed 's/ $//')" ] \
    || fail "receipt numbers have gaps: $seqs"
for t in A B C; do
    tctl "$t" queue list --json > "$WORK/queue-$t.json"
    [ "$(jq '[.[] | select(.state != "accepted")] | length' "$WORK/queue-$t.json")" = 0 ] \
        || fail "terminal $t still has undelivered entries"
    mismatched=$(jq -r --argjson portal "$list" '
        [.[] | . as $e | ($portal[] | select(.id == $e.id) | .receipt_no) as $r
         | select($r != $e.receipt_no)] | length' "$WORK/queue-$t.json")
    [ "$mismatched" = 0 ] || fail "terminal $t holds receipts the portal did not give"
done
# Diagnostics look at each receiver: one down is a warning naming it, not a failure.
portal_check() { tctl A diag --json | jq -r '.checks[] | select(.name == "portal") | .status + " " + .detail'; }
[[ "$(portal_check)" == "ok "*"$r1 answered"*"$r2 answered"* ]] || fail "diag: $(portal_check)"
kill "${RECEIVER_PID[2]}"; wait "${RECEIVER_PID[2]}" 2> /dev/null || true
[[ "$(portal_check)" == "warn "*"$r1 answered"*"$r2 unreachable"* ]] || fail "diag with one down: $(portal_check)"
RECEIVER_PORT=${r2##*:} start_receiver 2
echo "burst: 30 submissions from 3 terminals, receiver 1 killed with one in flight, each once"

# The unit's other six blocks go to six more terminals, so the next ones are numbered by the
# portal. They enroll through two more receivers: each allows five enrollments a minute.
start_receiver 3
start_receiver 4
for x in 4 5 6 7 8; do provision "X$x" "${RECEIVER_URL[3]}"; done
provision X9 "${RECEIVER_URL[4]}"
# The same submission at both receivers at the same moment: terminal D and its exact copy
# (same keys, same outbox) send one entry each to one receiver.
for round in 1 2 3; do
    provision "D$round" "${RECEIVER_URL[4]}"
    id=$(tctl "D$round" queue submit 1.001193 --answers "$WORK/answers.json")
    cp -a "$WORK/D$round" "$WORK/E$round"
    sed "s|^url = .*|url = '$r2'|; /^urls = /d" "$WORK/D$round.toml" > "$WORK/E$round.toml"
    sed -i "s|^url = .*|url = '$r1'|; /^urls = /d" "$WORK/D$round.toml"
    tctl "D$round" sync --once > /dev/null &
    d=$!
    tctl "E$round" sync --once > /dev/null &
    e=$!
    wait $d $e
    portal_count=$("$KIOSK_PORTAL" list --json --db "$PORTAL_DB" | jq --arg id "$id" '[.[] | select(.id == $id)] | length')
    [ "$portal_count" = 1 ] || fail "duplicate round $round: stored $portal_count times"
    receipt_d=$(tctl "D$round" queue list --json | jq -r --arg id "$id" '.[] | select(.id == $id) | .receipt_no')
    receipt_e=$(tctl "E$round" queue list --json | jq -r --arg id "$id" '.[] | select(.id == $id) | .receipt_no')
    [ -n "$receipt_d" ] && [ "$receipt_d" = "$receipt_e" ] \
        || fail "duplicate round $round: receipts '$receipt_d' and '$receipt_e'"
done
list=$("$KIOSK_PORTAL" list --json --db "$PORTAL_DB")
seqs=$(jq -r '[.[].receipt_no | split("-") | last | select(startswith("0"))] | sort | join(" ")' <<< "$list")
[ "$seqs" = "0001 0002 0003" ] || fail "after the duplicates, the portal's numbers have gaps: $seqs"
echo "duplicates: 3 submissions sent to both receivers at once, one receipt each"
echo "PASS"
