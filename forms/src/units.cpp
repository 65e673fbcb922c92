#include "forms/units.hpp"

#include "forms/text.hpp"

#include <algorithm>
#include <array>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>

namespace forms {

namespace {

constexpr const char* kUnitTypes[] = {"thanh pho ", "tinh ",  "thi xa ", "thi tran ", "xa ",
                                      "phuong ",    "huyen ", "quan ",   "dac khu "};

// The unit type prefix of a folded name ("tinh ", "xa ", ...), or "" when it has none.
// A view, not a copy: an address is matched against every legacy unit in turn.
std::string_view unit_type(std::string_view folded) {
    for (const char* p : kUnitTypes)
        if (folded.starts_with(p)) return p;
    return {};
}

// Splits a folded address at commas into trimmed parts.
std::vector<std::string> parts_of(const std::string& folded) {
    std::vector<std::string> parts;
    std::stringstream in(folded);
    std::string part;
    while (std::getline(in, part, ',')) {
        auto t = std::string(trim(part));
        if (!t.empty()) parts.push_back(t);
    }
    return parts;
}

// "tinh hung yen" and "hung yen" name the same unit; "quan ba dinh" and "phuong ba dinh" do
// not: when the address names the unit type, the types must agree too.
bool same_unit(std::string_view part, std::string_view folded_name) {
    const auto part_type = unit_type(part), name_type = unit_type(folded_name);
    if (!part_type.empty() && part_type != name_type) return false;
    return part.substr(part_type.size()) == folded_name.substr(name_type.size());
}

} // namespace

std::optional<AdminUnits> AdminUnits::load(const std::string& path, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot open units file " + path;
        return std::nullopt;
    }
    std::stringstream text;
    text << in.rdbuf();
    return parse(text.str(), error);
}

std::optional<AdminUnits> AdminUnits::parse(std::string_view json_text, std::string& error) {
    const auto j = nlohmann::json::parse(json_text, nullptr, false);
    if (!j.is_object() || j.value("format", 0) != 1 || !j.contains("provinces") ||
        !j.contains("communes")) {
        error = "units file is not format 1";
        return std::nullopt;
    }
    AdminUnits units;
    std::vector<std::array<std::string, 4>> legacy; // folded ward, district, province; code
    try {
        const auto& provinces = j.at("provinces");
        const auto& communes = j.at("communes");
        units.provinces_.reserve(provinces.size());
        units.communes_.reserve(communes.size());
        for (const auto& p : provinces)
            units.provinces_.push_back({p.at(0).get<std::string>(), p.at(1).get<std::string>()});
        for (const auto& c : communes)
            units.communes_.push_back({c.at(0).get<std::string>(), c.at(1).get<std::string>(),
                                       c.at(2).get<std::string>()});
        if (j.contains("legacy"))
            for (const auto& m : j.at("legacy"))
                legacy.push_back({fold_for_search(m.at(1).get<std::string>()),
                                  fold_for_search(m.at(2).get<std::string>()),
                                  fold_for_search(m.at(3).get<std::string>()),
                                  m.at(4).get<std::string>()});
    } catch (const nlohmann::json::exception&) {
        error = "units file has a malformed entry";
        return std::nullopt;
    }
    std::sort(units.communes_.begin(), units.communes_.end(),
              [](const Commune& a, const Commune& b) { return a.code < b.code; });
    units.folded_commune_names_.reserve(units.communes_.size());
    for (const auto& c : units.communes_)
        units.folded_commune_names_.push_back(fold_for_search(c.name));
    for (const auto& p : units.provinces_)
        units.folded_province_names_.push_back(fold_for_search(p.name));
    // Address pickers list a province's communes every frame: sort them once here.
    units.communes_by_province_.resize(units.provinces_.size());
    for (std::size_t p = 0; p < units.provinces_.size(); ++p) {
        auto& list = units.communes_by_province_[p];
        for (std::size_t i = 0; i < units.communes_.size(); ++i)
            if (units.communes_[i].province_code == units.provinces_[p].code) list.push_back(i);
        std::sort(list.begin(), list.end(), [&](std::size_t a, std::size_t b) {
            return units.folded_commune_names_[a] < units.folded_commune_names_[b];
        });
    }
    // A mapping to a commune the file does not list can never answer: it is left out.
    std::unordered_map<std::string, NameRef> interned;
    const auto intern = [&](const std::string& name) {
        const auto [it, added] = interned.try_emplace(name);
        if (added) {
            it->second = {static_cast<std::uint32_t>(units.legacy_names_.size()),
                          static_cast<std::uint32_t>(name.size())};
            units.legacy_names_ += name;
        }
        return it->second;
    };
    units.legacy_.reserve(legacy.size());
    for (const auto& [ward, district, province, code] : legacy)
        if (const Commune* c = units.commune(code))
            units.legacy_.push_back({intern(ward), intern(district), intern(province),
                                     static_cast<std::uint32_t>(c - units.communes_.data())});
    units.legacy_.shrink_to_fit();
    units.legacy_names_.shrink_to_fit();
    return units;
}

