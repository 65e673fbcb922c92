#pragma once
// The durable outbox: sealed submissions waiting for, or delivered to, the portal.
// One Outbox owns one SQLite connection and its prepared statements; open one per thread.
#include "sync/crypto.hpp"
#include "sync/protocol.hpp"
#include "sync/sqlite.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace ksync {

/// Delivery states; see DESIGN.md "Outbox and delivery contract".
enum class State { queued, sending, retry_wait, accepted, needs_attention };

/// The state's name as stored and printed ("retry_wait").
const char* state_name(State state);

/// Raised when the database cannot be opened, written or read. `disk_full` tells the
/// caller to show "the kiosk's storage is full" instead of a generic failure.
class OutboxError : public std::runtime_error {
public:
    OutboxError(const std::string& what, bool disk_full)
        : std::runtime_error(what), disk_full_(disk_full) {}
    bool disk_full() const { return disk_full_; }

private:
    bool disk_full_;
};

/// One attached file as handed to the outbox: sealed on its own, addressed by the SHA-256 of
/// its clear bytes (which the sealed document lists).
struct NewAttachment {
    std::string sha256;
    std::int64_t size = 0; ///< clear size in bytes
    Bytes sealed;
};

/// An attachment the portal has not acknowledged yet.
struct PendingAttachment {
    std::string sha256;
    Bytes sealed;
};

/// A submission as handed to the outbox: already sealed, metadata in clear.
struct NewSubmission {
    std::string id; ///< UUID, the Idempotency-Key
    std::string procedure_code;
    int form_version = 1;
    std::string payload_hash;
    Bytes sealed_payload;
    std::string assisted_by;
    std::int64_t fee_collected_vnd = 0; ///< cash taken at the counter (assisted mode)
    std::int64_t fee_due_vnd = -1;      ///< what the answers make due; -1: staff count it
    std::int64_t created_at = 0;        ///< Unix seconds
    int catalog_version = 0;            ///< the catalog the form was filled from
    std::string lookup_code;            ///< printed on the receipt; asked for by status lookups
    /// The documents the receipt lists, as JSON `[{"id", "photographed", "at_counter"}]`:
    /// those the answers asked for (a reprint cannot read the sealed answers). Not personal.
    std::string receipt_documents;
    std::vector<NewAttachment> attachments;
};

/// The terminal's share of its receiving unit's daily dossier numbers (Thông tư
/// 01/2018/TT-VPCP), given by the portal at enrollment: the numbers
/// `<unit_code>-<YYMMDD>-<digit>NNN`, NNN from 001 to 999.
struct DossierBlock {
    std::string unit_code;
    int digit = 0; ///< 1..9; 0: no block, the portal numbers this terminal's dossiers

    bool valid() const { return digit >= 1 && digit <= 9 && !unit_code.empty(); }
};

/// The highest NNN a block can give in one day.
inline constexpr int kDossierNumbersPerDay = 999;

/// A satisfaction rating as queued. One given after the receipt names the submission it rates:
/// it waits until the portal has accepted that submission (and so knows its dossier number).
struct NewRating {
    Rating rating;             ///< dossier_no may be empty while the portal has not numbered it
    std::string submission_id; ///< empty for a rating of a dossier found by a status lookup
    std::int64_t created_at = 0;
};

/// A rating due for delivery, its dossier number filled in.
struct DueRating {
    Rating rating;
    int attempts = 0; ///< earlier attempts, for the backoff
};

/// Ratings by delivery state, for `kioskctl queue status` and tests.
struct RatingStats {
    int unsent = 0;  ///< can go now or after a retry
    int waiting = 0; ///< for their submission to reach the portal first
    int delivered = 0;
    int refused = 0;
};

/// One outbox row. `sealed_payload` is empty in listings and after purge.
struct Entry {
    std::string id;
    std::string procedure_code;
    int form_version = 1;
    std::int64_t created_at = 0;
    State state = State::queued;
    int attempts = 0;
    std::int64_t next_attempt_at = 0;
    std::string last_error;
    std::string payload_hash;
    Bytes sealed_payload;
    std::string receipt_no;
    std::int64_t accepted_at = 0;
    std::string assisted_by;
    std::int64_t fee_collected_vnd = 0;
    std::int64_t fee_due_vnd = -1; ///< -1: not known on the terminal
    std::string reviewed_by;       ///< staff id who looked at it after a rejection
    int catalog_version = 0;
    std::string lookup_code;
    std::string receipt_documents; ///< NewSubmission::receipt_documents; "" before schema 7
    int attachments = 0;           ///< files sent with it (listings only)
    int attachments_acked = 0;     ///< of which the portal acknowledged (listings only)
};

/// Queue figures for the heartbeat, the status command and the staff screen.
struct OutboxStats {
    int unsent = 0; ///< queued + sending + retry_wait
    int accepted = 0;
    int needs_attention = 0;
    std::int64_t oldest_unsent_age_s = 0;
};

/// How a connection commits. Every connection uses WAL, which never corrupts on a crash.
enum class Durability {
    /// fsync on every commit: what `enqueue` needs before the citizen is told "đã lưu".
    full,
    /// For the delivery worker: state changes (sending, retry, receipt) are not fsync'd one by
    /// one. Losing one to a power cut only means an idempotent resend, which the portal answers
    /// with the original receipt, so delivery stays exactly-once at a fraction of the cost.
    delivery
};

