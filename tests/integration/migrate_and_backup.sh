# A SQLite pilot moves to PostgreSQL: an online backup while the portal serves, then
# `kiosk-portal migrate`, checked table by table, run twice. The terminal keeps working against
# a receiver on the copy without being touched: same keys, same receipts, same lookups, the
# receipt numbers continuing.
[ -n "${KIOSK_TEST_PG_HOST:-}" ] || exec bash "$(dirname "$0")/../lib/with_postgres.sh" bash "$0" "$@"
source "$(dirname "$0")/../lib/portal.sh"

start_portal 0
port=$PORTAL_PORT
provision_terminal
kctl forms example 1.001193 > "$WORK/answers.json"
head -c 200000 /dev/urandom > "$WORK/photo.jpg"
printf '%s' '001089012345|123456789|Nguyễn Văn An|15031989|Nam|Số 12, thôn Đông, xã Hòa Bình|01072021' > "$WORK/card.txt"
kctl queue submit 1.001193 --answers "$WORK/answers.json" --identity "$WORK/card.txt" \
    --attach "$WORK/photo.jpg" > /dev/null
for _ in 1 2; do kctl queue submit 1.001193 --answers "$WORK/answers.json" > /dev/null; done
kctl sync --until-empty --timeout 60 > /dev/null || fail "pilot: queue did not drain"
first=$(kctl queue list --json | jq -r '[.[] | .receipt_no] | sort | first')
"$KIOSK_PORTAL" set-status --db "$PORTAL_DB" "$first" 4 --note "Đang thẩm định" > /dev/null
printf 'mat-khau-rat-dai-1\n' | "$KIOSK_PORTAL" officer add --db "$PORTAL_DB" lan.pt \
    --name "Phạm Thị Lan" --role commune --commune 00004 > /dev/null

# An online backup while the portal serves: owner-only, the same dossiers.
"$KIOSK_PORTAL" backup --db "$PORTAL_DB" --to "$WORK/backup.sqlite" > /dev/null
[ "$(stat -c %a "$WORK/backup.sqlite")" = 600 ] || fail "the backup is not owner-only"
[ "$("$KIOSK_PORTAL" list --json --db "$WORK/backup.sqlite" | jq -S .)" = \
  "$("$KIOSK_PORTAL" list --json --db "$PORTAL_DB" | jq -S .)" ] || fail "the backup differs"
if "$KIOSK_PORTAL" backup --db "$PORTAL_DB" --to "$WORK/backup.sqlite" 2> "$WORK/err"; then
    fail "a backup overwrote an existing file"
fi
stop_portal

# The copy, twice: the second run copies nothing and checks the same.
pilot=$PORTAL_DB
PORTAL_DB=$(new_postgres_database province)
"$KIOSK_PORTAL" migrate --from "$pilot" --to "$PORTAL_DB" > "$WORK/migrate.out" \
    || { cat "$WORK/migrate.out" >&2; fail "migrate failed"; }
grep -q "DIFFERENT" "$WORK/migrate.out" && fail "migrate: $(cat "$WORK/migrate.out")"
[ "$(awk '$1 == "submissions" {print $2, $3, $4}' "$WORK/migrate.out")" = "3 3 3" ] \
    || fail "migrate: $(cat "$WORK/migrate.out")"
"$KIOSK_PORTAL" migrate --from "$pilot" --to "$PORTAL_DB" > "$WORK/migrate2.out" \
    || { cat "$WORK/migrate2.out" >&2; fail "a second migrate failed"; }
[ "$(awk '$1 == "submissions" {print $3}' "$WORK/migrate2.out")" = 0 ] \
    || fail "a second migrate copied again: $(cat "$WORK/migrate2.out")"
# Into a database where another portal already has terminals: refused, nothing copied.
other=$(new_postgres_database other)
"$KIOSK_PORTAL" enroll-code --db "$other" > /dev/null
psql -q "$other" -c "INSERT INTO terminals(id, token_hash, commune_code, enrolled_at) VALUES('KIOSK-X', 'h', '00004', 'now')"
if "$KIOSK_PORTAL" migrate --from "$WORK/backup.sqlite" --to "$other" > /dev/null 2> "$WORK/err"; then
    fail "migrate into another portal's database was not refused"
fi
grep -q "another portal" "$WORK/err" || fail "unclear refusal: $(cat "$WORK/err")"
[ "$(psql -tA "$other" -c 'SELECT COUNT(*) FROM submissions')" = 0 ] || fail "refused, yet copied"

[ "$("$KIOSK_PORTAL" list --json --db "$PORTAL_DB" | jq -S .)" = \
  "$("$KIOSK_PORTAL" list --json --db "$pilot" | jq -S .)" ] || fail "the copy lists differently"

# The terminal, untouched, against a receiver on the copy at the old address.
RECEIVER_PORT=$port start_receiver 1
kctl queue submit 1.001193 --answers "$WORK/answers.json" > /dev/null
kctl sync --until-empty --timeout 60 > /dev/null || fail "after the move: queue did not drain"
last=$(kctl queue list --json | jq -r '[.[] | .receipt_no] | sort | last')
# The terminal numbers its dossiers from its block, which moved with the rest: the copy takes
# its fourth number (a missing block would refuse it).
[ "${last##*-}" = 1004 ] || fail "the receipt numbers did not continue: $last"
code=$(kctl queue list --json | jq -r --arg r "$first" '.[] | select(.receipt_no == $r) | .lookup_code')
kctl lookup "$first" --code "$code" > "$WORK/lookup.out" \
    || fail "an old receipt cannot be looked up after the move"
grep -q "Đang thẩm định" "$WORK/lookup.out" || fail "the old status note is lost: $(cat "$WORK/lookup.out")"
echo "PASS"
