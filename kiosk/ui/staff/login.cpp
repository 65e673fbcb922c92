#include "screens/screens.hpp"
#include "staff/staff.hpp"

#include <algorithm>
#include <ctime>

namespace kiosk::ui {

namespace {

// "14:05", local time, for lock messages.
std::string clock_time(std::int64_t unix_s) {
    const std::time_t t = static_cast<std::time_t>(unix_s);
    std::tm local{};
    localtime_r(&t, &local);
    char buf[8];
    std::strftime(buf, sizeof buf, "%H:%M", &local);
    return buf;
}

} // namespace

Intent draw_assisting_banner(UiContext& ui, const StaffMember& member) {
    Intent intent;
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const ImVec2 end_button(ui.px(380), ui.px(80));
    ImGui::GetWindowDrawList()->AddRectFilled(
        ImVec2(start.x - ui.px(12), start.y - ui.px(6)),
        ImVec2(start.x + width + ui.px(12), start.y + end_button.y + ui.px(6)),
        ui.high_contrast ? IM_COL32(0, 60, 160, 255) : IM_COL32(214, 232, 250, 255), ui.px(8));
    ImGui::SetCursorScreenPos(ImVec2(start.x, start.y + (end_button.y - ui.px(44)) / 2));
    text(ui, std::string(ui.tr("Chế độ hỗ trợ: cán bộ ", "Assisted mode: ")) + member.name,
         ui.fonts.large);
    const ImVec2 queue_button(ui.px(260), end_button.y);
    ImGui::SetCursorScreenPos(
        ImVec2(start.x + width - end_button.x - queue_button.x - ImGui::GetStyle().ItemSpacing.x,
               start.y));
    if (big_button(ui, ui.tr("Hàng đợi", "Queue"), queue_button, Tone::secondary))
        intent = OpenQueue{};
    ImGui::SameLine();
    if (big_button(ui, ui.tr("Kết thúc hỗ trợ", "End assistance"), end_button, Tone::secondary))
        intent = StaffLogout{};
    ImGui::Dummy(ImVec2(0, ui.px(4)));
    return intent;
}

Intent draw_staff_login(UiContext& ui, const ScreenInputs& in, StaffDesk& desk) {
    Intent intent = draw_header(ui, in, ui.tr("Đăng nhập cán bộ", "Staff login"));
    if (!desk.accounts) {
        text(ui, ui.tr("Đang đọc danh sách cán bộ...", "Reading the staff list..."),
             ui.fonts.large);
    } else if (desk.accounts_outcome != Outcome::done) {
        text(ui, outcome_words(ui, desk.accounts_outcome), ui.fonts.large, ink(ui, Ink::error));
    } else if (desk.accounts->empty()) {
        text(ui,
             ui.tr("Máy chưa có tài khoản cán bộ. Kỹ thuật viên tạo bằng lệnh "
                   "\"kioskctl staff add\".",
                   "This kiosk has no staff accounts yet. A technician adds them with "
                   "\"kioskctl staff add\"."),
             ui.fonts.large);
    } else {
        text(ui, ui.tr("Chọn tên của bạn", "Choose your name"), ui.fonts.large);
        const float w = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x) / 2;
        for (std::size_t i = 0; i < desk.accounts->size(); ++i) {
            const auto& m = (*desk.accounts)[i];
            if (i % 2) ImGui::SameLine();
            if (big_button(ui, m.name + "##" + m.id, ImVec2(w, ui.px(96)),
                           desk.login_id == m.id ? Tone::primary : Tone::secondary)) {
                desk.login_id = m.id;
                desk.failed.reset();
            }
        }
        if (!desk.login_id.empty()) {
            ImGui::Dummy(ImVec2(0, ui.px(10)));
            text_field(ui, ui.tr("Mã PIN", "PIN"), "pin", desk.pin, "", "", KeyboardKind::numeric,
                       /*secret=*/true);
        }
    }
    if (desk.checking) {
        text(ui, ui.tr("Đang kiểm tra...", "Checking..."), ui.fonts.large);
    } else if (const auto& check = desk.failed) {
        std::string message;
        if (check->result == PinCheck::Result::locked)
            message = std::string(ui.tr("Tài khoản tạm khóa vì nhập sai nhiều lần, đến ",
                                        "Locked after too many wrong PINs, until ")) +
                      clock_time(check->locked_until) + ".";
        else if (check->result == PinCheck::Result::wrong_pin)
            message =
                std::string(ui.tr("Mã PIN không đúng. Còn ", "Wrong PIN. ")) +
                std::to_string(check->attempts_left) +
                ui.tr(" lần thử trước khi tài khoản bị khóa.", " tries left before the lock.");
        else if (check->result == PinCheck::Result::not_recorded)
            message = ui.tr("Máy không ghi nhận được lần đăng nhập này nên không cho đăng nhập. "
                            "Xin báo kỹ thuật viên.",
                            "The kiosk could not record this login attempt, so it cannot log "
                            "you in. Please tell a technician.");
        else
            message = ui.tr("Không có tài khoản này.", "No such account.");
        text(ui, message, ui.fonts.large, ink(ui, Ink::error));
    }
    const bool typing = ui.keyboard.shown != KeyboardKind::none;
    if (!typing) {
        if (back_to_start(ui, true)) intent = GoHome{};
        if (!desk.login_id.empty() && !desk.pin.empty() && !desk.checking) {
            ImGui::SameLine(ImGui::GetWindowWidth() - ui.px(400) -
                            ImGui::GetStyle().WindowPadding.x);
            if (big_button(ui, ui.tr("Đăng nhập", "Log in"), ImVec2(ui.px(400), ui.px(110))))
                intent = StaffLogin{};
        }
    }
    return intent;
}

} // namespace kiosk::ui
