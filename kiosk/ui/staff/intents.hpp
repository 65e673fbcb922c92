#pragma once
// What a staff member asks for at the desk: logging in and out, the queue, reprints, the
// day summary and calling queue numbers to the counter.
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

using StaffIntent =
    std::variant<OpenStaffLogin, StaffLogin, StaffLogout, OpenQueue, RequeueEntry, ReprintEntry,
                 MarkReviewed, PrintDaySummary, OpenCounter, ChooseCounter, CallNext>;

} // namespace kiosk::ui
