# The kioskctl command-line contract of DESIGN.md: outputs and exit codes.
source "$(dirname "$0")/../lib/portal.sh"

card='001089012345|123456789|Nguyễn Văn An|15031989|Nam|Số 12, thôn Đông|01072021'

# id parse: JSON on success, exit 2 and one line on failure.
out=$("$KIOSKCTL" id parse --json "$card")
[ "$(jq -r .date_of_birth <<< "$out")" = 1989-03-15 ] || fail "id parse date_of_birth"
[ "$(jq -r .sex <<< "$out")" = male ] || fail "id parse sex"
[ "$(printf '%s\r\n' "$card" | "$KIOSKCTL" id parse --json - | jq -r .issue_date)" = 2021-07-01 ] \
    || fail "id parse from stdin"
set +e
err=$("$KIOSKCTL" id parse "12345|x" 2>&1 >/dev/null); rc=$?
set -e
[ "$rc" = 2 ] || fail "invalid payload must exit 2, got $rc"
[ "$(wc -l <<< "$err")" = 1 ] && [[ "$err" == "invalid ID QR: "* ]] || fail "bad error line: $err"

# Usage errors exit 2 with CLI11's message on stderr; --help is no error.
set +e
err=$("$KIOSKCTL" frobnicate 2>&1 >/dev/null); rc=$?
set -e
[ "$rc" = 2 ] || fail "an unknown subcommand must exit 2, got $rc"
grep -q "Run with --help for more information" <<< "$err" || fail "unknown subcommand: $err"
"$KIOSKCTL" --help > /dev/null || fail "--help must exit 0"
set +e; "$KIOSK_PORTAL" frobnicate 2> /dev/null; rc=$?; set -e
[ "$rc" = 2 ] || fail "kiosk-portal: an unknown subcommand must exit 2, got $rc"
"$KIOSK_PORTAL" --help > /dev/null || fail "kiosk-portal --help must exit 0"

# forms list / example / fill.
"$KIOSKCTL" --config "$WORK/k.toml" --data-dir "$WORK/d" forms list --json \
    | jq -e '.[] | select(.code == "1.001193" and .version >= 1)' > /dev/null || fail "forms list"
kctl forms example 1.001193 > "$WORK/example.json"
kctl forms fill 1.001193 --answers "$WORK/example.json" | jq -e '.valid == true' > /dev/null \
    || fail "example must validate"
jq '.child_date_of_birth = "2999-01-01" | del(.requester_name)' "$WORK/example.json" > "$WORK/bad.json"
filled=$(kctl forms fill 1.001193 --answers "$WORK/bad.json")
jq -e '.valid == false' <<< "$filled" > /dev/null || fail "future birth must be invalid"
jq -e '[.errors[].code] | index("date_in_future")' <<< "$filled" > /dev/null || fail "date_in_future"
# --identity fills the requester's fields from the card.
printf '%s\n' "$card" > "$WORK/card.txt"
kctl forms fill 1.001193 --answers "$WORK/bad.json" --identity "$WORK/card.txt" \
    | jq -e '.answers.requester_name == "Nguyễn Văn An"' > /dev/null || fail "prefill from identity"

# A missing input file is bad input: exit 2 and "cannot read <path>".
expect_cannot_read() { # PATH COMMAND...
    local path=$1 err rc
    shift
    set +e
    err=$("$@" 2>&1 >/dev/null); rc=$?
    set -e
    [ "$rc" = 2 ] || fail "$*: a missing file must exit 2, got $rc"
    [ "$err" = "cannot read $path" ] || fail "$*: $err"
}
expect_cannot_read "$WORK/missing.json" kctl forms fill 1.001193 --answers "$WORK/missing.json"
expect_cannot_read "$WORK/missing.txt" \
    kctl forms fill 1.001193 --answers "$WORK/example.json" --identity "$WORK/missing.txt"
expect_cannot_read "$WORK/missing.jpg" \
    kctl queue submit 1.001193 --answers "$WORK/example.json" --attach "$WORK/missing.jpg"

# forms check: clean catalog exits 0, a broken one lists file:pointer: message and exits 1.
jq '.steps[0].fields[0].type = "colour" | del(.name)' "$(dirname "$0")/../../forms/catalog/1.001193-khai-sinh.json" > "$WORK/broken.json"
set +e
problems=$("$KIOSKCTL" forms check "$WORK/broken.json"); rc=$?
set -e
[ "$rc" = 1 ] || fail "forms check must exit 1 on a broken file"
grep -q "broken.json:/name: required member is missing" <<< "$problems" || fail "missing name not reported"
grep -q "broken.json:/steps/0/fields/0/type: unknown field type" <<< "$problems" || fail "bad type not reported"
"$KIOSKCTL" forms check "$(dirname "$0")/../../forms/catalog" || fail "shipped catalog must be clean"

# queue submit refuses an unprovisioned terminal without writing anything.
set +e
kctl queue submit 1.001193 --answers "$WORK/example.json" 2>/dev/null; rc=$?
set -e
[ "$rc" = 1 ] || fail "unprovisioned submit must fail"
[ "$(kctl queue list --json | jq length)" = 0 ] || fail "nothing may be queued"
kctl status --json | jq -e '.provisioned == false' > /dev/null || fail "status provisioned"
echo "PASS: kioskctl contract"
