# Delivery over a slow link shaped by the kernel: the test re-runs itself in a private network
# namespace whose loopback is limited to 256 kbit/s (tbf) and, where the kernel has netem,
# 200 ± 50 ms of delay. Submissions with photos still arrive exactly once, intact.
if [ -z "${SLOW_LINK_INSIDE:-}" ]; then
    shaping=""
    if unshare -n sh -c 'ip link set lo up mtu 1500 && tc qdisc add dev lo root netem delay 1ms' 2> /dev/null; then
        shaping="netem delay 200ms 50ms rate 256kbit"
    elif unshare -n sh -c 'ip link set lo up mtu 1500 && tc qdisc add dev lo root tbf rate 256kbit burst 16kb latency 1s' 2> /dev/null; then
        shaping="tbf rate 256kbit burst 16kb latency 2s"
    else
        echo "SKIP: no network namespaces or traffic shaping here (needs root and tc)"
        exit 0
    fi
    exec env SLOW_LINK_INSIDE="$shaping" unshare -n bash "$0"
fi

# A real link MTU: tbf drops every packet larger than its burst, and loopback sends 64 KiB ones.
ip link set lo up mtu 1500
# shellcheck disable=SC2086 # the shaping spec is a word list on purpose
tc qdisc add dev lo root $SLOW_LINK_INSIDE
source "$(dirname "$0")/../lib/portal.sh"
echo "link: $SLOW_LINK_INSIDE"

start_portal 0
provision_terminal
kctl forms example 1.001193 > "$WORK/answers.json"
ids=()
for i in 1 2 3; do
    head -c 120000 /dev/urandom > "$WORK/photo-$i.jpg"
    ids+=("$(kctl queue submit 1.001193 --answers "$WORK/answers.json" --attach "$WORK/photo-$i.jpg")")
done
start=$(date +%s%N)
kctl sync --until-empty --timeout 120 > "$WORK/sync.out" ||
    fail "queue did not drain: $(cat "$WORK/sync.out"); $(kctl queue list --json | jq -c '.[] | [.state, .last_error, .attachments_acked]')"
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))

received=$("$KIOSK_PORTAL" list --json --db "$WORK/portal.sqlite")
[ "$(jq length <<< "$received")" = 3 ] || fail "expected 3 submissions at the portal, got $(jq length <<< "$received"); sync: $(cat "$WORK/sync.out"); queue: $(kctl queue list --json | jq -c ".[] | [.state, .last_error, .attempts_acked]")"
for i in 1 2 3; do
    id=${ids[$((i - 1))]}
    sha=$(sha256sum "$WORK/photo-$i.jpg" | cut -d' ' -f1)
    jq -e --arg id "$id" --arg s "$sha" '[.[] | select(.id == $id)] | length == 1 and
        (.[0].attachments | length == 1 and .[0].sha256 == $s)' <<< "$received" > /dev/null \
        || fail "submission $i did not arrive exactly once with its photo"
done
echo "PASS: 3 submissions with 120 KB photos over \"$SLOW_LINK_INSIDE\" in $elapsed_ms ms"
