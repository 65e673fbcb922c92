#pragma once
// What a staff member asks for at the desk: logging in and out, the queue, reprints and the
// day summary.
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

using StaffIntent = std::variant<OpenStaffLogin, StaffLogin, StaffLogout, OpenQueue, RequeueEntry,
                                 ReprintEntry, MarkReviewed, PrintDaySummary>;

} // namespace kiosk::ui
