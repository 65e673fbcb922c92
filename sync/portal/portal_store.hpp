#pragma once
// The portal's database: its keys, enrolled terminals and received submissions, on SQLite or
// PostgreSQL (store_sql.hpp). One connection per process, guarded by a mutex; several
// receivers share a PostgreSQL database, and every rule that must hold across them (one
// receipt per submission id, one use per enrollment code) is kept by the database's
// constraints and row locks, not by the mutex.
#include "fee_import.hpp"
#include "store_sql.hpp"
#include "sync/crypto.hpp"
#include "sync/protocol.hpp"

#include <cstdint>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace portal {

struct StoredSubmission {
    std::string id;
    std::string payload_hash;
    std::string receipt_no;
    std::string received_at;
    bool created = false; ///< stored by this call, not earlier
};

struct Terminal {
    std::string id;
    std::string commune_code;
    ksync::Bytes public_key; ///< ed25519, registered at enrollment; verifies its requests
};

/// What an enrollment attempt came to.
struct EnrollResult {
    enum class Outcome {
        enrolled,
        bad_code,   ///< unknown, used or expired
        id_taken,   ///< the id exists: a replacement needs a code issued for it
        id_revoked, ///< revoked ids never come back
        wrong_id,   ///< the code replaces another terminal
    } outcome = Outcome::bad_code;
    std::string token; ///< when enrolled
    /// The terminal's block of dossier numbers: its unit and digit (0: none left in the unit,
    /// the portal numbers its dossiers), and the highest number of the block stored today.
    std::string dossier_unit;
    int dossier_digit = 0;
    std::string dossier_day; ///< YYMMDD, Vietnam time
    int dossier_last_used = 0;
};

/// A terminal's block of dossier numbers as the portal keeps it.
struct DossierBlockRecord {
    std::string unit_code;
    int digit = 0;
};

/// Thrown by insert when a terminal's dossier number is already another submission's.
struct DossierNumberTaken {
    std::string number;
};

/// A published catalog as stored: kept forever, every version.
struct Publication {
    std::int64_t seq = 0;
    int version = 0;
    std::string bundle;
};

/// What the submission's lookup needs to match, kept only as keyed digests.
struct LookupSecrets {
    std::string lookup_code; ///< from the sealed document
    std::string id_number;   ///< the applicant's, from the sealed document
};

/// A province or commune official who works in the back office (/office/).
struct Officer {
    enum class Role { commune, province } role = Role::commune;
    std::string id;
    std::string name;
    std::string commune_code; ///< commune officers see only this commune's dossiers
};

/// What a back-office password check came to.
struct OfficerLogin {
    enum class Result { ok, wrong_password, locked, unknown } result = Result::unknown;
    Officer officer;               ///< when ok
    std::int64_t locked_until = 0; ///< Unix seconds, when locked
};

/// A logged-in officer's session: the cookie's token and the token every form carries.
struct OfficeSession {
    std::string token; ///< only its SHA-256 is stored
    std::string csrf;
    Officer officer;
};

/// Which dossiers the office list shows; empty strings and 0 mean "any".
struct DossierFilter {
    std::string commune_code;
    std::string procedure_code;
    int status_code = 0;
    std::string from_day;       ///< YYYY-MM-DD, Vietnam time, inclusive
    std::string to_day;         ///< YYYY-MM-DD, Vietnam time, inclusive
    std::string query;          ///< a dossier (receipt) number or the applicant's ID number
    std::string received_until; ///< ISO 8601 UTC, inclusive: a snapshot for paging through all
    int page = 0;
    int per_page = 50;
};

struct DossierRow {
    std::string receipt_no;
    std::string received_at;
    std::string procedure_code;
    std::string commune_code;
    int form_version = 1;
    int catalog_version = 0;
    int status_code = 1;
    std::string applicant; ///< the applicant's name, from the decrypted document
};

struct DossierPage {
    std::vector<DossierRow> rows;
    std::int64_t total = 0; ///< dossiers matching the filter, on every page
};

struct StatusChange {
    int code = 0; ///< ksync::kDossierStatuses
    std::string note;
    std::string at;
    std::string actor;
};

