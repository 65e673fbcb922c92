// The portal's store: schema versions and the migrations, enrollment rules, submission ids
// bound to their sender, lookup digests and transactions, and the back office (officers,
// sessions, the dossier list, sealed attachments, the audit log). On a temporary SQLite file;
// under tests/lib/with_postgres.sh (ctest's unit.portal_store_postgresql) the same cases run on
// a fresh database of a throwaway PostgreSQL cluster, except the [sqlite] ones (SQLite's own
// migrations from versions 1 and 2).
#include "portal_store.hpp"
#include "store_sql.hpp"
#include "sync/crypto.hpp"
#include "sync/protocol.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;
using EnrollOutcome = portal::EnrollResult::Outcome;

namespace {

// The socket folder of the PostgreSQL cluster to test on, or null for SQLite.
const char* postgres_host() {
    const char* host = std::getenv("KIOSK_TEST_PG_HOST");
    return host && *host ? host : nullptr;
}

bool on_postgresql() {
    return postgres_host() != nullptr;
}

// One test's empty database; `path` is what PortalStore opens.
struct TempDb {
    fs::path dir = fs::temp_directory_path() / ("portal-store-" + ksync::new_uuid());
    std::string name;
    std::string path;
    TempDb() {
        if (const char* host = postgres_host()) {
            name = "store_" + ksync::random_code(10);
            for (auto& c : name)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            admin().exec("CREATE DATABASE " + name);
            path = "postgresql://postgres@/" + name + "?host=" + host;
            return;
        }
        fs::create_directories(dir);
        path = (dir / "portal.sqlite").string();
    }
    ~TempDb() {
        if (!name.empty()) {
            try {
                admin().exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (const std::exception&) {
            }
        }
        fs::remove_all(dir);
    }
    static portal::sql::Connection admin() {
        return portal::sql::Connection(std::string("postgresql://postgres@/postgres?host=") +
                                       postgres_host());
    }
};

// A second connection to the database, as an operator's shell or an older kiosk-portal.
struct Raw {
    portal::sql::Connection db;
    explicit Raw(const std::string& location) : db(location) {}
    std::string value(const std::string& sql) {
        portal::sql::Query s(db, sql);
        return s.step() ? s.text(0) : std::string();
    }
    std::int64_t count(const std::string& sql) {
        return portal::sql::Query(db, sql).row().integer(0);
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
          "[portal_store][sqlite]") {
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
            "'2025-11-03T01:00:00Z', 'KIOSK-OLD', '1.001193', 1, '{\"identity\": {\"id_number\": "
            "\"001089012345\", \"full_name\": \"Nguyễn Văn An\"}}', 'processing');"
            "INSERT INTO attachments VALUES('old-submission', 'f00d', 5, X'50484F544F', "
            "'2025-11-03T01:00:00Z');";
        raw.db.exec(v1);
        portal::sql::Query set(raw.db, "INSERT INTO meta(key, value) VALUES(?1, ?2)");
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
        CHECK(raw.value("SELECT value FROM meta WHERE key='schema_version'") ==
              std::to_string(portal::PortalStore::kSchemaVersion));
        // Version 3 seals what was stored in clear.
        CHECK(raw.count("SELECT COUNT(*) FROM submissions WHERE document LIKE '%Nguy%' OR "
                        "document LIKE '%001089012345%'") == 0);
        CHECK(raw.count("SELECT COUNT(*) FROM attachments WHERE data=X'50484F544F'") == 0);
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
    // Opened again for those allowed to read it, found by the applicant's ID number, with the
    // protocol 1 status as its national code.
    const auto old = store.dossier("HY-20251103-000001");
    REQUIRE(old);
    CHECK(old->document["identity"]["full_name"] == "Nguyễn Văn An");
    CHECK(old->status_code == 4);
    CHECK(store.attachment("HY-20251103-000001", "f00d") == "PHOTO");
    portal::DossierFilter by_holder;
    by_holder.query = "001089012345";
    CHECK(store.dossiers(by_holder).total == 1);

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
    CHECK_THAT(stored.receipt_no, Catch::Matches("KP-[0-9]{6}-0001"));
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

    CHECK(store.set_status(stored.receipt_no, 5, "Bổ sung bản sao giấy khai sinh", "cli"));
    const auto returned = *store.status(stored.receipt_no, {"K7M2QX", ""});
    CHECK(returned["status"] == "returned"); // what protocol 1 terminals understand
    CHECK(returned["status_code"] == 5);
    CHECK(returned["note"] == "Bổ sung bản sao giấy khai sinh");
    CHECK_FALSE(store.set_status("KP-20000101-000001", 4, "", "cli"));
    CHECK_FALSE(store.set_status(stored.receipt_no, 7, "", "cli")); // not a national code

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
    CHECK_THAT(other.receipt_no, Catch::EndsWith("-0002"));
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
    const auto refuse_inserts_into = [&](const std::string& table) {
        if (on_postgresql())
            raw.db.exec("CREATE OR REPLACE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE "
                        "EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql; CREATE TRIGGER "
                        "refuse BEFORE INSERT ON " +
                        table + " FOR EACH ROW EXECUTE FUNCTION refuse()");
        else
            raw.db.exec("CREATE TRIGGER refuse BEFORE INSERT ON " + table +
                        " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
    };
    refuse_inserts_into("submissions");
    const auto id = ksync::new_uuid();
    CHECK_THROWS_WITH(store.insert(id, "hash", sender("KIOSK-A"), document(), {"K7M2QX", ""}),
                      Catch::Contains("refused by the test"));
    CHECK(raw.count("SELECT COUNT(*) FROM receipt_sequence") == 0);
    CHECK_FALSE(store.find(id));

    // The connection is usable again and the number was not spent.
    raw.db.exec(on_postgresql() ? "DROP TRIGGER refuse ON submissions" : "DROP TRIGGER refuse");
    CHECK_THAT(store.insert(id, "hash", sender("KIOSK-A"), document(), {"K7M2QX", ""}).receipt_no,
               Catch::EndsWith("-0001"));

    // The same for a status change: the status and its history change together.
    refuse_inserts_into("status_changes");
    const auto receipt = store.find(id)->receipt_no;
    CHECK_THROWS(store.set_status(receipt, 9, "", "cli"));
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

namespace {

portal::Officer officer(const std::string& id, portal::Officer::Role role,
                        const std::string& commune = "") {
    portal::Officer o;
    o.id = id;
    o.name = "Cán bộ " + id;
    o.role = role;
    o.commune_code = commune;
    return o;
}

} // namespace

TEST_CASE("officers log in with argon2id passwords and are locked after five wrong ones",
          "[portal_store][office]") {
    TempDb db;
    portal::PortalStore store(db.path, "KP");
    std::int64_t now = 1'800'000'000;
    store.set_clock([&] { return now; });
    std::string error;
    CHECK_FALSE(
        store.add_officer(officer("lan", portal::Officer::Role::commune, "00004"), "short", error));
    CHECK_THAT(error, Catch::Contains("10 characters"));
    REQUIRE(store.add_officer(officer("lan", portal::Officer::Role::commune, "00004"),
                              "mật khẩu dài đủ", error));
    CHECK_FALSE(store.add_officer(officer("lan", portal::Officer::Role::province),
                                  "another long one", error));
    CHECK(Raw(db.path).count("SELECT COUNT(*) FROM officers WHERE password_hash LIKE "
                             "'$argon2id$%'") == 1);

    using Result = portal::OfficerLogin::Result;
    CHECK(store.check_officer("nobody", "mật khẩu dài đủ").result == Result::unknown);
    const auto ok = store.check_officer("lan", "mật khẩu dài đủ");
    REQUIRE(ok.result == Result::ok);
    CHECK(ok.officer.commune_code == "00004");
    for (int i = 0; i < 4; ++i)
        CHECK(store.check_officer("lan", "wrong password").result == Result::wrong_password);
    const auto locked = store.check_officer("lan", "wrong password");
    CHECK(locked.result == Result::locked);
    CHECK(locked.locked_until == now + 15 * 60);
    // Even the right password waits for the lock to end.
    CHECK(store.check_officer("lan", "mật khẩu dài đủ").result == Result::locked);
    now += 15 * 60;
    CHECK(store.check_officer("lan", "mật khẩu dài đủ").result == Result::ok);

    CHECK(store.remove_officer("lan"));
    CHECK(store.check_officer("lan", "mật khẩu dài đủ").result == Result::unknown);
    CHECK_FALSE(store.remove_officer("lan"));
}

TEST_CASE("office sessions end 15 minutes after their last use and 8 hours after login",
          "[portal_store][office]") {
    TempDb db;
    portal::PortalStore store(db.path, "KP");
    std::int64_t now = 1'800'000'000;
    store.set_clock([&] { return now; });
    const auto o = officer("binh", portal::Officer::Role::province);
    const auto opened = store.open_session(o);
    CHECK(opened.token.size() >= 32);
    CHECK(Raw(db.path).count("SELECT COUNT(*) FROM office_sessions WHERE token_hash='" +
                             opened.token + "'") == 0);
    CHECK_FALSE(store.session(""));
    CHECK_FALSE(store.session("not-a-token"));
    // Unknown officers have no sessions: the join needs the account.
    CHECK_FALSE(store.session(opened.token));
    std::string error;
    REQUIRE(store.add_officer(o, "a long password", error));
    const auto live = store.open_session(o);
    for (int i = 0; i < 40; ++i) { // used every 14 minutes: alive until the 8 hours are up
        now += 14 * 60;
        const auto s = store.session(live.token);
        if (i < 34) {
            REQUIRE(s);
            CHECK(s->csrf == live.csrf);
        } else {
            CHECK_FALSE(s);
        }
    }
    const auto idle = store.open_session(o);
    now += 15 * 60;
    CHECK_FALSE(store.session(idle.token));
    const auto closed = store.open_session(o);
    store.close_session(closed.token);
    CHECK_FALSE(store.session(closed.token));
}

TEST_CASE("the office finds dossiers by number, ID number, commune, status and day",
          "[portal_store][office]") {
    TempDb db;
    portal::PortalStore store(db.path, "KP");
    auto with_identity = [](const std::string& name, const std::string& number) {
        auto d = document();
        d["identity"] = {{"full_name", name}, {"id_number", number}};
        return d;
    };
    const auto a =
        store.insert(ksync::new_uuid(), "h1", sender("KIOSK-A"),
                     with_identity("Nguyễn Văn An", "001089012345"), {"AAAAAA", "001089012345"});
    portal::Terminal other_commune{"KIOSK-B", "00007", device_key()};
    const auto b =
        store.insert(ksync::new_uuid(), "h2", other_commune,
                     with_identity("Trần Thị Bình", "079190000001"), {"BBBBBB", "079190000001"});

    portal::DossierFilter all;
    const auto everything = store.dossiers(all);
    CHECK(everything.total == 2);
    REQUIRE(everything.rows.size() == 2);
    CHECK(everything.rows[0].receipt_no == b.receipt_no); // newest first
    CHECK(everything.rows[0].applicant == "Trần Thị Bình");

    portal::DossierFilter f;
    f.commune_code = "00004";
    CHECK(store.dossiers(f).total == 1);
    f = {};
    f.query = a.receipt_no;
    CHECK(store.dossiers(f).rows.at(0).applicant == "Nguyễn Văn An");
    f.query = "079190000001";
    CHECK(store.dossiers(f).rows.at(0).receipt_no == b.receipt_no);
    f.query = "079190000002";
    CHECK(store.dossiers(f).total == 0);
    f = {};
    f.status_code = 4;
    CHECK(store.dossiers(f).total == 0);
    REQUIRE(store.set_status(a.receipt_no, 4, "", "officer:lan"));
    CHECK(store.dossiers(f).total == 1);
    f = {};
    f.from_day = "2000-01-01";
    f.to_day = "2000-01-02";
    CHECK(store.dossiers(f).total == 0);
    f.to_day = "2199-01-01";
    CHECK(store.dossiers(f).total == 2);
    f = {};
    f.per_page = 1;
    f.page = 1;
    const auto second = store.dossiers(f);
    CHECK(second.total == 2);
    REQUIRE(second.rows.size() == 1);
    CHECK(second.rows[0].receipt_no == a.receipt_no);

    const auto d = store.dossier(a.receipt_no);
    REQUIRE(d);
    CHECK(d->commune_code == "00004");
    REQUIRE(d->history.size() == 1);
    CHECK(d->history[0].code == 4);
    CHECK(d->history[0].actor == "officer:lan");
    CHECK_FALSE(store.dossier("KP-20000101-000001"));

    // Nothing personal in clear in the file.
    Raw raw(db.path);
    CHECK(raw.count("SELECT COUNT(*) FROM submissions WHERE document LIKE '%Nguy%' OR document "
                    "LIKE '%001089012345%' OR holder_index LIKE '%001089012345%'") == 0);
}

TEST_CASE("attachments are sealed at rest and opened for their dossier only",
          "[portal_store][office]") {
    TempDb db;
    portal::PortalStore store(db.path, "KP");
    const auto id = ksync::new_uuid();
    const std::string photo = "JPEG bytes of a birth certificate";
    const auto sha = ksync::sha256_hex(photo);
    REQUIRE(store.store_attachment(id, sha, photo));
    const auto stored = store.insert(id, "h", sender("KIOSK-A"), document(), {"AAAAAA", ""});
    CHECK(store.attachment(stored.receipt_no, sha) == photo);
    CHECK_FALSE(store.attachment(stored.receipt_no, ksync::sha256_hex("other")));
    const auto other = store.insert(ksync::new_uuid(), "h2", sender("KIOSK-A"), document(), {});
    CHECK_FALSE(store.attachment(other.receipt_no, sha));
    CHECK(Raw(db.path).count("SELECT COUNT(*) FROM attachments WHERE data LIKE '%birth%'") == 0);
}

TEST_CASE("the audit log keeps who did what, in order, from a given time",
          "[portal_store][office]") {
    TempDb db;
    portal::PortalStore store(db.path, "KP");
    std::int64_t now = 1'800'000'000; // 2027-01-15T08:00:00Z
    store.set_clock([&] { return now; });
    store.audit("officer:lan", "login");
    now += 86400;
    store.audit("officer:lan", "view", "KP-20270116-000001");
    const auto all = store.audit_log("");
    REQUIRE(all.size() == 2);
    CHECK(all[0]["action"] == "login");
    CHECK(all[1]["receipt_no"] == "KP-20270116-000001");
    CHECK(store.audit_log("2027-01-16").size() == 1);
}

TEST_CASE("dossier numbers follow TT 01/2018: the commune's receiving unit, the day, its sequence",
          "[portal_store][office]") {
    TempDb db;
    portal::PortalStore store(db.path, "KP");
    CHECK_FALSE(store.set_receiving_unit("00004", "000.31.33.h31")); // lower case
    CHECK_FALSE(store.set_receiving_unit("00004", "000..31"));
    CHECK_FALSE(store.set_receiving_unit("00004", "000.31.33.H31; DROP"));
    REQUIRE(store.set_receiving_unit("00004", "000.31.33.H31"));
    const auto a1 = store.insert(ksync::new_uuid(), "h1", sender("KIOSK-A"), document(), {});
    const auto a2 = store.insert(ksync::new_uuid(), "h2", sender("KIOSK-A"), document(), {});
    portal::Terminal elsewhere{"KIOSK-B", "00007", device_key()};
    const auto b1 = store.insert(ksync::new_uuid(), "h3", elsewhere, document(), {});
    CHECK_THAT(a1.receipt_no, Catch::Matches("000\\.31\\.33\\.H31-[0-9]{6}-0001"));
    CHECK_THAT(a2.receipt_no, Catch::Matches("000\\.31\\.33\\.H31-[0-9]{6}-0002"));
    // A commune without a unit code numbers under the portal's agency code, on its own count.
    CHECK_THAT(b1.receipt_no, Catch::Matches("KP-[0-9]{6}-0001"));
    REQUIRE(store.receiving_units().size() == 1);
    CHECK(store.receiving_units()[0].second == "000.31.33.H31");
}

TEST_CASE("the figures compare finishing days with the appointment dates", "[portal_store]") {
    TempDb db;
    portal::PortalStore store(db.path, "KP");
    const auto stored = [&](const std::string& due) {
        auto d = document();
        if (!due.empty()) d["appointment_date"] = due;
        return store.insert(ksync::new_uuid(), "h", sender("KIOSK-A"), d, {"K7M2QX", ""})
            .receipt_no;
    };
    const auto on_time = stored("2999-01-01");
    const auto late = stored("2000-01-01");
    stored("2000-01-02");            // not finished, its day passed: overdue
    stored("2999-01-02");            // not finished, not yet due
    stored("");                      // no appointment: not counted
    const auto odd = stored("soon"); // not a day: kept as none
    CHECK(store.set_status(on_time, 9, "", "cli"));
    CHECK(store.set_status(late, 10, "", "cli"));
    const auto due = store.figures("", 30)["appointments"];
    CHECK(due["on_time"] == 1);
    CHECK(due["late"] == 1);
    CHECK(due["overdue"] == 1);
    CHECK(store.dossier(on_time)->appointment_date == "2999-01-01");
    CHECK(store.dossier(odd)->appointment_date.empty());
}

TEST_CASE("terminals get their own digit of their unit's dossier numbers, nine per unit",
          "[portal_store][dossier]") {
    TempDb db;
    portal::PortalStore store(db.path, "KP");
    REQUIRE(store.set_receiving_unit("00004", "000.00.12.H26"));
    for (int i = 1; i <= 9; ++i) {
        const auto r = enroll(store, plain_code(store), "KIOSK-" + std::to_string(i));
        REQUIRE(r.outcome == EnrollOutcome::enrolled);
        CHECK(r.dossier_unit == "000.00.12.H26");
        CHECK(r.dossier_digit == i);
        CHECK(r.dossier_last_used == 0);
    }
    // A tenth terminal of the unit: the portal numbers its dossiers.
    CHECK(enroll(store, plain_code(store), "KIOSK-10").dossier_digit == 0);
    // A revoked terminal's digit goes to the next one enrolled.
    REQUIRE(store.revoke_terminal("KIOSK-4"));
    CHECK(enroll(store, plain_code(store), "KIOSK-11").dossier_digit == 4);
    REQUIRE(store.dossier_block("KIOSK-11"));
    CHECK(store.dossier_block("KIOSK-11")->digit == 4);
    CHECK_FALSE(store.dossier_block("KIOSK-4"));
}

TEST_CASE("a terminal's dossier number is kept, once, and the portal's own never meet it",
          "[portal_store][dossier]") {
    TempDb db;
    portal::PortalStore store(db.path, "KP");
    REQUIRE(store.set_receiving_unit("00004", "000.00.12.H26"));
    std::string id_a = "KIOSK-A";
    const auto code = plain_code(store);
    const auto a = store.enroll(code, id_a, "00004", device_key());
    REQUIRE(a.dossier_digit == 1);
    const auto day = a.dossier_day;
    const auto number = "000.00.12.H26-" + day + "-1007";
    const auto first = ksync::new_uuid();
    CHECK(store.insert(first, "hash", sender("KIOSK-A"), document(), {"K7M2QX", ""}, number)
              .receipt_no == number);
    // The same number for another submission is a fault, refused and rolled back.
    CHECK_THROWS_AS(store.insert(ksync::new_uuid(), "hash2", sender("KIOSK-A"), document(),
                                 {"K7M2QX", ""}, number),
                    portal::DossierNumberTaken);
    // Numbered by the portal: a leading 0, so never in a terminal's block.
    CHECK(store.insert(ksync::new_uuid(), "hash3", sender("KIOSK-B"), document(), {"ABCDEF", ""})
              .receipt_no == "000.00.12.H26-" + day + "-0001");
    // Enrolled again after losing its data, it learns the highest number stored today.
    std::string error;
    const auto again = store.issue_enroll_code(1, "KIOSK-A", error);
    REQUIRE(again);
    const auto b = store.enroll(*again, id_a, "00004", device_key());
    CHECK(b.dossier_digit == 1);
    CHECK(b.dossier_last_used == 7);
}

TEST_CASE("a bank statement imported twice records each payment once, audited by its counts",
          "[portal_store][fees]") {
    TempDb db;
    portal::PortalStore store(db.path, "KP");
    const auto paid = store.insert(ksync::new_uuid(), "h1", sender("KIOSK-A"), document(), {});
    const auto unpaid = store.insert(ksync::new_uuid(), "h2", sender("KIOSK-A"), document(), {});
    const auto receipts = store.receipt_numbers();
    CHECK(receipts.size() == 2);
    std::string key;
    for (const char c : paid.receipt_no)
        if (c != '-') key += c;
    const std::string csv = "Ngày;Số tiền;Nội dung\n"
                            "01/12/2026;5.000;" +
                            paid.receipt_no +
                            " NGUYEN VAN AN le phi\n"
                            "02/12/2026;2.000;" +
                            key + "\n" + "02/12/2026;7000;khong ghi so ho so\n";
    std::string error;
    const auto statement = portal::read_bank_statement(csv, error);
    REQUIRE(statement);
    const auto import = [&] {
        const auto matched = portal::match_fee_payments(*statement, store.receipt_numbers());
        std::vector<portal::FeePayment> payments;
        for (const auto& m : matched.payments)
            payments.push_back(m.payment);
        CHECK(matched.unmatched.size() == 1);
        return store.record_fee_payments(payments, matched.rows_read, matched.unmatched.size());
    };
    const auto first = import();
    CHECK(first.recorded == 2);
    CHECK(first.already_recorded == 0);
    const auto second = import();
    CHECK(second.recorded == 0);
    CHECK(second.already_recorded == 2);

    const auto payments = store.fee_payments(paid.receipt_no);
    REQUIRE(payments.size() == 2);
    CHECK(payments[0].amount_vnd == 5000);
    CHECK(payments[0].paid_on == "2026-12-01");
    CHECK(payments[1].amount_vnd == 2000);
    CHECK(payments[1].paid_on == "2026-12-02");
    CHECK_THAT(payments[0].reference, Catch::StartsWith("row:"));
    CHECK(store.fee_payments(unpaid.receipt_no).empty());

    // One audit row per import, with counts and nothing of the notes.
    std::vector<nlohmann::json> imports;
    for (const auto& entry : store.audit_log(""))
        if (entry["action"] == "fee_import") imports.push_back(entry);
    REQUIRE(imports.size() == 2);
    CHECK(imports[0]["actor"] == "import");
    CHECK(imports[0]["detail"] == "rows 3, recorded 2, already recorded 0, unmatched 1");
    CHECK(imports[1]["detail"] == "rows 3, recorded 0, already recorded 2, unmatched 1");
    Raw raw(db.path);
    CHECK(raw.count("SELECT COUNT(*) FROM fee_payments") == 2);
    CHECK(raw.count("SELECT COUNT(*) FROM audit WHERE detail LIKE '%NGUYEN%' OR detail LIKE "
                    "'%khong%'") == 0);
}

TEST_CASE("a receipt is rated by its terminal, a result with its lookup's token, each once",
          "[portal_store][rating]") {
    TempDb db;
    portal::PortalStore store(db.path, "KP");
    const auto receipt =
        store.insert(ksync::new_uuid(), "h", sender("KIOSK-A"), document(), {"K7M2QX", ""})
            .receipt_no;
    const auto rating = [&](ksync::RatingMoment moment, int satisfaction) {
        ksync::Rating r;
        r.id = ksync::new_uuid();
        r.dossier_no = receipt;
        r.moment = moment;
        r.satisfaction = satisfaction;
        return r;
    };
    using Recorded = portal::RatingRecorded;
    auto at_receipt = rating(ksync::RatingMoment::receipt, 3);
    at_receipt.staff_attitude = 2;
    // Only the terminal that sent the dossier rates its receipt.
    CHECK(store.record_rating(at_receipt, sender("KIOSK-B")) == Recorded::not_allowed);
    CHECK(store.record_rating(at_receipt, sender("KIOSK-A")) == Recorded::stored);
    CHECK(store.record_rating(at_receipt, sender("KIOSK-A")) == Recorded::again);
    CHECK(store.record_rating(rating(ksync::RatingMoment::receipt, 1), sender("KIOSK-A")) ==
          Recorded::already_rated);
    auto unknown = rating(ksync::RatingMoment::receipt, 3);
    unknown.dossier_no = "KP-000000-0000";
    CHECK(store.record_rating(unknown, sender("KIOSK-A")) == Recorded::unknown_dossier);

    // Before the result, a lookup gives no token and a result rating is refused.
    CHECK_FALSE(store.status(receipt, {"K7M2QX", ""})->contains("rating_token"));
    auto at_result = rating(ksync::RatingMoment::result, 1);
    at_result.token = std::string(64, 'a');
    CHECK(store.record_rating(at_result, sender("KIOSK-B")) == Recorded::not_allowed);
    REQUIRE(store.set_status(receipt, 10, "", "cli"));
    // A made-up token still is.
    CHECK(store.record_rating(at_result, sender("KIOSK-B")) == Recorded::not_allowed);
    // The lookup's token lets any terminal rate the result, once.
    const auto answer = store.status(receipt, {"K7M2QX", ""});
    REQUIRE(answer->contains("rating_token"));
    at_result.token = (*answer)["rating_token"].get<std::string>();
    at_result.on_time = 2;
    at_result.trips = 3;
    CHECK(store.record_rating(at_result, sender("KIOSK-B")) == Recorded::stored);
    CHECK_FALSE(store.status(receipt, {"K7M2QX", ""})->contains("rating_token"));
    auto second = rating(ksync::RatingMoment::result, 3);
    second.token = at_result.token;
    CHECK(store.record_rating(second, sender("KIOSK-B")) == Recorded::already_rated);

    const auto figures = store.figures("", 30)["ratings"];
    CHECK(figures["receipt"]["count"] == 1);
    CHECK(figures["receipt"]["satisfaction"] == nlohmann::json{0, 0, 1});
    CHECK(figures["receipt"]["staff_attitude"] == nlohmann::json{0, 1, 0});
    CHECK(figures["result"]["count"] == 1);
    CHECK(figures["result"]["satisfaction"] == nlohmann::json{1, 0, 0});
    CHECK(figures["result"]["on_time"] == nlohmann::json{0, 1});
    CHECK(figures["result"]["trips"] == nlohmann::json{0, 0, 1});
    CHECK(figures["procedures"] == nlohmann::json{{"1.001193", 2, 1}});
    // Another commune's figures do not count them.
    CHECK(store.figures("00009", 30)["ratings"]["receipt"]["count"] == 0);
}
