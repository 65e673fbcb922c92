# Helpers for e2e tests that drive the real kiosk window. Source after portal.sh.
# Expects KIOSK in the environment.

# run_kiosk SCRIPT [ARGS]: plays a UI script in the real window under Xvfb (1280x800, or
# KIOSK_SIZE such as 1080x1920 for a portrait screen), stopped after KIOSK_TIMEOUT seconds
# (150 unless set).
# The leak checker is off for this process only: Mesa's software GL and libX11 keep
# allocations for the process lifetime.
run_kiosk() {
    local script=$1; shift
    local size=${KIOSK_SIZE:-1280x800}
    ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 timeout "${KIOSK_TIMEOUT:-150}" \
        xvfb-run -a -s "-screen 0 ${size}x24" "$KIOSK" --config "$WORK/kiosk.toml" \
        --data-dir "$WORK/data" --windowed "$size" --script "$script" "$@"
}

# script_pick FIELD SEARCH VALUE: the script lines that choose VALUE in the choice list of
# FIELD: open it, type SEARCH in its search box, tap the item.
script_pick() {
    printf 'tap "#%s"\ntap "#%s/search"\nosk "%s"\ntap key:done\ntap "#%s=%s"\n' \
        "$1" "$1" "$2" "$1" "$3"
}

# script_submit_and_finish SHOTS FIRST_NUMBER [CONSENT_LINES]: the script lines from the
# review to the home screen: confirm, consent (after CONSENT_LINES, e.g. staff entering the
# fee), submit, wait for the receipt, dump it, finish.
script_submit_and_finish() {
    local shots=$1 n=$2
    cat <<SCRIPT
tap "Thông tin đã đúng"
${4:-}
wait_for "Đồng ý sử dụng thông tin"
${3:-}
screenshot $shots/$n-consent.png
tap "Tôi đồng ý và nộp hồ sơ"
wait_for "Đã nộp hồ sơ thành công" 30000
screenshot $shots/$((n + 1))-receipt.png
dump_text $WORK/receipt-screen.txt
tap "Hoàn tất"
wait_for "Đánh giá mức độ hài lòng"
tap "Bỏ qua"
wait_for "Quét thẻ căn cước"
screenshot $shots/$((n + 2))-home-after.png
dump_text $WORK/home-after.txt
quit
SCRIPT
}

# check_one_submission CODE: exactly one submission of procedure CODE reached the portal,
# its receipt was on screen, the card's identity came with it, and nothing personal stayed
# on the home screen afterwards. Sets DOC (the decrypted document) and RECEIPT.
check_one_submission() {
    local received
    received=$("$KIOSK_PORTAL" list --json --db "$PORTAL_DB")
    [ "$(jq length <<< "$received")" = 1 ] || fail "portal should hold exactly one submission"
    RECEIPT=$(jq -r '.[0].receipt_no' <<< "$received")
    grep -qxF "$RECEIPT" "$WORK/receipt-screen.txt" || fail "receipt $RECEIPT not on screen"
    DOC=$(jq '.[0].document' <<< "$received")
    [ "$(jq -r .procedure_code <<< "$DOC")" = "$1" ] || fail "wrong procedure"
    [ "$(jq -r .identity.id_number <<< "$DOC")" = 001089012345 ] || fail "identity not from the card"
    [ "$(jq -r .consent.given <<< "$DOC")" = true ] || fail "consent not recorded"
    if grep -q "Nguyễn" "$WORK/home-after.txt"; then fail "personal data left on the home screen"; fi
    [ "$(kctl queue list --json | jq -r '.[0].receipt_no')" = "$RECEIPT" ] || fail "outbox receipt"
}

# start_e2e NAME: a fresh screenshot folder ($SHOTS), the sample card ($CARD), a running
# portal and a terminal provisioned against it.
start_e2e() {
    SHOTS="$ARTIFACT_DIR/$1"
    rm -rf "$SHOTS" && mkdir -p "$SHOTS"
    CARD="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/assets/demo/sample-card.txt"
    start_portal 0
    provision_terminal
}

# script_scan_and_open PROCEDURE_NAME: the script lines from the home screen to the chosen
# procedure's information screen, scanning the sample card on the way (screenshots 01-04).
script_scan_and_open() {
    cat <<SCRIPT
wait_for "Quét thẻ căn cước"
screenshot $SHOTS/01-home.png
tap "Quét thẻ căn cước"
wait_for "Đặt mặt sau thẻ căn cước"
scan_file $CARD
wait_for "Xin chào Nguyễn Văn An"
screenshot $SHOTS/03-catalog.png
tap "$1"
wait_for "Giấy tờ cần mang theo"
screenshot $SHOTS/04-info.png
SCRIPT
}

# script_staff_login NAME PIN: the script lines from the home screen through a staff login
# typed on the on-screen numeric pad.
script_staff_login() {
    cat <<SCRIPT
tap "Dành cho cán bộ"
tap "$1"
tap "Mã PIN"
osk $2
tap key:done
tap "Đăng nhập"
SCRIPT
}

# script_suggested WORDS [keypad]: the script lines that type WORDS as someone who knows no
# typing method does: each word in plain letters, then its suggestion taken ("Nguyễn" from
# "Nguyen"), a space between words. On the on-screen keyboard (its method plain, ABC) the
# suggestion is tapped; with "keypad", the letters come from an audio keypad and the
# suggestion is reached with the down arrow, as it is read aloud, and taken with Enter.
script_suggested() {
    python3 - "$1" "${2:-touch}" <<'PY'
import sys, unicodedata
words, keypad = sys.argv[1].split(" "), sys.argv[2] == "keypad"
for i, word in enumerate(words):
    plain = "".join(c for c in unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
                    if not unicodedata.combining(c))
    if keypad:
        print(f'type "{" " if i else ""}{plain}"')
        if plain != word:
            print(f'seek down "{word}"\nkey enter')
        continue
    print(f'osk "{plain}"')
    if plain != word:
        print(f'tap "{word}"')
    if i + 1 < len(words):
        print('tap "key: "')
PY
}

# script_birth_to_review: the birth registration's script lines from the mother's step to the
# review: no father declared, the result collected at the one-stop counter.
script_birth_to_review() {
    cat <<'SCRIPT'
tap "Tiếp tục"
wait_for "Bước 4/5"
tap "Không"
tap "Tiếp tục"
wait_for "Bước 5/5"
tap "Nhận tại bộ phận một cửa"
tap "Tiếp tục"
wait_for "Kiểm tra lại thông tin"
SCRIPT
}
