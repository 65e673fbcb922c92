// kioskctl: queue numbers for the counter ([counter] lines), for tests and for a staff PC.
#include "commands.hpp"
#include "common.hpp"
#include "devices/receipt.hpp"
#include "kiosk/counter.hpp"
#include "kiosk/device_setup.hpp"
#include "kiosk/receipt.hpp"

#include <iostream>

namespace ctl {

namespace {

// The configured line `code`; says why not on stderr.
std::optional<kiosk::ServiceLine> line_named(const Context& ctx, const std::string& code) {
    auto line = kiosk::find_service_line(ctx.config.counter, code);
    if (!line) {
        std::cerr << "counter: no line " << code << " in [counter] lines";
        if (kiosk::service_lines(ctx.config.counter).empty())
            std::cerr << " (queue numbers are off: the list is empty)";
        std::cerr << "\n";
    }
    return line;
}

// Prints `ticket` on the configured printer; the exit code.
int print_ticket(const Context& ctx, const kiosk::Ticket& ticket, const kiosk::ServiceLine& line) {
    const auto printer = kiosk::open_printer(ctx.config.devices);
    if (!printer) {
        std::cerr << "no receipt printer configured ([devices] printer)\n";
        return kFailed;
    }
    std::string error;
    const auto units = forms::AdminUnits::load(ctx.paths.units_file(), error);
    const auto blocks = kiosk::ticket_blocks(
        ticket, line.name, kiosk::office_name(ctx.config, units ? &*units : nullptr),
        ctx.config.terminal_id);
    const auto& d = ctx.config.devices;
    const auto result = printer->print(devices::escpos_job(
        blocks, d.printer_width_dots, devices::ReceiptFonts::installed(), d.printer_native_qr));
    if (result != devices::PrinterStatus::ready) {
        std::cerr << printer->name() << ": not printed: " << devices::printer_status_name(result)
                  << "\n";
        return kFailed;
    }
    return 0;
}

} // namespace

int cmd_counter_take(const Context& ctx, const std::string& code, bool print) {
    const auto line = line_named(ctx, code);
    if (!line) return kBadInput;
    kiosk::TicketStore store(ctx.paths.tickets());
    const auto ticket = store.take(line->code, ksync::unix_now());
    // The number is given (and on disk) whether or not the ticket prints.
    std::cout << ticket.number << "\n";
    return print ? print_ticket(ctx, ticket, *line) : 0;
}

int cmd_counter_next(const Context& ctx, const std::string& code, int counter) {
    const auto line = line_named(ctx, code);
    if (!line) return kBadInput;
    if (counter < 1 || counter > ctx.config.counter.counters) {
        std::cerr << "counter: --counter must be 1 to " << ctx.config.counter.counters
                  << " ([counter] counters)\n";
        return kBadInput;
    }
    kiosk::TicketStore store(ctx.paths.tickets());
    const auto call = store.call_next(line->code, counter, ksync::unix_now());
    if (!call) {
        std::cerr << "counter: nobody is waiting on " << line->code << "\n";
        return kFailed;
    }
    std::cout << call->number << "\n";
    return 0;
}

int cmd_counter_status(const Context& ctx, bool as_json) {
    kiosk::TicketStore store(ctx.paths.tickets());
    const auto now = ksync::unix_now();
    const auto counts = store.counts(kiosk::service_lines(ctx.config.counter), now);
    if (as_json) {
        auto out = json::array();
        for (const auto& c : counts)
            out.push_back({{"line", c.code},
                           {"name", c.name},
                           {"issued", c.issued},
                           {"called", c.called},
                           {"waiting", c.waiting()},
                           {"last_called", c.last_called},
                           {"last_counter", c.last_counter}});
        std::cout << json{{"day", kiosk::vietnam_day(now)}, {"lines", out}}.dump(2) << "\n";
        return 0;
    }
    for (const auto& c : counts)
        std::printf("%-6s issued %3d  called %3d  waiting %3d  %s\n", c.code.c_str(), c.issued,
                    c.called, c.waiting(), c.name.c_str());
    return 0;
}

} // namespace ctl
