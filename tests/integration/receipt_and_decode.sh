# Receipts as the printer prints them, and the decode command on them: the sample receipt
# matches its approved image for both paper widths (tests/update_golden.sh rewrites them),
# its two codes read back (the fee's VietQR transfer, then the dossier number for the lookup),
# a queued submission's receipt carries its final dossier number and no transfer code when the
# terminal has no account, and the ESC/POS bytes are a well-formed raster job.
source "$(dirname "$0")/../lib/portal.sh"
golden="$(dirname "$0")/../data/golden"

for width in 576 384; do
    kctl receipt render --width "$width" --out "$WORK/receipt-$width.png"
    cmp -s "$WORK/receipt-$width.png" "$golden/receipt-sample-$width.png" \
        || fail "receipt ($width dots) differs from $golden/receipt-sample-$width.png (tests/update_golden.sh)"
done
# The sample's transfer: 8.000 đồng to 970415/113366668888, the dossier number as the note.
printf '[payment]\nbank_bin = "970415"\naccount_no = "113366668888"\n' > "$WORK/payment.toml"
vietqr=$("$KIOSKCTL" --config "$WORK/payment.toml" --data-dir "$WORK/pay" payment qr \
    --amount 8000 --note 000.00.12.H26-261123-3042)
[ "$("$KIOSKCTL" decode "$WORK/receipt-576.png" "$WORK/receipt-384.png")" = "$vietqr
000.00.12.H26-261123-3042
$vietqr
000.00.12.H26-261123-3042" ] || fail "the receipt's codes do not read back: $("$KIOSKCTL" decode "$WORK/receipt-576.png")"

# decode: one line per image; exit 1 and a message when an image has no code.
printf 'P5\n40 50\n255\n' > "$WORK/blank.pgm"; head -c 2000 /dev/zero | tr '\0' '\377' >> "$WORK/blank.pgm"
set +e; out=$("$KIOSKCTL" decode "$WORK/receipt-576.png" "$WORK/blank.pgm" 2> "$WORK/err"); rc=$?; set -e
[ "$rc" = 1 ] || fail "decode must exit 1 when an image has no code"
[ "$out" = "$vietqr
000.00.12.H26-261123-3042" ] || fail "decode output: $out"
grep -q "blank.pgm: no QR code found" "$WORK/err" || fail "decode message: $(cat "$WORK/err")"
set +e; "$KIOSKCTL" decode "$WORK/missing.png" 2> "$WORK/err"; rc=$?; set -e
[ "$rc" = 2 ] && grep -qxF "cannot read $WORK/missing.png" "$WORK/err" || fail "an unreadable file must be reported (exit 2)"

# A submission queued while the portal is down: the receipt carries its final number.
start_portal 0
provision_terminal
stop_portal
kctl forms example 1.001193 > "$WORK/answers.json"
id=$(kctl queue submit 1.001193 --answers "$WORK/answers.json")
kctl receipt render --id "$id" --out "$WORK/queued.png" --escpos "$WORK/queued.escpos"
number=$(kctl queue list --json | jq -r --arg id "$id" '.[] | select(.id == $id) | .receipt_no')
[ -n "$number" ] && [ "$("$KIOSKCTL" decode "$WORK/queued.png")" = "$number" ] \
    || fail "queued receipt QR must carry its dossier number $number"
cmp -s "$WORK/queued.png" "$WORK/receipt-576.png" && fail "queued receipt looks like a sent one"
# ESC @, then GS v 0 with 72 bytes per row (576 dots), and a cut at the end.
[ "$(head -c 5 "$WORK/queued.escpos" | od -An -tx1 | tr -d ' \n')" = 1b401d7630 ] || fail "ESC/POS header"
[ "$(head -c 8 "$WORK/queued.escpos" | tail -c 2 | od -An -tu1 | tr -s ' ')" = " 72 0" ] || fail "ESC/POS row width"
[ "$(tail -c 3 "$WORK/queued.escpos" | od -An -tx1 | tr -d ' \n')" = 1d5601 ] || fail "ESC/POS cut"
echo "PASS: golden receipts (576 and 384 dots), both codes read back, queued receipt, ESC/POS job"
