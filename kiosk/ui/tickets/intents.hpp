#pragma once
// What a citizen asks for on the queue-number screen ("Lấy số thứ tự").
#include <string>
#include <variant>

namespace kiosk::ui {

struct OpenTickets {};
struct TakeTicket {
    std::string line; ///< the line's code
};

using TicketIntent = std::variant<OpenTickets, TakeTicket>;

} // namespace kiosk::ui
