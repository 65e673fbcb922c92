# A technician's terminal life cycle: config check with line numbers, provision (key pair,
# enrollment, diagnostics), re-provision guarded while submissions are unsent, revocation on
# the portal, and decommission that wipes keys and queue only once nothing is left unsent.
source "$(dirname "$0")/../lib/portal.sh"

# config check: every problem, each with its line; a clean template passes.
"$KIOSKCTL" config template > "$WORK/template.toml"
"$KIOSKCTL" --config "$WORK/template.toml" --data-dir "$WORK/x" config check > /dev/null \
    || fail "the shipped template must pass config check"
cat > "$WORK/bad.toml" <<'TOML'
[terminal]
languag = "vi"
[devices]
scanner = "serial"
printer_width_dots = 500
TOML
set +e; "$KIOSKCTL" config check "$WORK/bad.toml" > "$WORK/problems"; rc=$?; set -e
[ "$rc" = 1 ] || fail "a bad config must exit 1"
grep -qx "$WORK/bad.toml:2: unknown setting terminal.languag" "$WORK/problems" || fail "typo not caught: $(cat "$WORK/problems")"
grep -qx "$WORK/bad.toml:5: devices.printer_width_dots must be 576 or 384" "$WORK/problems" || fail "width not caught"
grep -q "devices.scanner_path is needed for a serial scanner" "$WORK/problems" || fail "missing path not caught"
# The kiosk and kioskctl refuse to start on it, with the same lines.
if "$KIOSKCTL" --config "$WORK/bad.toml" --data-dir "$WORK/x" status 2> "$WORK/err"; then fail "started on a bad config"; fi
grep -q "bad.toml:2: unknown setting terminal.languag" "$WORK/err" || fail "status: $(cat "$WORK/err")"

# Provisioning generates a key pair, enrolls, writes the config and runs the diagnostics.
start_portal 0
code=$("$KIOSK_PORTAL" enroll-code --db "$WORK/portal.sqlite")
kctl provision --portal "$PORTAL_URL" --enroll-code "$code" --terminal-id KIOSK-07 --commune 00004 \
    > "$WORK/provision.out" || fail "provision failed"
grep -q "^ok    portal" "$WORK/provision.out" || fail "provision did not run diag: $(cat "$WORK/provision.out")"
[ "$(stat -c %a "$WORK/data/terminal.key")" = 600 ] || fail "terminal key must be 0600"
[ "$(stat -c %a "$WORK/data/terminal.token")" = 600 ] || fail "token must be 0600"
key=$("$KIOSK_PORTAL" terminals --db "$WORK/portal.sqlite" | jq -r '.[] | select(.id == "KIOSK-07") | .public_key')
[ "$(base64 -d <<< "$key" | wc -c)" = 32 ] || fail "the portal did not record the terminal's public key"
kctl config check > /dev/null || fail "the provisioned config must pass config check"
# The same code works once only.
if kctl provision --portal "$PORTAL_URL" --enroll-code "$code" 2> "$WORK/err"; then fail "code reused"; fi
grep -q "enrollment code unknown, already used or expired" "$WORK/err" || fail "reuse: $(cat "$WORK/err")"
# A withdrawn code cannot be used.
spare=$("$KIOSK_PORTAL" enroll-code --db "$WORK/portal.sqlite")
"$KIOSK_PORTAL" revoke-code --db "$WORK/portal.sqlite" "$spare"
if kctl provision --portal "$PORTAL_URL" --enroll-code "$spare" 2> /dev/null; then fail "revoked code used"; fi

# diag: JSON, portal and database fine, no devices configured (warnings), exit 0.
kctl diag --json > "$WORK/diag.json" || fail "diag failed on a healthy terminal: $(cat "$WORK/diag.json")"
for check in config portal clock disk database; do
    [ "$(jq -r --arg c "$check" '.checks[] | select(.name == $c) | .status' "$WORK/diag.json")" = ok ] \
        || fail "diag $check: $(jq -c --arg c "$check" '.checks[] | select(.name == $c)' "$WORK/diag.json")"
done
[ "$(jq -r '.checks[] | select(.name == "scanner") | .status' "$WORK/diag.json")" = warn ] || fail "no scanner should warn"
# A configured but absent printer fails the diagnostics.
sed -i 's|^printer = .*|printer = "device"|; s|^printer_path = .*|printer_path = "/dev/no-such-printer"|' "$WORK/kiosk.toml"
set +e; kctl diag > "$WORK/diag.txt"; rc=$?; set -e
[ "$rc" = 1 ] || fail "diag must fail without the printer"
grep -q "^fail  printer   /dev/no-such-printer is not present" "$WORK/diag.txt" || fail "printer: $(cat "$WORK/diag.txt")"
sed -i 's|^printer = .*|printer = "none"|; s|^printer_path = .*|printer_path = ""|' "$WORK/kiosk.toml"

