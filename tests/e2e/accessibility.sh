# Help for reading on every screen: read-aloud (heard through a file instead of the sound
# card), three text sizes, high contrast; all of it goes back to normal for the next visitor.
source "$(dirname "$0")/../lib/portal.sh"
source "$(dirname "$0")/../lib/kiosk.sh"
start_e2e accessibility
speech="$WORK/speech.raw"
sed -i "s|^read_aloud_output = .*|read_aloud_output = '$speech'|" "$WORK/kiosk.toml"

cat > "$WORK/script.txt" <<SCRIPT
wait_for "Quét thẻ căn cước"
tap "Đọc to"
wait 1500
tap "Chữ to hơn"
screenshot $SHOTS/01-text-size-2.png
tap "Chữ to hơn"
wait_for "Chữ nhỏ lại"
screenshot $SHOTS/02-text-size-3.png
tap "Tương phản"
screenshot $SHOTS/03-high-contrast.png
dump_state $WORK/state-contrast.txt
tap "Chọn thủ tục"
tap "Đăng ký khai sinh"
wait_for "Giấy tờ cần mang theo"
screenshot $SHOTS/04-info-large-contrast.png
tap "English"
wait_for "Documents to bring"
tap "Read aloud"
wait 1500
screenshot $SHOTS/05-english.png
tap "Start the form"
wait_for "Step 1/5"
screenshot $SHOTS/06-form-large-contrast.png
tap "Back"
tap "Another procedure"
tap "Back to start"
wait_for "Quét thẻ căn cước"
dump_text $WORK/home.txt
screenshot $SHOTS/07-home-reset.png
dump_state $WORK/state-home.txt
quit
SCRIPT

run_kiosk "$WORK/script.txt" --demo || fail "kiosk script failed (screenshots in $SHOTS)"
# Two readings, each at least a second of 22 kHz audio.
[ "$(stat -c %s "$speech")" -gt 88000 ] || fail "nothing was read aloud"
# The next visitor starts with the normal text size.
grep -qxF "Chữ to hơn" "$WORK/home.txt" || fail "text size not reset after the visit"
# ... and is greeted in the terminal's language, not the one the last visitor chose.
grep -qxF "English" "$WORK/home.txt" || fail "language not reset after the visit"
# ... and in the normal theme: the dump says which theme the last frame was drawn for.
grep -qxF "high_contrast on" "$WORK/state-contrast.txt" || fail "high contrast was not switched on"
grep -qxF "high_contrast off" "$WORK/state-home.txt" || fail "high contrast not reset after the visit"
echo "PASS: read-aloud, text sizes and contrast on every screen; reset for the next visitor"
