#pragma once
// Portal calls other than submission delivery: enrollment, heartbeat, status lookup and
// catalog download.
#include "sync/http_client.hpp"
#include "sync/outbox.hpp"
#include "sync/protocol.hpp"

#include <optional>
#include <string>

namespace ksync {

/// Registers this terminal and its public key with a one-time enrollment code
/// (POST /api/v1/enroll).
std::optional<Enrollment> enroll(HttpClient& client, const std::string& enroll_code,
                                 const std::string& terminal_id, const std::string& commune_code,
                                 const std::string& terminal_public_key, std::string& error);

/// Reports queue depth, oldest unsent age and version (POST /api/v1/terminals/{id}/heartbeat).
/// Carries no personal data. Returns false when the portal did not take it.
bool send_heartbeat(HttpClient& client, const std::string& terminal_id, const OutboxStats& stats,
                    const std::string& version);

/// What proves the asker holds the receipt: its lookup code, or the applicant's ID number.
struct StatusProof {
    std::string lookup_code;
    std::string id_number;
};

/// Why a status lookup gave no answer.
enum class LookupFailure { none, unknown, unreachable, rate_limited, bad_request };

/// The portal's status of a receipt (POST /api/v1/submissions/{receipt}/status with the
/// proof), as JSON `{receipt_no, status, updated_at, procedure_code}`; nullopt with `failure`
/// and `error` set when unavailable.
std::optional<nlohmann::json> lookup_status(HttpClient& client, const std::string& receipt_no,
                                            const StatusProof& proof, LookupFailure& failure,
                                            std::string& error);

/// The portal's answer (`status_code`, `body`) to a status lookup, reduced to the documented
/// members, each bounded (`note` to kMaxStatusNote bytes, a national `status_code`); nullopt
/// with `failure` and `error` set when it is no answer.
std::optional<nlohmann::json> interpret_status_answer(long status_code, const std::string& body,
                                                      LookupFailure& failure, std::string& error);

/// What a catalog check found.
struct CatalogCheck {
    enum class Kind { up_to_date, newer, rejected, unavailable } kind = Kind::unavailable;
    SignedCatalog catalog; ///< signature verified, when `newer`
    std::string error;     ///< why, when `rejected` or `unavailable`
};

/// Asks for a catalog newer than `installed_version` (GET /api/v1/catalog?since=V) and checks
/// it against `signing_key`: a bad signature, or a version not above the installed one (a
/// downgrade or replay), is `rejected` and must not replace the installed catalog.
CatalogCheck check_catalog(HttpClient& client, int installed_version, const Bytes& signing_key);

} // namespace ksync
