#pragma once
// Registering a terminal with a portal (`kioskctl provision`, and the demo's first start).
#include "config.hpp"

#include <string>

namespace kiosk {

struct ProvisionRequest {
    std::string portal_url;
    std::string enroll_code;
    std::string terminal_id; ///< empty: the portal assigns one
    std::string commune_code;
    std::string pinned_key; ///< "sha256//..." or empty
};

/// Enrolls with the portal, then writes the config and the token. Returns the resulting
/// config, or nullopt with `error` set (nothing is written on failure).
std::optional<TerminalConfig> provision(const Paths& paths, const ProvisionRequest& request,
                                        std::string& error);

} // namespace kiosk
