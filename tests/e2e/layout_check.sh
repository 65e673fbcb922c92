# The layout check (kiosk --layout-check): every screen from prepared visit states, offscreen,
# at three text sizes, both languages, contrast on and off, with and without the staff banner,
# at 1280x800, 1920x1080 and 1080x1920. It must find no control that overlaps another, is cut
# off or is smaller than 48 px; the pictures of one variant are kept and checked for their size.
source "$(dirname "$0")/../lib/portal.sh"
shots="$ARTIFACT_DIR/layout_check"
rm -rf "$shots" && mkdir -p "$shots"
cd "$WORK"

status=0
# 1. Every picture checked; only a faulty one is saved (CI keeps them as artifacts).
ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 "$KIOSK" --demo --layout-check "$shots/faults" \
    --layout-faults-only > "$WORK/check.txt" 2> "$WORK/check.err" || status=$?
cat "$WORK/check.txt"
[ "$status" -eq 0 ] || fail "the layout check found faults (exit $status): see $shots/faults"
summary=$(tail -1 "$WORK/check.txt")
pictures=${summary%% pictures*}
# 3 sizes x 3 text sizes x 2 languages x 2 contrasts, about 150 states each with and without
# the banner: fewer means screens went missing.
[ "$pictures" -ge 9000 ] || fail "only $pictures pictures were checked"
grep -q " 0 layout faults" <<< "$summary" || fail "unexpected summary: $summary"

# 2. The pictures are written: one variant (portrait, largest text, staff banner), each PNG the
#    screen's size.
ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 "$KIOSK" --demo --layout-check "$shots/portrait" \
    --layout-only 1080x1920-text3-vi-staff > "$WORK/portrait.txt" 2>&1 \
    || fail "the portrait variant failed: $(tail -3 "$WORK/portrait.txt")"
count=$(find "$shots/portrait" -name '*.png' | wc -l)
[ "$count" -ge 100 ] || fail "only $count portrait pictures"
for name in home form-1.001193-step2 typing-1.001193-step2 receipt-1.001193 consent-2.000815 \
    staff-fee-2.000815 queue counter; do
    file="$shots/portrait/$name-1080x1920-text3-vi-staff.png"
    [ -f "$file" ] || fail "no picture $file"
    file "$file" | grep -q "1080 x 1920" || fail "$file is not 1080x1920: $(file "$file")"
done
# A typing picture shows the keyboard: its keys make it larger than the bare form.
[ "$(stat -c %s "$shots/portrait/typing-1.001193-step2-1080x1920-text3-vi-staff.png")" -gt \
  "$(stat -c %s "$shots/portrait/form-1.001193-step2-1080x1920-text3-vi-staff.png")" ] \
    || fail "the typing picture shows no keyboard"
echo "PASS: layout check: $summary"
