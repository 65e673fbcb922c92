#pragma once
// Where a submission stands, for the citizen's status screen: the portal's answer when it
// can be reached, otherwise what this terminal's outbox knows.
#include "config.hpp"
#include "sync/http_client.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace kiosk {

/// An HTTP client for the provisioned portal (token, pinned key), giving up after `limit_ms`.
std::unique_ptr<ksync::HttpClient> portal_client(const Paths& paths, const TerminalConfig& config,
                                                 long limit_ms);

/// Unix seconds as "2026-11-23T03:04:05Z", or "" for 0.
std::string iso_time(std::int64_t unix_s);

struct StatusAnswer {
    enum class Source { none, portal, terminal } source = Source::none;
    std::string receipt_no; ///< the number asked about, tidied (upper case, no spaces)
    /// portal: received | processing | completed | returned;
    /// terminal: an outbox state name (queued, sending, retry_wait, accepted, needs_attention)
    std::string status;
    std::string updated_at;          ///< ISO 8601, when known
    bool portal_unreachable = false; ///< the portal could not be asked
    bool bad_number = false;         ///< not something a receipt number looks like
};

/// Asks the portal about `typed` (a receipt number as printed); when it cannot answer,
/// looks in the outbox by receipt number or by the temporary reference printed on a
/// queued receipt (the first 8 characters of the submission id).
StatusAnswer look_up_status(const Paths& paths, const TerminalConfig& config,
                            std::string_view typed);

} // namespace kiosk
