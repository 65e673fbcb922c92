#pragma once
// The HTTP(S) API of the reference portal (sync/PROTOCOL.md).
#include "faults.hpp"
#include "portal_store.hpp"

#include <httplib.h>

namespace portal {

/// Registers every /api/v1 route on `server`, backed by `store` and `faults`.
void register_routes(httplib::Server& server, PortalStore& store, FaultInjector& faults);

} // namespace portal