/// One dossier as the office shows it: its document decrypted for this request only.
struct Dossier {
    std::string id;
    std::string receipt_no;
    std::string received_at;
    std::string terminal_id;
    std::string procedure_code;
    std::string commune_code;
    int form_version = 1;
    int catalog_version = 0;
    int status_code = 1;
    std::string status_note;
    std::string appointment_date; ///< YYYY-MM-DD (Vietnam), "" when the procedure gave none
    nlohmann::json document;
    std::vector<std::pair<std::string, std::int64_t>> attachments; ///< sha256 and size
    std::vector<StatusChange> history;                             ///< oldest first
};

/// One thing waiting to go to the provincial one-stop system: a new dossier, or a status
/// change of one already sent (kept in the order they happened).
struct ForwardItem {
    std::int64_t seq = 0; ///< also the idempotency key's number
    std::string receipt_no;
    enum class Kind { dossier, status } kind = Kind::dossier;
    int status_code = 0; ///< status items: the code set
    std::string note;    ///< status items: the note set
    std::string at;      ///< when it happened (ISO 8601 UTC)
    int attempts = 0;
};

/// What recording a bank statement's payments came to.
struct FeeImportCounts {
    std::int64_t recorded = 0;         ///< stored now
    std::int64_t already_recorded = 0; ///< stored by an earlier import
};

/// What recording a satisfaction rating came to.
enum class RatingRecorded {
    stored,
    again,           ///< this rating was stored before (a resend)
    already_rated,   ///< another rating of the dossier at this moment came first
    unknown_dossier, ///< no dossier has this number
    not_allowed,     ///< a receipt rating from another terminal, or a result rating without
                     ///< the token of a status lookup or before the result
};

class PortalStore {
public:
    /// The schema version this build writes (meta "schema_version").
    static constexpr int kSchemaVersion = 7;

    /// Opens, creates or migrates the database at `location` (a SQLite file, or a PostgreSQL
    /// URI "postgresql://..."); a new one gets fresh keys and `agency_code`.
    PortalStore(const std::string& location, const std::string& agency_code);
    ~PortalStore();
    PortalStore(const PortalStore&) = delete;
    PortalStore& operator=(const PortalStore&) = delete;

    /// The key pair terminals seal submissions to.
    const ksync::BoxKeyPair& box_keys() const { return box_keys_; }
    /// The ed25519 public key that signs catalogs (base64).
    std::string catalog_signing_public_key() const;
    const std::string& agency_code() const { return agency_code_; }

    /// A new one-time enrollment code valid for `valid_hours`. With `replace_id` the code
    /// re-enrolls that existing terminal only (a replaced device); nullopt with `error` when
    /// that terminal is unknown or revoked. Only the code's SHA-256 is stored.
    std::optional<std::string> issue_enroll_code(int valid_hours, const std::string& replace_id,
                                                 std::string& error);

    /// Consumes `code` and registers a terminal with its ed25519 `public_key`. A plain code
    /// enrolls only an id that was never enrolled; a replacement code only its own id. An
    /// empty `terminal_id` gets the code's id or a generated one.
    EnrollResult enroll(const std::string& code, std::string& terminal_id,
                        const std::string& commune_code, const ksync::Bytes& public_key);

    /// Withdraws an unused enrollment code; false when unknown or already used.
    bool revoke_enroll_code(const std::string& code);

    /// Revokes a terminal's credentials (a stolen or retired terminal); false when unknown.
    bool revoke_terminal(const std::string& terminal_id);

    /// The terminal owning this bearer token, or nullopt.
    std::optional<Terminal> authenticate(const std::string& token);

    /// Binds a submission id (and so its files) to the first terminal that sends anything for
    /// it; true when `terminal_id` is, or now becomes, its sender.
    bool claim(const std::string& submission_id, const std::string& terminal_id);

    /// The earlier submission with this id, if any.
    std::optional<StoredSubmission> find(const std::string& id);

    /// The block of dossier numbers given to `terminal_id` at enrollment, if any.
    std::optional<DossierBlockRecord> dossier_block(const std::string& terminal_id);