const Commune* AdminUnits::commune(std::string_view code) const {
    const auto it =
        std::lower_bound(communes_.begin(), communes_.end(), code,
                         [](const Commune& c, std::string_view k) { return c.code < k; });
    return it != communes_.end() && it->code == code ? &*it : nullptr;
}

const Province* AdminUnits::province(std::string_view code) const {
    for (const auto& p : provinces_)
        if (p.code == code) return &p;
    return nullptr;
}

std::vector<const Commune*> AdminUnits::communes_of(std::string_view province_code) const {
    std::vector<const Commune*> out;
    for (std::size_t p = 0; p < provinces_.size(); ++p)
        if (provinces_[p].code == province_code)
            for (const auto i : communes_by_province_[p])
                out.push_back(&communes_[i]);
    return out;
}

std::vector<const Commune*> AdminUnits::search(std::string_view query,
                                               std::string_view province_code,
                                               std::size_t limit) const {
    const auto needle = fold_for_search(query);
    std::vector<const Commune*> out;
    for (std::size_t i = 0; i < communes_.size() && out.size() < limit; ++i) {
        if (!province_code.empty() && communes_[i].province_code != province_code) continue;
        if (folded_commune_names_[i].find(needle) != std::string::npos)
            out.push_back(&communes_[i]);
    }
    return out;
}

const Commune* AdminUnits::commune_for_address(std::string_view address) const {
    const auto parts = parts_of(fold_for_search(address));
    if (parts.size() < 2) return nullptr;
    const std::string& last = parts.back();
    // Today's two-tier form: "..., xã X, tỉnh Y".
    const std::string& before_last = parts[parts.size() - 2];
    for (std::size_t p = 0; p < provinces_.size(); ++p) {
        if (!same_unit(last, folded_province_names_[p])) continue;
        for (std::size_t i = 0; i < communes_.size(); ++i)
            if (communes_[i].province_code == provinces_[p].code &&
                same_unit(before_last, folded_commune_names_[i]))
                return &communes_[i];
    }
    // Pre-2025 form: "..., xã X, huyện Y, tỉnh Z".
    if (parts.size() < 3) return nullptr;
    const std::string& ward = parts[parts.size() - 3];
    // A unit's name ends with the part's name without its type: a cheap test that rules out
    // nearly every one of the thousands of legacy units before the full comparison.
    const auto bare = [](std::string_view part) { return part.substr(unit_type(part).size()); };
    const std::string_view province = bare(last), district = bare(before_last),
                           ward_name = bare(ward);
    const Commune* found = nullptr;
    for (const auto& m : legacy_) {
        const auto m_ward = legacy_name(m.ward), m_district = legacy_name(m.district),
                   m_province = legacy_name(m.province);
        if (!m_ward.ends_with(ward_name) || !m_district.ends_with(district) ||
            !m_province.ends_with(province))
            continue;
        if (!same_unit(last, m_province) || !same_unit(before_last, m_district) ||
            !same_unit(ward, m_ward))
            continue;
        const Commune* c = &communes_[m.commune];
        // An old commune split between new ones is ambiguous: let the citizen choose.
        if (found && found != c) return nullptr;
        found = c;
    }
    return found;
}

} // namespace forms
