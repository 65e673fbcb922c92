#include "provision.hpp"

#include "sync/portal_api.hpp"

namespace kiosk {

std::optional<TerminalConfig> provision(const Paths& paths, const ProvisionRequest& request,
                                        std::string& error) {
    ksync::HttpOptions http;
    http.base_url = request.portal_url;
    http.pinned_key = request.pinned_key;
    ksync::HttpClient client(http);
    const auto enrollment = ksync::enroll(client, request.enroll_code, request.terminal_id,
                                          request.commune_code, error);
    if (!enrollment) return std::nullopt;

    std::string load_error;
    auto config = load_config(paths.config_file, load_error).value_or(TerminalConfig{});
    config.terminal_id = enrollment->terminal_id;
    config.commune_code = request.commune_code;
    config.portal_url = request.portal_url;
    config.portal_box_key = enrollment->portal_box_key;
    config.catalog_signing_key = enrollment->catalog_signing_key;
    config.agency_code = enrollment->agency_code;
    config.pinned_key = request.pinned_key;
    if (!write_token(paths, enrollment->token, error)) return std::nullopt;
    if (!save_config(paths.config_file, config, error)) return std::nullopt;
    return config;
}

} // namespace kiosk
