#!/usr/bin/env bash
# The back office with 100,000 dossiers in the store, on SQLite and on PostgreSQL: answer times
# of the list page, filtered lists, searches by dossier and ID number, one dossier and the
# figures, through real HTTP to a real kiosk-portal, as median and p95 over ROUNDS requests each. One dossier comes
# from a real terminal; the rest are copies of it with their own number, day, commune and status.
#   bash tests/bench/office_bench.sh [DOSSIERS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
# The same pages again on PostgreSQL, after `kiosk-portal migrate` copies the SQLite store.
[ -n "${KIOSK_TEST_PG_HOST:-}" ] || KIOSK_TEST_PG_FSYNC=on exec bash tests/lib/with_postgres.sh bash "$0" "$@"
COUNT=${1:-100000}
ROUNDS=${2:-20}
BIN=${BIN:-build/bench/bin}
export KIOSK_PORTAL=$BIN/kiosk-portal KIOSKCTL=$BIN/kioskctl
source tests/lib/portal.sh

start_portal 0
provision_terminal
kctl forms example 1.001193 > "$WORK/answers.json"
printf '%s' '001089012345|123456789|Nguyễn Văn An|15031989|Nam|Số 12, thôn Đông, xã Hòa Bình|01072021' > "$WORK/card.txt"
kctl queue submit 1.001193 --answers "$WORK/answers.json" --identity "$WORK/card.txt" > /dev/null
kctl sync --once --timeout 30 > /dev/null
stop_portal

# Copies: numbered BENCH-000001.., spread over 60 days and 10 communes, every national status.
sqlite3 "$PORTAL_DB" <<SQL
PRAGMA synchronous=OFF;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $COUNT - 1)
INSERT INTO submissions(id, payload_hash, receipt_no, received_at, terminal_id, procedure_code,
    form_version, document, status, commune_code, catalog_version, lookup_digest, holder_digest,
    status_code, status_note, holder_index)
SELECT 'bench-' || i, s.payload_hash, printf('BENCH-%06d', i),
    strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || (i % 60) || ' days', '-' || (i % 86400) || ' seconds'),
    s.terminal_id, s.procedure_code, s.form_version, s.document, s.status,
    printf('%05d', 4 + (i % 10) * 3), s.catalog_version, '', '',
    CASE i % 9 WHEN 0 THEN 1 WHEN 1 THEN 2 WHEN 2 THEN 3 WHEN 3 THEN 4 WHEN 4 THEN 5 WHEN 5 THEN 6
        WHEN 6 THEN 8 WHEN 7 THEN 9 ELSE 10 END,
    '', lower(hex(randomblob(32)))
FROM n, (SELECT * FROM submissions LIMIT 1) AS s;
SQL
printf '%s\n' "bench password 2026" | "$KIOSK_PORTAL" officer add --db "$PORTAL_DB" \
    tinh.bench --name "Bench" --role province
# measure ENGINE: a fresh login, then every page ROUNDS times.
measure() {
    start_portal 0
    jar="$WORK/cookies-$1"
    csrf=$(curl -s -c "$jar" "$PORTAL_URL/office/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
    curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode id=tinh.bench \
        --data-urlencode "password=bench password 2026" "$PORTAL_URL/office/login"
    form_csrf=$(curl -s -b "$jar" "$PORTAL_URL/office/" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
    echo "kiosk-portal, $1, $COUNT dossiers, $ROUNDS requests each ($(nproc) cores, $(date -u +%F))"
    echo
    echo "| page | median ms | p95 ms |"
    echo "|---|---|---|"
    row "list, first page (50 dossiers, total count)" "/office/"
    row "list, page 200 (the deepest: 10,000 dossiers in)" "/office/?page=200"
    row "filtered: one commune, one status, 20 days" "/office/?commune=00007&status=4&from=$from"
    row "search by dossier number" "/office/" BENCH-054321
    row "search by CCCD number" "/office/" 001089012345
    row "one dossier" "/office/dossiers/BENCH-054321"
    row "figures" "/office/figures"
    echo
    stop_portal
}

# time_ms PATH [SEARCH]: ROUNDS answer times in ms, sorted; a search is posted, as the page does.
time_ms() {
    for _ in $(seq 1 "$ROUNDS"); do
        if [ -n "${2:-}" ]; then
            curl -s -b "$jar" -o /dev/null -w '%{time_total}\n' --data-urlencode "csrf=$form_csrf" \
                --data-urlencode "q=$2" "$PORTAL_URL$1"
        else
            curl -s -b "$jar" -o /dev/null -w '%{time_total}\n' "$PORTAL_URL$1"
        fi
    done | awk '{ printf "%.1f\n", $1 * 1000 }' | sort -n
}
row() {
    local times median p95
    times=$(time_ms "$2" "${3:-}")
    median=$(sed -n "$(( (ROUNDS + 1) / 2 ))p" <<< "$times")
    p95=$(sed -n "$(( (ROUNDS * 95 + 99) / 100 ))p" <<< "$times")
    printf '| %s | %s | %s |\n' "$1" "$median" "$p95"
}
from=$(date -u -d '-20 days' +%F)

measure SQLite
sqlite=$PORTAL_DB
PORTAL_DB=$(new_postgres_database office_bench)
started=$(date +%s.%N)
"$KIOSK_PORTAL" migrate --from "$sqlite" --to "$PORTAL_DB" > "$WORK/migrate.out" \
    || { cat "$WORK/migrate.out" >&2; exit 1; }
took=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
echo "kiosk-portal migrate of the $COUNT dossiers into PostgreSQL: $took s, every table checked"
echo
# Fresh statistics, as autovacuum would gather after a bulk load.
psql -q "$PORTAL_DB" -c "ANALYZE"
measure "PostgreSQL 15"
