#include "common.hpp"

#include "kiosk/status_lookup.hpp"

#include <chrono>
#include <iostream>

namespace ctl {

forms::EngineContext Context::engine() {
    if (!units) {
        std::string error;
        units = forms::AdminUnits::load(paths.units_file(), error);
        if (!units) std::cerr << "warning: " << error << "\n";
    }
    return {forms::today_in_vietnam(), units ? &*units : nullptr};
}

kiosk::ActiveCatalog load_active_catalog(const Context& ctx) {
    std::vector<forms::CatalogIssue> issues;
    auto active = kiosk::load_active_catalog(ctx.paths, ctx.config, issues);
    for (const auto& issue : issues)
        std::cerr << "warning: " << issue.to_string() << "\n";
    return active;
}

forms::Catalog load_catalog(const Context& ctx) {
    return load_active_catalog(ctx).catalog;
}

std::unique_ptr<ksync::HttpClient> portal_client(const Context& ctx, long limit_ms) {
    return kiosk::portal_client(ctx.paths, ctx.config, limit_ms);
}

bool require_provisioned(const Context& ctx) {
    if (ctx.config.provisioned()) return true;
    std::cerr << "terminal is not provisioned: run kioskctl provision first\n";
    return false;
}

std::optional<forms::Identity> read_identity(const std::string& path, int& exit_code) {
    if (path.empty()) return forms::Identity{};
    const auto payload = kiosk::read_file_or_stdin(path);
    if (!payload) {
        std::cerr << "cannot read " << path << "\n";
        exit_code = kBadInput;
        return std::nullopt;
    }
    auto parsed = forms::parse_id_qr(*payload);
    if (auto* err = std::get_if<forms::IdParseError>(&parsed)) {
        std::cerr << "invalid ID QR: " << err->reason << "\n";
        exit_code = kBadInput;
        return std::nullopt;
    }
    return std::get<forms::Identity>(parsed);
}

} // namespace ctl
