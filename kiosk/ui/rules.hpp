#pragma once
// The visit's business rules as pure functions: no window, no workers, unit-tested.
#include "forms/catalog.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace kiosk::ui {

/// True when a document whose photo is required has none, while the camera could take it (a
/// broken camera must not stop the visit: the counter checks the paper instead).
bool missing_required_photo(const forms::Procedure& procedure, bool camera_ready,
                            const std::function<bool(const std::string&)>& photographed);

/// The cash fee staff typed, in đồng: digits only ("8.000 đ" is 8000), capped below 10⁹.
std::int64_t parse_fee_vnd(std::string_view typed);

/// What the staff's fee field shows first: the procedure's fee, or nothing when it is free.
std::string default_fee_text(const forms::Procedure& procedure,
                             std::optional<long long> due = std::nullopt);

} // namespace kiosk::ui
