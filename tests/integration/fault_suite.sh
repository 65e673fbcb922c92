# Delivery under the portal's failure modes, a slow link, a full disk and a wrong pinned key.
# Invariant: nothing acknowledged is lost, success only with a receipt, exactly one receipt.
source "$(dirname "$0")/../lib/portal.sh"

kctl_json() { kctl queue list --json; }
entry() { kctl_json | jq -r --arg id "$1" --arg k "$2" '.[] | select(.id == $id) | .[$k]'; }

start_portal 0
port=$PORTAL_PORT
provision_terminal
kctl forms example 1.001193 > "$WORK/answers.json"
submit() { kctl queue submit 1.001193 --answers "$WORK/answers.json"; }
restart_portal() { stop_portal; start_portal "$port" "$@"; }

# 1. 503 with Retry-After: retried no sooner than the portal asked.
restart_portal --fault 503=1
id=$(submit)
before=$(date +%s)
kctl sync --once > /dev/null
[ "$(entry "$id" state)" = retry_wait ] || fail "503: entry should wait"
[ "$(entry "$id" last_error)" = "portal error (503)" ] || fail "503: last_error is $(entry "$id" last_error)"
next=$(date -d "$(entry "$id" next_attempt_at)" +%s)
[ $((next - before)) -ge 1 ] || fail "503: Retry-After not honoured"

# 2. 500: retried, not parked.
restart_portal --fault 500=1
kctl sync --once > /dev/null
[ "$(entry "$id" state)" = retry_wait ] || fail "500: entry should wait"
[ "$(entry "$id" last_error)" = "portal error (500)" ] || fail "500: wrong last_error"

# 3. A hanging portal: the request times out, the entry waits. (The hung request is answered
#    later, so the next cases use fresh entries.)
restart_portal --fault hang=1
kctl sync --once --timeout 2 > /dev/null
[ "$(entry "$id" state)" = retry_wait ] || fail "hang: entry should wait"
[[ "$(entry "$id" last_error)" == network:* ]] || fail "hang: last_error $(entry "$id" last_error)"

# 4. The portal commits, then the connection drops: the retry gets the same receipt.
restart_portal
kctl sync --until-empty --timeout 30 > /dev/null || fail "healthy portal: queue did not drain"
restart_portal --fault reset-after-commit=1
id=$(submit)
kctl sync --once > /dev/null
[ "$(entry "$id" state)" = retry_wait ] || fail "reset: an unanswered commit is not success"
portal_has() { "$KIOSK_PORTAL" list --json --db "$WORK/portal.sqlite" | jq --arg id "$1" '[.[] | select(.id == $id)] | length'; }
[ "$(portal_has "$id")" = 1 ] || fail "reset: the portal should have committed"
restart_portal
kctl sync --until-empty --timeout 30 > /dev/null || fail "reset: queue did not drain"
[ "$(portal_has "$id")" = 1 ] || fail "reset: delivered twice"
portal_receipt=$("$KIOSK_PORTAL" list --json --db "$WORK/portal.sqlite" | jq -r --arg id "$id" '.[] | select(.id == $id) | .receipt_no')
[ "$(entry "$id" receipt_no)" = "$portal_receipt" ] || fail "reset: receipts differ"

# 5. A permanently rejected entry is parked, kept, and does not block the others.
cp "$WORK/kiosk.toml" "$WORK/kiosk.toml.good"
wrong_key=$(head -c 32 /dev/urandom | base64)
sed -i "s|^box_key = .*|box_key = \"$wrong_key\"|" "$WORK/kiosk.toml"
bad=$(submit)
cp "$WORK/kiosk.toml.good" "$WORK/kiosk.toml"
good1=$(submit); good2=$(submit)
kctl sync --until-empty --timeout 30 > /dev/null || fail "reject: good entries must drain"
[ "$(entry "$bad" state)" = needs_attention ] || fail "reject: bad entry should need attention"
[[ "$(entry "$bad" last_error)" == *422* ]] || fail "reject: last_error $(entry "$bad" last_error)"
[ "$(entry "$good1" state)" = accepted ] && [ "$(entry "$good2" state)" = accepted ] \
    || fail "reject: one bad entry blocked the others"
kctl queue retry "$bad" > /dev/null || fail "reject: staff retry failed"
[ "$(entry "$bad" state)" = queued ] || fail "reject: retry should requeue"