# With the portal down: unsent work blocks a move to another portal and decommissioning.
kctl forms example 1.001193 > "$WORK/answers.json"
stop_portal
id=$(kctl queue submit 1.001193 --answers "$WORK/answers.json")
set +e; kctl diag > "$WORK/diag.txt"; rc=$?; set -e
[ "$rc" = 1 ] && grep -q "^fail  portal" "$WORK/diag.txt" || fail "diag must report the portal down"
if kctl provision --portal http://127.0.0.1:9 --enroll-code XXXX 2> "$WORK/err"; then fail "moved with unsent work"; fi
grep -q "1 submission(s) for $PORTAL_URL are not delivered yet" "$WORK/err" || fail "move: $(cat "$WORK/err")"
if kctl decommission 2> "$WORK/err"; then fail "decommissioned with unsent work"; fi
grep -q "1 submission(s) are not delivered yet" "$WORK/err" || fail "decommission: $(cat "$WORK/err")"
[ -s "$WORK/data/terminal.key" ] || fail "a refused decommission must not wipe anything"

# Re-provisioning an enrolled id takes a code issued for it; the queue is kept and drains.
start_portal "$PORTAL_PORT"
code=$("$KIOSK_PORTAL" enroll-code --db "$WORK/portal.sqlite")
if kctl provision --portal "$PORTAL_URL" --enroll-code "$code" --terminal-id KIOSK-07 --commune 00004 \
    2> "$WORK/err"; then fail "a plain code re-enrolled a live terminal id"; fi
grep -q "already enrolled; replacing it needs a code issued with .kiosk-portal enroll-code --replace KIOSK-07" \
    "$WORK/err" || fail "id taken: $(cat "$WORK/err")"
code=$("$KIOSK_PORTAL" enroll-code --db "$WORK/portal.sqlite" --replace KIOSK-07)
kctl provision --portal "$PORTAL_URL" --enroll-code "$code" --terminal-id KIOSK-07 --commune 00004 > /dev/null
kctl sync --until-empty --timeout 30 > /dev/null || fail "queue did not drain after re-provisioning"
"$KIOSK_PORTAL" list --json --db "$WORK/portal.sqlite" | jq -e --arg id "$id" 'any(.[]; .id == $id)' > /dev/null \
    || fail "the queued submission did not arrive"

# A revoked terminal is refused by the portal; its entries wait, they are not lost.
"$KIOSK_PORTAL" revoke-terminal --db "$WORK/portal.sqlite" KIOSK-07
id2=$(kctl queue submit 1.001193 --answers "$WORK/answers.json")
kctl sync --once > /dev/null || true
[ "$(kctl queue list --json | jq -r --arg id "$id2" '.[] | select(.id == $id) | .last_error')" = "portal refused the terminal (401)" ] \
    || fail "revoked terminal: $(kctl queue list --json | jq -c '.[0]')"
# A revoked id never comes back: no replacement code is issued for it, a plain code is refused.
if "$KIOSK_PORTAL" enroll-code --db "$WORK/portal.sqlite" --replace KIOSK-07 2> "$WORK/err"; then
    fail "a replacement code was issued for a revoked terminal"
fi
grep -q "KIOSK-07 is revoked" "$WORK/err" || fail "replace revoked: $(cat "$WORK/err")"
code=$("$KIOSK_PORTAL" enroll-code --db "$WORK/portal.sqlite")
if kctl provision --portal "$PORTAL_URL" --enroll-code "$code" --terminal-id KIOSK-07 --commune 00004 \
    --force 2> "$WORK/err"; then fail "a revoked terminal id was enrolled again"; fi
grep -q "KIOSK-07 is revoked and cannot be enrolled again" "$WORK/err" || fail "revoked: $(cat "$WORK/err")"

# Decommission: refused while unsent, then forced; keys, token, queue and staff are gone.
echo 482916 | kctl staff add lan.pt --name "Phạm Thị Lan" > /dev/null
kctl decommission --force > "$WORK/decom.out" || fail "forced decommission failed"
grep -q "1 never delivered" "$WORK/decom.out" || fail "decommission summary: $(cat "$WORK/decom.out")"
for f in terminal.key terminal.token outbox.sqlite staff.json; do
    [ ! -e "$WORK/data/$f" ] || fail "$f survived decommissioning"
done
[ "$(kctl status --json | jq -r .provisioned)" = false ] || fail "still provisioned after decommissioning"
kctl config check > /dev/null || fail "the reset config must still be valid"
echo "PASS: config check, provision with diag, guarded re-provisioning, revocation, decommission"
