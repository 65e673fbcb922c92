#pragma once
// The session state machine: which screen is up, and what each intent does to the session.
#include "screens/screens.hpp"
#include "services_api.hpp"
#include "session.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace kiosk::ui {

struct FlowOptions {
    bool demo = false;
    std::string demo_card; ///< sample payload offered on the scan screen in demo mode
    std::chrono::seconds idle_timeout{90}; ///< no touch for this long ends the visit
    std::chrono::seconds idle_warning{15}; ///< the warning shows this long before
};

/// What a screen's draw function may read or change besides the inputs: the visit, the staff
/// queue as last listed, the technician's desk.
struct ScreenState {
    Session& session;
    const std::vector<ksync::Entry>* queue; ///< null while it is being read
    const StaffMember* technician;          ///< null unless a technician is logged in
    TechnicianView& technician_view;
};

/// One registered screen.
struct ScreenEntry {
    ScreenId id;
    bool needs_procedure; ///< falls back home when the chosen procedure is gone
    Intent (*draw)(UiContext&, const ScreenInputs&, ScreenState&);
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

    /// A worker finished something.
    void on_service_event(ServiceEvent& event);

    /// Ends the visit: personal data is wiped and the home screen returns.
    void end_session();

    /// The person touched the screen or typed.
    void on_activity(std::chrono::steady_clock::time_point now) { last_activity_ = now; }

    /// Advances the idle clock: shows the warning, then ends the visit. Returns true when
    /// the screen must be redrawn (warning countdown or the visit ended).
    bool tick(std::chrono::steady_clock::time_point now);

    ScreenId screen() const { return screen_; }
    /// Every string the visit holds (answers, identity, search and lookup texts), for the
    /// test that an ended visit left nothing behind.
    std::vector<std::string> visit_strings() const;
    const Session& session() const { return session_; }
    bool wants_scan() const { return screen_ == ScreenId::scan; }
    /// Whether a card shown now would be read: only the welcome and scan screens take one.
    bool takes_cards() const { return screen_ == ScreenId::home || screen_ == ScreenId::scan; }
    /// Whether the document step's camera view is open, and whether its picture moves.
    bool camera_open() const {
        return screen_ == ScreenId::documents && session_.camera != CameraStage::closed;
    }
    bool camera_live() const { return camera_open() && session_.camera == CameraStage::live; }

    /// Acts on what the person asked for (draw() calls it with the screen's intent; tests
    /// call it directly).
    void apply(const Intent& intent, UiContext& ui);
    /// The staff member assisting, or null.
    const StaffMember* assisting() const { return assisting_ ? &*assisting_ : nullptr; }
    /// The technician logged in, or null.
    const StaffMember* technician() const { return technician_ ? &*technician_ : nullptr; }
    /// Seconds left shown in the idle warning, -1 when none is shown.
    int idle_warning_seconds() const { return warning_seconds_left_; }

private:
    const forms::Procedure* procedure() const;
    void start_form();
    /// Whether the form ends with the document step (photo documents and a camera).
    bool document_step() const;
    /// After the last form step: the document step, or the review.
    void after_form();
    bool check_step(int step);
    void show_defaults();
    forms::EngineContext engine() const { return {forms::today_in_vietnam(), units_}; }

    const forms::Catalog& catalog_;
    const forms::AdminUnits* units_;
    ServicesApi& services_;
    FlowOptions options_;
    void draw_idle_warning(UiContext& ui);

    ScreenId screen_ = ScreenId::home;
    std::chrono::steady_clock::time_point last_activity_;
    int warning_seconds_left_ = -1; ///< -1 when no warning is shown
    bool ui_wipe_pending_ = false;  ///< the UI layer still holds the ended visit's texts
    Session session_;
    /// The staff member assisting, from PIN login until they end it or the kiosk idles.
    std::optional<StaffMember> assisting_;
    /// The outbox as last listed for the queue screen; nullopt while it is being read.
    std::optional<std::vector<ksync::Entry>> queue_;
    Outcome queue_outcome_ = Outcome::done; ///< whether the queue could be read
    /// The technician logged in, and their screen's state.
    std::optional<StaffMember> technician_;
    /// Read when the login screen opens; nullopt until the job thread answers.
    std::optional<std::vector<StaffMember>> staff_accounts_;
    Outcome staff_outcome_ = Outcome::done; ///< whether the accounts could be read
    TechnicianView technician_view_;
    /// Sends the current submission's receipt to the printer, if there is one.
    void request_print();

    std::string scan_error_;
    bool scanner_missing_ = false;
};

} // namespace kiosk::ui
