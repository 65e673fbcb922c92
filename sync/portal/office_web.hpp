#pragma once
// The province back office at /office/: officials log in, find and open dossiers, change their
// national status with a note the citizen sees, and watch the fleet. Server-rendered HTML,
// Vietnamese first; every view of personal data and every change goes to the audit log.
#include "catalog_index.hpp"
#include "portal_server.hpp"
#include "portal_store.hpp"

#include <httplib.h>
#include <string>

namespace portal {

struct OfficeContext {
    PortalStore& store;
    CatalogIndex& catalogs;
    const forms::AdminUnits* units; ///< names the communes of addresses; may be null
    std::string stylesheet;      ///< Bootstrap's CSS as read at start-up; empty when not installed
    bool secure_cookies = false; ///< the portal speaks TLS itself (or behind a TLS proxy)
    bool behind_proxy = false;   ///< a proxy in front appends the client to X-Forwarded-For
    RateLimiter login_limiter{5, std::chrono::seconds(12)}; ///< per remote address
};

/// Registers every /office route on `server`.
void register_office_routes(httplib::Server& server, OfficeContext& context);

/// Escapes `text` for HTML text and attribute values.
std::string html_escape(std::string_view text);

} // namespace portal
