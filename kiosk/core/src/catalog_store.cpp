#include "kiosk/catalog_store.hpp"

#include "kiosk/files.hpp"

#include "sync/portal_api.hpp"

#include <fstream>
#include <sstream>

namespace kiosk {

namespace {

// The downloaded catalog, verified again at every start: the data folder is writable by the
// kiosk user, so its content is trusted only with a valid signature.
std::optional<ksync::SignedCatalog>
read_downloaded(const Paths& paths, const TerminalConfig& config, std::string& error) {
    const auto text = read_file(paths.downloaded_catalog());
    if (!text) return std::nullopt;
    const auto key = ksync::base64_decode(config.catalog_signing_key);
    auto signed_catalog = ksync::parse_signed_catalog(*text, error);
    if (!signed_catalog) return std::nullopt;
    if (!key || !ksync::verify_signed_catalog(*signed_catalog, *key, error)) return std::nullopt;
    return signed_catalog;
}

} // namespace

int builtin_catalog_version(const Paths& paths) {
    std::ifstream in(paths.catalog_dir() + "/VERSION");
    int version = 0;
    in >> version;
    return in ? version : 0;
}

forms::Catalog catalog_from_bundle(const std::string& bundle,
                                   std::vector<forms::CatalogIssue>& issues) {
    forms::Catalog catalog;
    const auto j = nlohmann::json::parse(bundle, nullptr, false);
    const std::string name = "catalog bundle";
    if (!j.is_object() || !j.contains("procedures") || !j["procedures"].is_array()) {
        issues.push_back({name, "/procedures", "missing or not a list"});
        return catalog;
    }
    if (j.contains("holidays")) {
        std::string error;
        if (auto calendar = forms::WorkingCalendar::from_json(j["holidays"].dump(), error))
            catalog.calendar = std::move(*calendar);
        else
            issues.push_back({name, "/holidays", error});
    }
    const auto& procedures = j["procedures"];
    for (std::size_t i = 0; i < procedures.size(); ++i) {
        const auto file = name + "#/procedures/" + std::to_string(i);
        auto procedure = forms::load_procedure(procedures[i], file, issues);
        if (!procedure) continue;
        if (catalog.find(procedure->code))
            issues.push_back({file, "/code", "duplicate procedure code " + procedure->code});
        else
            catalog.procedures.push_back(std::move(*procedure));
    }
    std::sort(catalog.procedures.begin(), catalog.procedures.end(),
              [](const auto& a, const auto& b) { return a.code < b.code; });
    return catalog;
}

ActiveCatalog load_active_catalog(const Paths& paths, const TerminalConfig& config,
                                  std::vector<forms::CatalogIssue>& issues) {
    ActiveCatalog active;
    active.version = builtin_catalog_version(paths);
    std::string error;
    if (const auto downloaded = read_downloaded(paths, config, error)) {
        std::vector<forms::CatalogIssue> bundle_issues;
        auto catalog = catalog_from_bundle(downloaded->bundle, bundle_issues);
        if (downloaded->version > active.version && bundle_issues.empty() &&
            !catalog.procedures.empty()) {
            active.catalog = std::move(catalog);
            active.version = downloaded->version;
            active.downloaded = true;
            for (auto& procedure : active.catalog.procedures)
                procedure.catalog_version = active.version;
            return active;
        }
        issues.insert(issues.end(), bundle_issues.begin(), bundle_issues.end());
    } else if (!error.empty()) {
        issues.push_back({paths.downloaded_catalog(), "/", error + "; using the built-in catalog"});
    }
    active.catalog = forms::load_catalog_dir(paths.catalog_dir(), issues);
    for (auto& procedure : active.catalog.procedures)
        procedure.catalog_version = active.version;
    return active;
}

CatalogUpdate update_catalog(const Paths& paths, const TerminalConfig& config,
                             ksync::HttpClient& client) {
    CatalogUpdate update;
    std::vector<forms::CatalogIssue> ignored;
    const auto active = load_active_catalog(paths, config, ignored);
    update.version = active.version;
    const auto key = ksync::base64_decode(config.catalog_signing_key);
    if (!key || key->empty()) {
        update.error = "no catalog signing key in the config (provision the terminal)";
        return update;
    }
    // The portal answers 204 when its newest catalog has the version asked about. A terminal
    // on its built-in catalog asks for any published one (since=0): a catalog published at the
    // built-in version would otherwise read as "up to date" while none of it is in use.
    auto check = ksync::check_catalog(client, active.downloaded ? active.version : 0, *key);
    switch (check.kind) {
    case ksync::CatalogCheck::Kind::up_to_date:
        update.kind = CatalogUpdate::Kind::up_to_date;
        return update;
    case ksync::CatalogCheck::Kind::unavailable:
        update.error = check.error;
        return update;
    case ksync::CatalogCheck::Kind::rejected:
        update.kind = CatalogUpdate::Kind::rejected;
        update.error = check.error;
        return update;
    case ksync::CatalogCheck::Kind::newer:
        break;
    }
    if (check.catalog.version <= update.version) {
        // Signed by the portal, so not an attack on the terminal: the province published a
        // version this terminal can never install.
        update.kind = CatalogUpdate::Kind::not_newer;
        update.portal_version = check.catalog.version;
        update.error =
            "the portal's newest catalog (version " + std::to_string(check.catalog.version) +
            ") is not newer than the built-in catalog (version " + std::to_string(update.version) +
            ") of this terminal: ask the province to publish with --version " +
            std::to_string(update.version + 1);
        return update;
    }
    // A signed catalog can still be one this build cannot read (a newer format): keep ours.
    std::vector<forms::CatalogIssue> issues;
    const auto catalog = catalog_from_bundle(check.catalog.bundle, issues);
    if (!issues.empty() || catalog.procedures.empty()) {
        update.kind = CatalogUpdate::Kind::rejected;
        update.error = issues.empty() ? "catalog has no procedures"
                                      : "catalog does not load: " + issues.front().to_string();
        return update;
    }
    if (!write_file_atomically(paths.downloaded_catalog(), ksync::to_json(check.catalog).dump(),
                               false, update.error))
        return update;
    update.kind = CatalogUpdate::Kind::installed;
    update.version = check.catalog.version;
    return update;
}

} // namespace kiosk
