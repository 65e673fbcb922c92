#!/usr/bin/env bash
# The fleet benchmark: simulated terminals against one and two kiosk-portal receivers on one
# SQLite file and on one PostgreSQL database (a throwaway cluster with fsync on, so every
# receipt is a durable commit). Prints a table per terminal count; asserts nothing.
#   bash tests/bench/fleet_bench.sh [TERMINALS...]        (default: 100 1000 5000, ~6 min)
# Expects the 'bench' preset built (fleet_bench, kiosk-portal). Environment:
#   FLEET_CONNECTIONS   concurrent connections, spread over the receivers (default 32)
#   FLEET_CONNECTION_MODEL  pooled (default: the connections carry every terminal's requests)
#                       or per-terminal (each terminal its own connection, left open)
#   FLEET_SUBMISSIONS   submissions per configuration (default: the terminals, at least 2000)
#   FLEET_PHOTO_SHARE   share of submissions sent with photos (default 0.25)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${KIOSK_TEST_PG_URI:-}" ]; then
    KIOSK_TEST_PG_FSYNC=on exec bash tests/lib/with_postgres.sh bash "$0" "$@"
fi

export KIOSK_PORTAL=${KIOSK_PORTAL:-build/bench/bin/kiosk-portal}
FLEET_BENCH=${FLEET_BENCH:-build/bench/bin/fleet_bench}
for binary in "$KIOSK_PORTAL" "$FLEET_BENCH"; do
    [ -x "$binary" ] || { echo "$binary is not built (cmake --build build/bench)" >&2; exit 1; }
done
source tests/lib/portal.sh # WORK and new_postgres_database

# The postmaster's children are every PostgreSQL process: their CPU is the database's.
postmaster=$(head -n 1 "$KIOSK_TEST_PG_HOST/data/postmaster.pid")
echo "PostgreSQL $(psql -Atc 'SHOW server_version' "$KIOSK_TEST_PG_URI"), fsync" \
    "$(psql -Atc 'SHOW fsync' "$KIOSK_TEST_PG_URI"), synchronous_commit" \
    "$(psql -Atc 'SHOW synchronous_commit' "$KIOSK_TEST_PG_URI"); SQLite in WAL mode with" \
    "synchronous=FULL; $(nproc) cores shared by the receivers, the database and the client."
echo

[ $# -gt 0 ] || set -- 100 1000 5000
status=0 # fleet_bench fails when the portal refused a submission; the other counts still run
for terminals in "$@"; do
    options=(--portal "$KIOSK_PORTAL" --catalog forms/catalog --terminals "$terminals"
             --connections "${FLEET_CONNECTIONS:-32}" --photo-share "${FLEET_PHOTO_SHARE:-0.25}"
             --connection-model "${FLEET_CONNECTION_MODEL:-pooled}"
             --postgres-pid "$postmaster" --work "$WORK")
    [ -n "${FLEET_SUBMISSIONS:-}" ] && options+=(--submissions "$FLEET_SUBMISSIONS")
    # A fresh database for every configuration: each enrolls its own fleet.
    cases=()
    for receivers in 1 2; do
        cases+=(--case "$receivers@$WORK/fleet-$terminals-$receivers.sqlite")
    done
    for receivers in 1 2; do
        cases+=(--case "$receivers@$(new_postgres_database "fleet_${terminals}_$receivers")")
    done
    "$FLEET_BENCH" "${options[@]}" "${cases[@]}" || status=1
    rm -f "$WORK"/fleet-"$terminals"-*.sqlite*
    for receivers in 1 2; do
        psql -q "$KIOSK_TEST_PG_URI" -c "DROP DATABASE fleet_${terminals}_$receivers"
    done
done
exit $status
