# The terminal takes a catalog only when the provisioned key signed it and it is newer:
# a bundle altered in transit, a rollback to an older version, one signed by another portal
# and a copy altered on the terminal's disk are all refused and the catalog in use stays.
source "$(dirname "$0")/../lib/portal.sh"
catalog_src="$(dirname "$0")/../../forms/catalog"

publish() { "$KIOSK_PORTAL" publish-catalog --db "$WORK/portal.sqlite" "$@" > /dev/null; }
in_use() { kctl status --json | jq -r '.catalog.source + " " + (.catalog.version | tostring)'; }
builtin=$(cat "$catalog_src/VERSION")

start_portal 0
port=$PORTAL_PORT
provision_terminal
kctl catalog update | grep -q "up to date" || fail "nothing published: should be up to date"
[ "$(in_use)" = "built-in $builtin" ] || fail "expected the built-in catalog, got $(in_use)"

# A procedure the province added.
mkdir -p "$WORK/cat"
cp "$catalog_src"/*.json "$WORK/cat/"
jq '.code = "9.999001" | .form_id = "TEST-01" | .name.vi = "Thủ tục thử nghiệm"' \
    "$catalog_src/2.001801-phan-anh-kien-nghi.json" > "$WORK/cat/9.999001.json"

# Published at the built-in version (a forgotten --version): terminals never install it. The
# portal warns, and the terminal says so plainly instead of "up to date".
"$KIOSK_PORTAL" publish-catalog --db "$WORK/portal.sqlite" "$WORK/cat" --version "$builtin" \
    > /dev/null 2> "$WORK/err"
grep -q "warning: version $builtin is not above the built-in catalog version $builtin" "$WORK/err" \
    || fail "publish-catalog at the built-in version: no warning: $(cat "$WORK/err")"
if kctl catalog update > "$WORK/out" 2> "$WORK/err"; then
    fail "a catalog at the built-in version passed for an update: $(cat "$WORK/out")"
fi
grep -qxF "catalog not updated: the portal's newest catalog (version $builtin) is not newer than the built-in catalog (version $builtin) of this terminal: ask the province to publish with --version $((builtin + 1))" "$WORK/err" \
    || fail "not newer: unexpected message: $(cat "$WORK/err")"
if grep -q "up to date" "$WORK/out"; then fail "not newer: reported as up to date"; fi
[ "$(in_use)" = "built-in $builtin" ] || fail "not newer: $(in_use)"

# Without --version the portal publishes one above the built-in catalog and every earlier
# publication: the first signed catalog terminals can take brings them the new procedure.
"$KIOSK_PORTAL" publish-catalog --db "$WORK/portal.sqlite" "$WORK/cat" > "$WORK/out" 2> "$WORK/err"
grep -q "^published catalog version $((builtin + 1)) " "$WORK/out" \
    || fail "default version: $(cat "$WORK/out")"
[ ! -s "$WORK/err" ] || fail "default version: unexpected warning: $(cat "$WORK/err")"
kctl catalog update | grep -q "installed catalog version $((builtin + 1))" \
    || fail "the default version did not install"
[ "$(in_use)" = "downloaded $((builtin + 1))" ] || fail "after the default version: $(in_use)"
kctl forms list --json | jq -e 'any(.[]; .code == "9.999001")' > /dev/null \
    || fail "the new procedure is not offered"

publish "$WORK/cat" --version 5
kctl catalog update > /dev/null || fail "a signed, newer catalog must install"
[ "$(in_use)" = "downloaded 5" ] || fail "after update: $(in_use)"
kctl forms list --json | jq -e 'any(.[]; .code == "9.999001")' > /dev/null \
    || fail "the new procedure is not offered"
kctl catalog update | grep -q "up to date (version 5)" || fail "same version again is not up to date"

# Altered in transit: the signature fails, version 5 stays.
publish "$WORK/cat" --version 6
stop_portal; start_portal "$port" --fault tamper-catalog=1
if kctl catalog update 2> "$WORK/err"; then fail "a tampered catalog was installed"; fi
grep -q "catalog rejected, keeping version 5: catalog signature does not verify" "$WORK/err" \
    || fail "tampered: unexpected message: $(cat "$WORK/err")"
[ "$(in_use)" = "downloaded 5" ] || fail "tampered: $(in_use)"
stop_portal; start_portal "$port"
kctl catalog update | grep -q "installed catalog version 6" || fail "the honest copy must install"

# A rollback to an older version, correctly signed: refused.
publish "$WORK/cat" --version 4
if kctl catalog update 2> "$WORK/err"; then fail "a downgrade was installed"; fi
grep -q "catalog version 4 is not newer than the installed 6" "$WORK/err" \
    || fail "downgrade: unexpected message: $(cat "$WORK/err")"
[ "$(in_use)" = "downloaded 6" ] || fail "downgrade: $(in_use)"

# Signed by another portal's key (a terminal pointed at an impostor): refused.
cp "$WORK/kiosk.toml" "$WORK/kiosk.toml.good"
other_key=$(head -c 32 /dev/urandom | base64)
publish "$WORK/cat" --version 8
sed -i "s|^catalog_signing_key = .*|catalog_signing_key = \"$other_key\"|" "$WORK/kiosk.toml"
if kctl catalog update 2> /dev/null; then fail "a catalog signed by another key was installed"; fi
cp "$WORK/kiosk.toml.good" "$WORK/kiosk.toml"

# The copy on disk is verified at every start: altering it falls back to the built-in one.
stored="$WORK/data/catalog.signed.json"
forged=$(jq -r .bundle "$stored" | base64 -d | sed 's/Thủ tục thử nghiệm/Thủ tục giả mạo!!/' | base64 -w0)
jq --arg b "$forged" '.bundle = $b' "$stored" > "$stored.new" && mv "$stored.new" "$stored"
[ "$(in_use 2> "$WORK/err")" = "built-in $builtin" ] || fail "an altered copy on disk was used"
grep -q "catalog signature does not verify; using the built-in catalog" "$WORK/err" \
    || fail "no warning about the altered copy: $(cat "$WORK/err")"
kctl catalog update | grep -q "installed catalog version 8" || fail "recovery: fresh copy not installed"
echo "PASS: tampered, downgraded, foreign and locally altered catalogs refused; one not above the built-in reported; updates install"
