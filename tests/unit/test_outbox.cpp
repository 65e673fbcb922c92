#include "sync/crypto.hpp"
#include "sync/outbox.hpp"
#include "sync/sqlite.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("outbox-test-" + ksync::new_uuid());
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

ksync::NewSubmission make(std::int64_t created_at, const std::string& text = "payload") {
    const auto keys = ksync::generate_box_keypair();
    ksync::NewSubmission s;
    s.id = ksync::new_uuid();
    s.procedure_code = "1.001193";
    s.form_version = 2;
    s.payload_hash = ksync::sha256_hex(text);
    s.sealed_payload = ksync::seal(text, keys.public_key);
    s.created_at = created_at;
    return s;
}

} // namespace

TEST_CASE("an enqueued submission survives reopening", "[outbox]") {
    TempDir dir;
    const auto db = (dir.path / "outbox.sqlite").string();
    const auto s = make(1000);
    { ksync::Outbox(db).enqueue(s); }
    ksync::Outbox reopened(db);
    const auto entry = reopened.get(s.id);
    REQUIRE(entry);
    CHECK(entry->state == ksync::State::queued);
    CHECK(entry->sealed_payload == s.sealed_payload);
    CHECK(entry->form_version == 2);
    CHECK(reopened.integrity_check() == "ok");
}

TEST_CASE("the outbox stores no clear text", "[outbox]") {
    TempDir dir;
    const auto db = (dir.path / "outbox.sqlite").string();
    {
        ksync::Outbox outbox(db);
        outbox.enqueue(make(1000, "{\"full_name\":\"Nguyễn Văn Bí Mật\"}"));
    }
    std::string bytes;
    for (const auto& f : fs::directory_iterator(dir.path)) {
        std::ifstream in(f.path(), std::ios::binary);
        bytes += std::string(std::istreambuf_iterator<char>(in), {});
    }
    CHECK(bytes.find("Bí Mật") == std::string::npos);
}

TEST_CASE("delivery state machine", "[outbox]") {
    TempDir dir;
    ksync::Outbox outbox((dir.path / "o.sqlite").string());
    const auto a = make(100), b = make(200);
    outbox.enqueue(a);
    outbox.enqueue(b);

    auto first = outbox.claim_next_due(1000);
    REQUIRE(first);
    CHECK(first->id == a.id); // oldest first
    CHECK(first->attempts == 1);
    CHECK(outbox.get(a.id)->state == ksync::State::sending);

    outbox.mark_retry(a.id, "network down", 5000);
    auto second = outbox.claim_next_due(1000);
    REQUIRE(second);
    CHECK(second->id == b.id); // a waits, b goes
    outbox.mark_accepted(b.id, "KP-20261123-000001", 1001);
    CHECK_FALSE(outbox.claim_next_due(1000)); // a is not due yet

    CHECK(outbox.next_due_at() == 5000);
    CHECK(outbox.wake_waiting(1002) == 1);
    auto again = outbox.claim_next_due(1002);
    REQUIRE(again);
    CHECK(again->attempts == 2);
    outbox.mark_needs_attention(a.id, "rejected (422)");

    const auto stats = outbox.stats(2000);
    CHECK(stats.unsent == 0);
    CHECK(stats.accepted == 1);
    CHECK(stats.needs_attention == 1);
    CHECK(outbox.get(b.id)->receipt_no == "KP-20261123-000001");
    // Staff mark a rejected entry as looked at; an accepted one cannot be.
    CHECK_FALSE(outbox.mark_reviewed(b.id, "lan.pt"));
    CHECK(outbox.mark_reviewed(a.id, "lan.pt"));
    CHECK(outbox.get(a.id)->reviewed_by == "lan.pt");
    CHECK(outbox.get(a.id)->state == ksync::State::needs_attention);
    CHECK(outbox.requeue(a.id, 3000));
    CHECK(outbox.get(a.id)->state == ksync::State::queued);
}

