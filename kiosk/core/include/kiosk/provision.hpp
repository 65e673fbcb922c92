#pragma once
// Registering a terminal with a portal (`kioskctl provision`, and the demo's first start).
#include "kiosk/config.hpp"

#include <string>

namespace kiosk {

struct ProvisionRequest {
    std::string portal_url;
    std::string enroll_code;
    std::string terminal_id; ///< empty: the portal assigns one
    std::string commune_code;
    std::string pinned_key; ///< "sha256//..." or empty
    /// Re-provision even though submissions sealed for a different portal are still unsent.
    bool force = false;
};

/// Generates the terminal's key pair, enrolls with the portal, then writes the config, the
/// token and the key. Returns the resulting config, or nullopt with `error` set (nothing is
/// written on failure). Re-provisioning keeps the queue; moving to another portal while
/// submissions are unsent needs `force` (they stay queued, sealed for the old portal).
std::optional<TerminalConfig> provision(const Paths& paths, const ProvisionRequest& request,
                                        std::string& error);

/// What decommission() removed.
struct Decommissioned {
    int unsent_dropped = 0;
    int entries_removed = 0;
};

/// Wipes the token, the terminal key, the outbox and the downloaded catalog, and resets the
/// portal settings (device settings stay). Refuses, with `error`, while submissions are
/// unsent unless `force`.
std::optional<Decommissioned> decommission(const Paths& paths, bool force, std::string& error);

/// The terminal's public key (base64 ed25519), or "" before provisioning.
std::string terminal_public_key(const Paths& paths);

} // namespace kiosk
