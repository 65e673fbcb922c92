#include "screens/screens.hpp"
#include "staff/staff.hpp"

#include <algorithm>
#include <ctime>
#include <vector>

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

Intent draw_assisting_banner(UiContext& ui, const StaffMember& member, bool queue_numbers,
                             std::size_t help_calls) {
    Intent intent;
    const auto& style = ImGui::GetStyle();
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    // The buttons are as wide as their words. They sit on the right of the name when there
    // is room, else on a row of their own below it (a portrait screen, the largest text).
    struct Action {
        const char* label;
        Intent intent;
    };
    std::vector<Action> actions;
    if (queue_numbers) actions.push_back({ui.tr("Gọi số", "Call numbers"), OpenCounter{}});
    // Citizens waiting for a person are counted on the queue's button, which lists them.
    const std::string queue = help_calls == 0 ? std::string(ui.tr("Hàng đợi", "Queue"))
                                              : std::string(ui.tr("Hàng đợi · ", "Queue · ")) +
                                                    std::to_string(help_calls) +
                                                    ui.tr(" người cần giúp", " need help");
    actions.push_back({queue.c_str(), OpenQueue{}});
    actions.push_back({ui.tr("Kết thúc hỗ trợ", "End assistance"), StaffLogout{}});
    // While the on-screen keyboard is up the band keeps only the name: the field being typed
    // in needs the room, and the buttons come back with "Xong".
    if (ui.keyboard.shown != KeyboardKind::none) actions.clear();
    // Measured in the buttons' font.
    ImGui::PushFont(ui.fonts.large);
    std::vector<float> widths;
    float buttons_w = 0;
    for (const auto& a : actions) {
        widths.push_back(
            std::max(ui.px(200), ImGui::CalcTextSize(a.label).x + style.FramePadding.x * 3));
        buttons_w += widths.back() + (buttons_w > 0 ? style.ItemSpacing.x : 0.0f);
    }
    const std::string name =
        std::string(ui.tr("Chế độ hỗ trợ: cán bộ ", "Assisted mode: ")) + member.name;
    const float name_w = ImGui::CalcTextSize(name.c_str()).x;
    const float line_h = ImGui::GetTextLineHeight();
    ImGui::PopFont();
    const float button_h = ui.px(80);
    const bool one_row = !actions.empty() && name_w + style.ItemSpacing.x + buttons_w <= width;

    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->ChannelsSplit(2); // the band goes under what is drawn on it
    draw->ChannelsSetCurrent(1);
    if (one_row) ImGui::SetCursorScreenPos(ImVec2(start.x, start.y + (button_h - line_h) / 2));
    text(ui, name, ui.fonts.large);
    if (one_row) ImGui::SetCursorScreenPos(ImVec2(start.x + width - buttons_w, start.y));
    const float right = start.x + width;
    for (std::size_t i = 0; i < actions.size(); ++i) {
        const ImVec2 size(widths[i], button_h);
        if (i > 0 && (one_row || ImGui::GetItemRectMax().x + style.ItemSpacing.x + size.x <= right))
            ImGui::SameLine();
        if (big_button(ui, actions[i].label, size, Tone::secondary)) intent = actions[i].intent;
    }
    const float end_y = ImGui::GetItemRectMax().y;
    draw->ChannelsSetCurrent(0);
    draw->AddRectFilled(ImVec2(start.x - ui.px(12), start.y - ui.px(6)),
                        ImVec2(start.x + width + ui.px(12), end_y + ui.px(6)),
                        ui.high_contrast ? IM_COL32(0, 60, 160, 255) : IM_COL32(214, 232, 250, 255),
                        ui.px(8));
    draw->ChannelsMerge();
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
        const bool can_log_in = !desk.login_id.empty() && !desk.pin.empty() && !desk.checking;
        const ImVec2 log_in(ui.px(400), ui.px(110));
        const auto& style = ImGui::GetStyle();
        // "Về trang đầu" is as wide as "Đăng nhập": both on the bottom row when they fit
        // side by side, else "Đăng nhập" on the row above (a portrait screen).
        const bool one_row = 2 * log_in.x + style.ItemSpacing.x <= ImGui::GetContentRegionAvail().x;
        if (can_log_in && !one_row) {
            ImGui::SetCursorPosY(
                std::max(ImGui::GetCursorPosY(),
                         ImGui::GetWindowHeight() - ui.px(150) - log_in.y - style.ItemSpacing.y));
            if (big_button(ui, ui.tr("Đăng nhập", "Log in"),
                           ImVec2(ImGui::GetContentRegionAvail().x, log_in.y)))
                intent = StaffLogin{};
        }
        if (back_to_start(ui, true)) intent = GoHome{};
        if (can_log_in && one_row) {
            ImGui::SameLine(ImGui::GetWindowWidth() - log_in.x - style.WindowPadding.x);
            if (big_button(ui, ui.tr("Đăng nhập", "Log in"), log_in)) intent = StaffLogin{};
        }
    }
    return intent;
}

} // namespace kiosk::ui
