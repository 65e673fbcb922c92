#include "sync/outbox.hpp"

#include <sqlite3.h>

namespace ksync {

namespace {

constexpr const char* kStateNames[] = {"queued", "sending", "retry_wait", "accepted",
                                       "needs_attention"};

State state_from_name(const std::string& name) {
    for (int i = 0; i < 5; ++i)
        if (name == kStateNames[i]) return static_cast<State>(i);
    return State::needs_attention;
}

std::string column_text(sqlite3_stmt* s, int col) {
    const auto* text = sqlite3_column_text(s, col);
    return text ? reinterpret_cast<const char*>(text) : std::string();
}

// Resets a statement whatever happens, so a thrown error never leaves it busy.
struct StatementScope {
    sqlite3_stmt* stmt;
    ~StatementScope() {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
    }
};

void bind(sqlite3_stmt* s, int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
}
void bind(sqlite3_stmt* s, int i, std::int64_t v) {
    sqlite3_bind_int64(s, i, v);
}

constexpr const char* kColumns =
    "id, procedure_code, form_version, created_at, state, attempts, next_attempt_at, "
    "last_error, payload_hash, receipt_no, accepted_at, assisted_by, fee_collected_vnd, "
    "reviewed_by, catalog_version, lookup_code";
// The first column after kColumns.
constexpr int kAfterColumns = 16;

// Errors that mean "the storage cannot take more data": a full disk, a file-size limit, or
// a write the device refused.
bool storage_full(int extended_code) {
    return (extended_code & 0xFF) == SQLITE_FULL || extended_code == SQLITE_IOERR_WRITE ||
           extended_code == SQLITE_IOERR_FSYNC || extended_code == SQLITE_IOERR_SHMSIZE ||
           extended_code == SQLITE_IOERR_TRUNCATE;
}

Entry read_entry(sqlite3_stmt* s) {
    Entry e;
    e.id = column_text(s, 0);
    e.procedure_code = column_text(s, 1);
    e.form_version = sqlite3_column_int(s, 2);
    e.created_at = sqlite3_column_int64(s, 3);
    e.state = state_from_name(column_text(s, 4));
    e.attempts = sqlite3_column_int(s, 5);
    e.next_attempt_at = sqlite3_column_int64(s, 6);
    e.last_error = column_text(s, 7);
    e.payload_hash = column_text(s, 8);
    e.receipt_no = column_text(s, 9);
    e.accepted_at = sqlite3_column_int64(s, 10);
    e.assisted_by = column_text(s, 11);
    e.fee_collected_vnd = sqlite3_column_int64(s, 12);
    e.reviewed_by = column_text(s, 13);
    e.catalog_version = sqlite3_column_int(s, 14);
    e.lookup_code = column_text(s, 15);
    return e;
}

Bytes column_blob(sqlite3_stmt* s, int col) {
    if (sqlite3_column_type(s, col) != SQLITE_BLOB) return {};
    const auto* blob = static_cast<const std::uint8_t*>(sqlite3_column_blob(s, col));
    return Bytes(blob, blob + sqlite3_column_bytes(s, col));
}

// An entry with its sealed payload, which statements select right after kColumns.
Entry read_entry_with_payload(sqlite3_stmt* s) {
    auto e = read_entry(s);
    e.sealed_payload = column_blob(s, kAfterColumns);
    return e;
}

} // namespace

const char* state_name(State state) {
    return kStateNames[static_cast<int>(state)];
}

Outbox::Outbox(const std::string& path, Durability durability) {
    if (sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        const std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw OutboxError("cannot open outbox " + path + ": " + msg, false);
    }
    try {
        open_schema_and_statements(durability);
    } catch (...) {
        // The destructor will not run for a half-built object: release what we hold.
        for (auto* s : statements_)
            sqlite3_finalize(s);
        sqlite3_close(db_);
        throw;
    }
}

void Outbox::open_schema_and_statements(Durability durability) {
    sqlite3_extended_result_codes(db_, 1);
    // Another process (kioskctl, a second worker) may hold the write lock briefly.
    sqlite3_busy_timeout(db_, 10000);
    exec("PRAGMA journal_mode=WAL");
    exec(durability == Durability::full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    exec("PRAGMA foreign_keys=ON");
    migrate();

    const std::string select = std::string("SELECT ") + kColumns;
    insert_ = prepare("INSERT INTO submissions(id, procedure_code, form_version, created_at, "
                      "state, attempts, next_attempt_at, payload_hash, sealed, assisted_by, "
                      "fee_collected_vnd, catalog_version, lookup_code) "
                      "VALUES(?1, ?2, ?3, ?4, 'queued', 0, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    claim_ = prepare(("UPDATE submissions SET state='sending', attempts=attempts+1 "
                      "WHERE id=(SELECT id FROM submissions INDEXED BY submissions_due_v2 "
                      "WHERE state IN ('queued','retry_wait') AND next_attempt_at<=?1 "
                      "ORDER BY next_attempt_at LIMIT 1) "
                      "RETURNING " +
                      std::string(kColumns) + ", sealed")
                         .c_str());
    accept_ = prepare("UPDATE submissions SET state='accepted', receipt_no=?2, accepted_at=?3, "
                      "last_error=NULL WHERE id=?1");
    retry_ = prepare("UPDATE submissions SET state='retry_wait', last_error=?2, "
                     "next_attempt_at=?3 WHERE id=?1 AND state='sending'");
    attention_ = prepare("UPDATE submissions SET state='needs_attention', last_error=?2 "
                         "WHERE id=?1 AND state<>'accepted'");
    requeue_ = prepare("UPDATE submissions SET state='queued', next_attempt_at=?2 "
                       "WHERE id=?1 AND state='needs_attention'");
    recover_ = prepare("UPDATE submissions SET state='queued' WHERE state='sending'");
    review_ = prepare("UPDATE submissions SET reviewed_by=?2 "
                      "WHERE id=?1 AND state='needs_attention'");
    wake_ = prepare("UPDATE submissions SET next_attempt_at=?1 "
                    "WHERE state='retry_wait' AND next_attempt_at>?1");
    next_due_ = prepare("SELECT MIN(next_attempt_at) FROM submissions "
                        "WHERE state IN ('queued','retry_wait','sending')");
    list_ = prepare((select +
                     ", (SELECT COUNT(*) FROM attachments a WHERE a.submission_id=s.id), "
                     "(SELECT COUNT(*) FROM attachments a WHERE a.submission_id=s.id "
                     "AND a.acked_at IS NOT NULL) FROM submissions s ORDER BY created_at DESC, id")
                        .c_str());
    get_ = prepare((select + ", sealed FROM submissions WHERE id=?1").c_str());
    stats_ =
        prepare("SELECT "
                "COALESCE(SUM(state IN ('queued','sending','retry_wait')),0), "
                "COALESCE(SUM(state='accepted'),0), COALESCE(SUM(state='needs_attention'),0), "
                "MIN(CASE WHEN state IN ('queued','sending','retry_wait') THEN created_at END) "
                "FROM submissions");
    purge_ = prepare("UPDATE submissions SET sealed=NULL WHERE state='accepted' "
                     "AND accepted_at<?1 AND sealed IS NOT NULL");
    insert_attachment_ =
        prepare("INSERT INTO attachments(submission_id, seq, sha256, size, sealed) "
                "VALUES(?1, ?2, ?3, ?4, ?5)");
    pending_attachments_ = prepare("SELECT sha256, sealed FROM attachments WHERE "
                                   "submission_id=?1 AND acked_at IS NULL ORDER BY seq");
    ack_attachment_ =
        prepare("UPDATE attachments SET acked_at=?3 WHERE submission_id=?1 AND sha256=?2");
    unack_attachments_ = prepare(
        "UPDATE attachments SET acked_at=NULL WHERE submission_id=?1 AND sealed IS NOT NULL");
    purge_attachments_ =
        prepare("UPDATE attachments SET sealed=NULL WHERE sealed IS NOT NULL AND submission_id IN "
                "(SELECT id FROM submissions WHERE state='accepted' AND accepted_at<?1)");
}

Outbox::~Outbox() {
    for (auto* s : statements_)
        sqlite3_finalize(s);
    sqlite3_close(db_);
}

void Outbox::fail(const char* what) {
    throw OutboxError(std::string(what) + ": " + sqlite3_errmsg(db_),
                      storage_full(sqlite3_extended_errcode(db_)));
}

sqlite3_stmt* Outbox::prepare(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
        fail("preparing outbox statement");
    statements_.push_back(stmt);
    return stmt;
}

void Outbox::exec(const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        const std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        throw OutboxError(std::string("outbox: ") + msg,
                          storage_full(sqlite3_extended_errcode(db_)));
    }
}

