#pragma once
// The technician desk: diagnostics, the configuration in use, send now, log export to USB.
#include "desk.hpp"
#include "intent.hpp"
#include "kiosk/diag.hpp"
#include "kiosk/staff.hpp"
#include "service_types.hpp"

#include <optional>
#include <string>

namespace kiosk::ui {

struct UiContext;
struct ScreenInputs;

struct TechnicianDesk {
    std::optional<StaffMember> member; ///< the technician logged in
    std::optional<DiagReport> report;
    std::optional<TechnicianDone> last; ///< the last action's outcome
    bool busy = false;
    std::string export_dir = "/media/usb"; ///< where the USB stick is mounted
    std::string config_text;

    /// Logs `technician` in with a fresh desk showing `config`.
    void log_in(StaffMember technician, std::string config) {
        *this = TechnicianDesk{};
        member = std::move(technician);
        config_text = std::move(config);
    }
    /// Logs out: nothing of the desk stays.
    void log_out() { *this = TechnicianDesk{}; }
};

// The desk's handlers (technician/handle.cpp).

/// Acts on `intent` when a technician is logged in.
void handle(const TechnicianIntent& intent, TechnicianDesk& desk, DeskContext& context);
void on_event(TechnicianDesk& desk, DeskContext& context, TechnicianDone& event);

/// The technician's screen; the router shows it only while `desk.member` is set.
Intent draw_technician(UiContext& ui, const ScreenInputs& in, TechnicianDesk& desk);

} // namespace kiosk::ui
