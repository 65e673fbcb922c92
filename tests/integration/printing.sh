# Receipt printing through the configured printer: a network printer (a fake that speaks
# the ESC/POS paper-status query) gets the raster job; an empty roll is reported and nothing
# is sent; an unreachable printer is offline; a device-node printer receives the same bytes.
# diag reports each state.
source "$(dirname "$0")/../lib/portal.sh"

start_portal 0
provision_terminal
"$FAKE_PRINTER" "$WORK/printed.bin" > "$WORK/printer.addr" &
printer_pid=$!
trap 'kill $printer_pid 2> /dev/null || true; cleanup' EXIT
for _ in $(seq 1 50); do [ -s "$WORK/printer.addr" ] && break; sleep 0.1; done
addr=$(head -1 "$WORK/printer.addr")
set_printer() { sed -i "s|^printer = .*|printer = \"$1\"|; s|^printer_path = .*|printer_path = \"$2\"|" "$WORK/kiosk.toml"; }
printer_check() { kctl diag --json | jq -r '.checks[] | select(.name == "printer") | .status + " " + .detail'; }

# The test slip (sample receipt) on the network printer.
set_printer tcp "$addr"
kctl receipt print | grep -q "printed on tcp $addr" || fail "test slip not printed"
kctl receipt render --escpos "$WORK/expected.bin"
for _ in $(seq 1 50); do [ -s "$WORK/printed.bin" ] && break; sleep 0.1; done
cmp -s "$WORK/printed.bin" "$WORK/expected.bin" || fail "the printer did not receive the rendered job"
[ "$(printer_check)" = "ok tcp $addr: ready" ] || fail "diag: $(printer_check)"

# A queued submission's receipt.
kctl forms example 1.001193 > "$WORK/answers.json"
id=$(kctl queue submit 1.001193 --answers "$WORK/answers.json")
: > "$WORK/printed.bin"
kctl receipt print --id "$id" > /dev/null || fail "queued receipt not printed"
kctl receipt render --id "$id" --escpos "$WORK/expected-queued.bin"
for _ in $(seq 1 50); do [ -s "$WORK/printed.bin" ] && break; sleep 0.1; done
cmp -s "$WORK/printed.bin" "$WORK/expected-queued.bin" || fail "queued receipt bytes differ"

# Out of paper: reported, nothing sent.
touch "$WORK/printed.bin.paper-out"
: > "$WORK/printed.bin"
if kctl receipt print 2> "$WORK/err"; then fail "printed without paper"; fi
grep -q "not printed: out of paper" "$WORK/err" || fail "paper out: $(cat "$WORK/err")"
sleep 0.3
[ ! -s "$WORK/printed.bin" ] || fail "a job was sent to a printer without paper"
[ "$(printer_check)" = "fail tcp $addr: paper_out" ] || fail "diag paper out: $(printer_check)"
rm "$WORK/printed.bin.paper-out"

# Unreachable: offline.
kill $printer_pid; wait $printer_pid 2> /dev/null || true
if kctl receipt print 2> "$WORK/err"; then fail "printed to a printer that is off"; fi
grep -q "not printed: offline" "$WORK/err" || fail "offline: $(cat "$WORK/err")"

# A device node (here a plain file standing in for /dev/usb/lp0) gets the same job.
: > "$WORK/lp0"
set_printer device "$WORK/lp0"
kctl receipt print > /dev/null || fail "device printer"
cmp -s "$WORK/lp0" "$WORK/expected.bin" || fail "device printer bytes differ"
echo "PASS: network and device printers, paper-out and offline detected, diag states"
