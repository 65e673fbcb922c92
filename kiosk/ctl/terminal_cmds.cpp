// kioskctl: provisioning, configuration, diagnostics.
#include "commands.hpp"
#include "common.hpp"
#include "forms/text.hpp"
#include "kiosk/diag.hpp"

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

namespace ctl {

int cmd_staff_add(const Context& ctx, const kiosk::StaffMember& member) {
    std::string pin;
    std::getline(std::cin, pin);
    if (!pin.empty() && pin.back() == '\r') pin.pop_back();
    kiosk::StaffStore store(ctx.paths);
    const auto error = store.add(member, pin);
    forms::wipe(pin);
    if (!error.empty()) {
        std::cerr << "staff add: " << error << "\n";
        return kBadInput;
    }
    std::cout << "added " << member.id << " (" << kiosk::role_name(member.role) << ")\n";
    return 0;
}

int cmd_staff_list(const Context& ctx, bool as_json) {
    const auto members = kiosk::StaffStore(ctx.paths).list();
    if (as_json) {
        auto out = json::array();
        for (const auto& m : members)
            out.push_back({{"id", m.id}, {"name", m.name}, {"role", kiosk::role_name(m.role)}});
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    for (const auto& m : members)
        std::cout << m.id << "  " << kiosk::role_name(m.role) << "  " << m.name << "\n";
    return 0;
}

int cmd_staff_remove(const Context& ctx, const std::string& id) {
    if (kiosk::StaffStore(ctx.paths).remove(id)) return 0;
    std::cerr << "staff remove: no account " << id << "\n";
    return kBadInput;
}

} // namespace ctl