    /// Stores a new submission and assigns its receipt number in one transaction: the
    /// terminal's own `dossier_no` (checked by the caller against its block), or the next of
    /// the unit's day. Throws DossierNumberTaken when that number is another submission's.
    StoredSubmission insert(const std::string& id, const std::string& payload_hash,
                            const Terminal& sender, const nlohmann::json& document,
                            const LookupSecrets& secrets, const std::string& dossier_no = {});

    /// The portal's ed25519 signature (base64) over `text`: receipts.
    std::string sign(std::string_view text) const;

    /// Stores one attachment of a submission (clear bytes, already checked against `sha256`);
    /// false when it was already there.
    bool store_attachment(const std::string& submission_id, const std::string& sha256,
                          const std::string& bytes);

    /// Which of `hashes` have not arrived for this submission.
    std::vector<std::string> missing_attachments(const std::string& submission_id,
                                                 const std::vector<std::string>& hashes);

    /// Signs and stores a catalog bundle of `procedures` and, unless null, the province's
    /// `holidays` table; `version` 0 means one above the newest published. Returns the
    /// version.
    int publish_catalog(const nlohmann::json& procedures, int version,
                        const nlohmann::json& holidays = nullptr);

    /// The most recently published signed catalog, or nullopt.
    std::optional<ksync::SignedCatalog> latest_catalog();

    /// Publications after `after_seq`, oldest first.
    std::vector<Publication> publications_since(std::int64_t after_seq);

    /// Receipt status for the tracking screen when `proof` (the receipt's lookup code or the
    /// applicant's ID number) matches; nullopt when the receipt is unknown or the proof wrong,
    /// which look the same from outside.
    std::optional<nlohmann::json> status(const std::string& receipt_no, const LookupSecrets& proof);

    /// Records national status `code` (ksync::kDossierStatuses) with a `note` the citizen sees
    /// in the status lookup, by `actor` ("officer:ID", "cli"); false when the receipt is
    /// unknown or the code is not a national status.
    bool set_status(const std::string& receipt_no, int code, const std::string& note,
                    const std::string& actor);

    /// True when the database answers a trivial query now (health checks).
    bool reachable();

    /// Records a terminal's heartbeat.
    void heartbeat(const std::string& terminal_id, const nlohmann::json& report);

    /// Enrolled terminals with their last heartbeat report.
    nlohmann::json terminals();

    /// Every received submission with its decrypted document and its attachments' hashes
    /// and sizes, oldest first.
    nlohmann::json list();

    // The back office (sync/portal/office_store.cpp).

    /// Adds an officer with an argon2id hash of `password`; false with `error` when the id is
    /// taken or the password is shorter than 10 characters.
    bool add_officer(const Officer& officer, std::string_view password, std::string& error);
    /// Removes an officer and ends their sessions; false when unknown.
    bool remove_officer(const std::string& id);
    std::vector<Officer> officers();
    /// Checks a password; five wrong ones in a row lock the account for 15 minutes.
    OfficerLogin check_officer(const std::string& id, std::string_view password);
    /// Opens a session for `officer`.
    OfficeSession open_session(const Officer& officer);
    /// The session of `token` while it lives (15 minutes since its last use, 8 hours at most);
    /// each call counts as a use.
    std::optional<OfficeSession> session(const std::string& token);
    void close_session(const std::string& token);
    /// Appends to the audit log: who (`actor`) did what to which dossier.
    void audit(const std::string& actor, const std::string& action,
               const std::string& receipt_no = {}, const std::string& detail = {});
    /// The audit log from `since` (ISO 8601 UTC, empty: everything), oldest first.
    nlohmann::json audit_log(const std::string& since);
    /// One page of the dossiers matching `filter`, newest first, with the total count.
    DossierPage dossiers(const DossierFilter& filter);
    /// The dossier with this receipt number, decrypted, or nullopt.
    std::optional<Dossier> dossier(const std::string& receipt_no);
    /// The decrypted bytes of attachment `sha256` of that dossier, or nullopt.
    std::optional<std::string> attachment(const std::string& receipt_no, const std::string& sha256);

    /// The office's figures over the dossiers of `commune_code` (empty: all): per Vietnam day
    /// (the last `days`), per procedure, per commune and per status, how many days the
    /// finished ones took (median and 90th percentile from arrival to status 9 or 10), and
    /// against their appointment dates: finished on time, finished late, and not finished
    /// though the day has passed.
    nlohmann::json figures(const std::string& commune_code, int days);

