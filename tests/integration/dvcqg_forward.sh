# The national formats: `kiosk-portal export dvcqg` prints the dossiers in the national portal's
# dossier-sync shape, and `kiosk-portal forward` sends every dossier and then its status changes
# to the province's system exactly once, in order, through a link that fails and drops answers
# after the far end stored them, and across a forwarder killed mid-run.
source "$(dirname "$0")/../lib/portal.sh"
FAKE_PROVINCE="$(dirname "$0")/../tools/fake_province.py"

start_portal 0
provision_terminal
kctl forms example 1.001193 > "$WORK/answers.json"
printf '%s' '001089012345|123456789|Nguyễn Văn An|15031989|Nam|Số 12, thôn Đông, xã Hòa Bình|01072021' > "$WORK/card.txt"
head -c 2000 /dev/urandom > "$WORK/photo.jpg"
for i in $(seq 1 12); do
    if [ "$i" = 1 ]; then
        kctl queue submit 1.001193 --answers "$WORK/answers.json" --identity "$WORK/card.txt" \
            --attach "$WORK/photo.jpg" --fee 50000 --assisted-by lan.pt > /dev/null
    else
        # The last one at a terminal standing in a post office.
        [ "$i" = 12 ] && sed -i "s|^site = .*|site = 'post_office'|" "$WORK/kiosk.toml"
        kctl queue submit 1.001193 --answers "$WORK/answers.json" --identity "$WORK/card.txt" > /dev/null
    fi
done
kctl sync --once --timeout 60 > /dev/null
receipts=$(kctl queue list --json | jq -r '.[].receipt_no' | sort)
[ "$(wc -l <<< "$receipts")" = 12 ] || fail "not every dossier delivered"
first=$(head -1 <<< "$receipts")
"$KIOSK_PORTAL" set-status --db "$WORK/portal.sqlite" "$first" 2
"$KIOSK_PORTAL" set-status --db "$WORK/portal.sqlite" "$first" 5 --note "Bổ sung bản sao"
"$KIOSK_PORTAL" set-status --db "$WORK/portal.sqlite" "$first" 10

# The export: one record per dossier, the national field names and formats.
export_json=$("$KIOSK_PORTAL" export dvcqg --db "$WORK/portal.sqlite")
[ "$(jq length <<< "$export_json")" = 12 ] || fail "export has $(jq length <<< "$export_json") records"
jq -e --arg r "$first" '.[] | select(.MaHoSo == $r) |
    .MaTTHC == "1.001193" and .TenTTHC == "Đăng ký khai sinh" and .ChuHoSo == "Nguyễn Văn An"
    and .SoGiayToChuHoSo == "001089012345" and (.NgayTiepNhan | test("^20[0-9]{12}$"))
    and .TrangThaiHoSo == 10 and .KenhThucHien == 1 and .DanhSachLePhi[0].SoTien == 50000
    and (.NgayHenTra | test("^20[0-9]{6}170000$")) and .NgayHenTra[0:8] >= .NgayTiepNhan[0:8]
    and (.TaiLieuNop | length) == 1' <<< "$export_json" > /dev/null \
    || fail "export record: $(jq --arg r "$first" '.[] | select(.MaHoSo == $r)' <<< "$export_json")"
[ "$(jq '[.[] | select(.KenhThucHien == 3)] | length' <<< "$export_json")" = 1 ] \
    || fail "the post office's dossier is not KenhThucHien 3"
[ "$("$KIOSK_PORTAL" export dvcqg --db "$WORK/portal.sqlite" --since 2000-01-01 | jq length)" = 12 ] \
    || fail "--since 2000-01-01 left dossiers out"
[ "$("$KIOSK_PORTAL" export dvcqg --db "$WORK/portal.sqlite" --since 2199-01-01 | jq length)" = 0 ] \
    || fail "--since in the future exported dossiers"
"$KIOSK_PORTAL" audit --db "$WORK/portal.sqlite" | jq -e 'any(.[]; .action == "export")' > /dev/null \
    || fail "the export is not audited"

# The forwarder through a failing link: every 3rd request 503, every 4th stored but unanswered.
/usr/bin/python3 "$FAKE_PROVINCE" "$WORK/province.port" "$WORK/province.jsonl" 3 &
FAKE_PID=$!
trap 'kill $FAKE_PID 2>/dev/null; cleanup' EXIT
for _ in $(seq 1 50); do [ -s "$WORK/province.port" ] && break; sleep 0.1; done
province="http://127.0.0.1:$(cat "$WORK/province.port")"
forward_once() { "$KIOSK_PORTAL" forward --db "$WORK/portal.sqlite" --to "$province" --once; }

# One forwarder killed -9 mid-run first, then passes until nothing waits.
"$KIOSK_PORTAL" forward --db "$WORK/portal.sqlite" --to "$province" > /dev/null &
sleep 0.3; kill -9 $! 2>/dev/null || true; wait $! 2>/dev/null || true
for _ in $(seq 1 60); do
    # Backoff is the forwarder's; skip it here, this is about order and exactly once.
    sqlite3 "$WORK/portal.sqlite" "UPDATE forward_queue SET next_attempt_at=0"
    out=$(forward_once)
    grep -q "waiting 0" <<< "$out" && break
done
grep -q "waiting 0" <<< "$out" || fail "items still waiting: $out"

records="$WORK/province.jsonl"
[ "$(jq -s '[.[] | select(.kind == "dossier")] | length' "$records")" = 12 ] \
    || fail "the province did not get each dossier once"
[ "$(jq -s '[.[] | select(.kind == "dossier") | .record.MaHoSo] | unique | length' "$records")" = 12 ] \
    || fail "a dossier reached the province twice"
[ "$(jq -s --arg r "$first" '[.[] | select(.record.MaHoSo == $r) | .record.TrangThaiHoSo]' "$records" | jq -c .)" = "[1,2,5,10]" ] \
    || fail "status changes missing or out of order: $(jq -s -c '[.[] | select(.kind == "status")]' "$records")"
jq -s -e --arg r "$first" 'any(.[]; .kind == "status" and .record.GhiChu == "Bổ sung bản sao")' \
    "$records" > /dev/null || fail "the note did not travel with its status"
# Another pass sends nothing again.
forward_once | grep -q "forwarded 0, waiting 0" || fail "a second pass sent something again"
echo "dvcqg export and forward: ok"
