#include "catalog_index.hpp"

#include <filesystem>
#include <iostream>

namespace portal {

CatalogIndex::CatalogIndex(forms::Catalog builtin, int builtin_version)
    : builtin_version_(builtin_version) {
    auto& procedures = catalogs_[builtin_version];
    for (auto& p : builtin.procedures) {
        p.catalog_version = builtin_version;
        const auto code = p.code;
        procedures[code] = std::make_shared<const forms::Procedure>(std::move(p));
    }
}

void CatalogIndex::refresh(PortalStore& store) {
    std::int64_t after = 0;
    {
        std::lock_guard lock(mutex_);
        after = seen_seq_;
    }
    const auto fresh = store.publications_since(after);
    if (fresh.empty()) return;
    std::lock_guard lock(mutex_);
    for (const auto& publication : fresh) {
        seen_seq_ = std::max(seen_seq_, publication.seq);
        if (publication.version == builtin_version_) continue;
        const auto bundle = nlohmann::json::parse(publication.bundle, nullptr, false);
        if (!bundle.is_object() || !bundle.contains("procedures") ||
            !bundle["procedures"].is_array())
            continue;
        auto& procedures = catalogs_[publication.version];
        procedures.clear(); // a republished version replaces the earlier one as a whole
        std::vector<forms::CatalogIssue> issues;
        for (const auto& definition : bundle["procedures"]) {
            auto p = forms::load_procedure(definition, "catalog", issues);
            if (!p) continue;
            p->catalog_version = publication.version;
            const auto code = p->code;
            procedures[code] = std::make_shared<const forms::Procedure>(std::move(*p));
        }
        if (!issues.empty())
            std::cerr << "kiosk-portal: catalog version " << publication.version << ": "
                      << issues.size() << " definition(s) do not load\n";
    }
}

std::shared_ptr<const forms::Procedure>
CatalogIndex::find(int catalog_version, const std::string& code, int form_version) const {
    std::lock_guard lock(mutex_);
    const auto in = [&](const auto& procedures) -> std::shared_ptr<const forms::Procedure> {
        const auto it = procedures.find(code);
        return it != procedures.end() && (form_version == 0 || it->second->version == form_version)
                   ? it->second
                   : nullptr;
    };
    if (catalog_version > 0) {
        const auto catalog = catalogs_.find(catalog_version);
        return catalog == catalogs_.end() ? nullptr : in(catalog->second);
    }
    for (auto it = catalogs_.rbegin(); it != catalogs_.rend(); ++it)
        if (auto found = in(it->second)) return found;
    return nullptr;
}

std::string default_catalog_dir(const char* argv0) {
    namespace fs = std::filesystem;
    std::error_code ec;
    auto exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) exe = fs::absolute(argv0 ? argv0 : ".");
    const auto share = exe.parent_path().parent_path() / "share";
    for (const auto* package : {"kiosk-portal", "commune-kiosk"})
        if (fs::exists(share / package / "catalog", ec))
            return (share / package / "catalog").string();
    return (share / "kiosk-portal" / "catalog").string();
}

} // namespace portal
