#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL 15 cluster: data and unix socket in a temporary
# folder, no TCP, trust authentication for the cluster's superuser "postgres", stopped and
# removed when the command ends. The command finds it through the environment:
#   KIOSK_TEST_PG_HOST  the socket folder
#   KIOSK_TEST_PG_URI   a URI of the cluster's "postgres" database (for createdb and psql)
# Usage: with_postgres.sh COMMAND [ARGS...]. KIOSK_TEST_PG_FSYNC=on keeps fsync (benchmarks);
# tests run without it, as nothing here must survive a power cut.
set -euo pipefail

bin=$(pg_config --bindir)
[ -x "$bin/initdb" ] || { echo "PostgreSQL server not installed (postgresql-15)" >&2; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-pg.XXXXXX")
# initdb refuses root: the cluster then belongs to the postgres account.
as_owner=()
if [ "$(id -u)" = 0 ]; then
    chown postgres: "$dir"
    as_owner=(runuser -u postgres --)
fi
stop() {
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop > /dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT

"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --no-locale -E UTF8 \
    --no-sync > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
fsync=${KIOSK_TEST_PG_FSYNC:-off}
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-k $dir -c listen_addresses= -c fsync=$fsync -c max_connections=200" start > /dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }

export KIOSK_TEST_PG_HOST=$dir
export KIOSK_TEST_PG_URI="postgresql://postgres@/postgres?host=$dir"
set +e
"$@"
rc=$?
set -e
exit $rc
