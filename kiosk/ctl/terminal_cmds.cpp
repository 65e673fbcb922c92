// kioskctl: provisioning, configuration, diagnostics.
#include "commands.hpp"
#include "common.hpp"
#include "core/diag.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>

namespace ctl {

int cmd_provision(const Context& ctx, const kiosk::ProvisionRequest& request) {
    std::string error;
    const auto config = kiosk::provision(ctx.paths, request, error);
    if (!config) {
        std::cerr << "provisioning failed: " << error << "\n";
        return kFailed;
    }
    std::cout << "provisioned terminal " << config->terminal_id << " for commune "
              << config->commune_code << " against " << config->portal_url << "\n"
              << "config written to " << ctx.paths.config_file << "\n\n";
    // Devices may not be plugged in yet: the diagnostics inform, they do not undo provisioning.
    Context provisioned = ctx;
    provisioned.config = *config;
    cmd_diag(provisioned, false);
    return 0;
}

int cmd_decommission(const Context& ctx, bool force) {
    std::string error;
    const auto done = kiosk::decommission(ctx.paths, force, error);
    if (!done) {
        std::cerr << "not decommissioned: " << error << "\n";
        return kFailed;
    }
    std::cout << "decommissioned: token, terminal key and " << done->entries_removed
              << " queue entries wiped";
    if (done->unsent_dropped > 0) std::cout << " (" << done->unsent_dropped << " never delivered)";
    std::cout << "\nrevoke the terminal on the portal: kiosk-portal revoke-terminal "
              << ctx.config.terminal_id << "\n";
    return 0;
}

int cmd_config_check(const std::string& path) {
    const auto problems = kiosk::check_config(path);
    for (const auto& p : problems)
        std::cout << p << "\n";
    if (problems.empty()) std::cout << path << ": ok\n";
    return problems.empty() ? 0 : kFailed;
}

int cmd_config_template() {
    std::cout << kiosk::config_text(kiosk::TerminalConfig{});
    return 0;
}

int cmd_diag(const Context& ctx, bool as_json) {
    const auto report = kiosk::run_diagnostics(ctx.paths, ctx.config);
    if (as_json) {
        std::cout << report.to_json().dump(2) << "\n";
    } else {
        for (const auto& c : report.checks)
            std::printf("%-4s  %-9s %s\n", kiosk::status_name(c.status), c.name.c_str(),
                        c.detail.c_str());
        std::cout << (report.ok() ? "all checks passed\n" : "some checks FAILED\n");
    }
    return report.ok() ? 0 : kFailed;
}

} // namespace ctl