class Outbox {
public:
    /// Opens (creating and migrating if needed) the outbox at `path`.
    explicit Outbox(const std::string& path, Durability durability = Durability::full);
    ~Outbox();
    Outbox(const Outbox&) = delete;
    Outbox& operator=(const Outbox&) = delete;

    /// Writes the submission and its attachments durably (fsync'd, one transaction) before
    /// returning; throws OutboxError.
    void enqueue(const NewSubmission& submission);

    /// Like enqueue, with the next dossier number of `block` for `day` (YYMMDD, Vietnam time)
    /// taken in the same transaction and passed to `seal`, which completes the submission
    /// (its sealed document names the number). The number exists exactly when the submission
    /// does: a crash before the commit takes both back, so no number anyone saw is issued
    /// twice and none is skipped. Returns the number, also kept as the entry's receipt_no;
    /// empty (and `seal` gets "") when the day's numbers are used up.
    std::string enqueue_numbered(
        NewSubmission& submission, const DossierBlock& block, const std::string& day,
        const std::function<void(NewSubmission&, const std::string& dossier_no)>& seal);

    /// Moves the counter of `block` for `day` to at least `last_used` (what the portal has
    /// already seen from this terminal today, after its data folder was lost).
    void note_dossier_numbers_used(const DossierBlock& block, const std::string& day,
                                   int last_used);

    /// Queues a rating (fsync'd). It holds no personal data, so it is kept in clear.
    void enqueue_rating(const NewRating& rating);

    /// The oldest rating due at `now` whose submission, if it names one, the portal has
    /// accepted; counts the attempt. nullopt when none is due.
    std::optional<DueRating> next_due_rating(std::int64_t now);

    /// Records what the portal did with rating `id`: accepted (delivered), retry_wait at
    /// `next_attempt_at`, or needs_attention (refused for good, kept).
    void mark_rating(const std::string& id, State state, const std::string& error, std::int64_t at);

    RatingStats rating_stats();

    /// Moves the oldest due entry (queued, or retry_wait whose time has come) to `sending`,
    /// counts the attempt and returns it with its payload; nullopt when nothing is due.
    std::optional<Entry> claim_next_due(std::int64_t now);

    /// Attachments of `id` the portal has not acknowledged, in the order they were added.
    std::vector<PendingAttachment> pending_attachments(const std::string& id);

    /// Records the portal's acknowledgement of one attachment.
    void mark_attachment_acked(const std::string& id, const std::string& sha256, std::int64_t now);

    /// Records the portal's receipt.
    void mark_accepted(const std::string& id, const std::string& receipt_no, std::int64_t now);

    /// Schedules another attempt at `next_attempt_at` after a transient failure.
    void mark_retry(const std::string& id, const std::string& error, std::int64_t next_attempt_at);

    /// Parks an entry the portal rejected for good; it is kept, never deleted.
    void mark_needs_attention(const std::string& id, const std::string& error);

    /// Staff action: puts a needs_attention entry back in the queue; its attachments are sent
    /// again, in case the portal lost them.
    bool requeue(const std::string& id, std::int64_t now);

    /// Staff action: records who looked at a needs_attention entry (it stays kept as it is).
    bool mark_reviewed(const std::string& id, const std::string& staff_id);

    /// Entries left in `sending` by a crash go back to `queued`; returns how many.
    int recover_interrupted();

    /// Makes every retry_wait entry due now (connectivity came back).
    int wake_waiting(std::int64_t now);

    /// Earliest next_attempt_at among unsent entries, or nullopt when nothing is unsent.
    std::optional<std::int64_t> next_due_at();

    /// All entries, newest first, without payloads.
    std::vector<Entry> list();

    /// One entry with its payload, or nullopt.
    std::optional<Entry> get(const std::string& id);

    OutboxStats stats(std::int64_t now);

    /// Drops sealed payloads and attachments of entries accepted before `accepted_before`; returns
    /// how many.
    int purge_accepted_payloads(std::int64_t accepted_before);

    /// Result of PRAGMA integrity_check: "ok" when healthy.
    std::string integrity_check();

    /// The schema version this build writes.
    static constexpr int kSchemaVersion = 7;

private:
    void prepare_statements();
    void migrate();
    /// The insert statements of enqueue, inside the caller's transaction.
    void insert(const NewSubmission& submission, const std::string& receipt_no);

    // Declared first, destroyed last: the statements below belong to it.
    sql::Database db_;
    sql::Statement insert_;
    sql::Statement claim_;
    sql::Statement accept_;
    sql::Statement retry_;
    sql::Statement attention_;
    sql::Statement requeue_;
    sql::Statement review_;
    sql::Statement recover_;
    sql::Statement wake_;
    sql::Statement next_due_;
    sql::Statement list_;
    sql::Statement get_;
    sql::Statement stats_;
    sql::Statement purge_;
    sql::Statement insert_attachment_;
    sql::Statement next_dossier_no_;
    sql::Statement raise_dossier_no_;
    sql::Statement pending_attachments_;
    sql::Statement ack_attachment_;
    sql::Statement unack_attachments_;
    sql::Statement purge_attachments_;
    sql::Statement insert_rating_;
    sql::Statement wake_ratings_;
    sql::Statement due_rating_;
    sql::Statement count_rating_attempt_;
    sql::Statement mark_rating_;
    sql::Statement rating_stats_;
};

} // namespace ksync
