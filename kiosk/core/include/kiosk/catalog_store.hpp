#pragma once
// Which procedure catalog the terminal uses: the one installed with the package, or a newer
// one the province published, signed, and the terminal downloaded.
#include "forms/catalog.hpp"
#include "kiosk/config.hpp"
#include "sync/http_client.hpp"

#include <string>
#include <vector>

namespace kiosk {

/// The catalog in use and where it came from.
struct ActiveCatalog {
    forms::Catalog catalog;
    int version = 0;
    bool downloaded = false;
};

/// Version of the built-in catalog (the VERSION file beside it), 0 when absent.
int builtin_catalog_version(const Paths& paths);

/// The procedures of a catalog bundle (`{"format":1,"version":N,"procedures":[...]}`);
/// every broken procedure is reported in `issues` and left out.
forms::Catalog catalog_from_bundle(const std::string& bundle,
                                   std::vector<forms::CatalogIssue>& issues);

/// The newest usable catalog. A downloaded one is used only when its signature verifies with
/// the configured key, its version is above the built-in one and every procedure loads.
ActiveCatalog load_active_catalog(const Paths& paths, const TerminalConfig& config,
                                  std::vector<forms::CatalogIssue>& issues);

/// What update_catalog did.
struct CatalogUpdate {
    enum class Kind {
        up_to_date,
        installed,
        rejected,
        unavailable,
        /// The portal's newest catalog (signed, genuine) is not above the built-in one, so the
        /// terminal never installs it: the province must publish with a higher version.
        not_newer,
    } kind = Kind::unavailable;
    int version = 0;        ///< the version now in use
    int portal_version = 0; ///< the portal's newest catalog, when not_newer
    std::string error;      ///< why, when rejected, unavailable or not_newer
};

/// Asks the portal for a newer signed catalog and installs it atomically in the data folder.
/// A tampered, older or broken catalog is rejected and the one in use stays. On the built-in
/// catalog the terminal asks for the portal's newest whatever its version, so that a catalog
/// published at or below the built-in version is reported (not_newer) instead of being taken
/// for "up to date".
CatalogUpdate update_catalog(const Paths& paths, const TerminalConfig& config,
                             ksync::HttpClient& client);

} // namespace kiosk
