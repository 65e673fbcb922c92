#pragma once
// Where a submission stands, for the citizen's status screen: the portal's answer when it
// can be reached, otherwise what this terminal's outbox knows.
#include "kiosk/config.hpp"
#include "sync/http_client.hpp"
#include "sync/portal_api.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace kiosk {

/// How to reach the provisioned portal: its URL, the terminal's token and signing key, the
/// pinned key and the insecure-http switch. Every portal client of the terminal starts here.
ksync::HttpOptions portal_http_options(const Paths& paths, const TerminalConfig& config);

/// An HTTP client for the provisioned portal, giving up after `limit_ms`.
std::unique_ptr<ksync::HttpClient> portal_client(const Paths& paths, const TerminalConfig& config,
                                                 long limit_ms);

/// The terminal's ed25519 secret key (64 bytes), or empty before provisioning.
ksync::Bytes read_terminal_secret_key(const Paths& paths);

/// Unix seconds as "2026-11-23T03:04:05Z", or "" for 0.
std::string iso_time(std::int64_t unix_s);

/// An ISO 8601 UTC time ("2026-12-01T06:19:35Z") as people here read it, in Vietnam's time:
/// "13:19 01/12/2026"; "" when it is not such a time.
std::string vietnam_time_text(std::string_view iso_utc);

struct StatusAnswer {
    enum class Source { none, portal, terminal } source = Source::none;
    std::string receipt_no; ///< the number asked about, tidied (upper case, no spaces)
    /// portal: received | processing | completed | returned;
    /// terminal: an outbox state name (queued, sending, retry_wait, accepted, needs_attention)
    std::string status;
    int status_code = 0;             ///< portal: the national status (TrangThaiHoSo), 0 if unsent
    std::string note;                ///< portal: what the office wrote for the citizen
    std::string updated_at;          ///< ISO 8601, when known
    bool portal_unreachable = false; ///< the portal could not be asked
    bool bad_number = false;         ///< not something a receipt number looks like
    bool bad_code = false;           ///< neither a lookup code nor a scanned card was given
    bool too_many = false;           ///< the portal refused: too many lookups from here
    /// portal: the result may be rated, with this token (it is not rated yet)
    std::string rating_token;
};

/// Asks the portal about `typed` (a receipt number as printed) with the receipt's lookup
/// code or the applicant's ID number; when the portal cannot answer, looks in the outbox by
/// receipt number or by the temporary reference printed on a queued receipt (the first 8
/// characters of the submission id), which must come with the same lookup code.
StatusAnswer look_up_status(const Paths& paths, const TerminalConfig& config,
                            std::string_view typed, const ksync::StatusProof& proof);

} // namespace kiosk
