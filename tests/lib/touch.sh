# Completing every catalog procedure by touch alone: one UI script per procedure, generated
# by touch_script from the procedure's example answers, played in the real window with the
# camera's replay twin holding a document for the photo step. Source after kiosk.sh.
# Expects TOUCH_SCRIPT and CAMERA_FRAME in the environment.

# touch_every_procedure LANG [CODE...]: every procedure (or the CODEs given) in LANG ("vi"
# or "en"); each must reach the portal with the answers that were typed.
touch_every_procedure() {
    local lang=$1; shift
    local root catalog units codes
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
    catalog="$root/forms/catalog"
    units="$root/forms/units/units-2025.json"
    codes=("$@")
    if [ ${#codes[@]} = 0 ]; then
        mapfile -t codes < <(kctl forms list --json | jq -r '.[].code')
    fi
    [ ${#codes[@]} -ge 8 ] || [ $# -gt 0 ] || fail "the catalog lists only ${#codes[@]} procedures"
    mkdir -p "$WORK/camera"
    "$CAMERA_FRAME" document "GIẤY TỜ MẪU" "$WORK/camera/01-document.png"
    sed -i "s|^camera_path = .*|camera_path = \"$WORK/camera\"|" "$WORK/kiosk.toml"
    # One visit after another in one kiosk run, as at a commune office: each starts from
    # the home screen in Vietnamese, whatever the visit before chose.
    local code received line
    : > "$WORK/script.txt"
    for code in "${codes[@]}"; do
        mkdir -p "$SHOTS/$code"
        "$TOUCH_SCRIPT" "$catalog" "$units" "$code" "$lang" "$SHOTS/$code" \
            "$WORK/expected-$code.json" --photos | grep -vx quit >> "$WORK/script.txt" ||
            fail "$code: no script"
    done
    echo quit >> "$WORK/script.txt"
    KIOSK_TIMEOUT=600 run_kiosk "$WORK/script.txt" > "$WORK/kiosk.out" 2>&1 || {
        line=$(sed -n 's/^script: line \([0-9]*\):.*/\1/p' "$WORK/kiosk.out")
        fail "$lang: $(grep -v ALSA "$WORK/kiosk.out" | tail -3) (in $(head -n "${line:-1}" "$WORK/script.txt" | grep '^# ' | tail -1))"
    }
    received=$("$KIOSK_PORTAL" list --json --db "$PORTAL_DB")
    [ "$(jq length <<< "$received")" = "${#codes[@]}" ] || fail "the portal got $(jq length <<< "$received") of ${#codes[@]}"
    for code in "${codes[@]}"; do
        # Each procedure's submission carries every answer the script typed, exactly, and a
        # photo of each document on the document step.
        jq --arg code "$code" 'map(select(.document.procedure_code == $code)) | last | .document' \
            <<< "$received" > "$WORK/received.json"
        jq -e --slurpfile doc "$WORK/received.json" '
            (.answers | to_entries | all(.value == $doc[0].answers[.key]))
            and ([$doc[0].attachments[]? | select(.media_type == "image/jpeg") | .name] | sort)
                == (.attachments | sort)' "$WORK/expected-$code.json" > /dev/null ||
            fail "$code ($lang): the portal got $(jq -c '{answers, attachments}' "$WORK/received.json"), expected $(jq -c . "$WORK/expected-$code.json")"
        echo "ok $code ($lang)"
    done
}
