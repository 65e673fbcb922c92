#pragma once
// What a staff member asks for at the desk: logging in and out, the queue, reprints, the
// day summary and calling queue numbers to the counter.
#include <cstdint>
#include <string>
#include <variant>

namespace kiosk::ui {

struct OpenStaffLogin {};
struct StaffLogin {};
struct StaffLogout {};
struct OpenQueue {};
struct RequeueEntry {
    std::string id;
};
struct ReprintEntry {
    std::string id;
};
struct MarkReviewed {
    std::string id;
};
struct PrintDaySummary {};
/// The queue numbers' desk: today's figures per line and "Gọi số tiếp theo".
struct OpenCounter {};
/// The counter desk the staff member sits at, 1 to [counter] counters.
struct ChooseCounter {
    int counter = 0;
};
/// Calls the lowest waiting number of `line` to the staff member's counter.
struct CallNext {
    std::string line;
};
/// A citizen's call for help has been answered: it leaves the list.
struct AnswerHelpCall {
    std::int64_t at = 0; ///< the call's time, which names it
};

using StaffIntent = std::variant<OpenStaffLogin, StaffLogin, StaffLogout, OpenQueue, RequeueEntry,
                                 ReprintEntry, MarkReviewed, PrintDaySummary, OpenCounter,
                                 ChooseCounter, CallNext, AnswerHelpCall>;

} // namespace kiosk::ui
