#pragma once
// Queue numbers for the counter: a citizen picks a service line and gets a numbered ticket
// from the printer (or, without one, the number large on screen). Nothing personal: the
// desk holds the last number given and whether it printed.
#include "desk.hpp"
#include "intent.hpp"
#include "service_types.hpp"

#include <optional>

namespace kiosk::ui {

struct UiContext;
struct ScreenInputs;

struct TicketDesk {
    bool taking = false; ///< a number is being taken and printed
    /// The last answer: the number given and whether its ticket printed, or why none was.
    std::optional<TicketTaken> last;
    bool scroll_to_top = false; ///< bring the number just given to the top of the screen

    /// Forgets the last number: the next person starts with the list of lines.
    void reset() { *this = TicketDesk{}; }
};

// The desk's handlers (tickets/handle.cpp).

/// Acts on `intent`; a number is taken only on the ticket screen, one at a time.
void handle(const TicketIntent& intent, TicketDesk& desk, DeskContext& context);
/// A number was given (or not): the screen shows it.
void on_event(TicketDesk& desk, DeskContext& context, TicketTaken& event);

/// The configured lines of `config` (none: the feature is off).
std::vector<ServiceLine> configured_lines(const TerminalConfig* config);

// The desk's screen.

/// The lines to take a number for, and the number just given.
Intent draw_tickets(UiContext& ui, const ScreenInputs& in, TicketDesk& desk);

} // namespace kiosk::ui