    /// Sets the receiving unit code (TT 01/2018; e.g. "000.31.33.H31") that starts the dossier
    /// numbers of `commune_code`'s terminals; false when the code is not dot-separated letters
    /// and digits of at most 32 characters.
    bool set_receiving_unit(const std::string& commune_code, const std::string& unit_code);
    /// Commune code → receiving unit code.
    std::vector<std::pair<std::string, std::string>> receiving_units();

    /// Items due for the provincial system at `now` (Unix seconds), oldest first.
    std::vector<ForwardItem> due_forwards(std::int64_t now, int limit);
    /// The provincial system took item `seq`.
    void forwarded(std::int64_t seq);
    /// Item `seq` failed; it is tried again from `retry_at` (Unix seconds), or never when
    /// `retry_at` is 0 (refused for good: kept and set aside).
    void forward_failed(std::int64_t seq, const std::string& error, std::int64_t retry_at);
    /// How many items wait for the provincial system (set-aside ones not counted).
    std::int64_t forwards_waiting();

    /// Every dossier's receipt number: what a bank statement's notes are matched against.
    std::vector<std::string> receipt_numbers();
    /// Records the payments matched in a bank statement of `rows_read` rows (`unmatched` of
    /// them recording nothing) with one audit row of the counts, in one transaction; a payment
    /// already recorded (the same receipt and reference) is counted, not stored again.
    FeeImportCounts record_fee_payments(const std::vector<FeePayment>& payments,
                                        std::size_t rows_read, std::size_t unmatched);
    /// The bank payments recorded for a dossier, by day paid.
    std::vector<FeePayment> fee_payments(const std::string& receipt_no);

    /// Keeps a rating sent by `sender`: a receipt rating from the terminal that sent the
    /// dossier, a result rating with the token its status lookup gave; one per dossier and
    /// moment, the first one.
    RatingRecorded record_rating(const ksync::Rating& rating, const Terminal& sender);

    /// Replaces the clock (Unix seconds) sessions and lockouts read; tests move time.
    void set_clock(std::function<std::int64_t()> clock) { clock_ = std::move(clock); }

private:
    /// Gives a newly enrolled terminal its digit of its unit's numbers (inside enroll's
    /// transaction), filling the block members of `result`.
    void give_dossier_block(const std::string& terminal_id, const std::string& commune_code,
                            EnrollResult& result);
    /// The figures' satisfaction part (inside figures(), which holds the lock).
    nlohmann::json rating_figures(const std::string& commune_code);
    /// The receiving unit's code for a commune: as set, or the portal's agency code.
    std::string receiving_unit(const std::string& commune_code);
    /// The unit's next portal-given receipt number for `day` (YYMMDD).
    std::string next_receipt_no(const Terminal& sender, const std::string& day);

    /// Runs `work` in one write transaction: committed when it returns, rolled back when it
    /// throws. The caller holds mutex_.
    template <typename Work> auto in_transaction(Work work) {
        sql::Transaction transaction(db_);
        auto result = work();
        transaction.commit();
        return result;
    }
    /// Brings the schema to kSchemaVersion; true when documents stored in clear were sealed.
    bool migrate(const std::string& agency_code);
    /// Keyed digest of a lookup secret of one submission; never the secret itself.
    std::string lookup_digest(std::string_view kind, std::string_view submission_id,
                              std::string_view secret) const;
    /// Documents and attachments are kept sealed to the portal's own box key: base64 of a
    /// sealed box, opened for each request that needs them.
    std::string seal_at_rest(std::string_view clear) const;
    std::optional<std::string> open_at_rest(std::string_view sealed) const;
    std::int64_t clock() const;

    std::mutex mutex_;
    sql::Connection db_;
    ksync::BoxKeyPair box_keys_;
    ksync::Bytes signing_public_;
    ksync::Bytes signing_secret_; ///< wiped by the destructor
    ksync::Bytes lookup_key_;     ///< keys the lookup digests
    std::string agency_code_;
    std::function<std::int64_t()> clock_;
};

} // namespace portal
