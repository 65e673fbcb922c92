#include "sync/portal_api.hpp"

namespace ksync {

std::optional<Enrollment> enroll(HttpClient& client, const std::string& enroll_code,
                                 const std::string& terminal_id, const std::string& commune_code,
                                 const std::string& terminal_public_key, std::string& error) {
    const nlohmann::json request{{"enroll_code", enroll_code},
                                 {"terminal_id", terminal_id},
                                 {"commune_code", commune_code},
                                 {"terminal_public_key", terminal_public_key}};
    const auto response = client.post_json(std::string(kApiPrefix) + "/enroll", request.dump());
    if (response.status == 0) {
        error = response.pin_mismatch ? "portal key does not match the pinned key"
                                      : "cannot reach portal: " + response.transport_error;
        return std::nullopt;
    }
    if (response.status != 201 && response.status != 200) {
        const auto j = nlohmann::json::parse(response.body, nullptr, false);
        error = "portal refused enrollment (" + std::to_string(response.status) + ")";
        if (j.is_object() && j.contains("error") && j["error"].is_string())
            error += ": " + j["error"].get<std::string>();
        return std::nullopt;
    }
    return parse_enrollment(response.body, error);
}

bool send_heartbeat(HttpClient& client, const std::string& terminal_id, const OutboxStats& stats,
                    const std::string& version) {
    const nlohmann::json report{{"queue_depth", stats.unsent},
                                {"needs_attention", stats.needs_attention},
                                {"oldest_unsent_age_s", stats.oldest_unsent_age_s},
                                {"version", version}};
    const auto response = client.post_json(
        std::string(kApiPrefix) + "/terminals/" + terminal_id + "/heartbeat", report.dump());
    return response.status == 200;
}

std::optional<nlohmann::json> lookup_status(HttpClient& client, const std::string& receipt_no,
                                            std::string& error) {
    for (char c : receipt_no)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')) {
            error = "not a receipt number";
            return std::nullopt;
        }
    const auto response =
        client.get(std::string(kApiPrefix) + "/submissions/" + receipt_no + "/status");
    if (response.status == 0) {
        error = "cannot reach portal: " + response.transport_error;
        return std::nullopt;
    }
    auto j = nlohmann::json::parse(response.body, nullptr, false);
    if (response.status != 200 || !j.is_object() || !j.contains("status")) {
        error = response.status == 404 ? "unknown receipt number"
                                       : "portal error (" + std::to_string(response.status) + ")";
        return std::nullopt;
    }
    return j;
}

CatalogCheck check_catalog(HttpClient& client, int installed_version, const Bytes& signing_key) {
    CatalogCheck check;
    const auto response =
        client.get(std::string(kApiPrefix) + "/catalog?since=" + std::to_string(installed_version));
    if (response.status == 0) {
        check.error = "cannot reach portal: " + response.transport_error;
        return check;
    }
    if (response.status == 204) {
        check.kind = CatalogCheck::Kind::up_to_date;
        return check;
    }
    if (response.status != 200) {
        check.error = "portal error (" + std::to_string(response.status) + ")";
        return check;
    }
    check.kind = CatalogCheck::Kind::rejected;
    auto catalog = parse_signed_catalog(response.body, check.error);
    if (!catalog || !verify_signed_catalog(*catalog, signing_key, check.error)) return check;
    if (catalog->version <= installed_version) {
        check.error = "catalog version " + std::to_string(catalog->version) +
                      " is not newer than the installed " + std::to_string(installed_version);
        return check;
    }
    check.kind = CatalogCheck::Kind::newer;
    check.catalog = std::move(*catalog);
    return check;
}

} // namespace ksync
