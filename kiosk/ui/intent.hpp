#pragma once
// Every intent a screen can emit: the help bar's and "home", which the router handles itself,
// and each feature's own set, which its handler file acts on. A feature's intent converts to
// Intent implicitly, so a screen writes `return NextStep{};`.
#include "staff/intents.hpp"
#include "technician/intents.hpp"
#include "tickets/intents.hpp"
#include "visit/intents.hpp"

#include <variant>

namespace kiosk::ui {

struct GoHome {};
struct ReadScreenAloud {};
struct NextTextSize {};
struct ToggleContrast {};
struct ToggleLanguage {};

using Intent =
    std::variant<std::monostate, GoHome, ReadScreenAloud, NextTextSize, ToggleContrast,
                 ToggleLanguage, VisitIntent, TicketIntent, StaffIntent, TechnicianIntent>;

} // namespace kiosk::ui
