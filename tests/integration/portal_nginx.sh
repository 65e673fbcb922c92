# Two receivers on one PostgreSQL database behind a real nginx running the site the package
# ships (image/nginx/kiosk-portal.conf, only its placeholders filled in): a terminal enrolls and
# delivers over HTTPS through nginx with a pinned key; with one receiver killed -9 further
# submissions still arrive exactly once; bodies over the portal's limits get 413 from nginx
# while bodies at the limit reach a receiver; enrollment and office logins over the rate
# limit get 429 from nginx.
if [ -z "${KIOSK_TEST_PG_HOST:-}" ]; then
    exec bash "$(dirname "$0")/../lib/with_postgres.sh" bash "$0" "$@"
fi
source "$(dirname "$0")/../lib/portal.sh"

site="$(cd "$(dirname "$0")/../../image/nginx" && pwd)/kiosk-portal.conf"
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx_bin" ] || fail "nginx is not installed (image/packages-build.txt)"

N="$WORK/nginx"
NGINX_PID=""
stop_nginx() {
    [ -n "$NGINX_PID" ] || return 0
    kill "$NGINX_PID" 2> /dev/null || true
    wait "$NGINX_PID" 2> /dev/null || true
    NGINX_PID=""
}
trap 'stop_nginx; cleanup' EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

