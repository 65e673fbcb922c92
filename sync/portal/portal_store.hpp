#pragma once
// The reference portal's database: its keys, enrolled terminals and received submissions.
// One connection guarded by a mutex: the portal serialises writes, which also makes the
// check-then-insert of deduplication atomic.
#include "sync/crypto.hpp"
#include "sync/protocol.hpp"
#include "sync/sqlite.hpp"

#include <cstdint>
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

class PortalStore {
public:
    /// The schema version this build writes (meta "schema_version").
    static constexpr int kSchemaVersion = 2;

    /// Opens, creates or migrates the database; a new one gets fresh keys and `agency_code`.
    PortalStore(const std::string& path, const std::string& agency_code);
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

    /// Stores a new submission and assigns its receipt number in one transaction.
    StoredSubmission insert(const std::string& id, const std::string& payload_hash,
                            const Terminal& sender, const nlohmann::json& document,
                            const LookupSecrets& secrets);

    /// The portal's ed25519 signature (base64) over `text`: receipts.
    std::string sign(std::string_view text) const;

    /// Stores one attachment of a submission (clear bytes, already checked against `sha256`);
    /// false when it was already there.
    bool store_attachment(const std::string& submission_id, const std::string& sha256,
                          const std::string& bytes);

    /// Which of `hashes` have not arrived for this submission.
    std::vector<std::string> missing_attachments(const std::string& submission_id,
                                                 const std::vector<std::string>& hashes);

    /// Signs and stores a catalog bundle of `procedures`; `version` 0 means one above the
    /// newest published. Returns the version.
    int publish_catalog(const nlohmann::json& procedures, int version);

    /// The most recently published signed catalog, or nullopt.
    std::optional<ksync::SignedCatalog> latest_catalog();

    /// Publications after `after_seq`, oldest first.
    std::vector<Publication> publications_since(std::int64_t after_seq);

    /// Receipt status for the tracking screen when `proof` (the receipt's lookup code or the
    /// applicant's ID number) matches; nullopt when the receipt is unknown or the proof wrong,
    /// which look the same from outside.
    std::optional<nlohmann::json> status(const std::string& receipt_no, const LookupSecrets& proof);

    /// Records a new processing status ("received", "processing", "completed", "returned")
    /// for a receipt; false when the receipt is unknown.
    bool set_status(const std::string& receipt_no, const std::string& status);

    /// Records a terminal's heartbeat.
    void heartbeat(const std::string& terminal_id, const nlohmann::json& report);

    /// Enrolled terminals with their last heartbeat report.
    nlohmann::json terminals();

    /// Every received submission with its decrypted document and its attachments' hashes
    /// and sizes, oldest first.
    nlohmann::json list();

private:
    /// Runs `work` in one IMMEDIATE transaction: committed when it returns, rolled back when
    /// it throws. The caller holds mutex_.
    template <typename Work> auto in_transaction(Work work) {
        ksync::sql::Transaction transaction(db_);
        auto result = work();
        transaction.commit();
        return result;
    }
    void migrate(const std::string& agency_code);
    /// Keyed digest of a lookup secret of one submission; never the secret itself.
    std::string lookup_digest(std::string_view kind, std::string_view submission_id,
                              std::string_view secret) const;

    std::mutex mutex_;
    ksync::sql::Database db_;
    ksync::BoxKeyPair box_keys_;
    ksync::Bytes signing_public_;
    ksync::Bytes signing_secret_; ///< wiped by the destructor
    ksync::Bytes lookup_key_;     ///< keys the lookup digests
    std::string agency_code_;
};

} // namespace portal
