#pragma once
// Every intent a screen can emit: the help bar's and "home", which the router handles itself,
// and each feature's own set, which its handler file acts on. A feature's intent converts to
// Intent implicitly, so a screen writes `return NextStep{};`.
#include "rating/intents.hpp"
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
/// "Nhờ cán bộ giúp": the citizen asks for a person; the staff desk lists the call.
struct CallStaff {};
/// "Hướng dẫn bằng giọng nói": the voice-and-keypad mode starts.
struct StartVoiceGuide {};

using Intent = std::variant<std::monostate, GoHome, ReadScreenAloud, NextTextSize, ToggleContrast,
                            ToggleLanguage, CallStaff, StartVoiceGuide, VisitIntent, TicketIntent,
                            RatingIntent, StaffIntent, TechnicianIntent>;

/// `later` when it asks for something, else `earlier`: of two parts of a screen, the one
/// drawn last wins a frame in which both were tapped.
inline Intent choose_intent(Intent earlier, Intent later) {
    return std::holds_alternative<std::monostate>(later) ? earlier : later;
}

} // namespace kiosk::ui
