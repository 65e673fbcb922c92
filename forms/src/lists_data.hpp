#pragma once
// The shipped choice lists as the build compiled them in (forms/embed_lists.cmake).
#include <string_view>
#include <vector>

namespace forms::detail {

struct ShippedListSource {
    std::string_view file; ///< "ethnic_groups.json"
    std::string_view json; ///< the file's text
};

/// Every forms/lists/*.json file, sorted by name.
const std::vector<ShippedListSource>& shipped_list_sources();

} // namespace forms::detail
