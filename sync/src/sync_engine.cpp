#include "sync/sync_engine.hpp"

#include "sync/protocol.hpp"

#include <algorithm>
#include <chrono>

namespace ksync {

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::int64_t backoff_delay(const BackoffPolicy& policy, int attempts, int retry_after_s,
                           std::mt19937_64& rng) {
    const int exponent = std::clamp(attempts - 1, 0, 30);
    const std::int64_t ceiling = std::min(policy.cap_s, policy.base_s << exponent);
    std::uniform_int_distribution<std::int64_t> jitter(0, std::max<std::int64_t>(ceiling, 1));
    // Full jitter spreads terminals that went offline together; Retry-After is a floor.
    return std::max<std::int64_t>({jitter(rng), retry_after_s, 1});
}

SyncEngine::SyncEngine(Outbox& outbox, HttpClient& client, Bytes portal_signing_key,
                       BackoffPolicy policy)
    : outbox_(outbox), client_(client), portal_signing_key_(std::move(portal_signing_key)),
      policy_(policy), rng_(std::random_device{}()) {}

SubmitOutcome SyncEngine::deliver(const Entry& entry, std::int64_t now, PassResult& result,
                                  long& last_status) {
    // Turns a transport failure into a retry; otherwise lets `interpret` read the answer.
    const auto outcome_of = [&](const HttpResponse& response, auto interpret) {
        last_status = response.status;
        if (response.status != 0) {
            result.portal_reachable = true;
            return interpret(response);
        }
        result.pin_mismatch = result.pin_mismatch || response.pin_mismatch;
        SubmitOutcome failed;
        failed.error = response.pin_mismatch ? "portal key does not match the pinned key"
                                             : "network: " + response.transport_error;
        return failed;
    };

    // Files first, each acknowledged on its own: after a cut only the missing ones go again.
    const std::string base = std::string(kApiPrefix) + "/submissions/" + entry.id;
    for (const auto& attachment : outbox_.pending_attachments(entry.id)) {
        const auto outcome =
            outcome_of(client_.put_bytes(base + "/attachments/" + attachment.sha256,
                                         attachment.sealed, {"Idempotency-Key: " + entry.id}),
                       [&](const HttpResponse& r) {
                           return interpret_attachment_response(r.status, r.body, r.retry_after,
                                                                attachment.sha256);
                       });
        if (outcome.kind != SubmitOutcome::Kind::accepted) return outcome;
        outbox_.mark_attachment_acked(entry.id, attachment.sha256, now);
    }

    SubmissionEnvelope envelope{entry.id,
                                entry.procedure_code,
                                entry.form_version,
                                entry.payload_hash,
                                base64_encode(entry.sealed_payload),
                                entry.catalog_version};
    const ReceiptCheck check{entry.id, entry.payload_hash, portal_signing_key_};
    return outcome_of(client_.post_json(std::string(kApiPrefix) + "/submissions",
                                        to_json(envelope).dump(), {"Idempotency-Key: " + entry.id}),
                      [&check](const HttpResponse& r) {
                          return interpret_submit_response(r.status, r.body, r.retry_after, check);
                      });
}

PassResult SyncEngine::run_pass(std::int64_t now) {
    PassResult result;
    while (auto entry = outbox_.claim_next_due(now)) {
        long status = 0;
        const auto outcome = deliver(*entry, now, result, status);
        DeliveryEvent event{entry->id, State::accepted, outcome.receipt_no, outcome.error};
        switch (outcome.kind) {
        case SubmitOutcome::Kind::accepted:
            outbox_.mark_accepted(entry->id, outcome.receipt_no, now);
            // The portal is reachable again: entries waiting out a backoff go now too.
            if (result.accepted++ == 0) outbox_.wake_waiting(now);
            break;
        case SubmitOutcome::Kind::reject:
            outbox_.mark_needs_attention(entry->id, outcome.error);
            event.state = State::needs_attention;
            ++result.rejected;
            break;
        case SubmitOutcome::Kind::retry:
            outbox_.mark_retry(
                entry->id, outcome.error,
                now + backoff_delay(policy_, entry->attempts, outcome.retry_after_s, rng_));
            event.state = State::retry_wait;
            ++result.retried;
            break;
        }
        if (listener_) listener_(event);
        // Without a connection every other entry would fail the same way; wait for the
        // next probe instead of burning through the queue's attempt counters.
        if (status == 0 || status == 503) return result;
    }
    deliver_ratings(now, result);
    return result;
}

void SyncEngine::deliver_ratings(std::int64_t now, PassResult& result) {
    // After the submissions, so a rating given after the receipt follows its dossier.
    while (auto due = outbox_.next_due_rating(now)) {
        const auto& rating = due->rating;
        const auto response =
            client_.post_json(std::string(kApiPrefix) + "/ratings", to_json(rating).dump(),
                              {"Idempotency-Key: " + rating.id});
        if (response.status != 0) result.portal_reachable = true;
        result.pin_mismatch = result.pin_mismatch || response.pin_mismatch;
        auto outcome = interpret_rating_response(response.status, response.body,
                                                 response.retry_after, rating.id);
        if (response.status == 0) outcome.error = "network: " + response.transport_error;
        switch (outcome.kind) {
        case SubmitOutcome::Kind::accepted:
            outbox_.mark_rating(rating.id, State::accepted, "", now);
            ++result.ratings_delivered;
            break;
        case SubmitOutcome::Kind::reject:
            outbox_.mark_rating(rating.id, State::needs_attention, outcome.error, now);
            break;
        case SubmitOutcome::Kind::retry:
            outbox_.mark_rating(
                rating.id, State::retry_wait, outcome.error,
                now + backoff_delay(policy_, due->attempts, outcome.retry_after_s, rng_));
            ++result.retried;
            break;
        }
        if (response.status == 0 || response.status == 503) return;
    }
}

bool SyncEngine::probe(std::int64_t now) {
    const auto response = client_.get(std::string(kApiPrefix) + "/health");
    if (response.status != 200) return false;
    outbox_.wake_waiting(now);
    return true;
}

} // namespace ksync
