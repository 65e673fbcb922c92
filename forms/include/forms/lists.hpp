#pragma once
// Choice lists shipped with the forms library: the answers a `choice_list` field accepts
// (ethnic groups, banks, countries). The data is forms/lists/*.json, compiled into the library
// at build time; forms/FORMAT.md "Choice lists" describes them.
#include "forms/catalog.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace forms {

struct ListItem {
    std::string value;             ///< the answer stored and sent ("Kinh", "970405", "Việt Nam")
    Text label;                    ///< what the citizen reads and taps
    std::string code;              ///< the official code ("01", "VN"); empty when none
    std::vector<std::string> also; ///< other names search finds the item by ("Việt" for Kinh)
};

struct ChoiceList {
    std::string name; ///< "ethnic_groups"
    Text title;       ///< what one item is ("Dân tộc")
    std::vector<ListItem> items;
    /// The item whose value is `value` (exactly), or nullptr.
    const ListItem* find(std::string_view value) const;
};

/// The shipped list called `name`, or nullptr.
const ChoiceList* find_list(std::string_view name);

/// The names of every shipped list, sorted ("banks", "countries", "ethnic_groups").
std::vector<std::string> list_names();

/// Whether `query` finds `item`: its label in either language, value, code or other names hold
/// the query regardless of case, accents, spaces and hyphens ("tay" finds "Tày", "hmong"
/// "HMông", "canada" "Ca-na-đa", "9704" the banks whose BIN starts so). An empty query finds
/// every item.
bool list_item_matches(const ListItem& item, std::string_view query);

/// `text` as list search compares it: lower case, without accents, spaces, hyphens and
/// apostrophes ("Gia-rai" and "Gia Rai" are "giarai").
std::string list_search_key(std::string_view text);

/// The label of `value` in `list_name` in `lang`, or `value` itself when the list or the value
/// is unknown.
std::string list_label(std::string_view list_name, const std::string& value, Lang lang);

} // namespace forms
