#include "sync/outbox.hpp"

#include <sqlite3.h>

#include <cstdio>

namespace ksync {

namespace {

constexpr const char* kStateNames[] = {"queued", "sending", "retry_wait", "accepted",
                                       "needs_attention"};

State state_from_name(const std::string& name) {
    for (int i = 0; i < 5; ++i)
        if (name == kStateNames[i]) return static_cast<State>(i);
    return State::needs_attention;
}

// Every SQLite failure of the outbox reaches its callers as an OutboxError, which tells a
// full disk (or a write the device refused) from other failures.
void throw_outbox_error(const sql::Error& error) {
    throw OutboxError(error.what(), error.storage_full());
}

constexpr const char* kColumns =
    "id, procedure_code, form_version, created_at, state, attempts, next_attempt_at, "
    "last_error, payload_hash, receipt_no, accepted_at, assisted_by, fee_collected_vnd, "
    "reviewed_by, catalog_version, lookup_code, fee_due_vnd, receipt_documents";
// Ratings that can go now or later: unsent, and not waiting for their submission to reach
// the portal (one rated after its receipt names the submission, which must be accepted).
constexpr const char* kRatingSendable =
    "LEFT JOIN submissions s ON s.id=r.submission_id WHERE r.state IN ('queued','retry_wait') "
    "AND (r.submission_id='' OR s.state='accepted')";

// The first column after kColumns.
constexpr int kAfterColumns = 18;

Entry read_entry(const sql::Statement& s) {
    Entry e;
    e.id = s.text(0);
    e.procedure_code = s.text(1);
    e.form_version = static_cast<int>(s.integer(2));
    e.created_at = s.integer(3);
    e.state = state_from_name(s.text(4));
    e.attempts = static_cast<int>(s.integer(5));
    e.next_attempt_at = s.integer(6);
    e.last_error = s.text(7);
    e.payload_hash = s.text(8);
    e.receipt_no = s.text(9);
    e.accepted_at = s.integer(10);
    e.assisted_by = s.text(11);
    e.fee_collected_vnd = s.integer(12);
    e.reviewed_by = s.text(13);
    e.catalog_version = static_cast<int>(s.integer(14));
    e.lookup_code = s.text(15);
    e.fee_due_vnd = s.integer(16);
    e.receipt_documents = s.text(17);
    return e;
}

// An entry with its sealed payload, which statements select right after kColumns.
Entry read_entry_with_payload(const sql::Statement& s) {
    auto e = read_entry(s);
    e.sealed_payload = s.blob(kAfterColumns);
    return e;
}

} // namespace

const char* state_name(State state) {
    return kStateNames[static_cast<int>(state)];
}

Outbox::Outbox(const std::string& path, Durability durability)
    : db_("outbox", &throw_outbox_error) {
    // Members are destroyed in reverse order if anything below throws: statements first,
    // then the connection.
    db_.open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
             // Another process (kioskctl, a second worker) may hold the write lock briefly.
             10000);
    db_.exec("PRAGMA journal_mode=WAL");
    db_.exec(durability == Durability::full ? "PRAGMA synchronous=FULL"
                                            : "PRAGMA synchronous=NORMAL");
    db_.exec("PRAGMA foreign_keys=ON");
    migrate();
    prepare_statements();
}

Outbox::~Outbox() = default;

