#include "sync/portal_api.hpp"

#include "sync/dossier_status.hpp"

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

std::optional<nlohmann::json> interpret_status_answer(long status_code, const std::string& body,
                                                      LookupFailure& failure, std::string& error) {
    failure = LookupFailure::bad_request;
    auto j = parse_bounded_json(body, 4, 64 * 1024);
    const auto status = j.is_object() ? j.find("status") : j.end();
    if (status_code != 200 || !j.is_object() || status == j.end() || !status->is_string()) {
        failure = status_code == 404   ? LookupFailure::unknown
                  : status_code == 429 ? LookupFailure::rate_limited
                                       : LookupFailure::unreachable;
        error = status_code == 404   ? "unknown receipt number or wrong lookup code"
                : status_code == 429 ? "too many lookups, try again in a minute"
                                     : "portal error (" + std::to_string(status_code) + ")";
        return std::nullopt;
    }
    // Only the documented members, each a short string: nothing else reaches the screen.
    nlohmann::json answer = nlohmann::json::object();
    for (const char* key : {"receipt_no", "status", "updated_at", "procedure_code"}) {
        const auto it = j.find(key);
        if (it != j.end() && it->is_string() && it->get_ref<const std::string&>().size() <= 64)
            answer[key] = *it;
    }
    // Protocol 2.1: the national status code and the office's note for the citizen.
    const auto code = j.find("status_code");
    if (code != j.end() && code->is_number_integer() && dossier_status(code->get<int>()))
        answer["status_code"] = *code;
    const auto note = j.find("note");
    if (note != j.end() && note->is_string() &&
        note->get_ref<const std::string&>().size() <= kMaxStatusNote)
        answer["note"] = *note;
    // The result may be rated: the token goes back with the rating, nowhere else.
    const auto token = j.find("rating_token");
    if (token != j.end() && token->is_string() &&
        token->get_ref<const std::string&>().size() == kRatingTokenLength &&
        token->get_ref<const std::string&>().find_first_not_of("0123456789abcdef") ==
            std::string::npos)
        answer["rating_token"] = *token;
    failure = LookupFailure::none;
    return answer;
}

std::optional<nlohmann::json> lookup_status(HttpClient& client, const std::string& receipt_no,
                                            const StatusProof& proof, LookupFailure& failure,
                                            std::string& error) {
    failure = LookupFailure::bad_request;
    if (receipt_no.empty() || receipt_no.size() > kMaxReceiptNo) {
        error = "not a receipt number";
        return std::nullopt;
    }
    for (char c : receipt_no)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')) {
            error = "not a receipt number";
            return std::nullopt;
        }
    nlohmann::json request = nlohmann::json::object();
    if (const auto code = normalise_lookup_code(proof.lookup_code); !code.empty())
        request["lookup_code"] = code;
    else if (!proof.id_number.empty())
        request["id_number"] = proof.id_number;
    else {
        error = "a lookup code or an ID number is needed";
        return std::nullopt;
    }
    std::string body = request.dump();
    const auto response =
        client.post_json(std::string(kApiPrefix) + "/submissions/" + receipt_no + "/status", body);
    // The ID number is personal data: it does not outlive the request.
    wipe_bytes(body.data(), body.size());
    for (auto& member : request)
        wipe_bytes(member.get_ref<std::string&>().data(), member.get_ref<std::string&>().size());
    if (response.status == 0) {
        failure = LookupFailure::unreachable;
        error = "cannot reach portal: " + response.transport_error;
        return std::nullopt;
    }
    return interpret_status_answer(response.status, response.body, failure, error);
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
