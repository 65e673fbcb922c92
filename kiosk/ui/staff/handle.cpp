// What a staff member's intents and the workers' answers do at the staff desk.
#include "forms/text.hpp"
#include "kiosk/receipt.hpp"
#include "overloaded.hpp"
#include "staff/staff.hpp"
#include "ui_kit.hpp"

namespace kiosk::ui {

namespace {

// Lists the outbox for the queue screen, after `job`'s requeue or review.
void list_queue(StaffDesk& desk, DeskContext& context, QueueJob job) {
    desk.queue.reset();
    desk.queue_outcome = Outcome::done;
    context.services.list_queue(std::move(job));
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
                                         context.services.terminal_id(), now, name_of)});
}

void reprint(const StaffDesk& desk, DeskContext& context, const std::string& id) {
    for (const auto& entry : *desk.queue)
        if (entry.id == id)
            context.services.print(
                PrintJob{receipt_facts(entry, context.catalog.find(entry.procedure_code),
                                       TerminalConfig{}, &context.catalog.calendar),
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

} // namespace kiosk::ui
