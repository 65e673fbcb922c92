// The portal's store on a temporary SQLite file: schema versions and the v1 migration,
// enrollment rules, submission ids bound to their sender, lookup digests and transactions.
#include "portal_store.hpp"
#include "sync/crypto.hpp"
#include "sync/protocol.hpp"
#include "sync/sqlite.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <sqlite3.h>

namespace fs = std::filesystem;
using EnrollOutcome = portal::EnrollResult::Outcome;

namespace {

struct TempDb {
    fs::path dir = fs::temp_directory_path() / ("portal-store-" + ksync::new_uuid());
    std::string path;
    TempDb() {
        fs::create_directories(dir);
        path = (dir / "portal.sqlite").string();
    }
    ~TempDb() { fs::remove_all(dir); }
};

// A second connection to the file, as an operator's sqlite3 shell or an older kiosk-portal.
struct Raw {
    ksync::sql::Database db{"test database"};
    explicit Raw(const std::string& path) {
        db.open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 5000);
    }
    std::string value(const std::string& sql) {
        ksync::sql::Statement s(db, sql);
        return s.step() ? s.text(0) : std::string();
    }
    std::int64_t count(const std::string& sql) {
        return ksync::sql::Statement(db, sql).row().integer(0);
    }
};

std::string hex(const ksync::Bytes& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (const auto b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 0xF];
    }
    return out;
}

ksync::Bytes device_key() {
    return ksync::generate_signing_keypair().public_key;
}

portal::EnrollResult enroll(portal::PortalStore& store, const std::string& code, std::string id) {
    return store.enroll(code, id, "00004", device_key());
}

std::string plain_code(portal::PortalStore& store, int hours = 72) {
    std::string error;
    const auto code = store.issue_enroll_code(hours, "", error);
    REQUIRE(code);
    return *code;
}

portal::Terminal sender(const std::string& id) {
    return {id, "00004", device_key()};
}

nlohmann::json document() {
    return {{"procedure_code", "1.001193"}, {"form_version", 1}, {"catalog_version", 1}};
}

} // namespace

TEST_CASE("a new portal database records its schema version and keeps its keys", "[portal_store]") {
    TempDb db;
    std::string signing_key;
    ksync::Bytes box_key;
    {
        portal::PortalStore store(db.path, "KP");
        CHECK(store.agency_code() == "KP");
        signing_key = store.catalog_signing_public_key();
        box_key = store.box_keys().public_key;
        CHECK(box_key.size() == 32);
    }
    Raw raw(db.path);
    CHECK(raw.value("SELECT value FROM meta WHERE key='schema_version'") ==
          std::to_string(portal::PortalStore::kSchemaVersion));
    // Reopened: the same keys and agency, whatever agency is asked for now.
    portal::PortalStore reopened(db.path, "XX");
    CHECK(reopened.agency_code() == "KP");
    CHECK(reopened.catalog_signing_public_key() == signing_key);
    CHECK(reopened.box_keys().public_key == box_key);
}

TEST_CASE("a portal database from a newer kiosk-portal is refused", "[portal_store]") {
    TempDb db;
    { portal::PortalStore store(db.path, "KP"); }
    Raw(db.path).db.exec("UPDATE meta SET value='99' WHERE key='schema_version'");
    CHECK_THROWS_WITH(portal::PortalStore(db.path, "KP"),
                      Catch::Contains("newer kiosk-portal (schema 99)"));
}

