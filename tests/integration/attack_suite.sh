# The trust boundary attacked from outside (sync/PROTOCOL.md v2): hand-written requests that
# forge, replay, enumerate and flood (tests/integration/attacker.py), a man in the middle
# answering 201, plain http and old TLS, and a submission the portal refuses. Invariant:
# every attack is refused with a clear answer, and nothing the terminal queued is lost or
# delivered twice.
source "$(dirname "$0")/../lib/portal.sh"
ATTACKER=$(dirname "$0")/attacker.py
attacker() { /usr/bin/python3 "$ATTACKER" "$@"; }
entry() { kctl queue list --json | jq -r --arg id "$1" ".[] | select(.id == \$id) | .$2"; }
arrived() { "$KIOSK_PORTAL" list --json --db "$WORK/portal.sqlite" | jq --arg id "$1" '[.[] | select(.id == $id)] | length'; }

start_portal 0
provision_terminal
mkdir -p "$WORK/t2"
kctl2() { "$KIOSKCTL" --config "$WORK/t2/kiosk.toml" --data-dir "$WORK/t2/data" "$@"; }
kctl2 provision --portal "$PORTAL_URL" --enroll-code "$("$KIOSK_PORTAL" enroll-code --db "$WORK/portal.sqlite")" \
    --terminal-id KIOSK-T2 --commune 00005 > /dev/null
kctl forms example 1.001193 > "$WORK/answers.json"

# Enrollment: a spare code does not take over a live terminal id.
spare=$("$KIOSK_PORTAL" enroll-code --db "$WORK/portal.sqlite")
status=$(curl -s -o "$WORK/enroll.out" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"enroll_code\":\"$spare\",\"terminal_id\":\"KIOSK-TEST\",\"commune_code\":\"00004\",\"terminal_public_key\":\"$(head -c 32 /dev/urandom | base64)\"}" \
    "$PORTAL_URL/api/v1/enroll")
[ "$status" = 409 ] || fail "a spare code re-enrolled a live terminal: $status $(cat "$WORK/enroll.out")"
sqlite3 "$WORK/portal.sqlite" "UPDATE enroll_codes_v2 SET expires_at=0 WHERE used_at IS NULL"
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"enroll_code\":\"$spare\",\"terminal_id\":\"KIOSK-NEW\",\"commune_code\":\"00004\",\"terminal_public_key\":\"$(head -c 32 /dev/urandom | base64)\"}" \
    "$PORTAL_URL/api/v1/enroll")
[ "$status" = 403 ] || fail "an expired code enrolled a terminal: $status"
sqlite3 "$WORK/portal.sqlite" "SELECT code_hash FROM enroll_codes_v2" | grep -q "$spare" && fail "a code is stored in clear"
echo "ok    enrollment: live id not taken over, expired code refused, codes hashed"

# Every request-level attack (forged senders, foreign ids, invalid content, enumeration,
# oversized and deep bodies).
attacker portal "$PORTAL_URL" "$WORK/portal.sqlite" "$WORK" "$WORK/t2" "$WORK/answers.json"

# A man in the middle answering 201 with a made-up receipt: the terminal keeps the entry.
real_url=$PORTAL_URL
/usr/bin/python3 "$ATTACKER" mitm "$WORK/mitm.port" 2> "$WORK/mitm.err" & MITM_PID=$!
for _ in $(seq 50); do [ -s "$WORK/mitm.port" ] && break; sleep 0.1; done
sed -i "s|^url = .*|url = \"http://127.0.0.1:$(cat "$WORK/mitm.port")\"|" "$WORK/kiosk.toml"
id=$(kctl queue submit 1.001193 --answers "$WORK/answers.json")
kctl sync --once > /dev/null || true
[ "$(entry "$id" state)" = retry_wait ] || fail "a forged receipt was believed: $(entry "$id" state) $(entry "$id" receipt_no)"
[ "$(entry "$id" last_error)" = "receipt not signed by the portal" ] || fail "forged receipt: $(entry "$id" last_error)"
kill "$MITM_PID"; wait "$MITM_PID" 2> /dev/null || true
# A fake portal with an answer far over the terminal's cap: a failed attempt, not a crash.
rm -f "$WORK/mitm.port"
/usr/bin/python3 "$ATTACKER" mitm "$WORK/mitm.port" huge 2> "$WORK/mitm.err" & MITM_PID=$!
for _ in $(seq 50); do [ -s "$WORK/mitm.port" ] && break; sleep 0.1; done
sed -i "s|^url = .*|url = \"http://127.0.0.1:$(cat "$WORK/mitm.port")\"|" "$WORK/kiosk.toml"
set +e; kctl sync --once > /dev/null 2>&1; rc=$?; set -e
[ "$rc" -lt 128 ] || fail "a huge answer crashed kioskctl sync (exit $rc)"
[ "$(entry "$id" state)" = retry_wait ] || fail "a huge answer: $(entry "$id" state)"
kill "$MITM_PID"; wait "$MITM_PID" 2> /dev/null || true
sed -i "s|^url = .*|url = \"$real_url\"|" "$WORK/kiosk.toml"
kctl sync --until-empty --timeout 30 > /dev/null || fail "after the attack the entry did not reach the portal"
[ "$(entry "$id" receipt_no)" != FAKE-20261201-000001 ] && [ "$(arrived "$id")" = 1 ] \
    || fail "after a forged receipt: $(entry "$id" receipt_no), arrived $(arrived "$id") times"
