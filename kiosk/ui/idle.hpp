#pragma once
// When an untouched kiosk warns and then ends what is open: the citizen's visit, and a staff
// member's or technician's login. No SDL or ImGui here, so unit tests can check it.
#include <chrono>

namespace kiosk::ui {

struct IdleInputs {
    bool on_home = false;   ///< the welcome screen: nothing of a citizen is on it
    bool logged_in = false; ///< a staff member assists or a technician is logged in
    bool saving = false;    ///< a submission is being sealed: the citizen waits for it
};

struct IdleVerdict {
    bool end = false;         ///< end the visit and log staff and technicians out now
    int warning_seconds = -1; ///< seconds left to show in the warning, -1 for no warning
};

/// What `idle` (time since the last touch) means for the screen described by `in`. The home
/// screen has no clock for citizens, but a login ends on idle from every screen, home
/// included: a kiosk left alone must not stay in a staff member's hands.
inline IdleVerdict idle_verdict(const IdleInputs& in, std::chrono::steady_clock::duration idle,
                                std::chrono::seconds timeout, std::chrono::seconds warning) {
    IdleVerdict verdict;
    if (in.saving || (in.on_home && !in.logged_in)) return verdict;
    if (idle >= timeout) {
        verdict.end = true;
        return verdict;
    }
    const auto left = timeout - idle;
    if (left <= warning)
        verdict.warning_seconds =
            static_cast<int>(std::chrono::ceil<std::chrono::seconds>(left).count());
    return verdict;
}

} // namespace kiosk::ui
