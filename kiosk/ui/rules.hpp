#pragma once
// The visit's business rules as pure functions: no window, no workers, unit-tested.
#include "forms/catalog.hpp"
#include "forms/engine.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace kiosk::ui {

/// True when a document the canonical `answers` require (forms::photo_required) is neither
/// photographed nor marked "nộp tại quầy" (`covered`), while the camera could take it (a
/// broken camera must not stop the visit: the counter checks the paper instead).
bool missing_required_photo(const forms::Procedure& procedure, const forms::Answers& answers,
                            bool camera_ready,
                            const std::function<bool(const std::string&)>& covered);

/// The ids of the documents the canonical `answers` require that have no photo and go to the
/// counter: those the citizen marked (`marked`), and every one while the camera is not ready.
std::vector<std::string>
documents_at_counter(const forms::Procedure& procedure, const forms::Answers& answers,
                     bool camera_ready, const std::function<bool(const std::string&)>& photographed,
                     const std::function<bool(const std::string&)>& marked);

/// The cash fee staff typed, in đồng: digits only ("8.000 đ" is 8000), capped below 10⁹.
std::int64_t parse_fee_vnd(std::string_view typed);

/// What the staff's fee field shows first: the procedure's fee, or nothing when it is free.
std::string default_fee_text(const forms::Procedure& procedure,
                             std::optional<long long> due = std::nullopt);

} // namespace kiosk::ui
