#pragma once
// Every procedure definition a terminal may have filled a form from: the catalog built into
// the package and every catalog the province ever published. The portal checks each
// submission's answers against the very definition the terminal used.
#include "forms/catalog.hpp"
#include "portal_store.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace portal {

class CatalogIndex {
public:
    /// `builtin` is the package's catalog, `builtin_version` its VERSION (0 when absent).
    CatalogIndex(forms::Catalog builtin, int builtin_version);

    /// Takes in the publications stored since the last call (another process may publish).
    void refresh(PortalStore& store);

    /// The definition of `code` at `form_version` in catalog `catalog_version`; a
    /// `catalog_version` of 0 (a terminal of protocol 1) searches every catalog, newest first,
    /// and a `form_version` of 0 takes any version (to name a procedure).
    std::shared_ptr<const forms::Procedure> find(int catalog_version, const std::string& code,
                                                 int form_version) const;

    /// The built-in catalog's version, which terminals report while they use it.
    int builtin_version() const { return builtin_version_; }

private:
    mutable std::mutex mutex_;
    int builtin_version_;
    std::int64_t seen_seq_ = 0;
    /// Catalog version → its procedures by code. The built-in catalog owns its version:
    /// a terminal installs a download only when it is above the built-in one.
    std::map<int, std::map<std::string, std::shared_ptr<const forms::Procedure>>> catalogs_;
};

/// The package's catalog folder next to `argv0` (<prefix>/share/kiosk-portal/catalog, else
/// the terminal's <prefix>/share/commune-kiosk/catalog of a build tree).
std::string default_catalog_dir(const char* argv0);

} // namespace portal
