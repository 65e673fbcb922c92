#pragma once
// Vietnam's administrative units (two tiers since 1 July 2025) and the mapping from
// pre-2025 communes, for address pickers and for addresses printed on older ID cards.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace forms {

struct Province {
    std::string code;
    std::string name;
};

struct Commune {
    std::string code;
    std::string name;
    std::string province_code;
};

class AdminUnits {
public:
    /// Loads a units file (forms/units/README.md); nullopt with `error` set when malformed.
    static std::optional<AdminUnits> load(const std::string& path, std::string& error);
    /// Builds units from parsed JSON text (used by load and by tests).
    static std::optional<AdminUnits> parse(std::string_view json_text, std::string& error);

    const std::vector<Province>& provinces() const { return provinces_; }
    /// Communes of one province, in accent-insensitive name order (sorted once at load).
    std::vector<const Commune*> communes_of(std::string_view province_code) const;
    const Commune* commune(std::string_view code) const;
    const Province* province(std::string_view code) const;

    /// Communes whose accent-free name contains the accent-free `query`, within a province
    /// when `province_code` is not empty; at most `limit`.
    std::vector<const Commune*> search(std::string_view query, std::string_view province_code,
                                       std::size_t limit) const;

    /// Today's commune for a free-text address: a current "xã/phường, tỉnh" pair, or a
    /// pre-2025 "xã, huyện, tỉnh" triple found in the legacy mappings. nullptr when unsure.
    const Commune* commune_for_address(std::string_view address) const;

private:
    /// A folded name in `legacy_names_`.
    struct NameRef {
        std::uint32_t at = 0, size = 0;
    };
    /// A pre-2025 commune and the commune it became. The kiosk keeps these for its whole
    /// run, and eleven thousand of them as strings took 2 MB: the names are kept once each
    /// (districts and provinces repeat) and the new commune as its index.
    struct Legacy {
        NameRef ward, district, province;
        std::uint32_t commune = 0; ///< index in communes_
    };
    std::string_view legacy_name(NameRef ref) const {
        return std::string_view(legacy_names_).substr(ref.at, ref.size);
    }
    std::vector<Province> provinces_;
    std::vector<Commune> communes_; // sorted by code
    std::vector<std::string> folded_commune_names_;
    std::vector<std::string> folded_province_names_;
    std::vector<std::vector<std::size_t>> communes_by_province_; // indices, parallel to provinces_
    std::vector<Legacy> legacy_;
    std::string legacy_names_; // the folded names legacy_ refers to, each once
};

} // namespace forms
