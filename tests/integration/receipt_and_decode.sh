# Receipts as the printer prints them, and the decode command on them: the sample receipt
# matches its approved image for both paper widths (tests/update_golden.sh rewrites them),
# its QR reads back as the receipt number, a queued submission's receipt says it is not sent
# yet and carries its id, and the ESC/POS bytes are a well-formed raster job.
source "$(dirname "$0")/../lib/portal.sh"
golden="$(dirname "$0")/../data/golden"

for width in 576 384; do
    kctl receipt render --width "$width" --out "$WORK/receipt-$width.png"
    cmp -s "$WORK/receipt-$width.png" "$golden/receipt-sample-$width.png" \
        || fail "receipt ($width dots) differs from $golden/receipt-sample-$width.png (tests/update_golden.sh)"
done
[ "$("$KIOSKCTL" decode "$WORK/receipt-576.png" "$WORK/receipt-384.png")" = "KP-20261123-000042
KP-20261123-000042" ] || fail "the receipt QR does not read back"

# decode: one line per image; exit 1 and a message when an image has no code.
printf 'P5\n40 50\n255\n' > "$WORK/blank.pgm"; head -c 2000 /dev/zero | tr '\0' '\377' >> "$WORK/blank.pgm"
set +e; out=$("$KIOSKCTL" decode "$WORK/receipt-576.png" "$WORK/blank.pgm" 2> "$WORK/err"); rc=$?; set -e
[ "$rc" = 1 ] || fail "decode must exit 1 when an image has no code"
[ "$out" = KP-20261123-000042 ] || fail "decode output: $out"
grep -q "blank.pgm: no QR code found" "$WORK/err" || fail "decode message: $(cat "$WORK/err")"
set +e; "$KIOSKCTL" decode "$WORK/missing.png" 2> "$WORK/err"; rc=$?; set -e
[ "$rc" = 2 ] && grep -qxF "cannot read $WORK/missing.png" "$WORK/err" || fail "an unreadable file must be reported (exit 2)"

# A submission queued while the portal is down: the receipt says so and tracks the id.
start_portal 0
provision_terminal
stop_portal
kctl forms example 1.001193 > "$WORK/answers.json"
id=$(kctl queue submit 1.001193 --answers "$WORK/answers.json")
kctl receipt render --id "$id" --out "$WORK/queued.png" --escpos "$WORK/queued.escpos"
[ "$("$KIOSKCTL" decode "$WORK/queued.png")" = "$id" ] || fail "queued receipt QR must carry the submission id"
cmp -s "$WORK/queued.png" "$WORK/receipt-576.png" && fail "queued receipt looks like a sent one"
# ESC @, then GS v 0 with 72 bytes per row (576 dots), and a cut at the end.
[ "$(head -c 5 "$WORK/queued.escpos" | od -An -tx1 | tr -d ' \n')" = 1b401d7630 ] || fail "ESC/POS header"
[ "$(head -c 8 "$WORK/queued.escpos" | tail -c 2 | od -An -tu1 | tr -s ' ')" = " 72 0" ] || fail "ESC/POS row width"
[ "$(tail -c 3 "$WORK/queued.escpos" | od -An -tx1 | tr -d ' \n')" = 1d5601 ] || fail "ESC/POS cut"
echo "PASS: golden receipts (576 and 384 dots), QR read-back, queued receipt, ESC/POS job"