echo "ok    man in the middle: forged and huge answers are failed attempts; delivered once after"

# A submission the portal refuses (its catalog version does not match): parked with the
# portal's reason for staff, then delivered after a staff retry.
stop_portal
id=$(kctl queue submit 1.001193 --answers "$WORK/answers.json")
sqlite3 "$WORK/data/outbox.sqlite" "UPDATE submissions SET catalog_version=99 WHERE id='$id'"
start_portal "$PORTAL_PORT"
kctl sync --once > /dev/null || true
[ "$(entry "$id" state)" = needs_attention ] || fail "refused submission: $(entry "$id" state)"
entry "$id" last_error | grep -q "(422): catalog_version does not match its envelope" \
    || fail "the portal's reason is not kept for staff: $(entry "$id" last_error)"
sqlite3 "$WORK/data/outbox.sqlite" "UPDATE submissions SET catalog_version=1 WHERE id='$id'"
kctl queue retry "$id" > /dev/null
kctl sync --until-empty --timeout 30 > /dev/null || fail "staff retry did not deliver"
[ "$(arrived "$id")" = 1 ] || fail "retried submission arrived $(arrived "$id") times"
echo "ok    refused content: parked with the portal's reason, delivered after a staff retry"

# Transport: plain http only to this machine, old TLS refused by the portal.
sed "s|^url = .*|url = \"http://10.1.2.3:8787\"|" "$WORK/kiosk.toml" > "$WORK/remote-http.toml"
if "$KIOSKCTL" config check "$WORK/remote-http.toml" > "$WORK/problems"; then fail "remote http accepted"; fi
grep -q "portal.url must use https://" "$WORK/problems" || fail "remote http: $(cat "$WORK/problems")"
if "$KIOSKCTL" --config "$WORK/x.toml" --data-dir "$WORK/x" provision --portal http://10.1.2.3:8787 \
    --enroll-code X 2> "$WORK/err"; then fail "provisioned over remote http"; fi
grep -q "must use https://" "$WORK/err" || fail "provision over http: $(cat "$WORK/err")"
sed -i "s|^allow_insecure_http = .*|allow_insecure_http = true|" "$WORK/kiosk.toml"
set +e; kctl diag > "$WORK/diag.txt"; rc=$?; set -e
[ "$rc" = 1 ] && grep -q "^fail  portal.*allow_insecure_http" "$WORK/diag.txt" || fail "diag must fail with allow_insecure_http: $(cat "$WORK/diag.txt")"
sed -i "s|^allow_insecure_http = .*|allow_insecure_http = false|" "$WORK/kiosk.toml"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" \
    -days 2 -subj "/CN=127.0.0.1" > /dev/null 2>&1
"$KIOSK_PORTAL" serve --listen 127.0.0.1:0 --db "$WORK/tls.sqlite" --tls-cert "$WORK/cert.pem" \
    --tls-key "$WORK/key.pem" > "$WORK/tls.out" 2>&1 & TLS_PID=$!
for _ in $(seq 100); do grep -q "listening on" "$WORK/tls.out" && break; sleep 0.1; done
tls_port=$(sed -n 's/.*listening on https:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$WORK/tls.out")
if openssl s_client -connect "127.0.0.1:$tls_port" -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0' < /dev/null > "$WORK/tls11.txt" 2>&1; then
    kill "$TLS_PID"; fail "the portal accepted TLS 1.1"
fi
openssl s_client -connect "127.0.0.1:$tls_port" -tls1_2 < /dev/null > /dev/null 2>&1 || { kill "$TLS_PID"; fail "TLS 1.2 refused"; }
kill "$TLS_PID"; wait "$TLS_PID" 2> /dev/null || true
echo "ok    transport: remote http refused, allow_insecure_http fails diag, TLS 1.1 refused"

# Slow bodies: 40 connections trickling a body tie up the portal for at most its read
# timeout; meanwhile the terminal keeps queueing, and delivers once they are dropped.
/usr/bin/python3 "$ATTACKER" slow "$PORTAL_URL" 40 45 & SLOW_PID=$!
sleep 2
id=$(kctl queue submit 1.001193 --answers "$WORK/answers.json") || fail "queueing failed while the portal was under attack"
wait "$SLOW_PID" || fail "the portal kept trickling connections open"
kctl sync --until-empty --timeout 60 > /dev/null || fail "not delivered after the slow attack"
[ "$(arrived "$id")" = 1 ] || fail "after the slow attack: arrived $(arrived "$id") times"

# Nothing acknowledged lost, nothing twice: every accepted entry is at the portal once.
for accepted in $(kctl queue list --json | jq -r '.[] | select(.state == "accepted") | .id'); do
    [ "$(arrived "$accepted")" = 1 ] || fail "$accepted arrived $(arrived "$accepted") times"
done
[ "$(kctl queue list --json | jq '[.[] | select(.state != "accepted")] | length')" = 0 ] || fail "entries left unsent"
echo "PASS: every attack on the trust boundary refused; every submission delivered exactly once"
