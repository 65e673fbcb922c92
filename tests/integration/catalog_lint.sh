# `kioskctl forms lint`: the shipped catalog's wording passes; a catalog whose hints only say
# "wrong" and whose Vietnamese texts hold English words or call the citizen "bạn" fails with
# one line per problem, naming the procedure and field, in Vietnamese and English; a broken
# file gets check's lines.
source "$(dirname "$0")/../lib/portal.sh"
root="$(cd "$(dirname "$0")/../.." && pwd)"

out=$("$KIOSKCTL" forms lint "$root/forms/catalog") || fail "shipped catalog fails lint: $out"
[ -z "$out" ] || fail "shipped catalog: $out"

# Relative paths keep the expected lines free of machine paths.
cd "$root/tests/data/lint"
set +e
"$KIOSKCTL" forms lint bad > "$WORK/bad.out"
rc=$?
set -e
[ "$rc" = 1 ] || fail "bad catalog: exit $rc, expected 1"
diff -u bad.expected "$WORK/bad.out" || fail "bad catalog: the lines differ from bad.expected"
# One file works like a folder.
set +e
"$KIOSKCTL" forms lint bad/9.999991-loi-nhac.json > "$WORK/file.out"
rc=$?
set -e
[ "$rc" = 1 ] && diff -q bad.expected "$WORK/file.out" > /dev/null || fail "single file lint differs"

# Wording is judged only in a file that loads: otherwise check's problems are the answer.
jq '.steps[0].fields[0].lable = "x"' bad/9.999991-loi-nhac.json > "$WORK/broken.json"
set +e
"$KIOSKCTL" forms lint "$WORK/broken.json" > "$WORK/broken.out"
rc=$?
set -e
[ "$rc" = 1 ] || fail "broken file: exit $rc"
grep -qxF "$WORK/broken.json:/steps/0/fields/0/lable: unknown member" "$WORK/broken.out" \
    || fail "broken file: $(cat "$WORK/broken.out")"
[ "$(wc -l < "$WORK/broken.out")" = 1 ] || fail "broken file linted anyway: $(cat "$WORK/broken.out")"
echo "PASS: catalog lint"
