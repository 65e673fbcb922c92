#include "screens.hpp"

#include <algorithm>

namespace kiosk::ui {

bool back_to_start(UiContext& ui, bool at_bottom) {
    if (at_bottom)
        ImGui::SetCursorPosY(
            std::max(ImGui::GetCursorPosY(), ImGui::GetWindowHeight() - ui.px(150)));
    return big_button(ui, ui.tr("Về trang đầu", "Back to start"), ImVec2(ui.px(400), ui.px(110)),
                      Tone::secondary);
}

namespace {

// Places the next control of width `w` beside the last one when it fits in the window, else
// at the start of a new line: at the largest text size a portrait screen has room for only
// some of the help buttons on one line.
void beside_if_it_fits(float w) {
    const float right = ImGui::GetWindowContentRegionMax().x + ImGui::GetWindowPos().x;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    if (ImGui::GetItemRectMax().x + spacing + w <= right) ImGui::SameLine();
}

Intent draw_help_bar(UiContext& ui, const ScreenInputs& in) {
    Intent intent;
    // Help for reading comes first on every screen, always in the same place. Each button is
    // as wide as its words, so none wraps; when they do not fit on one line (the largest text
    // size, a portrait screen) their words are drawn in the body size, which still grows with
    // the text size, and what does not fit then goes on the next line.
    const char* read = ui.tr("Đọc to", "Read aloud");
    const char* size = ui.text_size + 1 < kTextSizes ? ui.tr("Chữ to hơn", "Larger text")
                                                     : ui.tr("Chữ nhỏ lại", "Smaller text");
    const char* contrast = ui.tr("Tương phản", "Contrast");
    const auto width_in = [&](ImFont* font, const char* label) {
        ImGui::PushFont(font);
        const float w = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 3;
        ImGui::PopFont();
        return std::max(w, ui.px(200));
    };
    const char* other = ui.tr("English", "Tiếng Việt");
    // A person, for whoever is stuck: after the tap it says someone is coming.
    const char* help = in.help_called ? ui.tr("Đã báo cán bộ", "Staff called")
                                      : ui.tr("Nhờ cán bộ giúp", "Ask staff for help");
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    // All on one line in the large size, the language switch included, or the body size.
    const float all_large = (in.can_speak ? width_in(ui.fonts.large, read) + spacing : 0.0f) +
                            width_in(ui.fonts.large, size) + spacing +
                            width_in(ui.fonts.large, contrast) +
                            (in.offer_help ? spacing + width_in(ui.fonts.large, help) : 0.0f) +
                            (ui.language_switch ? spacing + width_in(ui.fonts.large, other) : 0.0f);
    ImFont* font = all_large <= ImGui::GetContentRegionAvail().x ? ui.fonts.large : ui.fonts.body;
    const auto tool = [&](const char* label) { return ImVec2(width_in(font, label), ui.px(80)); };
    bool first = true;
    const auto next = [&](const char* label) {
        if (!first) beside_if_it_fits(tool(label).x);
        first = false;
        return tool(label);
    };
    if (in.can_speak && big_button(ui, read, next(read), Tone::secondary, "", font))
        intent = ReadScreenAloud{};
    if (big_button(ui, size, next(size), Tone::secondary, "", font)) intent = NextTextSize{};
    if (big_button(ui, contrast, next(contrast), ui.high_contrast ? Tone::primary : Tone::secondary,
                   "", font))
        intent = ToggleContrast{};
    if (in.offer_help && big_button(ui, help, next(help),
                                    in.help_called ? Tone::primary : Tone::secondary, "", font))
        intent = CallStaff{};
    if (ui.language_switch) {
        // At the right edge, on the same line when there is room, else on a line of its own.
        const float w = tool(other).x;
        const float right_x = ImGui::GetWindowWidth() - w - ImGui::GetStyle().WindowPadding.x;
        const float last_right = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
        if (last_right + spacing <= right_x)
            ImGui::SameLine(right_x);
        else
            ImGui::SetCursorPosX(right_x);
        if (big_button(ui, other, tool(other), Tone::secondary, "", font))
            intent = ToggleLanguage{};
    }
    return intent;
}

} // namespace

Intent draw_header(UiContext& ui, const ScreenInputs& in, const std::string& title) {
    // While the on-screen keyboard is up, the help bar and the title give their room to the
    // field being typed in (a 1280x800 screen has little left); "Xong" brings them back.
    if (ui.keyboard.shown != KeyboardKind::none) return {};
    Intent intent = draw_help_bar(ui, in);
    ui.current.title_at = static_cast<int>(ui.current.texts.size());
    text(ui, title, ui.fonts.title);
    if (in.help_called)
        text(ui,
             ui.tr("Đã báo cán bộ. Xin bà con chờ tại đây, cán bộ sẽ đến giúp ngay.",
                   "Staff have been called. Please wait here, someone is coming to help."),
             ui.fonts.large, ink(ui, Ink::success));
    ImGui::Separator();
    ImGui::Dummy(ImVec2(0, ui.px(10)));
    return intent;
}

Intent draw_home(UiContext& ui, const ScreenInputs& in) {
    Intent intent = draw_header(ui, in, ui.tr("Dịch vụ công trực tuyến", "Public services"));
    text(ui,
         ui.tr("Xin chào! Bà con cần làm thủ tục gì hôm nay?",
               "Welcome! Which procedure do you need today?"),
         ui.fonts.large);
    ImGui::Dummy(ImVec2(0, ui.px(10)));
    // Queue numbers add a button: the others give up a little height for it.
    const bool tickets = in.config && !service_lines(in.config->counter).empty();
    const ImVec2 big(ImGui::GetContentRegionAvail().x, ui.px(tickets ? 130 : 150));
    if (big_button(ui, ui.tr("Quét thẻ căn cước", "Scan your ID card"), big)) intent = OpenScan{};
    text(ui, ui.tr("Thông tin cá nhân được điền sẵn từ thẻ, bà con không phải khai lại.",
                   "Your details are filled in from the card, so you only give them once."));
    ImGui::Dummy(ImVec2(0, ui.px(10)));
    if (big_button(ui, ui.tr("Chọn thủ tục", "Choose a procedure"), big, Tone::secondary))
        intent = OpenCatalog{};
    ImGui::Dummy(ImVec2(0, ui.px(10)));
    // With queue numbers for the counter, their button shares the last row when both labels
    // fit on one line each, else it has a row of its own.
    const char* take = ui.tr("Lấy số thứ tự", "Take a queue number");
    const char* check = ui.tr("Tra cứu hồ sơ đã nộp", "Check a submission");
    const ImVec2 half((big.x - ImGui::GetStyle().ItemSpacing.x) / 2, big.y);
    ImGui::PushFont(ui.fonts.large);
    const float padding = ImGui::GetStyle().FramePadding.x * 2;
    const bool side_by_side = ImGui::CalcTextSize(take).x + padding <= half.x &&
                              ImGui::CalcTextSize(check).x + padding <= half.x;
    ImGui::PopFont();
    if (tickets) {
        if (big_button(ui, take, side_by_side ? half : big, Tone::secondary))
            intent = OpenTickets{};
        if (side_by_side)
            ImGui::SameLine();
        else
            ImGui::Dummy(ImVec2(0, ui.px(10)));
    }
    if (big_button(ui, check, tickets && side_by_side ? half : big, Tone::secondary))
        intent = OpenStatus{};
    // For a person who cannot see the screen: the keys of the audio keypad (or headphones
    // plugged in) start it too.
    if (in.can_speak) {
        ImGui::Dummy(ImVec2(0, ui.px(10)));
        if (big_button(
                ui, ui.tr("Hướng dẫn bằng giọng nói và bàn phím", "Voice guidance with the keypad"),
                ImVec2(big.x, ui.px(96)), Tone::secondary))
            intent = StartVoiceGuide{};
    }
    // The foot of the screen: the connection and scanner lines, and apart from everything
    // else, on the right, the staff entry. At the bottom when the screen has room, else after
    // the buttons, so nothing ever covers anything.
    const auto& style = ImGui::GetStyle();
    const ImVec2 staff(
        std::max(ui.px(260),
                 [&] {
                     ImGui::PushFont(ui.fonts.large);
                     const float w = ImGui::CalcTextSize(ui.tr("Dành cho cán bộ", "For staff")).x +
                                     style.FramePadding.x * 3;
                     ImGui::PopFont();
                     return w;
                 }()),
        ui.px(96));
    // The item spacing below the last control counts as content too: without it the
    // screen would scroll by that much.
    const float foot_y =
        std::max(ImGui::GetCursorPosY() + ui.px(20),
                 ImGui::GetWindowHeight() - staff.y - style.WindowPadding.y - style.ItemSpacing.y);
    const float staff_x = ImGui::GetWindowWidth() - staff.x - style.WindowPadding.x;
    // The status lines on the left of the staff entry when a few words fit there; else
    // (a portrait screen at the largest text) the lines, then the entry on a row of its own.
    const bool beside = in.assisting || staff_x - style.WindowPadding.x >= ui.px(360);
    const auto status_lines = [&] {
        if (in.scanner_missing)
            text(ui, ui.tr("Máy quét thẻ chưa được kết nối: xin nhờ cán bộ hỗ trợ",
                           "The card scanner is not connected: please ask a member of staff"));
        if (in.contacted)
            text(ui, in.online ? ui.tr("Đã kết nối cổng dịch vụ công",
                                       "Connected to the public service portal")
                               : ui.tr("Đang ngoại tuyến: hồ sơ vẫn được lưu và gửi sau",
                                       "Offline: applications are saved and sent later"));
    };
    if (!beside) {
        ImGui::SetCursorPosY(ImGui::GetCursorPosY() + ui.px(20));
        status_lines();
        const float w = std::min(staff.x, ImGui::GetContentRegionAvail().x);
        ImGui::SetCursorPosX(ImGui::GetWindowWidth() - w - style.WindowPadding.x);
        if (big_button(ui, ui.tr("Dành cho cán bộ", "For staff"), ImVec2(w, staff.y),
                       Tone::secondary))
            intent = OpenStaffLogin{};
        return intent;
    }
    if (!in.assisting) {
        ImGui::SetCursorPos(ImVec2(staff_x, foot_y));
        if (big_button(ui, ui.tr("Dành cho cán bộ", "For staff"), staff, Tone::secondary))
            intent = OpenStaffLogin{};
    }
    ImGui::SetCursorPos(ImVec2(style.WindowPadding.x, foot_y));
    ImGui::PushTextWrapPos(in.assisting ? 0.0f : staff_x - style.ItemSpacing.x);
    status_lines();
    ImGui::PopTextWrapPos();
    return intent;
}

} // namespace kiosk::ui
