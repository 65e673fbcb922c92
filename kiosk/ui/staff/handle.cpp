// What a staff member's intents and the workers' answers do at the staff desk.
#include "forms/text.hpp"
#include "kiosk/receipt.hpp"
#include "overloaded.hpp"
#include "staff/staff.hpp"
#include "ui_kit.hpp"

namespace kiosk::ui {

namespace {

// Reads today's queue numbers per line, when the terminal gives any.
void count_tickets(StaffDesk& desk, DeskContext& context) {
    if (service_lines(context.services.terminal_config().counter).empty()) return;
    desk.lines.reset();
    desk.lines_outcome = Outcome::done;
    context.services.tickets(TicketJob{});
}

// Lists the outbox for the queue screen, after `job`'s requeue or review; the day's queue
// numbers come with it for the end-of-day slip.
void list_queue(StaffDesk& desk, DeskContext& context, QueueJob job) {
    desk.queue.reset();
    desk.queue_outcome = Outcome::done;
    context.services.list_queue(std::move(job));
    count_tickets(desk, context);
    context.screen = ScreenId::queue;
}

void print_day_summary(const StaffDesk& desk, DeskContext& context) {
    const auto now = context.services.unix_now();
    const auto name_of = [&](const std::string& code) {
        const auto* named = context.catalog.find(code);
        return named ? named->name.vi : code;
    };
    context.services.print(PrintJob{
        std::nullopt, day_summary_blocks(summarize_day(*desk.queue, start_of_local_day(now)),
                                         context.services.terminal_id(), now, name_of,
                                         desk.lines_outcome == Outcome::done && desk.lines
                                             ? *desk.lines
                                             : std::vector<LineCounts>{})});
}

void reprint(const StaffDesk& desk, DeskContext& context, const std::string& id) {
    for (const auto& entry : *desk.queue)
        if (entry.id == id)
            context.services.print(
                PrintJob{receipt_facts(entry, context.catalog.find(entry.procedure_code),
                                       context.services.terminal_config(),
                                       &context.catalog.calendar, context.units),
                         {}});
}

} // namespace

void StaffDesk::wipe_login() {
    forms::wipe(pin);
    login_id.clear();
    checking = false;
    failed.reset();
}

void handle(const StaffIntent& intent, StaffDesk& desk, DeskContext& context, UiContext& ui) {
    // Everything but logging in needs a staff member logged in.
    const bool logged_in = desk.assisting.has_value();
    std::visit(Overloaded{
                   [&](const OpenStaffLogin&) {
                       // Accounts added by a technician since start-up show up at once.
                       desk.accounts.reset();
                       desk.accounts_outcome = Outcome::done;
                       context.services.list_staff();
                       context.screen = ScreenId::staff_login;
                   },
                   [&](const StaffLogin&) {
                       desk.checking = true;
                       desk.failed.reset();
                       context.services.check_pin(PinJob{desk.login_id, desk.pin});
                       forms::wipe(desk.pin);
                       ui.forget_typed_text();
                   },
                   [&](const StaffLogout&) { desk.log_out(); },
                   [&](const OpenQueue&) {
                       if (logged_in) list_queue(desk, context, {});
                   },
                   [&](const RequeueEntry& i) {
                       if (!logged_in) return;
                       QueueJob job;
                       job.requeue_id = i.id;
                       list_queue(desk, context, std::move(job));
                   },
                   [&](const MarkReviewed& i) {
                       if (!logged_in) return;
                       QueueJob job;
                       job.review_id = i.id;
                       job.reviewer = desk.assisting->id;
                       list_queue(desk, context, std::move(job));
                   },
                   [&](const ReprintEntry& i) {
                       if (logged_in && desk.queue) reprint(desk, context, i.id);
                   },
                   [&](const PrintDaySummary&) {
                       if (logged_in && desk.queue) print_day_summary(desk, context);
                   },
                   [&](const OpenCounter&) {
                       if (!logged_in) return;
                       // One counter: nothing to choose.
                       if (context.services.terminal_config().counter.counters == 1)
                           desk.counter = 1;
                       desk.last_call.reset();
                       count_tickets(desk, context);
                       context.screen = ScreenId::counter;
                   },
                   [&](const ChooseCounter& i) {
                       // 0: choose again.
                       if (logged_in && i.counter >= 0 &&
                           i.counter <= context.services.terminal_config().counter.counters)
                           desk.counter = i.counter;
                   },
                   [&](const CallNext& i) {
                       if (!logged_in || desk.counter == 0 || desk.calling) return;
                       desk.calling = true;
                       desk.last_call.reset();
                       TicketJob job;
                       job.kind = TicketJob::Kind::call_next;
                       job.line = i.line;
                       job.counter = desk.counter;
                       context.services.tickets(std::move(job));
                   },
                   [&](const AnswerHelpCall& i) {
                       if (!logged_in) return;
                       std::erase_if(desk.help_calls,
                                     [&](const HelpCall& call) { return call.at == i.at; });
                   },
               },
               intent);
}

std::optional<StaffMember> on_event(StaffDesk& desk, DeskContext& context, PinChecked& e) {
    if (!desk.checking) return std::nullopt;
    desk.checking = false;
    if (e.check.result != PinCheck::Result::ok) {
        desk.failed = e.check;
        return std::nullopt;
    }
    desk.failed.reset();
    if (e.check.member.role == StaffRole::technician) return e.check.member;
    desk.assisting = e.check.member;
    context.screen = ScreenId::home;
    return std::nullopt;
}

void on_event(StaffDesk& desk, DeskContext&, StaffListed& e) {
    desk.accounts = e.members;
    desk.accounts_outcome = e.outcome;
}

void on_event(StaffDesk& desk, DeskContext&, QueueListed& e) {
    desk.queue = e.entries;
    desk.queue_outcome = e.outcome;
}

void on_event(StaffDesk& desk, DeskContext&, TicketsCounted& e) {
    if (!desk.assisting) return;
    desk.lines = std::move(e.counts);
    desk.lines_outcome = e.outcome;
}

void on_event(StaffDesk& desk, DeskContext&, TicketCalled& e) {
    // The figures belong to the login that asked: after a logout they are not kept.
    if (!desk.assisting) return;
    desk.calling = false;
    if (e.outcome == Outcome::done) {
        desk.lines = e.counts;
        desk.lines_outcome = Outcome::done;
    }
    desk.last_call = e;
}

} // namespace kiosk::ui