TEST_CASE("a version 1 portal database migrates to version 2; its unused code still enrolls",
          "[portal_store]") {
    TempDb db;
    const auto box = ksync::generate_box_keypair();
    const auto sign = ksync::generate_signing_keypair();
    {
        // The tables of PortalStore::migrate's version 1 block, keys but no schema_version,
        // enrollment codes in clear.
        Raw raw(db.path);
        const std::string v1 =
            "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "CREATE TABLE enroll_codes(code TEXT PRIMARY KEY, created_at TEXT NOT NULL, used_at "
            "TEXT, terminal_id TEXT);"
            "CREATE TABLE terminals(id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, "
            "commune_code TEXT NOT NULL, enrolled_at TEXT NOT NULL, revoked INTEGER NOT NULL "
            "DEFAULT 0, last_heartbeat TEXT, last_report TEXT);"
            "CREATE TABLE submissions(id TEXT PRIMARY KEY, payload_hash TEXT NOT NULL, "
            "receipt_no TEXT NOT NULL UNIQUE, received_at TEXT NOT NULL, terminal_id TEXT NOT "
            "NULL, procedure_code TEXT NOT NULL, form_version INTEGER NOT NULL, document TEXT "
            "NOT NULL, status TEXT NOT NULL DEFAULT 'received');"
            "CREATE TABLE receipt_sequence(day TEXT PRIMARY KEY, last INTEGER NOT NULL);"
            "CREATE TABLE attachments(submission_id TEXT NOT NULL, sha256 TEXT NOT NULL, size "
            "INTEGER NOT NULL, data BLOB NOT NULL, received_at TEXT NOT NULL, "
            "PRIMARY KEY(submission_id, sha256));"
            "CREATE TABLE catalogs(seq INTEGER PRIMARY KEY AUTOINCREMENT, version INTEGER NOT "
            "NULL, bundle TEXT NOT NULL, signature TEXT NOT NULL, published_at TEXT NOT NULL);"
            "CREATE TABLE terminal_keys(terminal_id TEXT PRIMARY KEY, public_key TEXT NOT NULL);"
            "CREATE TABLE status_changes(receipt_no TEXT NOT NULL, status TEXT NOT NULL, at "
            "TEXT NOT NULL);"
            "INSERT INTO enroll_codes VALUES('ABCD-EFGH-JKLM', '2025-11-01T08:00:00Z', NULL, "
            "NULL);"
            "INSERT INTO enroll_codes VALUES('USED-USED-USED', '2025-11-01T08:00:00Z', "
            "'2025-11-02T08:00:00Z', 'KIOSK-OLD');"
            "INSERT INTO terminals(id, token_hash, commune_code, enrolled_at) VALUES('KIOSK-OLD', "
            "'" +
            ksync::sha256_hex("old-token") +
            "', '00004', '2025-11-02T08:00:00Z');"
            "INSERT INTO submissions VALUES('old-submission', 'h', 'HY-20251103-000001', "
            "'2025-11-03T01:00:00Z', 'KIOSK-OLD', '1.001193', 1, '{}', 'received');";
        raw.db.exec(v1.c_str());
        ksync::sql::Statement set(raw.db, "INSERT INTO meta(key, value) VALUES(?1, ?2)");
        for (const auto& [key, value] :
             std::vector<std::pair<std::string, std::string>>{{"box_public", hex(box.public_key)},
                                                              {"box_secret", hex(box.secret_key)},
                                                              {"sign_public", hex(sign.public_key)},
                                                              {"sign_secret", hex(sign.secret_key)},
                                                              {"agency_code", "HY"}})
            set.bind(1, key).bind(2, value).run();
    }

    portal::PortalStore store(db.path, "KP");
    CHECK(store.agency_code() == "HY");
    CHECK(store.box_keys().public_key == box.public_key);
    CHECK(store.catalog_signing_public_key() == ksync::base64_encode(sign.public_key));
    {
        Raw raw(db.path);
        CHECK(raw.value("SELECT value FROM meta WHERE key='schema_version'") == "2");
        CHECK(raw.count("SELECT COUNT(*) FROM sqlite_master WHERE name='enroll_codes'") == 0);
        // Stored hashed: the code itself is nowhere in the table.
        CHECK(raw.count("SELECT COUNT(*) FROM enroll_codes_v2 WHERE code_hash='" +
                        ksync::sha256_hex("ABCD-EFGH-JKLM") + "' AND used_at IS NULL") == 1);
        CHECK(raw.count("SELECT COUNT(*) FROM enroll_codes_v2 WHERE code_hash LIKE '%ABCD%' OR "
                        "terminal_id LIKE '%ABCD%'") == 0);
    }
    // The old terminal still authenticates and its submission id stays its own.
    CHECK(store.authenticate("old-token"));
    CHECK_FALSE(store.claim("old-submission", "KIOSK-NEW"));
    CHECK(store.claim("old-submission", "KIOSK-OLD"));
    CHECK(store.find("old-submission"));

    CHECK(enroll(store, "USED-USED-USED", "KIOSK-X").outcome == EnrollOutcome::bad_code);
    const auto enrolled = enroll(store, "ABCD-EFGH-JKLM", "KIOSK-NEW");
    CHECK(enrolled.outcome == EnrollOutcome::enrolled);
    CHECK(store.authenticate(enrolled.token));
    CHECK(enroll(store, "ABCD-EFGH-JKLM", "KIOSK-NEW2").outcome == EnrollOutcome::bad_code);
}

TEST_CASE("enrollment codes enroll only new ids, replacements only their own, revoked never",
          "[portal_store]") {
    TempDb db;
    portal::PortalStore store(db.path, "KP");
    const auto first = enroll(store, plain_code(store), "KIOSK-01");
    REQUIRE(first.outcome == EnrollOutcome::enrolled);
    REQUIRE_FALSE(first.token.empty());
    const auto terminal = store.authenticate(first.token);
    REQUIRE(terminal);
    CHECK(terminal->id == "KIOSK-01");
    CHECK(terminal->public_key.size() == 32);

    SECTION("a plain code cannot take over an enrolled id, and is not used up trying") {
        const auto code = plain_code(store);
        CHECK(enroll(store, code, "KIOSK-01").outcome == EnrollOutcome::id_taken);
        CHECK(store.authenticate(first.token)); // the enrolled terminal is untouched
        CHECK(enroll(store, code, "KIOSK-02").outcome == EnrollOutcome::enrolled);
        CHECK(enroll(store, code, "KIOSK-03").outcome == EnrollOutcome::bad_code);
    }
    SECTION("an empty id gets a generated one") {
        std::string id;
        CHECK(store.enroll(plain_code(store), id, "00004", device_key()).outcome ==
              EnrollOutcome::enrolled);
        CHECK(id.rfind("KIOSK-", 0) == 0);
        CHECK(ksync::valid_terminal_id(id));
    }
    SECTION("a replacement code re-enrolls its own id only") {
        std::string error;
        const auto code = store.issue_enroll_code(72, "KIOSK-01", error);
        REQUIRE(code);
        CHECK(enroll(store, *code, "KIOSK-02").outcome == EnrollOutcome::wrong_id);
        std::string id; // the code names the id
        const auto replaced = store.enroll(*code, id, "00004", device_key());
        CHECK(replaced.outcome == EnrollOutcome::enrolled);
        CHECK(id == "KIOSK-01");
        CHECK_FALSE(store.authenticate(first.token)); // the old token stops working
        CHECK(store.authenticate(replaced.token));
        CHECK_FALSE(store.issue_enroll_code(72, "KIOSK-99", error));
        CHECK(error == "KIOSK-99 is not an enrolled terminal");
    }
    SECTION("a revoked id never comes back") {
        CHECK(store.revoke_terminal("KIOSK-01"));
        CHECK_FALSE(store.authenticate(first.token));
        std::string error;
        CHECK_FALSE(store.issue_enroll_code(72, "KIOSK-01", error));
        CHECK(error == "KIOSK-01 is revoked: enroll the new device under a new id");
        const auto code = plain_code(store);
        CHECK(enroll(store, code, "KIOSK-01").outcome == EnrollOutcome::id_revoked);
        CHECK(enroll(store, code, "KIOSK-02").outcome == EnrollOutcome::enrolled);
        CHECK_FALSE(store.revoke_terminal("KIOSK-99"));
    }
    SECTION("expired, unknown and withdrawn codes are refused") {
        const auto code = plain_code(store, 1);
        const auto past = std::chrono::duration_cast<std::chrono::seconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count() -
                          1;
        Raw(db.path).db.exec(("UPDATE enroll_codes_v2 SET expires_at=" + std::to_string(past) +
                              " WHERE code_hash='" + ksync::sha256_hex(code) + "'")
                                 .c_str());
        CHECK(enroll(store, code, "KIOSK-02").outcome == EnrollOutcome::bad_code);
        CHECK(enroll(store, "NOPE-NOPE-NOPE", "KIOSK-02").outcome == EnrollOutcome::bad_code);
        const auto withdrawn = plain_code(store);
        CHECK(store.revoke_enroll_code(withdrawn));
        CHECK_FALSE(store.revoke_enroll_code(withdrawn));
        CHECK(enroll(store, withdrawn, "KIOSK-02").outcome == EnrollOutcome::bad_code);
    }
}

TEST_CASE("a submission id belongs to the first terminal that sends anything for it",
          "[portal_store]") {
    TempDb db;
    portal::PortalStore store(db.path, "KP");
    const auto id = ksync::new_uuid();
    CHECK(store.claim(id, "KIOSK-A"));
    CHECK(store.claim(id, "KIOSK-A"));
    CHECK_FALSE(store.claim(id, "KIOSK-B"));
    CHECK(store.claim(ksync::new_uuid(), "KIOSK-B"));
}

TEST_CASE("a status lookup needs the receipt's lookup code or the applicant's ID number",
          "[portal_store]") {
    TempDb db;
    portal::PortalStore store(db.path, "KP");
    const auto id = ksync::new_uuid();
    const auto stored =
        store.insert(id, "hash", sender("KIOSK-A"), document(), {"K7M2QX", "001089012345"});
    CHECK_THAT(stored.receipt_no, Catch::Matches("KP-[0-9]{8}-000001"));
    // The same id again: the original receipt.
    CHECK(store.insert(id, "hash", sender("KIOSK-A"), document(), {"K7M2QX", ""}).receipt_no ==
          stored.receipt_no);

    const auto by_code = store.status(stored.receipt_no, {"K7M2QX", ""});
    REQUIRE(by_code);
    CHECK((*by_code)["status"] == "received");
    CHECK((*by_code)["procedure_code"] == "1.001193");
    CHECK((*by_code)["receipt_no"] == stored.receipt_no);
    CHECK(store.status(stored.receipt_no, {"", "001089012345"}));
    CHECK_FALSE(store.status(stored.receipt_no, {"K7M2QA", ""}));
    CHECK_FALSE(store.status(stored.receipt_no, {"", "001089012346"}));
    CHECK_FALSE(store.status(stored.receipt_no, {"", ""}));
    CHECK_FALSE(store.status("KP-20000101-000001", {"K7M2QX", ""}));

    CHECK(store.set_status(stored.receipt_no, "processing"));
    CHECK((*store.status(stored.receipt_no, {"K7M2QX", ""}))["status"] == "processing");
    CHECK_FALSE(store.set_status("KP-20000101-000001", "processing"));

    // Only keyed digests are kept.
    Raw raw(db.path);
    const auto digest = raw.value("SELECT lookup_digest FROM submissions");
    CHECK(digest.size() == 64);
    CHECK(digest != ksync::sha256_hex("K7M2QX"));
    CHECK(raw.count("SELECT COUNT(*) FROM submissions WHERE lookup_digest LIKE '%K7M2QX%' OR "
                    "holder_digest LIKE '%001089012345%'") == 0);

    // A submission sent without an ID number cannot be looked up by one.
    const auto other =
        store.insert(ksync::new_uuid(), "hash2", sender("KIOSK-A"), document(), {"ABCDEF", ""});
    CHECK_THAT(other.receipt_no, Catch::EndsWith("-000002"));
    CHECK(store.status(other.receipt_no, {"ABCDEF", ""}));
    CHECK_FALSE(store.status(other.receipt_no, {"", "001089012345"}));
}

TEST_CASE("a statement failing inside a transaction leaves nothing half written",
          "[portal_store]") {
    TempDb db;
    portal::PortalStore store(db.path, "KP");
    Raw raw(db.path);
    // insert() takes the next receipt number, then writes the submission: make the second
    // statement fail.
    raw.db.exec("CREATE TRIGGER refuse BEFORE INSERT ON submissions BEGIN "
                "SELECT RAISE(ABORT, 'refused by the test'); END");
    const auto id = ksync::new_uuid();
    CHECK_THROWS_WITH(store.insert(id, "hash", sender("KIOSK-A"), document(), {"K7M2QX", ""}),
                      Catch::Contains("refused by the test"));
    CHECK(raw.count("SELECT COUNT(*) FROM receipt_sequence") == 0);
    CHECK_FALSE(store.find(id));

    // The connection is usable again and the number was not spent.
    raw.db.exec("DROP TRIGGER refuse");
    CHECK_THAT(store.insert(id, "hash", sender("KIOSK-A"), document(), {"K7M2QX", ""}).receipt_no,
               Catch::EndsWith("-000001"));

    // The same for a status change: the status and its history change together.
    raw.db.exec("CREATE TRIGGER refuse BEFORE INSERT ON status_changes BEGIN "
                "SELECT RAISE(ABORT, 'refused by the test'); END");
    const auto receipt = store.find(id)->receipt_no;
    CHECK_THROWS(store.set_status(receipt, "completed"));
    CHECK((*store.status(receipt, {"K7M2QX", ""}))["status"] == "received");
}

TEST_CASE("published catalogs are signed and kept, every version", "[portal_store]") {
    TempDb db;
    portal::PortalStore store(db.path, "KP");
    CHECK_FALSE(store.latest_catalog());
    const auto procedures = nlohmann::json::array({{{"code", "1.001193"}}});
    CHECK(store.publish_catalog(procedures, 0) == 1);
    CHECK(store.publish_catalog(procedures, 7) == 7);
    CHECK(store.publish_catalog(procedures, 0) == 8);
    CHECK(store.publish_catalog(procedures, 3) == 3);
    auto latest = store.latest_catalog();
    REQUIRE(latest);
    CHECK(latest->version == 3); // the most recent publication, not the highest version
    std::string error;
    const auto key = ksync::base64_decode(store.catalog_signing_public_key());
    REQUIRE(key);
    CHECK(ksync::verify_signed_catalog(*latest, *key, error));
    const auto all = store.publications_since(0);
    REQUIRE(all.size() == 4);
    CHECK(all[1].version == 7);
    CHECK(store.publications_since(all[2].seq).size() == 1);
}
