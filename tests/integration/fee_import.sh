# Fees paid by bank transfer: dossiers from a real terminal, a bank statement (semicolons, a
# BOM, CRLF, Vietnamese headers) naming one dossier as printed, one with the punctuation
# stripped and lower-cased by the bank, and a transfer naming none. Imported twice: recorded
# once, counted as already recorded the second time; the output, the audit log and the office
# page never show a note; an unreadable file or a missing column is refused (exit 2) with
# nothing imported.
source "$(dirname "$0")/../lib/portal.sh"

"$KIOSK_PORTAL" unit set --db "$PORTAL_DB" 00004 000.00.12.H26
start_portal 0
provision_terminal
kctl forms example 1.001193 > "$WORK/answers.json"
for _ in 1 2 3; do kctl queue submit 1.001193 --answers "$WORK/answers.json" > /dev/null; done
kctl sync --until-empty --timeout 60 > /dev/null || fail "the queue did not drain"
mapfile -t receipts < <("$KIOSK_PORTAL" list --json --db "$PORTAL_DB" | jq -r '.[].receipt_no' | sort)
[ "${#receipts[@]}" = 3 ] || fail "expected 3 dossiers, got ${receipts[*]}"
paid=${receipts[0]}
stripped=${receipts[1]}
unpaid=${receipts[2]}
# What banks make of a note: no punctuation, lower case.
stripped_note=$(tr -d '.-' <<< "$stripped" | tr 'A-Z' 'a-z')

csv="$WORK/sao-ke.csv"
{
    printf '\xEF\xBB\xBF'
    printf 'Ngày giao dịch;Số tham chiếu;Số tiền ghi có (VND);Nội dung giao dịch\r\n'
    printf '01/12/2026 09:15;FT26335001;5.000;NGUYEN VAN AN nop le phi %s\r\n' "$paid"
    printf '01/12/2026 10:02;FT26335002;5,000 VND;"ck le phi, hs %s"\r\n' "$stripped_note"
    printf '02/12/2026 11:30;FT26336003;20.000;CHUYEN TIEN AN TRUA\r\n'
} > "$csv"

"$KIOSK_PORTAL" fees import --db "$PORTAL_DB" --csv "$csv" > "$WORK/first.out" \
    || fail "the first import failed: $(cat "$WORK/first.out")"
figure() { grep -F "$1" "$WORK/first.out" | awk '{print $NF}'; }
[ "$(figure 'rows read')" = 3 ] || fail "rows read: $(cat "$WORK/first.out")"
[ "$(figure 'payments recorded')" = 2 ] || fail "recorded: $(cat "$WORK/first.out")"
[ "$(figure 'already recorded')" = 0 ] || fail "already recorded: $(cat "$WORK/first.out")"
[ "$(figure 'unmatched')" = 1 ] || fail "unmatched: $(cat "$WORK/first.out")"
grep -q "Số dòng đã đọc" "$WORK/first.out" || fail "no Vietnamese: $(cat "$WORK/first.out")"
grep -q "line 4: .*matches no dossier" "$WORK/first.out" \
    || fail "the unmatched row is not named: $(cat "$WORK/first.out")"

# The same statement again: nothing twice.
"$KIOSK_PORTAL" fees import --db "$PORTAL_DB" --csv "$csv" --json > "$WORK/second.json" \
    || fail "the second import failed"
jq -e '.rows_read == 3 and .recorded == 0 and .already_recorded == 2 and .unmatched == 1' \
    "$WORK/second.json" > /dev/null || fail "second import: $(cat "$WORK/second.json")"
jq -e '.unmatched_rows == [{"line": 4, "reason": "no_dossier"}]' "$WORK/second.json" > /dev/null \
    || fail "second import's unmatched rows: $(cat "$WORK/second.json")"
jq -e --arg a "$paid" --arg b "$stripped" '[.payments[] | .receipt_no] == [$a, $b]' \
    "$WORK/second.json" > /dev/null || fail "matched the wrong dossiers: $(cat "$WORK/second.json")"

# Bad input: exit 2, a message in both languages, nothing imported.
rc=0
"$KIOSK_PORTAL" fees import --db "$PORTAL_DB" --csv "$WORK/missing.csv" 2> "$WORK/err" || rc=$?
[ "$rc" = 2 ] || fail "a missing file: exit $rc"
grep -q "không đọc được .* / cannot read" "$WORK/err" || fail "unclear: $(cat "$WORK/err")"
printf 'Ngày;Nội dung;Ghi nợ\n01/12/2026;%s;5000\n' "$unpaid" > "$WORK/no-amount.csv"
rc=0
"$KIOSK_PORTAL" fees import --db "$PORTAL_DB" --csv "$WORK/no-amount.csv" 2> "$WORK/err" || rc=$?
[ "$rc" = 2 ] || fail "no amount column: exit $rc"
grep -q "không có cột số tiền .* / no amount column" "$WORK/err" || fail "unclear: $(cat "$WORK/err")"
rc=0
"$KIOSK_PORTAL" fees import --db "$PORTAL_DB" 2> "$WORK/err" || rc=$?
[ "$rc" = 2 ] || fail "no --csv: exit $rc"

# Two imports audited, by their counts; no note anywhere the portal prints.
audit=$("$KIOSK_PORTAL" audit --db "$PORTAL_DB")
jq -e '[.[] | select(.action == "fee_import")] | length == 2 and all(.actor == "import")' \
    <<< "$audit" > /dev/null || fail "audit: $audit"
jq -e '[.[] | select(.action == "fee_import") | .detail] ==
       ["rows 3, recorded 2, already recorded 0, unmatched 1",
        "rows 3, recorded 0, already recorded 2, unmatched 1"]' <<< "$audit" > /dev/null \
    || fail "audit details: $audit"
if cat "$WORK/first.out" "$WORK/second.json" - <<< "$audit" | grep -q -i -e NGUYEN -e "an trua"; then
    fail "a note was printed"
fi

# The office shows the transfer on the paid dossiers, and nothing on the other.
office_login
page=$(curl -s -b "$jar" "$PORTAL_URL/office/dossiers/$paid")
grep -q "Lệ phí đã chuyển khoản" <<< "$page" || fail "the paid dossier shows no transfer"
grep -q "5.000 đ (ngày 01/12/2026, mã giao dịch FT26335001)" <<< "$page" \
    || fail "the transfer is not shown as recorded: $(grep -o 'bank-fee.\{0,120\}' <<< "$page")"
curl -s -b "$jar" "$PORTAL_URL/office/dossiers/$stripped" | grep -q "mã giao dịch FT26335002" \
    || fail "the stripped note's dossier shows no transfer"
if curl -s -b "$jar" "$PORTAL_URL/office/dossiers/$unpaid" | grep -q "Lệ phí đã chuyển khoản"; then
    fail "an unpaid dossier shows a transfer"
fi
echo "PASS"
