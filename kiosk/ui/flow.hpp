#pragma once
// The window's router: which screen is up, which feature acts on an intent or a worker's
// answer, the idle clock that ends visits and logins, and the announcement of a queue
// number called to a counter, shown over every screen. The features own their state: the
// visit (visit/), the queue numbers (tickets/), the rating (rating/), the staff desk (staff/) and
// the technician desk (technician/).
#include "rating/rating.hpp"
#include "screens/screens.hpp"
#include "services_api.hpp"
#include "staff/staff.hpp"
#include "technician/technician.hpp"
#include "tickets/tickets.hpp"
#include "visit/visit.hpp"
#include "voice/voice_guide.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace kiosk::ui {

struct FlowOptions {
    bool demo = false;
    std::string demo_card; ///< sample payload offered on the scan screen in demo mode
    std::chrono::seconds idle_timeout{90}; ///< no touch for this long ends the visit
    std::chrono::seconds idle_warning{30}; ///< the warning shows this long before
};

/// The features' state a screen's draw function may read or change besides the inputs.
struct Desks {
    Visit& visit;
    TicketDesk& tickets;
    RatingDesk& rating;
    StaffDesk& staff;
    TechnicianDesk& technician;
};

/// A queue number called to a counter: shown over whatever screen is up until `until`.
struct Announcement {
    int number = 0;
    int counter = 0;
    std::string line_name;
    std::chrono::steady_clock::time_point until;
};

/// How long an announcement stays on screen.
inline constexpr std::chrono::seconds kAnnouncementTime{8};

/// The screen's name as the staff desk lists a call for help from it (Vietnamese).
std::string screen_name(ScreenId id);

/// The idle warning's words, shown and, after "Đọc to", read aloud.
std::string idle_warning_words(forms::Lang lang, int seconds);

/// "Mời số 25 đến quầy 2", as shown; the spoken words name the line too.
std::string call_words(int number, int counter);
std::string spoken_call(const Announcement& announcement);

/// One registered screen.
struct ScreenEntry {
    ScreenId id;
    bool needs_procedure; ///< falls back home when the chosen procedure is gone
    Intent (*draw)(UiContext&, const ScreenInputs&, Desks&);
};

/// The registration of `id` (kiosk/ui/flow.cpp holds the table).
const ScreenEntry& screen_entry(ScreenId id);

class Flow {
public:
    Flow(const forms::Catalog& catalog, const forms::AdminUnits* units, ServicesApi& services,
         FlowOptions options);

    /// Draws the current screen and acts on what the person asked for; returns true when
    /// an intent changed something (the next frames must be drawn).
    bool draw(UiContext& ui);

    /// A card payload arrived from a scanner.
    void on_scan(const std::string& payload);
    /// Whether the configured card scanner is connected (shown to the citizen and staff).
    void set_scanner_missing(bool missing) { scanner_missing_ = missing; }

    /// An input event for the voice guide: keypad keys and typing while it is on, a keypad
    /// key or headphones on the welcome screen to start it. Returns true when it took it.
    bool on_keypad(const SDL_Event& event, UiContext& ui, InputPump& pump) {
        return voice_.on_event(event, ui.last, ui.keyboard, pump,
                               screen_ == ScreenId::home && !staff_.assisting);
    }
    /// After each frame drawn: the voice guide says what changed. Returns true when it needs
    /// more frames.
    bool guide(UiContext& ui, InputPump& pump) {
        return voice_.after_frame(ui.current, ui.keyboard, pump, ui.lang);
    }
    const VoiceGuide& voice() const { return voice_; }

    /// A worker finished something.
    void on_service_event(ServiceEvent& event);

    /// Ends the visit: personal data is wiped and the home screen returns.
    void end_session();

    /// The person touched the screen or typed.
    void on_activity(std::chrono::steady_clock::time_point now) { last_activity_ = now; }