# 6. A slow link (0.3–0.6 s per answer) still delivers everything.
restart_portal --fault "delay=300..600ms"
slow=$(submit)
kctl sync --until-empty --timeout 60 > /dev/null || true
[ "$(entry "$slow" state)" = accepted ] || fail "slow link: not delivered"

# 7. Disk full while enqueuing: the data directory is copied onto a small tmpfs in a private
#    mount namespace and filled up. A clear message, nothing half written, earlier entries intact.
cat > "$WORK/fill.sh" <<'FILL'
set -u
mnt=$1; src=$2; kioskctl=$3; config=$4; answers=$5; out=$6
size_kb=$(( $(du -sk "$src" | cut -f1) + 96 ))
mount -t tmpfs -o size=${size_kb}k tmpfs "$mnt" || exit 90
cp -a "$src/." "$mnt/"
ok=0
for _ in $(seq 1 500); do
    if msg=$("$kioskctl" --config "$config" --data-dir "$mnt" queue submit 1.001193 --answers "$answers" 2>&1); then
        ok=$((ok + 1))
    else
        rc=$?
        break
    fi
done
listed=$("$kioskctl" --config "$config" --data-dir "$mnt" queue list --json | jq length)
integrity=$(sqlite3 "$mnt/outbox.sqlite" 'PRAGMA integrity_check')
printf '%s\n%s\n%s\n%s\n%s\n' "${rc:-0}" "$ok" "$listed" "$integrity" "$msg" > "$out"
FILL
mkdir -p "$WORK/full"
before=$(kctl_json | jq length)
ns=(unshare --mount)
[ "$(id -u)" = 0 ] || ns=(unshare --user --map-root-user --mount)
"${ns[@]}" bash "$WORK/fill.sh" "$WORK/full" "$WORK/data" "$KIOSKCTL" "$WORK/kiosk.toml" \
    "$WORK/answers.json" "$WORK/full.result" || fail "disk full: cannot mount a small tmpfs here"
mapfile -t r < "$WORK/full.result"
[ "${r[0]}" = 1 ] || fail "disk full: expected exit 1 when full, got ${r[0]} (${r[4]})"
grep -q "storage is full" <<< "${r[4]}" || fail "disk full: unclear message: ${r[4]}"
[ "${r[2]}" = "$((before + r[1]))" ] || fail "disk full: ${r[2]} entries, expected $before + ${r[1]}"
[ "${r[3]}" = ok ] || fail "disk full: integrity_check says ${r[3]}"

# 8. TLS with a pinned key: the right pin delivers, a wrong pin sends nothing and says why.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" -out "$WORK/cert.pem" \
    -days 2 -subj "/CN=127.0.0.1" > /dev/null 2>&1
pin="sha256//$(openssl x509 -in "$WORK/cert.pem" -pubkey -noout | openssl pkey -pubin -outform der \
    | openssl dgst -sha256 -binary | base64)"
stop_portal
start_portal 0 --tls-cert "$WORK/cert.pem" --tls-key "$WORK/key.pem"
tls_url="https://127.0.0.1:$PORTAL_PORT"
code=$("$KIOSK_PORTAL" enroll-code --db "$WORK/portal.sqlite" --replace KIOSK-TEST)
wrong_pin="sha256//$(head -c 32 /dev/urandom | base64)"
set +e
out=$(kctl provision --portal "$tls_url" --enroll-code "$code" --terminal-id KIOSK-TEST --pin-key "$wrong_pin" 2>&1)
rc=$?
set -e
[ "$rc" = 1 ] && grep -q "pinned key" <<< "$out" || fail "wrong pin: provisioning must refuse ($out)"
kctl provision --portal "$tls_url" --enroll-code "$code" --terminal-id KIOSK-TEST --pin-key "$pin" \
    > /dev/null || fail "right pin: provisioning failed"
tls_id=$(submit)
kctl sync --until-empty --timeout 30 > /dev/null || fail "TLS: queue did not drain"
[ "$(entry "$tls_id" state)" = accepted ] || fail "TLS: not delivered"
sed -i "s|^pinned_key = .*|pinned_key = \"$wrong_pin\"|" "$WORK/kiosk.toml"
pinned_out=$(submit)
set +e
sync_out=$(kctl sync --once 2>&1)
set -e
grep -q "does not match the pinned key" <<< "$sync_out" || fail "pin mismatch not reported: $sync_out"
[ "$(entry "$pinned_out" state)" != accepted ] || fail "pin mismatch: must not deliver"
echo "PASS: 503, 500, hang, reset-after-commit, rejection, slow link, disk full, pinning"
