# Stopping the service: SIGTERM (what systemd sends) ends the kiosk through the same cleanup
# as the end of a visit, with exit status 0. The script itself never quits, so a kiosk that
# ignored the signal would end by run_kiosk's timeout instead (status 124).
source "$(dirname "$0")/../lib/portal.sh"
source "$(dirname "$0")/../lib/kiosk.sh"
start_e2e service_stop
printf 'wait_for "Quét thẻ căn cước"\nscreenshot %s/01-home.png\nwait 600000\n' "$SHOTS" \
    > "$WORK/script.txt"
run_kiosk "$WORK/script.txt" &
runner=$!
for _ in $(seq 1 100); do [ -s "$SHOTS/01-home.png" ] && break; sleep 0.1; done
[ -s "$SHOTS/01-home.png" ] || fail "the kiosk did not start"
kiosk_pid=$(pgrep -n -f -- "--script $WORK/script.txt" | head -1)
stopped_at=$(date +%s%N)
kill -TERM "$kiosk_pid"
status=0
wait "$runner" || status=$?
took_ms=$(( ($(date +%s%N) - stopped_at) / 1000000 ))
[ "$status" = 0 ] || fail "exit status $status after SIGTERM"
echo "PASS: SIGTERM stopped the kiosk in ${took_ms} ms"
