#pragma once
// Shared by kioskctl's command files: exit codes, the run's context and small helpers.
#include "forms/catalog.hpp"
#include "forms/engine.hpp"
#include "forms/identity.hpp"
#include "forms/submission.hpp"
#include "forms/units.hpp"
#include "kiosk/catalog_store.hpp"
#include "kiosk/config.hpp"
#include "kiosk/files.hpp"
#include "kiosk/provision.hpp"
#include "kiosk/status_lookup.hpp"
#include "kiosk/submit.hpp"
#include "sync/outbox.hpp"
#include "sync/portal_api.hpp"
#include "sync/sync_engine.hpp"

#include <memory>
#include <optional>
#include <string>

namespace ctl {

using nlohmann::json;

// Exit codes: 0 success, 1 the operation failed, 2 bad input.
constexpr int kFailed = 1;
constexpr int kBadInput = 2;

/// Paths, config and lazily loaded data for one kioskctl run.
struct Context {
    kiosk::Paths paths;
    kiosk::TerminalConfig config;
    std::optional<forms::AdminUnits> units;

    /// Validation context for today, with administrative units when they load.
    forms::EngineContext engine();
};

using kiosk::iso_time;

/// The catalog in use, with warnings about a refused download on stderr.
kiosk::ActiveCatalog load_active_catalog(const Context& ctx);

/// The procedures of the catalog in use.
forms::Catalog load_catalog(const Context& ctx);

/// A client for the provisioned portal whose requests never outlive `limit_ms`.
std::unique_ptr<ksync::HttpClient> portal_client(const Context& ctx, long limit_ms);

/// Reads --identity FILE (a raw QR payload, "-" for standard input; an empty path is no
/// card); prints `cannot read FILE` or `invalid ID QR: <reason>`, sets `exit_code` and returns
/// nullopt when it cannot.
std::optional<forms::Identity> read_identity(const std::string& path, int& exit_code);

/// True when provisioned; otherwise says how to fix it on stderr.
bool require_provisioned(const Context& ctx);

} // namespace ctl
