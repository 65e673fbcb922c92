// What a citizen's intents and the workers' answers do at the queue-number screen.
#include "kiosk/receipt.hpp"
#include "overloaded.hpp"
#include "tickets/tickets.hpp"

namespace kiosk::ui {

std::vector<ServiceLine> configured_lines(const TerminalConfig* config) {
    return config ? service_lines(config->counter) : std::vector<ServiceLine>{};
}

void handle(const TicketIntent& intent, TicketDesk& desk, DeskContext& context) {
    const auto& config = context.services.terminal_config();
    std::visit(Overloaded{
                   [&](const OpenTickets&) {
                       if (configured_lines(&config).empty()) return;
                       desk.reset();
                       context.screen = ScreenId::tickets;
                   },
                   [&](const TakeTicket& i) {
                       // One number per tap: a second tap while the first prints is ignored.
                       if (context.screen != ScreenId::tickets || desk.taking ||
                           !find_service_line(config.counter, i.line))
                           return;
                       desk.taking = true;
                       desk.last.reset();
                       TicketJob job;
                       job.kind = TicketJob::Kind::take;
                       job.line = i.line;
                       job.office = office_name(config, context.units);
                       context.services.tickets(std::move(job));
                   },
               },
               intent);
}

void on_event(TicketDesk& desk, DeskContext&, TicketTaken& e) {
    // Nobody waits for an answer that comes after "home" (the ticket printed all the same).
    if (!desk.taking) return;
    desk.taking = false;
    desk.last = std::move(e);
    desk.scroll_to_top = true;
}

} // namespace kiosk::ui
