#pragma once
// Terminal diagnostics (`kioskctl diag`, run after provisioning): configuration, portal,
// clock, disk, database and the configured devices. Reports carry no personal data.
#include "devices/camera.hpp"
#include "kiosk/config.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kiosk {

struct DiagCheck {
    enum class Status { ok, warn, fail };
    std::string name; ///< "portal", "clock", "disk", ...
    Status status = Status::ok;
    std::string detail; ///< one line for a technician
    /// The same line in Vietnamese, for the technician screen (paths, addresses and system
    /// errors are quoted as they are); kioskctl and the JSON report keep `detail`.
    std::string detail_vi;
};

struct DiagReport {
    std::vector<DiagCheck> checks;
    /// True when no check failed (warnings allowed).
    bool ok() const;
    /// `{"ok": bool, "checks": [{"name", "status", "detail"}]}`.
    nlohmann::json to_json() const;
};

/// "ok", "warn" or "fail".
const char* status_name(DiagCheck::Status status);

/// Runs every check; network checks give up after `timeout_ms`. A program that already holds
/// the camera passes it as `camera` (a V4L2 device streams to one reader at a time).
DiagReport run_diagnostics(const Paths& paths, const TerminalConfig& config, long timeout_ms = 5000,
                           const devices::Camera* camera = nullptr);

} // namespace kiosk