TEST_CASE("entries interrupted in sending are recovered", "[outbox]") {
    TempDir dir;
    const auto db = (dir.path / "o.sqlite").string();
    const auto s = make(100);
    {
        ksync::Outbox outbox(db);
        outbox.enqueue(s);
        REQUIRE(outbox.claim_next_due(200));
    } // "crash" while sending
    ksync::Outbox outbox(db);
    CHECK(outbox.recover_interrupted() == 1);
    const auto entry = outbox.claim_next_due(300);
    REQUIRE(entry);
    CHECK(entry->id == s.id);
    CHECK(entry->attempts == 2);
}

TEST_CASE("duplicate ids are refused and payloads purge after acceptance", "[outbox]") {
    TempDir dir;
    ksync::Outbox outbox((dir.path / "o.sqlite").string());
    const auto s = make(100);
    outbox.enqueue(s);
    CHECK_THROWS_AS(outbox.enqueue(s), ksync::OutboxError);
    REQUIRE(outbox.claim_next_due(200));
    outbox.mark_accepted(s.id, "R-1", 300);
    CHECK(outbox.purge_accepted_payloads(200) == 0);
    CHECK(outbox.purge_accepted_payloads(400) == 1);
    const auto entry = outbox.get(s.id);
    CHECK(entry->sealed_payload.empty());
    CHECK(entry->receipt_no == "R-1");
}

TEST_CASE("attachments are stored with their submission and acknowledged one by one", "[outbox]") {
    TempDir dir;
    ksync::Outbox outbox((dir.path / "o.sqlite").string());
    const auto keys = ksync::generate_box_keypair();
    auto s = make(100);
    for (const std::string body : {"first file", "second file", "third file"})
        s.attachments.push_back({ksync::sha256_hex(body), static_cast<std::int64_t>(body.size()),
                                 ksync::seal(body, keys.public_key)});
    outbox.enqueue(s);

    auto pending = outbox.pending_attachments(s.id);
    REQUIRE(pending.size() == 3);
    CHECK(pending[0].sha256 == ksync::sha256_hex("first file")); // in the order given
    CHECK(ksync::open_sealed(pending[2].sealed, keys) == std::optional<std::string>("third file"));

    outbox.mark_attachment_acked(s.id, pending[0].sha256, 150);
    pending = outbox.pending_attachments(s.id);
    REQUIRE(pending.size() == 2);
    CHECK(pending[0].sha256 == ksync::sha256_hex("second file"));
    const auto listed = outbox.list();
    CHECK(listed.at(0).attachments == 3);
    CHECK(listed.at(0).attachments_acked == 1);

    SECTION("a staff retry sends every file again") {
        REQUIRE(outbox.claim_next_due(200));
        outbox.mark_needs_attention(s.id, "portal rejected the submission (422)");
        REQUIRE(outbox.requeue(s.id, 300));
        CHECK(outbox.pending_attachments(s.id).size() == 3);
    }
    SECTION("files are purged with the payload after acceptance") {
        REQUIRE(outbox.claim_next_due(200));
        outbox.mark_accepted(s.id, "R-1", 300);
        CHECK(outbox.purge_accepted_payloads(400) == 1);
        for (const auto& a : outbox.pending_attachments(s.id))
            CHECK(a.sealed.empty());
    }
}

TEST_CASE("a submission whose attachment cannot be written is not stored at all", "[outbox]") {
    TempDir dir;
    ksync::Outbox outbox((dir.path / "o.sqlite").string());
    auto s = make(100);
    const ksync::NewAttachment file{ksync::sha256_hex("same"), 4, ksync::Bytes{1, 2, 3}};
    s.attachments = {file, file}; // the same file twice violates the primary key
    CHECK_THROWS_AS(outbox.enqueue(s), ksync::OutboxError);
    CHECK_FALSE(outbox.get(s.id));
    CHECK(outbox.list().empty());
}

