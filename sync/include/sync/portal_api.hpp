#pragma once
// Portal calls other than submission delivery: enrollment and status lookup.
#include "sync/http_client.hpp"
#include "sync/protocol.hpp"

#include <optional>
#include <string>

namespace ksync {

/// Registers this terminal with a one-time enrollment code (POST /api/v1/enroll).
std::optional<Enrollment> enroll(HttpClient& client, const std::string& enroll_code,
                                 const std::string& terminal_id, const std::string& commune_code,
                                 std::string& error);

/// The portal's status of a receipt (GET /api/v1/submissions/{receipt}/status), as JSON
/// `{receipt_no, status, updated_at}`; nullopt with `error` set when unavailable.
std::optional<nlohmann::json> lookup_status(HttpClient& client, const std::string& receipt_no,
                                            std::string& error);

} // namespace ksync