void Outbox::prepare_statements() {
    using sql::Statement;
    const auto cached = Statement::Lifetime::cached;
    const std::string select = std::string("SELECT ") + kColumns;
    insert_ = Statement(db_,
                        "INSERT INTO submissions(id, procedure_code, form_version, created_at, "
                        "state, attempts, next_attempt_at, payload_hash, sealed, assisted_by, "
                        "fee_collected_vnd, catalog_version, lookup_code, receipt_no, "
                        "fee_due_vnd, receipt_documents) VALUES(?1, ?2, ?3, ?4, 'queued', 0, ?4, "
                        "?5, ?6, ?7, ?8, ?9, ?10, NULLIF(?11, ''), ?12, ?13)",
                        "saving submission", cached);
    claim_ = Statement(db_,
                       "UPDATE submissions SET state='sending', attempts=attempts+1 "
                       "WHERE id=(SELECT id FROM submissions INDEXED BY submissions_due_v2 "
                       "WHERE state IN ('queued','retry_wait') AND next_attempt_at<=?1 "
                       "ORDER BY next_attempt_at LIMIT 1) "
                       "RETURNING " +
                           std::string(kColumns) + ", sealed",
                       "claiming submission", cached);
    accept_ = Statement(db_,
                        "UPDATE submissions SET state='accepted', receipt_no=?2, accepted_at=?3, "
                        "last_error=NULL WHERE id=?1",
                        "recording receipt", cached);
    retry_ = Statement(db_,
                       "UPDATE submissions SET state='retry_wait', last_error=?2, "
                       "next_attempt_at=?3 WHERE id=?1 AND state='sending'",
                       "scheduling retry", cached);
    attention_ = Statement(db_,
                           "UPDATE submissions SET state='needs_attention', last_error=?2 "
                           "WHERE id=?1 AND state<>'accepted'",
                           "flagging submission", cached);
    requeue_ = Statement(db_,
                         "UPDATE submissions SET state='queued', next_attempt_at=?2 "
                         "WHERE id=?1 AND state='needs_attention'",
                         "requeueing submission", cached);
    recover_ = Statement(db_, "UPDATE submissions SET state='queued' WHERE state='sending'",
                         "recovering interrupted sends", cached);
    review_ = Statement(db_,
                        "UPDATE submissions SET reviewed_by=?2 "
                        "WHERE id=?1 AND state='needs_attention'",
                        "marking submission reviewed", cached);
    // Ratings wait and wake with the submissions.
    wake_ = Statement(db_,
                      "UPDATE submissions SET next_attempt_at=?1 "
                      "WHERE state='retry_wait' AND next_attempt_at>?1",
                      "waking waiting submissions", cached);
    wake_ratings_ = Statement(db_,
                              "UPDATE ratings SET next_attempt_at=?1 "
                              "WHERE state='retry_wait' AND next_attempt_at>?1",
                              "waking waiting ratings", cached);
    next_due_ = Statement(db_,
                          "SELECT MIN(t) FROM (SELECT MIN(next_attempt_at) AS t FROM submissions "
                          "WHERE state IN ('queued','retry_wait','sending') UNION ALL "
                          "SELECT MIN(r.next_attempt_at) FROM ratings r " +
                              std::string(kRatingSendable) + ")",
                          "reading queue", cached);
    list_ = Statement(db_,
                      select + ", (SELECT COUNT(*) FROM attachments a WHERE a.submission_id=s.id), "
                               "(SELECT COUNT(*) FROM attachments a WHERE a.submission_id=s.id "
                               "AND a.acked_at IS NOT NULL) FROM submissions s "
                               "ORDER BY created_at DESC, id",
                      "listing queue", cached);
    get_ = Statement(db_, select + ", sealed FROM submissions WHERE id=?1", "reading submission",
                     cached);
    stats_ =
        Statement(db_,
                  "SELECT "
                  "COALESCE(SUM(state IN ('queued','sending','retry_wait')),0), "
                  "COALESCE(SUM(state='accepted'),0), COALESCE(SUM(state='needs_attention'),0), "
                  "MIN(CASE WHEN state IN ('queued','sending','retry_wait') THEN created_at END) "
                  "FROM submissions",
                  "reading queue figures", cached);
    purge_ = Statement(db_,
                       "UPDATE submissions SET sealed=NULL WHERE state='accepted' "
                       "AND accepted_at<?1 AND sealed IS NOT NULL",
                       "purging delivered payloads", cached);
    insert_attachment_ = Statement(db_,
                                   "INSERT INTO attachments(submission_id, seq, sha256, size, "
                                   "sealed) VALUES(?1, ?2, ?3, ?4, ?5)",
                                   "saving attachment", cached);
    next_dossier_no_ = Statement(db_,
                                 "INSERT INTO dossier_numbers(prefix, last) VALUES(?1, 1) "
                                 "ON CONFLICT(prefix) DO UPDATE SET last=last+1 RETURNING last",
                                 "taking a dossier number", cached);
    raise_dossier_no_ = Statement(db_,
                                  "INSERT INTO dossier_numbers(prefix, last) VALUES(?1, ?2) "
                                  "ON CONFLICT(prefix) DO UPDATE SET last=MAX(last, ?2)",
                                  "noting used dossier numbers", cached);
    pending_attachments_ = Statement(db_,
                                     "SELECT sha256, sealed FROM attachments WHERE "
                                     "submission_id=?1 AND acked_at IS NULL ORDER BY seq",
                                     "reading attachments", cached);
    ack_attachment_ =
        Statement(db_, "UPDATE attachments SET acked_at=?3 WHERE submission_id=?1 AND sha256=?2",
                  "recording attachment", cached);
    unack_attachments_ = Statement(db_,
                                   "UPDATE attachments SET acked_at=NULL WHERE submission_id=?1 "
                                   "AND sealed IS NOT NULL",
                                   "requeueing attachments", cached);
    insert_rating_ = Statement(db_,
                               "INSERT INTO ratings(id, submission_id, dossier_no, moment, "
                               "satisfaction, on_time, trips, staff_attitude, token, created_at, "
                               "state, next_attempt_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                               "?9, ?10, 'queued', ?10)",
                               "saving rating", cached);
    due_rating_ = Statement(db_,
                            "SELECT r.id, COALESCE(NULLIF(r.dossier_no, ''), s.receipt_no, ''), "
                            "r.moment, r.satisfaction, r.on_time, r.trips, r.staff_attitude, "
                            "r.token, r.attempts FROM ratings r " +
                                std::string(kRatingSendable) +
                                " AND r.next_attempt_at<=?1 ORDER BY r.next_attempt_at LIMIT 1",
                            "reading due ratings", cached);
    count_rating_attempt_ = Statement(db_, "UPDATE ratings SET attempts=attempts+1 WHERE id=?1",
                                      "counting a rating's attempt", cached);
    mark_rating_ = Statement(db_,
                             "UPDATE ratings SET state=?2, last_error=?3, next_attempt_at=CASE "
                             "WHEN ?2='retry_wait' THEN ?4 ELSE next_attempt_at END, "
                             "sent_at=CASE WHEN ?2='accepted' THEN ?4 END WHERE id=?1",
                             "recording a rating's delivery", cached);
    rating_stats_ = Statement(
        db_,
        "SELECT COALESCE(SUM(r.state IN ('queued','retry_wait') AND (r.submission_id='' OR "
        "s.state='accepted')),0), COALESCE(SUM(r.state IN ('queued','retry_wait') AND "
        "r.submission_id<>'' AND COALESCE(s.state,'')<>'accepted'),0), "
        "COALESCE(SUM(r.state='accepted'),0), COALESCE(SUM(r.state='needs_attention'),0) FROM "
        "ratings r LEFT JOIN submissions s ON s.id=r.submission_id",
        "reading rating figures", cached);
    purge_attachments_ = Statement(
        db_,
        "UPDATE attachments SET sealed=NULL WHERE sealed IS NOT NULL AND submission_id IN "
        "(SELECT id FROM submissions WHERE state='accepted' AND accepted_at<?1)",
        "purging delivered attachments", cached);
}

