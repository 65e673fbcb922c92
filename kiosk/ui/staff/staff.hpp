#pragma once
// The staff desk: a postal or commune staff member logs in with a PIN to assist a citizen,
// sees the queue without personal data, reprints receipts, prints the day summary and calls
// queue numbers to their counter.
#include "desk.hpp"
#include "intent.hpp"
#include "kiosk/staff.hpp"
#include "outcome.hpp"
#include "service_types.hpp"
#include "sync/outbox.hpp"

#include <optional>
#include <string>
#include <vector>

namespace kiosk::ui {

struct UiContext;
struct ScreenInputs;

/// A citizen asked for a person ("Nhờ cán bộ giúp"): when, and on which screen. Nothing
/// about who.
struct HelpCall {
    std::int64_t at = 0; ///< Unix seconds
    std::string screen;  ///< the screen's name, in Vietnamese
};

struct StaffDesk {
    /// Calls for help not answered yet, oldest first. They outlive the visit that made them
    /// (the citizen may have left) and logins: staff answer them.
    std::vector<HelpCall> help_calls;

    std::string login_id;           ///< the account chosen on the login screen
    std::string pin;                ///< the PIN being typed; wiped once sent for checking
    bool checking = false;          ///< the PIN is being checked (argon2id takes a moment)
    std::optional<PinCheck> failed; ///< the last failed check, for its message
    /// Read when the login screen opens; nullopt until the job thread answers.
    std::optional<std::vector<StaffMember>> accounts;
    Outcome accounts_outcome = Outcome::done; ///< whether the accounts could be read

    /// The staff member assisting, from PIN login until they end it or the kiosk idles.
    std::optional<StaffMember> assisting;
    /// The outbox as last listed for the queue screen; nullopt while it is being read.
    std::optional<std::vector<ksync::Entry>> queue;
    Outcome queue_outcome = Outcome::done; ///< whether the queue could be read

    /// The counter desk numbers are called to, chosen once per login; 0 until chosen.
    int counter = 0;
    /// Today's queue numbers per line; nullopt while they are being read.
    std::optional<std::vector<LineCounts>> lines;
    Outcome lines_outcome = Outcome::done; ///< whether they could be read
    bool calling = false;                  ///< a call of the next number is under way
    std::optional<TicketCalled> last_call; ///< the last call's answer, for its message

    /// Clears the login form (the PIN overwritten first); the login itself stays.
    void wipe_login();
    /// Ends the assistance: the login form, the login and the queue go.
    void log_out() {
        wipe_login();
        assisting.reset();
        queue.reset();
        queue_outcome = Outcome::done;
        counter = 0;
        lines.reset();
        lines_outcome = Outcome::done;
        calling = false;
        last_call.reset();
    }
};

// The desk's handlers (staff/handle.cpp). StaffLogout is the router's: it ends the visit.

/// Acts on `intent`; `ui` forgets the typed PIN once it is sent.
void handle(const StaffIntent& intent, StaffDesk& desk, DeskContext& context, UiContext& ui);
/// A PIN check answered: a staff member starts assisting, a failure is kept for its message.
/// Returns the member when the account is a technician's (the technician desk takes it).
std::optional<StaffMember> on_event(StaffDesk& desk, DeskContext& context, PinChecked& event);
void on_event(StaffDesk& desk, DeskContext& context, StaffListed& event);
void on_event(StaffDesk& desk, DeskContext& context, QueueListed& event);
void on_event(StaffDesk& desk, DeskContext& context, TicketsCounted& event);
/// A number was called (the router announces it), or nobody waits on the line.
void on_event(StaffDesk& desk, DeskContext& context, TicketCalled& event);

// The desk's screens.

/// The login edits the chosen account and the PIN in `desk` directly.
Intent draw_staff_login(UiContext& ui, const ScreenInputs& in, StaffDesk& desk);
/// The outbox without personal data, today's summary per procedure, state and operator, with
/// retry and reprint.
Intent draw_queue(UiContext& ui, const ScreenInputs& in, const StaffDesk& desk);
/// Choosing the counter once per login, then per line today's figures and "Gọi số tiếp theo".
Intent draw_counter(UiContext& ui, const ScreenInputs& in, const StaffDesk& desk);
/// The strip shown on every screen while a staff member assists; `queue_numbers` offers the
/// counter desk ("Gọi số"); `help_calls` citizens waiting for a person are counted on it.
Intent draw_assisting_banner(UiContext& ui, const StaffMember& member, bool queue_numbers,
                             std::size_t help_calls);

} // namespace kiosk::ui