    /// Advances the idle clock: shows the warning, then ends the visit. Returns true when
    /// the screen must be redrawn (warning countdown or the visit ended).
    bool tick(std::chrono::steady_clock::time_point now);

    /// Acts on what the person asked for (draw() calls it with the screen's intent; tests
    /// call it directly).
    void apply(const Intent& intent, UiContext& ui);

    ScreenId screen() const { return screen_; }
    /// Every string the visit holds (answers, identity, search and lookup texts, the PIN
    /// being typed), for the test that an ended visit left nothing behind.
    std::vector<std::string> visit_strings() const;
    const Visit& visit() const { return visit_; }
    const StaffDesk& staff_desk() const { return staff_; }
    const TicketDesk& ticket_desk() const { return tickets_; }
    /// The visit and the staff desk, for prepared states (the layout check); the window
    /// changes them only through apply() and the workers' events.
    Visit& prepared_visit() { return visit_; }
    StaffDesk& prepared_staff() { return staff_; }
    /// The queue number being announced, or nullopt.
    const std::optional<Announcement>& announcement() const { return announcement_; }
    bool wants_scan() const { return screen_ == ScreenId::scan; }
    /// Whether a card shown now would be read: only the welcome and scan screens take one.
    bool takes_cards() const {
        return screen_ == ScreenId::home || screen_ == ScreenId::scan || waits_for_second_card();
    }
    /// Whether a form step asked for another person's card ("Quét thẻ của người này").
    bool waits_for_second_card() const {
        return screen_ == ScreenId::form_step && visit_.scanning_card_step >= 0;
    }
    /// Whether the document step's camera view is open, and whether its picture moves.
    bool camera_open() const {
        return screen_ == ScreenId::documents && visit_.camera != CameraStage::closed;
    }
    bool camera_live() const { return camera_open() && visit_.camera == CameraStage::live; }
    /// The staff member assisting, or null.
    const StaffMember* assisting() const { return staff_.assisting ? &*staff_.assisting : nullptr; }
    /// The technician logged in, or null.
    const StaffMember* technician() const {
        return technician_.member ? &*technician_.member : nullptr;
    }
    /// Seconds left shown in the idle warning, -1 when none is shown.
    int idle_warning_seconds() const { return warning_seconds_left_; }

private:
    DeskContext context() {
        return {catalog_, units_, services_, screen_, assisting(), options_.demo_card};
    }
    /// Every login ends: the kiosk is nobody's.
    void log_everyone_out();
    /// "Nhờ cán bộ giúp": the staff desk lists the call and the terminal chimes.
    void call_staff();
    void draw_idle_warning(UiContext& ui);
    /// The band over every screen saying which number goes to which counter.
    void draw_announcement(UiContext& ui);
    /// Shows and speaks the number `e` called.
    void announce(const TicketCalled& e);

    const forms::Catalog& catalog_;
    const forms::AdminUnits* units_;
    ServicesApi& services_;
    FlowOptions options_;

    ScreenId screen_ = ScreenId::home;
    ScreenId drawn_screen_ = ScreenId::home; ///< the screen of the last frame drawn
    std::chrono::steady_clock::time_point last_activity_;
    int warning_seconds_left_ = -1; ///< -1 when no warning is shown
    bool ui_wipe_pending_ = false;  ///< the UI layer still holds the ended visit's texts
    /// The citizen had the screen read aloud in this visit (in this language): the idle
    /// warning is read aloud too.
    std::optional<forms::Lang> read_aloud_;
    bool help_called_ = false; ///< "Nhờ cán bộ giúp" was tapped in this visit
    bool scanner_missing_ = false;

    std::optional<Announcement> announcement_;

    Visit visit_;
    TicketDesk tickets_;
    RatingDesk rating_;
    StaffDesk staff_;
    TechnicianDesk technician_;
    VoiceGuide voice_;
};

} // namespace kiosk::ui