void Outbox::migrate() {
    sql::Transaction tx(db_);
    const int version = static_cast<int>(
        sql::Statement(db_, "PRAGMA user_version", "reading the outbox schema version")
            .row()
            .integer(0));
    if (version > kSchemaVersion)
        throw OutboxError(
            "outbox was written by a newer kiosk (schema " + std::to_string(version) + ")", false);
    if (version < 1) {
        db_.exec("CREATE TABLE submissions("
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
        db_.exec("CREATE INDEX submissions_due ON submissions(state, next_attempt_at)");
        db_.exec("PRAGMA user_version=1");
    }
    if (version < 2) {
        // v2: the due query reads one partial index in order instead of sorting every
        // waiting entry on each claim (quadratic when thousands wait).
        db_.exec("DROP INDEX IF EXISTS submissions_due");
        db_.exec("CREATE INDEX submissions_due_v2 ON submissions(next_attempt_at) "
                 "WHERE state IN ('queued','retry_wait')");
        db_.exec("PRAGMA user_version=2");
    }
    if (version < 3) {
        // v3: files sent with a submission, each sealed and acknowledged on its own so a
        // slow link never has to resend what already arrived.
        db_.exec("CREATE TABLE attachments("
                 " submission_id TEXT NOT NULL REFERENCES submissions(id),"
                 " seq INTEGER NOT NULL,"
                 " sha256 TEXT NOT NULL,"
                 " size INTEGER NOT NULL,"
                 " sealed BLOB,"
                 " acked_at INTEGER,"
                 " PRIMARY KEY(submission_id, sha256))");
        db_.exec("PRAGMA user_version=3");
    }
    if (version < 4) {
        // v4: the fee staff collected in cash at the counter, for the receipt and the
        // end-of-day reconciliation per operator; who looked at a rejected submission.
        db_.exec("ALTER TABLE submissions ADD COLUMN fee_collected_vnd INTEGER NOT NULL DEFAULT 0");
        db_.exec("ALTER TABLE submissions ADD COLUMN reviewed_by TEXT NOT NULL DEFAULT ''");
        db_.exec("PRAGMA user_version=4");
    }
    if (version < 5) {
        // v5 (protocol 2): the catalog the form was filled from, which the portal checks
        // the answers against, and the lookup code printed on the receipt.
        db_.exec("ALTER TABLE submissions ADD COLUMN catalog_version INTEGER NOT NULL DEFAULT 0");
        db_.exec("ALTER TABLE submissions ADD COLUMN lookup_code TEXT NOT NULL DEFAULT ''");
        db_.exec("PRAGMA user_version=5");
    }
    if (version < 6) {
        // v6: the counters of the terminal's block of dossier numbers, one per block and day
        // (the key is the numbers' prefix, "<unit>-<YYMMDD>-<digit>").
        db_.exec("CREATE TABLE dossier_numbers(prefix TEXT PRIMARY KEY, last INTEGER NOT NULL)");
        // The fee the answers made due, for the bank transfer code of a reprinted receipt.
        db_.exec("ALTER TABLE submissions ADD COLUMN fee_due_vnd INTEGER NOT NULL DEFAULT -1");
        db_.exec("PRAGMA user_version=6");
    }
    if (version < 7) {
        // v7: satisfaction ratings, delivered like submissions. Anonymous (a dossier number and
        // the answers to four questions), so kept in clear.
        db_.exec("CREATE TABLE ratings("
                 " id TEXT PRIMARY KEY,"
                 " submission_id TEXT NOT NULL DEFAULT '',"
                 " dossier_no TEXT NOT NULL DEFAULT '',"
                 " moment TEXT NOT NULL CHECK(moment IN ('receipt','result')),"
                 " satisfaction INTEGER NOT NULL,"
                 " on_time INTEGER NOT NULL DEFAULT 0,"
                 " trips INTEGER NOT NULL DEFAULT 0,"
                 " staff_attitude INTEGER NOT NULL DEFAULT 0,"
                 " token TEXT NOT NULL DEFAULT '',"
                 " created_at INTEGER NOT NULL,"
                 " state TEXT NOT NULL CHECK(state IN ('queued','retry_wait','accepted',"
                 "'needs_attention')),"
                 " attempts INTEGER NOT NULL DEFAULT 0,"
                 " next_attempt_at INTEGER NOT NULL,"
                 " last_error TEXT,"
                 " sent_at INTEGER)");
        // What a reprinted receipt lists: the documents asked for, which were photographed
        // and which are handed in at the counter.
        db_.exec("ALTER TABLE submissions ADD COLUMN receipt_documents TEXT NOT NULL DEFAULT ''");
        db_.exec("PRAGMA user_version=7");
    }
    // Later schema versions add `if (version < N)` blocks here, in order.
    tx.commit();
}

void Outbox::enqueue(const NewSubmission& n) {
    // Nothing half written: the submission and all its files, or none of them.
    sql::Transaction tx(db_);
    insert(n, "");
    tx.commit();
}

namespace {

std::string dossier_prefix(const DossierBlock& block, const std::string& day) {
    return block.unit_code + "-" + day + "-" + std::to_string(block.digit);
}

} // namespace

std::string
Outbox::enqueue_numbered(NewSubmission& n, const DossierBlock& block, const std::string& day,
                         const std::function<void(NewSubmission&, const std::string&)>& seal) {
    sql::Transaction tx(db_);
    std::string number;
    if (block.valid()) {
        const auto prefix = dossier_prefix(block, day);
        std::int64_t last = 0;
        {
            const auto use = next_dossier_no_.use();
            last = next_dossier_no_.bind(1, prefix).row().integer(0);
        }
        if (last <= kDossierNumbersPerDay) {
            char tail[8];
            std::snprintf(tail, sizeof tail, "%03d", static_cast<int>(last));
            number = prefix + tail;
        }
    }
    seal(n, number);
    insert(n, number);
    tx.commit();
    return number;
}

void Outbox::note_dossier_numbers_used(const DossierBlock& block, const std::string& day,
                                       int last_used) {
    if (!block.valid() || last_used <= 0) return;
    raise_dossier_no_.bind(1, dossier_prefix(block, day)).bind(2, last_used).run();
}

void Outbox::insert(const NewSubmission& n, const std::string& receipt_no) {
    insert_.bind(1, n.id)
        .bind(2, n.procedure_code)
        .bind(3, n.form_version)
        .bind(4, n.created_at)
        .bind(5, n.payload_hash)
        .bind_blob(6, n.sealed_payload)
        .bind(7, n.assisted_by)
        .bind(8, n.fee_collected_vnd)
        .bind(9, n.catalog_version)
        .bind(10, n.lookup_code)
        .bind(11, receipt_no)
        .bind(12, n.fee_due_vnd)
        .bind(13, n.receipt_documents)
        .run();
    std::int64_t seq = 0;
    for (const auto& a : n.attachments)
        insert_attachment_.bind(1, n.id)
            .bind(2, seq++)
            .bind(3, a.sha256)
            .bind(4, a.size)
            .bind_blob(5, a.sealed)
            .run();
}

void Outbox::enqueue_rating(const NewRating& n) {
    const auto& r = n.rating;
    insert_rating_.bind(1, r.id)
        .bind(2, n.submission_id)
        .bind(3, r.dossier_no)
        .bind(4, rating_moment_name(r.moment))
        .bind(5, r.satisfaction)
        .bind(6, r.on_time)
        .bind(7, r.trips)
        .bind(8, r.staff_attitude)
        .bind(9, r.token)
        .bind(10, n.created_at)
        .run();
}

std::optional<DueRating> Outbox::next_due_rating(std::int64_t now) {
    DueRating due;
    {
        const auto use = due_rating_.use();
        due_rating_.bind(1, now);
        if (!due_rating_.step()) return std::nullopt;
        auto& r = due.rating;
        r.id = due_rating_.text(0);
        r.dossier_no = due_rating_.text(1);
        r.moment = due_rating_.text(2) == "result" ? RatingMoment::result : RatingMoment::receipt;
        r.satisfaction = static_cast<int>(due_rating_.integer(3));
        r.on_time = static_cast<int>(due_rating_.integer(4));
        r.trips = static_cast<int>(due_rating_.integer(5));
        r.staff_attitude = static_cast<int>(due_rating_.integer(6));
        r.token = due_rating_.text(7);
        due.attempts = static_cast<int>(due_rating_.integer(8));
    }
    count_rating_attempt_.bind(1, due.rating.id).run();
    ++due.attempts;
    return due;
}

void Outbox::mark_rating(const std::string& id, State state, const std::string& error,
                         std::int64_t at) {
    mark_rating_.bind(1, id).bind(2, state_name(state)).bind(3, error).bind(4, at).run();
}

RatingStats Outbox::rating_stats() {
    const auto use = rating_stats_.use();
    rating_stats_.row();
    RatingStats st;
    st.unsent = static_cast<int>(rating_stats_.integer(0));
    st.waiting = static_cast<int>(rating_stats_.integer(1));
    st.delivered = static_cast<int>(rating_stats_.integer(2));
    st.refused = static_cast<int>(rating_stats_.integer(3));
    return st;
}

std::vector<PendingAttachment> Outbox::pending_attachments(const std::string& id) {
    const auto use = pending_attachments_.use();
    pending_attachments_.bind(1, id);
    std::vector<PendingAttachment> out;
    while (pending_attachments_.step())
        out.push_back({pending_attachments_.text(0), pending_attachments_.blob(1)});
    return out;
}

void Outbox::mark_attachment_acked(const std::string& id, const std::string& sha256,
                                   std::int64_t now) {
    ack_attachment_.bind(1, id).bind(2, sha256).bind(3, now).run();
}

std::optional<Entry> Outbox::claim_next_due(std::int64_t now) {
    const auto use = claim_.use();
    claim_.bind(1, now);
    if (!claim_.step()) return std::nullopt;
    auto entry = read_entry_with_payload(claim_);
    // Step to the end: the UPDATE commits there, and an entry whose claim did not commit
    // (a full disk, a lock held too long) must not be handed out.
    claim_.run();
    return entry;
}

void Outbox::mark_accepted(const std::string& id, const std::string& receipt_no, std::int64_t now) {
    // One statement, so atomic on its own: the attachments' acknowledgements stay as they are
    // and purge_accepted_payloads drops the files later.
    accept_.bind(1, id).bind(2, receipt_no).bind(3, now).run();
}

void Outbox::mark_retry(const std::string& id, const std::string& error, std::int64_t next_at) {
    retry_.bind(1, id).bind(2, error).bind(3, next_at).run();
}

void Outbox::mark_needs_attention(const std::string& id, const std::string& error) {
    attention_.bind(1, id).bind(2, error).run();
}

bool Outbox::mark_reviewed(const std::string& id, const std::string& staff_id) {
    return review_.bind(1, id).bind(2, staff_id).run() > 0;
}

bool Outbox::requeue(const std::string& id, std::int64_t now) {
    // The entry goes back to the queue with all its files to send again, or stays as it was.
    sql::Transaction tx(db_);
    if (requeue_.bind(1, id).bind(2, now).run() == 0) return false;
    unack_attachments_.bind(1, id).run();
    tx.commit();
    return true;
}

int Outbox::recover_interrupted() {
    return recover_.run();
}

int Outbox::wake_waiting(std::int64_t now) {
    wake_ratings_.bind(1, now).run();
    return wake_.bind(1, now).run();
}

std::optional<std::int64_t> Outbox::next_due_at() {
    const auto use = next_due_.use();
    next_due_.row();
    if (next_due_.is_null(0)) return std::nullopt;
    return next_due_.integer(0);
}

std::vector<Entry> Outbox::list() {
    const auto use = list_.use();
    std::vector<Entry> entries;
    while (list_.step()) {
        entries.push_back(read_entry(list_));
        entries.back().attachments = static_cast<int>(list_.integer(kAfterColumns));
        entries.back().attachments_acked = static_cast<int>(list_.integer(kAfterColumns + 1));
    }
    return entries;
}

std::optional<Entry> Outbox::get(const std::string& id) {
    const auto use = get_.use();
    get_.bind(1, id);
    if (!get_.step()) return std::nullopt;
    return read_entry_with_payload(get_);
}

OutboxStats Outbox::stats(std::int64_t now) {
    const auto use = stats_.use();
    stats_.row();
    OutboxStats st;
    st.unsent = static_cast<int>(stats_.integer(0));
    st.accepted = static_cast<int>(stats_.integer(1));
    st.needs_attention = static_cast<int>(stats_.integer(2));
    if (!stats_.is_null(3)) st.oldest_unsent_age_s = now - stats_.integer(3);
    return st;
}

int Outbox::purge_accepted_payloads(std::int64_t accepted_before) {
    // A submission's files and its payload go together.
    sql::Transaction tx(db_);
    purge_attachments_.bind(1, accepted_before).run();
    const int purged = purge_.bind(1, accepted_before).run();
    tx.commit();
    return purged;
}

std::string Outbox::integrity_check() {
    sql::Statement check(db_, "PRAGMA integrity_check", "integrity check");
    std::string result;
    while (check.step()) {
        if (!result.empty()) result += "; ";
        result += check.text(0);
    }
    return result;
}

} // namespace ksync
