# Every procedure in the catalog completed by touch alone in English: the on-screen
# keyboard (Telex) for text, taps for choices, the pickers' search for communes, the camera's
# replay twin for document photos. Screenshots of every step land in artifacts/touch_en/CODE.
source "$(dirname "$0")/../lib/portal.sh"
source "$(dirname "$0")/../lib/kiosk.sh"
source "$(dirname "$0")/../lib/touch.sh"
start_e2e touch_en
touch_every_procedure en "$@"
echo "PASS: every procedure completed by touch in English"
