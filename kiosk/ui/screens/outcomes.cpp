// Every job outcome in words, in one place: the workers report codes only.
#include "screens.hpp"

namespace kiosk::ui {

std::string outcome_words(const UiContext& ui, Outcome outcome, const std::string& detail,
                          int count, int woken) {
    switch (outcome) {
    case Outcome::done:
        return {};
    case Outcome::storage_full:
        return ui.tr("Bộ nhớ của máy đã đầy.", "The kiosk's storage is full.");
    case Outcome::store_failed:
        return ui.tr("Máy gặp lỗi khi lưu hồ sơ.", "The kiosk could not store the application.");
    case Outcome::not_provisioned:
        return ui.tr("Máy chưa được cài đặt để gửi hồ sơ.",
                     "This kiosk is not set up to send applications.");
    case Outcome::queue_unreadable:
        return ui.tr("Không đọc được hàng đợi hồ sơ. Xin báo kỹ thuật viên.",
                     "The queue could not be read. Please tell a technician.");
    case Outcome::staff_unreadable:
        return ui.tr("Không đọc được danh sách cán bộ. Xin báo kỹ thuật viên.",
                     "The staff accounts could not be read. Please tell a technician.");
    case Outcome::checks_passed:
        return ui.tr("Không có lỗi.", "No failures.");
    case Outcome::checks_failed:
        return ui.tr("Có kiểm tra bị lỗi, xem bên dưới.", "Some checks failed, see below.");
    case Outcome::sending:
        return ui.lang == forms::Lang::en
                   ? "Sending: " + std::to_string(count) + " unsent (" + std::to_string(woken) +
                         " waiting retries sent now)."
                   : "Đang gửi: " + std::to_string(count) + " hồ sơ chưa gửi (" +
                         std::to_string(woken) + " đang chờ thử lại được gửi ngay).";
    case Outcome::logs_exported:
        return std::string(ui.tr("Đã xuất nhật ký: ", "Logs exported: ")) + detail;
    case Outcome::export_failed:
        return std::string(ui.tr("Không ghi được vào USB (lỗi của hệ thống: ",
                                 "Cannot write to the USB stick (")) +
               detail + ").";
    case Outcome::tickets_failed:
        return ui.tr("Máy không cấp được số thứ tự. Xin báo cán bộ.",
                     "The kiosk could not give a queue number. Please tell a member of staff.");
    case Outcome::action_failed:
        return std::string(ui.tr("Thao tác bị lỗi, xem nhật ký của máy",
                                 "The action failed; see the kiosk's log")) +
               (detail.empty() ? "."
                               : std::string(ui.tr(" (lỗi của hệ thống: ", " (")) + detail + ").");
    }
    return {};
}

} // namespace kiosk::ui
