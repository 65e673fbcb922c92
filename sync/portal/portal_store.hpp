#pragma once
// The reference portal's database: its keys, enrolled terminals and received submissions.
// One connection guarded by a mutex: the portal serialises writes, which also makes the
// check-then-insert of deduplication atomic.
#include "sync/crypto.hpp"
#include "sync/protocol.hpp"

#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

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
};

class PortalStore {
public:
    /// Opens or creates the database; a new database gets fresh keys and `agency_code`.
    PortalStore(const std::string& path, const std::string& agency_code);
    ~PortalStore();
    PortalStore(const PortalStore&) = delete;
    PortalStore& operator=(const PortalStore&) = delete;

    /// The key pair terminals seal submissions to.
    const ksync::BoxKeyPair& box_keys() const { return box_keys_; }
    /// The ed25519 public key that signs catalogs (base64).
    std::string catalog_signing_public_key() const;
    const std::string& agency_code() const { return agency_code_; }

    /// A new one-time enrollment code.
    std::string issue_enroll_code();

    /// Consumes `code` and registers a terminal; returns its bearer token, or nullopt when
    /// the code is unknown or used. An empty `terminal_id` gets a generated one.
    std::optional<std::string> enroll(const std::string& code, std::string& terminal_id,
                                      const std::string& commune_code,
                                      const std::string& public_key = {});

    /// Withdraws an unused enrollment code; false when unknown or already used.
    bool revoke_enroll_code(const std::string& code);

    /// Revokes a terminal's credentials (a stolen or retired terminal); false when unknown.
    bool revoke_terminal(const std::string& terminal_id);

    /// The terminal owning this bearer token, or nullopt.
    std::optional<Terminal> authenticate(const std::string& token);

    /// The earlier submission with this id, if any.
    std::optional<StoredSubmission> find(const std::string& id);

    /// Stores a new submission and assigns its receipt number in one transaction.
    StoredSubmission insert(const std::string& id, const std::string& payload_hash,
                            const std::string& terminal_id, const nlohmann::json& document);

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

    /// Receipt status for the tracking screen, or nullopt when unknown.
    std::optional<nlohmann::json> status(const std::string& receipt_no);

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
    void exec(const char* sql);

    /// Runs `work` in one IMMEDIATE transaction: committed when it returns, rolled back when
    /// it throws. The caller holds mutex_.
    template <typename Work> auto in_transaction(Work work) {
        exec("BEGIN IMMEDIATE");
        try {
            auto result = work();
            exec("COMMIT");
            return result;
        } catch (...) {
            rollback();
            throw;
        }
    }
    void rollback();

    std::mutex mutex_;
    sqlite3* db_ = nullptr;
    ksync::BoxKeyPair box_keys_;
    ksync::Bytes signing_public_;
    std::string agency_code_;
};

} // namespace portal