TEST_CASE("ed25519 signatures verify only for the signed bytes and key", "[crypto]") {
    const auto keys = ksync::generate_signing_keypair();
    const auto other = ksync::generate_signing_keypair();
    const std::string message = "{\"version\":2}";
    const auto signature = ksync::sign_detached(message, keys.secret_key);
    CHECK(ksync::verify_detached(message, signature, keys.public_key));
    CHECK_FALSE(ksync::verify_detached(message, signature, other.public_key));
    CHECK_FALSE(ksync::verify_detached("{\"version\":3}", signature, keys.public_key));
    CHECK_FALSE(ksync::verify_detached(message, ksync::Bytes(10, 0), keys.public_key));
}

TEST_CASE("sealing round-trips only with the right key", "[crypto]") {
    const auto keys = ksync::generate_box_keypair();
    const auto other = ksync::generate_box_keypair();
    const auto sealed = ksync::seal("xin chào", keys.public_key);
    CHECK(ksync::open_sealed(sealed, keys) == std::optional<std::string>("xin chào"));
    CHECK_FALSE(ksync::open_sealed(sealed, other));
    auto tampered = sealed;
    tampered.back() ^= 1;
    CHECK_FALSE(ksync::open_sealed(tampered, keys));
    CHECK(ksync::base64_decode(ksync::base64_encode(sealed)) == sealed);
    CHECK_FALSE(ksync::base64_decode("not base64!"));
    CHECK(ksync::new_uuid().size() == 36);
    CHECK(ksync::new_uuid() != ksync::new_uuid());
}