void Outbox::migrate() {
    exec("BEGIN IMMEDIATE");
    try {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db_, "PRAGMA user_version", -1, &s, nullptr);
        sqlite3_step(s);
        const int version = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
        if (version > kSchemaVersion)
            throw OutboxError("outbox was written by a newer kiosk (schema " +
                                  std::to_string(version) + ")",
                              false);
        if (version < 1) {
            exec("CREATE TABLE submissions("
                 " id TEXT PRIMARY KEY,"
                 " procedure_code TEXT NOT NULL,"
                 " form_version INTEGER NOT NULL,"
                 " created_at INTEGER NOT NULL,"
                 " state TEXT NOT NULL CHECK(state IN "
                 "  ('queued','sending','retry_wait','accepted','needs_attention')),"
                 " attempts INTEGER NOT NULL DEFAULT 0,"
                 " next_attempt_at INTEGER NOT NULL,"
                 " last_error TEXT,"
                 " payload_hash TEXT NOT NULL,"
                 " sealed BLOB,"
                 " receipt_no TEXT,"
                 " accepted_at INTEGER,"
                 " assisted_by TEXT NOT NULL DEFAULT '')");
            exec("CREATE INDEX submissions_due ON submissions(state, next_attempt_at)");
            exec("PRAGMA user_version=1");
        }
        if (version < 2) {
            // v2: the due query reads one partial index in order instead of sorting every
            // waiting entry on each claim (quadratic when thousands wait).
            exec("DROP INDEX IF EXISTS submissions_due");
            exec("CREATE INDEX submissions_due_v2 ON submissions(next_attempt_at) "
                 "WHERE state IN ('queued','retry_wait')");
            exec("PRAGMA user_version=2");
        }
        if (version < 3) {
            // v3: files sent with a submission, each sealed and acknowledged on its own so a
            // slow link never has to resend what already arrived.
            exec("CREATE TABLE attachments("
                 " submission_id TEXT NOT NULL REFERENCES submissions(id),"
                 " seq INTEGER NOT NULL,"
                 " sha256 TEXT NOT NULL,"
                 " size INTEGER NOT NULL,"
                 " sealed BLOB,"
                 " acked_at INTEGER,"
                 " PRIMARY KEY(submission_id, sha256))");
            exec("PRAGMA user_version=3");
        }
        if (version < 4) {
            // v4: the fee staff collected in cash at the counter, for the receipt and the
            // end-of-day reconciliation per operator; who looked at a rejected submission.
            exec("ALTER TABLE submissions ADD COLUMN fee_collected_vnd INTEGER NOT NULL DEFAULT 0");
            exec("ALTER TABLE submissions ADD COLUMN reviewed_by TEXT NOT NULL DEFAULT ''");
            exec("PRAGMA user_version=4");
        }
        if (version < 5) {
            // v5 (protocol 2): the catalog the form was filled from, which the portal checks
            // the answers against, and the lookup code printed on the receipt.
            exec("ALTER TABLE submissions ADD COLUMN catalog_version INTEGER NOT NULL DEFAULT 0");
            exec("ALTER TABLE submissions ADD COLUMN lookup_code TEXT NOT NULL DEFAULT ''");
            exec("PRAGMA user_version=5");
        }
        // Later schema versions add `if (version < N)` blocks here, in order.
        exec("COMMIT");
    } catch (...) {
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

void Outbox::step_done(sqlite3_stmt* statement, const char* what) {
    StatementScope scope{statement};
    if (sqlite3_step(statement) != SQLITE_DONE) fail(what);
}

void Outbox::enqueue(const NewSubmission& n) {
    exec("BEGIN IMMEDIATE");
    try {
        bind(insert_, 1, n.id);
        bind(insert_, 2, n.procedure_code);
        bind(insert_, 3, static_cast<std::int64_t>(n.form_version));
        bind(insert_, 4, n.created_at);
        bind(insert_, 5, n.payload_hash);
        sqlite3_bind_blob(insert_, 6, n.sealed_payload.data(),
                          static_cast<int>(n.sealed_payload.size()), SQLITE_TRANSIENT);
        bind(insert_, 7, n.assisted_by);
        bind(insert_, 8, n.fee_collected_vnd);
        bind(insert_, 9, static_cast<std::int64_t>(n.catalog_version));
        bind(insert_, 10, n.lookup_code);
        step_done(insert_, "saving submission");
        std::int64_t seq = 0;
        for (const auto& a : n.attachments) {
            bind(insert_attachment_, 1, n.id);
            bind(insert_attachment_, 2, seq++);
            bind(insert_attachment_, 3, a.sha256);
            bind(insert_attachment_, 4, a.size);
            sqlite3_bind_blob(insert_attachment_, 5, a.sealed.data(),
                              static_cast<int>(a.sealed.size()), SQLITE_TRANSIENT);
            step_done(insert_attachment_, "saving attachment");
        }
        exec("COMMIT");
    } catch (...) {
        // Nothing half written: the submission and all its files, or none of them.
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

std::vector<PendingAttachment> Outbox::pending_attachments(const std::string& id) {
    StatementScope scope{pending_attachments_};
    bind(pending_attachments_, 1, id);
    std::vector<PendingAttachment> out;
    int rc;
    while ((rc = sqlite3_step(pending_attachments_)) == SQLITE_ROW)
        out.push_back({column_text(pending_attachments_, 0), column_blob(pending_attachments_, 1)});
    if (rc != SQLITE_DONE) fail("reading attachments");
    return out;
}

void Outbox::mark_attachment_acked(const std::string& id, const std::string& sha256,
                                   std::int64_t now) {
    bind(ack_attachment_, 1, id);
    bind(ack_attachment_, 2, sha256);
    bind(ack_attachment_, 3, now);
    step_done(ack_attachment_, "recording attachment");
}

std::optional<Entry> Outbox::claim_next_due(std::int64_t now) {
    StatementScope scope{claim_};
    bind(claim_, 1, now);
    const int rc = sqlite3_step(claim_);
    if (rc == SQLITE_DONE) return std::nullopt;
    if (rc != SQLITE_ROW) fail("claiming submission");
    auto entry = read_entry_with_payload(claim_);
    // Step to completion so the UPDATE commits before we return.
    while (sqlite3_step(claim_) == SQLITE_ROW) {
    }
    return entry;
}

void Outbox::mark_accepted(const std::string& id, const std::string& receipt_no, std::int64_t now) {
    StatementScope scope{accept_};
    bind(accept_, 1, id);
    bind(accept_, 2, receipt_no);
    bind(accept_, 3, now);
    if (sqlite3_step(accept_) != SQLITE_DONE) fail("recording receipt");
}

void Outbox::mark_retry(const std::string& id, const std::string& error, std::int64_t next_at) {
    StatementScope scope{retry_};
    bind(retry_, 1, id);
    bind(retry_, 2, error);
    bind(retry_, 3, next_at);
    if (sqlite3_step(retry_) != SQLITE_DONE) fail("scheduling retry");
}

void Outbox::mark_needs_attention(const std::string& id, const std::string& error) {
    StatementScope scope{attention_};
    bind(attention_, 1, id);
    bind(attention_, 2, error);
    if (sqlite3_step(attention_) != SQLITE_DONE) fail("flagging submission");
}

bool Outbox::mark_reviewed(const std::string& id, const std::string& staff_id) {
    bind(review_, 1, id);
    bind(review_, 2, staff_id);
    step_done(review_, "marking submission reviewed");
    return sqlite3_changes(db_) > 0;
}

bool Outbox::requeue(const std::string& id, std::int64_t now) {
    bind(requeue_, 1, id);
    bind(requeue_, 2, now);
    step_done(requeue_, "requeueing submission");
    if (sqlite3_changes(db_) == 0) return false;
    bind(unack_attachments_, 1, id);
    step_done(unack_attachments_, "requeueing attachments");
    return true;
}

int Outbox::recover_interrupted() {
    StatementScope scope{recover_};
    if (sqlite3_step(recover_) != SQLITE_DONE) fail("recovering interrupted sends");
    return sqlite3_changes(db_);
}

int Outbox::wake_waiting(std::int64_t now) {
    StatementScope scope{wake_};
    bind(wake_, 1, now);
    if (sqlite3_step(wake_) != SQLITE_DONE) fail("waking waiting submissions");
    return sqlite3_changes(db_);
}

std::optional<std::int64_t> Outbox::next_due_at() {
    StatementScope scope{next_due_};
    if (sqlite3_step(next_due_) != SQLITE_ROW) fail("reading queue");
    if (sqlite3_column_type(next_due_, 0) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_int64(next_due_, 0);
}

std::vector<Entry> Outbox::list() {
    StatementScope scope{list_};
    std::vector<Entry> entries;
    int rc;
    while ((rc = sqlite3_step(list_)) == SQLITE_ROW) {
        entries.push_back(read_entry(list_));
        entries.back().attachments = sqlite3_column_int(list_, kAfterColumns);
        entries.back().attachments_acked = sqlite3_column_int(list_, kAfterColumns + 1);
    }
    if (rc != SQLITE_DONE) fail("listing queue");
    return entries;
}

std::optional<Entry> Outbox::get(const std::string& id) {
    StatementScope scope{get_};
    bind(get_, 1, id);
    const int rc = sqlite3_step(get_);
    if (rc == SQLITE_DONE) return std::nullopt;
    if (rc != SQLITE_ROW) fail("reading submission");
    return read_entry_with_payload(get_);
}

OutboxStats Outbox::stats(std::int64_t now) {
    StatementScope scope{stats_};
    if (sqlite3_step(stats_) != SQLITE_ROW) fail("reading queue figures");
    OutboxStats st;
    st.unsent = sqlite3_column_int(stats_, 0);
    st.accepted = sqlite3_column_int(stats_, 1);
    st.needs_attention = sqlite3_column_int(stats_, 2);
    if (sqlite3_column_type(stats_, 3) != SQLITE_NULL)
        st.oldest_unsent_age_s = now - sqlite3_column_int64(stats_, 3);
    return st;
}

int Outbox::purge_accepted_payloads(std::int64_t accepted_before) {
    bind(purge_attachments_, 1, accepted_before);
    step_done(purge_attachments_, "purging delivered attachments");
    bind(purge_, 1, accepted_before);
    step_done(purge_, "purging delivered payloads");
    return sqlite3_changes(db_);
}

std::string Outbox::integrity_check() {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db_, "PRAGMA integrity_check", -1, &s, nullptr) != SQLITE_OK)
        fail("integrity check");
    std::string result;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (!result.empty()) result += "; ";
        result += column_text(s, 0);
    }
    sqlite3_finalize(s);
    return result;
}

} // namespace ksync
