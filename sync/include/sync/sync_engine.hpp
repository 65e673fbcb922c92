#pragma once
// Delivers due outbox entries to the portal, one at a time, with backoff.
#include "sync/http_client.hpp"
#include "sync/outbox.hpp"
#include "sync/protocol.hpp"

#include <cstdint>
#include <functional>
#include <random>
#include <string>

namespace ksync {

/// Retry schedule: exponential backoff with full jitter, capped; never expires.
struct BackoffPolicy {
    std::int64_t base_s = 2;
    std::int64_t cap_s = 15 * 60;
};

/// Seconds to wait before attempt number `attempts + 1`, honouring a Retry-After value.
std::int64_t backoff_delay(const BackoffPolicy& policy, int attempts, int retry_after_s,
                           std::mt19937_64& rng);

/// What one delivery pass did.
struct PassResult {
    int accepted = 0;
    int retried = 0;
    int rejected = 0;
    bool portal_reachable = false; ///< some request got an HTTP answer
    bool pin_mismatch = false;
    int ratings_delivered = 0;
};

/// Told about every state change, for the UI and logs. Carries no personal data.
struct DeliveryEvent {
    std::string id;
    State state;
    std::string receipt_no;
    std::string error;
};

class SyncEngine {
public:
    /// `portal_signing_key` (ed25519, from enrollment) must have signed every receipt.
    SyncEngine(Outbox& outbox, HttpClient& client, Bytes portal_signing_key,
               BackoffPolicy policy = {});

    /// Called after each entry changes state.
    void on_event(std::function<void(const DeliveryEvent&)> listener) {
        listener_ = std::move(listener);
    }

    /// Sends every entry due at `now`; stops early when the portal is unreachable.
    PassResult run_pass(std::int64_t now);

    /// Asks the portal whether it is up; on success wakes every waiting entry.
    bool probe(std::int64_t now);

private:
    /// Uploads the entry's unacknowledged attachments, then the submission; `last_status`
    /// is the last HTTP status seen (0 when the connection failed).
    SubmitOutcome deliver(const Entry& entry, std::int64_t now, PassResult& result,
                          long& last_status);

    /// Sends the due ratings (after the submissions, which they may name).
    void deliver_ratings(std::int64_t now, PassResult& result);

    Outbox& outbox_;
    HttpClient& client_;
    Bytes portal_signing_key_;
    BackoffPolicy policy_;
    std::mt19937_64 rng_;
    std::function<void(const DeliveryEvent&)> listener_;
};

/// Current time as Unix seconds.
std::int64_t unix_now();

} // namespace ksync