TEST_CASE("a version 1 outbox is migrated in place without losing entries", "[outbox]") {
    TempDir dir;
    const auto db = (dir.path / "v1.sqlite").string();
    {
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
        const char* v1 =
            "CREATE TABLE submissions(id TEXT PRIMARY KEY, procedure_code TEXT NOT NULL,"
            " form_version INTEGER NOT NULL, created_at INTEGER NOT NULL, state TEXT NOT NULL,"
            " attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL, last_error "
            "TEXT,"
            " payload_hash TEXT NOT NULL, sealed BLOB, receipt_no TEXT, accepted_at INTEGER,"
            " assisted_by TEXT NOT NULL DEFAULT '');"
            "CREATE INDEX submissions_due ON submissions(state, next_attempt_at);"
            "INSERT INTO submissions(id, procedure_code, form_version, created_at, state,"
            " next_attempt_at, payload_hash) VALUES('old-1', '1.001193', 1, 10, 'retry_wait', 20, "
            "'h');"
            "PRAGMA user_version=1;";
        REQUIRE(sqlite3_exec(raw, v1, nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close(raw);
    }
    ksync::Outbox outbox(db);
    const auto entry = outbox.claim_next_due(100);
    REQUIRE(entry);
    CHECK(entry->id == "old-1");
    CHECK(outbox.pending_attachments("old-1").empty()); // v3 added the attachments table
    CHECK(outbox.integrity_check() == "ok");
}

TEST_CASE("an outbox from a newer kiosk is refused rather than damaged", "[outbox]") {
    TempDir dir;
    const auto db = (dir.path / "future.sqlite").string();
    {
        sqlite3* raw = nullptr;
        REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
        REQUIRE(sqlite3_exec(raw, "PRAGMA user_version=99", nullptr, nullptr, nullptr) ==
                SQLITE_OK);
        sqlite3_close(raw);
    }
    CHECK_THROWS_AS(ksync::Outbox(db), ksync::OutboxError);
}

namespace {

// A second connection to an outbox file, as an operator's sqlite3 shell.
void raw_exec(const std::string& path, const char* sql) {
    ksync::sql::Database raw("test database");
    raw.open(path, SQLITE_OPEN_READWRITE, 5000);
    raw.exec(sql);
}

} // namespace

TEST_CASE("a staff retry requeues the entry and its files together, or neither", "[outbox]") {
    TempDir dir;
    const auto db = (dir.path / "o.sqlite").string();
    ksync::Outbox outbox(db);
    auto s = make(100);
    s.attachments.push_back({ksync::sha256_hex("file"), 4, ksync::Bytes{1, 2, 3, 4}});
    outbox.enqueue(s);
    REQUIRE(outbox.claim_next_due(200));
    outbox.mark_attachment_acked(s.id, s.attachments[0].sha256, 250);
    outbox.mark_needs_attention(s.id, "portal rejected the submission (422)");
    // The second statement of requeue fails.
    raw_exec(db, "CREATE TRIGGER refuse BEFORE UPDATE OF acked_at ON attachments BEGIN "
                 "SELECT RAISE(ABORT, 'refused by the test'); END");
    CHECK_THROWS_AS(outbox.requeue(s.id, 300), ksync::OutboxError);
    CHECK(outbox.get(s.id)->state == ksync::State::needs_attention);
    CHECK(outbox.pending_attachments(s.id).empty());
    raw_exec(db, "DROP TRIGGER refuse");
    CHECK(outbox.requeue(s.id, 300));
    CHECK(outbox.get(s.id)->state == ksync::State::queued);
    CHECK(outbox.pending_attachments(s.id).size() == 1);
    CHECK_FALSE(outbox.requeue(s.id, 300)); // only needs_attention entries
}

TEST_CASE("a purge drops a submission's payload and files together, or neither", "[outbox]") {
    TempDir dir;
    const auto db = (dir.path / "o.sqlite").string();
    ksync::Outbox outbox(db);
    auto s = make(100);
    s.attachments.push_back({ksync::sha256_hex("file"), 4, ksync::Bytes{1, 2, 3, 4}});
    outbox.enqueue(s);
    REQUIRE(outbox.claim_next_due(200));
    outbox.mark_accepted(s.id, "R-1", 300);
    raw_exec(db, "CREATE TRIGGER refuse BEFORE UPDATE OF sealed ON submissions BEGIN "
                 "SELECT RAISE(ABORT, 'refused by the test'); END");
    CHECK_THROWS_AS(outbox.purge_accepted_payloads(400), ksync::OutboxError);
    CHECK_FALSE(outbox.get(s.id)->sealed_payload.empty());
    CHECK_FALSE(outbox.pending_attachments(s.id).at(0).sealed.empty());
    raw_exec(db, "DROP TRIGGER refuse");
    // The attachments' part was rolled back too: the purge still has both to do.
    CHECK(outbox.purge_accepted_payloads(400) == 1);
    CHECK(outbox.get(s.id)->sealed_payload.empty());
}

TEST_CASE("outbox statements are usable again after an error", "[outbox]") {
    TempDir dir;
    const auto db = (dir.path / "o.sqlite").string();
    ksync::Outbox outbox(db);
    const auto s = make(100);
    outbox.enqueue(s);
    raw_exec(db, "CREATE TRIGGER refuse BEFORE UPDATE OF state ON submissions BEGIN "
                 "SELECT RAISE(ABORT, 'refused by the test'); END");
    try {
        outbox.claim_next_due(200);
        FAIL("the claim should have failed");
    } catch (const ksync::OutboxError& e) {
        CHECK_THAT(e.what(), Catch::StartsWith("claiming submission: refused by the test"));
        CHECK_FALSE(e.disk_full());
    }
    raw_exec(db, "DROP TRIGGER refuse");
    const auto claimed = outbox.claim_next_due(200);
    REQUIRE(claimed);
    CHECK(claimed->attempts == 1); // the failed claim counted nothing
    CHECK(outbox.get(s.id)->state == ksync::State::sending);
}

TEST_CASE("sql::Statement checks every step and resets itself for the next use", "[sqlite]") {
    TempDir dir;
    ksync::sql::Database db("test database");
    db.open((dir.path / "t.sqlite").string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 1000);
    db.exec("CREATE TABLE t(k TEXT PRIMARY KEY, v BLOB)");
    ksync::sql::Statement insert(db, "INSERT INTO t(k, v) VALUES(?1, ?2)", "saving",
                                 ksync::sql::Statement::Lifetime::cached);
    ksync::sql::Statement select(db, "SELECT k, v FROM t ORDER BY k", "reading",
                                 ksync::sql::Statement::Lifetime::cached);
    CHECK(insert.bind(1, "a").bind_blob(2, ksync::Bytes{1, 2}).run() == 1);
    try {
        insert.bind(1, "a").bind_null(2).run();
        FAIL("a duplicate key must throw");
    } catch (const ksync::sql::Error& e) {
        CHECK(e.extended_code() == SQLITE_CONSTRAINT_PRIMARYKEY);
        CHECK_FALSE(e.storage_full());
        CHECK_THAT(e.what(), Catch::StartsWith("saving: UNIQUE constraint failed"));
    }
    // Reset after the error, its bindings cleared: the next use starts clean.
    CHECK(insert.bind(1, "b").run() == 1);
    {
        const auto use = select.use();
        REQUIRE(select.step());
        CHECK(select.text(0) == "a");
        CHECK(select.blob(1) == ksync::Bytes{1, 2});
    } // left after one row: reset, so it neither holds a read lock nor resumes at "b"
    REQUIRE(select.step());
    CHECK(select.text(0) == "a");
    REQUIRE(select.step());
    CHECK(select.text(0) == "b");
    CHECK(select.is_null(1));
    CHECK_FALSE(select.step());
    CHECK_THROWS_AS(ksync::sql::Statement(db, "SELECT nope FROM t"), ksync::sql::Error);
    CHECK_THROWS_AS(ksync::sql::Statement(db, "SELECT k FROM t WHERE 0").row(), ksync::sql::Error);
}

TEST_CASE("sql::Transaction commits only when asked and rolls back otherwise", "[sqlite]") {
    TempDir dir;
    ksync::sql::Database db("test database");
    db.open((dir.path / "t.sqlite").string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 1000);
    db.exec("CREATE TABLE t(k TEXT PRIMARY KEY)");
    const auto rows = [&] {
        return ksync::sql::Statement(db, "SELECT COUNT(*) FROM t").row().integer(0);
    };
    CHECK_THROWS_AS(
        [&] {
            ksync::sql::Transaction tx(db);
            ksync::sql::Statement(db, "INSERT INTO t VALUES('a')").run();
            ksync::sql::Statement(db, "INSERT INTO t VALUES('a')").run(); // fails
            tx.commit();
        }(),
        ksync::sql::Error);
    CHECK_FALSE(db.in_transaction());
    CHECK(rows() == 0);
    {
        ksync::sql::Transaction tx(db);
        ksync::sql::Statement(db, "INSERT INTO t VALUES('a')").run();
    } // an early return: rolled back
    CHECK(rows() == 0);
    {
        ksync::sql::Transaction tx(db);
        ksync::sql::Statement(db, "INSERT INTO t VALUES('a')").run();
        tx.commit();
    }
    CHECK(rows() == 1);
}

TEST_CASE("sql::Error tells a full database from other failures", "[sqlite]") {
    TempDir dir;
    ksync::sql::Database db("test database");
    db.open((dir.path / "t.sqlite").string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 1000);
    db.exec("CREATE TABLE t(v BLOB)");
    db.exec("PRAGMA max_page_count=16"); // a database that cannot grow: SQLITE_FULL
    ksync::sql::Statement insert(db, "INSERT INTO t VALUES(?1)", "saving",
                                 ksync::sql::Statement::Lifetime::cached);
    try {
        for (int i = 0; i < 64; ++i)
            insert.bind_blob(1, ksync::Bytes(4096, 7)).run();
        FAIL("the database should have been full");
    } catch (const ksync::sql::Error& e) {
        CHECK((e.extended_code() & 0xFF) == SQLITE_FULL);
        CHECK(e.storage_full());
    }
}

TEST_CASE("a connection's error handler turns SQLite errors into its own", "[sqlite]") {
    struct Mine : std::runtime_error {
        using std::runtime_error::runtime_error;
    };
    TempDir dir;
    ksync::sql::Database db("mine", [](const ksync::sql::Error& e) { throw Mine(e.what()); });
    db.open((dir.path / "t.sqlite").string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 1000);
    CHECK_THROWS_AS(db.exec("NOT SQL"), Mine);
    CHECK_THROWS_AS(ksync::sql::Statement(db, "SELECT nope"), Mine);
    CHECK_THROWS_WITH(
        ksync::sql::Database("mine").open((dir.path / "no/such/dir/t.sqlite").string(),
                                          SQLITE_OPEN_READWRITE, 1000),
        Catch::StartsWith("cannot open mine "));
}

namespace {

// Takes the next number of `block` for `day` and stores a submission under it.
std::string enqueue_numbered(ksync::Outbox& outbox, const ksync::DossierBlock& block,
                             const std::string& day) {
    auto s = make(1000);
    return outbox.enqueue_numbered(s, block, day, [](ksync::NewSubmission&, const std::string&) {});
}

} // namespace

TEST_CASE("dossier numbers come from the block, one day at a time, kept as the receipt",
          "[outbox][dossier]") {
    TempDir dir;
    ksync::Outbox outbox((dir.path / "outbox.sqlite").string());
    const ksync::DossierBlock block{"000.00.12.H26", 3};
    CHECK(enqueue_numbered(outbox, block, "261201") == "000.00.12.H26-261201-3001");
    CHECK(enqueue_numbered(outbox, block, "261201") == "000.00.12.H26-261201-3002");
    CHECK(enqueue_numbered(outbox, block, "261202") == "000.00.12.H26-261202-3001");
    // What the portal already holds from this block (after a lost data folder) is skipped.
    outbox.note_dossier_numbers_used(block, "261202", 41);
    outbox.note_dossier_numbers_used(block, "261202", 7); // never backwards
    CHECK(enqueue_numbered(outbox, block, "261202") == "000.00.12.H26-261202-3042");
    // The sealed document names the number it was given.
    auto s = make(1000);
    std::string sealed_with;
    const auto number = outbox.enqueue_numbered(
        s, block, "261203", [&](ksync::NewSubmission&, const std::string& n) { sealed_with = n; });
    CHECK(sealed_with == number);
    CHECK(outbox.get(s.id)->receipt_no == number);
    CHECK(outbox.get(s.id)->state == ksync::State::queued);
    // No block: the portal gives the number.
    CHECK(enqueue_numbered(outbox, {}, "261203").empty());
}

TEST_CASE("a block's day runs out at 999, then the portal numbers the rest", "[outbox][dossier]") {
    TempDir dir;
    ksync::Outbox outbox((dir.path / "outbox.sqlite").string());
    const ksync::DossierBlock block{"KP", 9};
    outbox.note_dossier_numbers_used(block, "261201", 998);
    CHECK(enqueue_numbered(outbox, block, "261201") == "KP-261201-9999");
    CHECK(enqueue_numbered(outbox, block, "261201").empty());
}

TEST_CASE("a number whose submission failed to seal is not used up", "[outbox][dossier]") {
    TempDir dir;
    ksync::Outbox outbox((dir.path / "outbox.sqlite").string());
    const ksync::DossierBlock block{"KP", 1};
    auto s = make(1000);
    CHECK_THROWS(
        outbox.enqueue_numbered(s, block, "261201", [](ksync::NewSubmission&, const std::string&) {
            throw std::runtime_error("sealing failed");
        }));
    CHECK(outbox.get(s.id) == std::nullopt);
    CHECK(enqueue_numbered(outbox, block, "261201") == "KP-261201-1001");
}

TEST_CASE("a crash while numbering never gives a stored number twice", "[outbox][dossier]") {
    TempDir dir;
    const auto db = (dir.path / "outbox.sqlite").string();
    const ksync::DossierBlock block{"KP", 2};
    { ksync::Outbox create(db); }
    // A child numbers submissions, each taking a while between taking its number and the
    // commit, and is killed -9: most likely there, between the two.
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ksync::Outbox outbox(db);
        for (int i = 0; i < 900; ++i) {
            auto s = make(1000);
            outbox.enqueue_numbered(s, block, "261201", [](ksync::NewSubmission&, const auto&) {
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            });
        }
        _exit(0);
    }
    for (int i = 0; i < 200; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (ksync::Outbox(db).list().size() >= 20) break;
    }
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    ksync::Outbox outbox(db);
    const auto entries = outbox.list();
    REQUIRE(entries.size() >= 20);
    std::set<std::string> numbers;
    for (const auto& e : entries)
        numbers.insert(e.receipt_no);
    // Every stored submission has its own number, 1..N without a gap, and the next is N+1.
    CHECK(numbers.size() == entries.size());
    char expected[32];
    std::snprintf(expected, sizeof expected, "KP-261201-2%03zu", entries.size());
    CHECK(*numbers.rbegin() == expected);
    std::snprintf(expected, sizeof expected, "KP-261201-2%03zu", entries.size() + 1);
    CHECK(enqueue_numbered(outbox, block, "261201") == expected);
    CHECK(outbox.integrity_check() == "ok");
}

TEST_CASE("a rating waits for the submission it names, then is due with its dossier number",
          "[outbox][rating]") {
    TempDir dir;
    const auto path = (dir.path / "outbox.sqlite").string();
    ksync::Outbox outbox(path);
    const auto s = make(1000);
    outbox.enqueue(s);
    ksync::NewRating after_receipt;
    after_receipt.rating.id = ksync::new_uuid();
    after_receipt.rating.satisfaction = 3;
    after_receipt.rating.staff_attitude = 1;
    after_receipt.submission_id = s.id; // portal-numbered: no number yet
    after_receipt.created_at = 1001;
    outbox.enqueue_rating(after_receipt);
    ksync::NewRating after_lookup;
    after_lookup.rating.id = ksync::new_uuid();
    after_lookup.rating.dossier_no = "KP-261201-0007";
    after_lookup.rating.moment = ksync::RatingMoment::result;
    after_lookup.rating.satisfaction = 1;
    after_lookup.rating.trips = 2;
    after_lookup.rating.token = std::string(64, 'c');
    after_lookup.created_at = 1002;
    outbox.enqueue_rating(after_lookup);

    // The lookup's rating is due now; the receipt's waits for its submission.
    auto due = outbox.next_due_rating(2000);
    REQUIRE(due);
    CHECK(due->rating.id == after_lookup.rating.id);
    CHECK(due->rating.trips == 2);
    CHECK(due->rating.token == after_lookup.rating.token);
    CHECK(due->attempts == 1);
    CHECK(outbox.rating_stats().waiting == 1);
    outbox.mark_rating(due->rating.id, ksync::State::retry_wait, "portal busy", 3000);
    CHECK_FALSE(outbox.next_due_rating(2000));
    CHECK(outbox.next_due_at() == 1000); // the submission
    // Connectivity back: the waiting rating is due again, its attempts counted.
    outbox.wake_waiting(2500);
    due = outbox.next_due_rating(2500);
    REQUIRE(due);
    CHECK(due->attempts == 2);
    outbox.mark_rating(due->rating.id, ksync::State::accepted, "", 2500);

    // Once the portal accepted the submission, its rating goes with the portal's number.
    const auto claimed = outbox.claim_next_due(2600);
    REQUIRE(claimed);
    outbox.mark_accepted(claimed->id, "KP-261201-0008", 2600);
    // Reopened: the rating survived and carries the number.
    ksync::Outbox reopened(path);
    due = reopened.next_due_rating(2700);
    REQUIRE(due);
    CHECK(due->rating.id == after_receipt.rating.id);
    CHECK(due->rating.dossier_no == "KP-261201-0008");
    CHECK(due->rating.moment == ksync::RatingMoment::receipt);
    CHECK(due->rating.staff_attitude == 1);
    reopened.mark_rating(due->rating.id, ksync::State::needs_attention, "409", 2700);
    CHECK_FALSE(reopened.next_due_rating(9999));
    const auto stats = reopened.rating_stats();
    CHECK(stats.unsent == 0);
    CHECK(stats.waiting == 0);
    CHECK(stats.delivered == 1);
    CHECK(stats.refused == 1);
}