PORTAL_DB=$(new_postgres_database kiosk_nginx)
start_receiver 1 --behind-tls
start_receiver 2 --behind-tls
p1=${RECEIVER_URL[1]##*:}
p2=${RECEIVER_URL[2]##*:}

# nginx as this user, everything inside $N: the shipped site, its placeholders filled in.
mkdir -p "$N/logs" "$N/tmp"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$N/key.pem" -out "$N/cert.pem" -days 2 \
    -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" > /dev/null 2>&1
pin="sha256//$(openssl x509 -in "$N/cert.pem" -pubkey -noout | openssl pkey -pubin -outform der \
    | openssl dgst -sha256 -binary | base64)"
port=$(free_port)
sed -e "s|server 127\.0\.0\.1:8791 |server 127.0.0.1:$p1 |" \
    -e "s|server 127\.0\.0\.1:8792 |server 127.0.0.1:$p2 |" \
    -e "s|listen 443 ssl;|listen 127.0.0.1:$port ssl;|" -e '/listen \[::\]:443 ssl;/d' \
    -e "s|/etc/kiosk-portal/tls/CHANGE-ME-fullchain.pem|$N/cert.pem|" \
    -e "s|/etc/kiosk-portal/tls/CHANGE-ME-privkey.pem|$N/key.pem|" \
    -e "s|/var/log/nginx/|$N/logs/|" "$site" > "$N/kiosk-portal.conf"
# Every placeholder was found: the test runs the shipped file, not something else.
for want in "server 127.0.0.1:$p1 " "server 127.0.0.1:$p2 " "listen 127.0.0.1:$port ssl;" \
    "$N/cert.pem;" "$N/key.pem;" "$N/logs/kiosk-portal.access.log"; do
    grep -qF "$want" "$N/kiosk-portal.conf" || fail "the shipped site has no placeholder for: $want"
done
[ "$(diff "$site" "$N/kiosk-portal.conf" | grep -c '^<')" = 8 ] \
    || fail "rendering changed other lines of the shipped site: $(diff "$site" "$N/kiosk-portal.conf")"
if grep -q "CHANGE-ME-" "$N/kiosk-portal.conf"; then fail "a certificate placeholder is left"; fi
# Root's workers would run as nobody, who cannot enter $WORK: keep them as this user too.
user_line=""
[ "$(id -u)" = 0 ] && user_line="user root;"
cat > "$N/nginx.conf" << EOF
$user_line
worker_processes 1;
pid $N/nginx.pid;
error_log $N/logs/error.log;
events { worker_connections 256; }
http {
    access_log $N/logs/access.log;
    client_body_temp_path $N/tmp/body;
    proxy_temp_path $N/tmp/proxy;
    fastcgi_temp_path $N/tmp/fastcgi;
    uwsgi_temp_path $N/tmp/uwsgi;
    scgi_temp_path $N/tmp/scgi;
    include $N/kiosk-portal.conf;
}
EOF
"$nginx_bin" -t -q -p "$N" -c "$N/nginx.conf" -e "$N/logs/error.log" 2> "$N/test.out" \
    || fail "nginx refuses the shipped site: $(cat "$N/test.out")"
"$nginx_bin" -p "$N" -c "$N/nginx.conf" -e "$N/logs/error.log" -g 'daemon off;' \
    > "$N/nginx.out" 2>&1 &
NGINX_PID=$!
url="https://127.0.0.1:$port"
for _ in $(seq 1 50); do
    curl -s -o /dev/null --cacert "$N/cert.pem" "$url/api/v1/health" && break
    kill -0 "$NGINX_PID" 2> /dev/null || fail "nginx exited: $(cat "$N/nginx.out" "$N/logs/error.log")"
    sleep 0.1
done
[ "$(curl -s --cacert "$N/cert.pem" "$url/api/v1/health" | jq -r .ok)" = true ] \
    || fail "no health answer through nginx"

entry() { kctl queue list --json | jq -r --arg id "$1" --arg k "$2" '.[] | select(.id == $id) | .[$k]'; }
received() { "$KIOSK_PORTAL" list --json --db "$PORTAL_DB"; }
# answer METHOD PATH FILE [curl args]: prints the status, leaves the body in $N/body.
answer() {
    local method=$1 path=$2 file=$3; shift 3
    curl -s -o "$N/body" -w '%{http_code}' --cacert "$N/cert.pem" -X "$method" \
        --data-binary "@$file" "$@" "$url$path"
}

# 1. Enrollment and a submission with a photo (a 3 MB body, kept in nginx's temporary files).
code=$("$KIOSK_PORTAL" enroll-code --db "$PORTAL_DB")
kctl provision --portal "$url" --pin-key "$pin" --enroll-code "$code" --terminal-id KIOSK-TEST \
    --commune 00004 > /dev/null || fail "provisioning through nginx failed"
kctl forms example 1.001193 > "$WORK/answers.json"
head -c 3000000 /dev/urandom > "$WORK/photo.jpg"
first=$(kctl queue submit 1.001193 --answers "$WORK/answers.json" --attach "$WORK/photo.jpg")
kctl sync --until-empty --timeout 30 > /dev/null || fail "first submission not delivered"
[ "$(entry "$first" state)" = accepted ] || fail "first submission not accepted"
sha=$(sha256sum "$WORK/photo.jpg" | cut -d' ' -f1)
received | jq -e --arg id "$first" --arg s "$sha" \
    '[.[] | select(.id == $id)] | length == 1 and (.[0].attachments[0].sha256 == $s)' > /dev/null \
    || fail "the first submission or its photo did not arrive"
# Round robin: both receivers served.
for p in "$p1" "$p2"; do
    grep -q "upstream=127.0.0.1:$p " "$N/logs/kiosk-portal.access.log" \
        || fail "receiver on $p served nothing: $(cat "$N/logs/kiosk-portal.access.log")"
done

# 2. Receiver 1 killed: nginx moves every request to receiver 2; each arrives once.
kill -9 "${RECEIVER_PID[1]}"
wait "${RECEIVER_PID[1]}" 2> /dev/null || true
ids=()
for _ in 1 2 3 4; do
    ids+=("$(kctl queue submit 1.001193 --answers "$WORK/answers.json")")
done
kctl sync --until-empty --timeout 30 > /dev/null || fail "queue did not drain with receiver 1 down"
kctl sync --once > /dev/null
all=$(received)
[ "$(jq length <<< "$all")" = 5 ] || fail "the portal should hold 5 submissions: $(jq -c '[.[].id]' <<< "$all")"
for id in "${ids[@]}"; do
    [ "$(entry "$id" state)" = accepted ] || fail "$id not accepted with receiver 1 down"
    # Nginx's retry hid the dead receiver: no attempt failed at the terminal.
    [ "$(entry "$id" attempts)" = 1 ] || fail "$id took $(entry "$id" attempts) attempts"
    [ "$(jq --arg id "$id" '[.[] | select(.id == $id)] | length' <<< "$all")" = 1 ] \
        || fail "$id did not arrive exactly once"
    [ "$(jq -r --arg id "$id" '.[] | select(.id == $id) | .receipt_no' <<< "$all")" = "$(entry "$id" receipt_no)" ] \
        || fail "receipt mismatch for $id"
done
[ "$(jq '[.[].receipt_no] | unique | length' <<< "$all")" = 5 ] || fail "receipt numbers repeat"
grep -q "upstream=127.0.0.1:$p1, 127.0.0.1:$p2 upstream_status=502, 20" \
    "$N/logs/kiosk-portal.access.log" || fail "no request was moved from receiver 1 to receiver 2"

# 3. Bodies: at the portal's limit they reach a receiver (401: no token), one byte over gets
# 413 from nginx before anything is read.
uuid=00000000-0000-4000-8000-000000000000
hex=$(printf '%064d' 0)
check_limit() {
    local method=$1 path=$2 limit=$3
    head -c "$limit" /dev/zero > "$N/at-limit"
    head -c "$((limit + 1))" /dev/zero > "$N/over-limit"
    local status
    status=$(answer "$method" "$path" "$N/at-limit" -H 'Content-Type: application/octet-stream')
    [ "$status" = 401 ] || fail "$method $path with $limit bytes did not reach a receiver ($status)"
    status=$(answer "$method" "$path" "$N/over-limit" -H 'Content-Type: application/octet-stream')
    [ "$status" = 413 ] && grep -q "proxy limit" "$N/body" \
        || fail "$method $path with $((limit + 1)) bytes: $status $(cat "$N/body")"
}
check_limit PUT "/api/v1/submissions/$uuid/attachments/$hex" $((4 * 1024 * 1024 + 1024))
check_limit POST /api/v1/submissions $((2 * 1024 * 1024))
check_limit POST "/api/v1/submissions/KP-20000101-000001/status" $((16 * 1024))

# 4. Enrollment flood from one address: nginx answers 429 with Retry-After, the protocol's
# error shape; at most 5 attempts (its burst, the provisioning above included) reach a receiver.
echo '{"enroll_code": "AAAA-BBBB-CCCC"}' > "$N/enroll.json"
limited=0 passed=0
for _ in $(seq 1 10); do
    status=$(answer POST /api/v1/enroll "$N/enroll.json" -H 'Content-Type: application/json' -D "$N/headers")
    if [ "$status" = 429 ] && grep -q "proxy limit" "$N/body"; then
        grep -qi '^Retry-After: 12' "$N/headers" || fail "nginx's 429 has no Retry-After"
        jq -e .error "$N/body" > /dev/null || fail "nginx's 429 is not {\"error\"}: $(cat "$N/body")"
        limited=$((limited + 1))
    else
        passed=$((passed + 1))
    fi
done
[ "$limited" -ge 5 ] && [ "$passed" -le 5 ] \
    || fail "enrollment flood: $passed reached a receiver, $limited limited by nginx"

# 5. Office login flood: password attempts are limited per address, the login page is not.
printf 'id=nobody&password=wrong-password&csrf=x' > "$N/login.txt"
limited=0
for _ in $(seq 1 8); do
    status=$(answer POST /office/login "$N/login.txt" -H 'Content-Type: application/x-www-form-urlencoded')
    [ "$status" = 429 ] && grep -q "Too many login attempts" "$N/body" && limited=$((limited + 1))
done
[ "$limited" -ge 3 ] || fail "office login flood: only $limited of 8 limited by nginx"
for _ in $(seq 1 6); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$N/cert.pem" "$url/office/login")" = 200 ] \
        || fail "the office login page was rate-limited"
done

stop_nginx
if curl -s -o /dev/null --cacert "$N/cert.pem" "$url/api/v1/health"; then fail "nginx still answers"; fi
echo "PASS: 2 receivers on PostgreSQL behind the shipped nginx site: enroll, deliver, one receiver killed, body limits, rate limits"
