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

Intent draw_header(UiContext& ui, const ScreenInputs& in, const std::string& title) {
    Intent intent;
    // Help for reading comes first on every screen, always in the same place.
    // Each button is as wide as its words in the current text size, so none wraps.
    const auto tool = [&](const char* label) {
        ImGui::PushFont(ui.fonts.large);
        const float w = ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 3;
        ImGui::PopFont();
        return ImVec2(std::max(w, ui.px(200)), ui.px(80));
    };
    if (in.can_speak) {
        const char* read = ui.tr("Đọc to", "Read aloud");
        if (big_button(ui, read, tool(read), Tone::secondary)) intent = ReadScreenAloud{};
        ImGui::SameLine();
    }
    const char* size = ui.text_size + 1 < kTextSizes ? ui.tr("Chữ to hơn", "Larger text")
                                                     : ui.tr("Chữ nhỏ lại", "Smaller text");
    if (big_button(ui, size, tool(size), Tone::secondary)) intent = NextTextSize{};
    ImGui::SameLine();
    const char* contrast = ui.tr("Tương phản", "Contrast");
    if (big_button(ui, contrast, tool(contrast),
                   ui.high_contrast ? Tone::primary : Tone::secondary))
        intent = ToggleContrast{};
    if (ui.language_switch) {
        const char* other = ui.tr("English", "Tiếng Việt");
        const float w = tool(other).x;
        ImGui::SameLine(std::max(ImGui::GetCursorPosX(),
                                 ImGui::GetWindowWidth() - w - ImGui::GetStyle().WindowPadding.x));
        if (big_button(ui, other, tool(other), Tone::secondary)) intent = ToggleLanguage{};
    }
    text(ui, title, ui.fonts.title);
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
    const ImVec2 big(ImGui::GetContentRegionAvail().x, ui.px(150));
    if (big_button(ui, ui.tr("Quét thẻ căn cước", "Scan your ID card"), big)) intent = OpenScan{};
    text(ui, ui.tr("Thông tin cá nhân được điền sẵn từ thẻ, bà con không phải khai lại.",
                   "Your details are filled in from the card, so you only give them once."));
    ImGui::Dummy(ImVec2(0, ui.px(10)));
    if (big_button(ui, ui.tr("Chọn thủ tục", "Choose a procedure"), big, Tone::secondary))
        intent = OpenCatalog{};
    ImGui::Dummy(ImVec2(0, ui.px(10)));
    if (big_button(ui, ui.tr("Tra cứu hồ sơ đã nộp", "Check a submission"), big, Tone::secondary))
        intent = OpenStatus{};
    // Staff log in from a small corner button; citizens have no reason to touch it.
    if (!in.assisting) {
        const ImVec2 staff(ui.px(220), ui.px(96));
        ImGui::SetCursorPos(
            ImVec2(ImGui::GetWindowWidth() - staff.x - ImGui::GetStyle().WindowPadding.x,
                   ImGui::GetWindowHeight() - staff.y - ImGui::GetStyle().WindowPadding.y));
        if (big_button(ui, ui.tr("Cán bộ", "Staff"), staff, Tone::secondary))
            intent = OpenStaffLogin{};
    }
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() - ui.px(in.scanner_missing ? 110 : 70));
    if (in.scanner_missing)
        text(ui, ui.tr("Máy quét thẻ chưa được kết nối: xin nhờ cán bộ hỗ trợ",
                       "The card scanner is not connected: please ask a member of staff"));
    if (in.contacted)
        text(ui, in.online ? ui.tr("Đã kết nối cổng dịch vụ công",
                                   "Connected to the public service portal")
                           : ui.tr("Đang ngoại tuyến: hồ sơ vẫn được lưu và gửi sau",
                                   "Offline: applications are saved and sent later"));
    return intent;
}

} // namespace kiosk::ui
