#include "screens/screens.hpp"
#include "technician/technician.hpp"

namespace kiosk::ui {

Intent draw_technician(UiContext& ui, const ScreenInputs& in, TechnicianDesk& view) {
    const StaffMember& member = *view.member;
    Intent intent = draw_header(ui, in, ui.tr("Chế độ kỹ thuật", "Technician mode"));
    text(ui, std::string(ui.tr("Kỹ thuật viên: ", "Technician: ")) + member.name, ui.fonts.large);
    text_field(ui, ui.tr("Thư mục USB", "USB folder"), "usb", view.export_dir, "", "",
               KeyboardKind::code);
    const bool typing = ui.keyboard.shown != KeyboardKind::none;
    const float w = (ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().ItemSpacing.x) / 3;
    const ImVec2 action(w, ui.px(96));
    if (!view.busy && !typing) {
        if (big_button(ui, ui.tr("Kiểm tra thiết bị", "Run diagnostics"), action))
            intent = RunDiagnostics{};
        ImGui::SameLine();
        if (big_button(ui, ui.tr("Gửi hồ sơ ngay", "Send now"), action, Tone::secondary))
            intent = SyncNow{};
        ImGui::SameLine();
        if (big_button(ui, ui.tr("Xuất nhật ký ra USB", "Export logs to USB"), action,
                       Tone::secondary))
            intent = ExportLogs{};
    }
    if (view.busy) text(ui, ui.tr("Đang thực hiện...", "Working..."), ui.fonts.large);
    if (view.last)
        text(ui,
             outcome_words(ui, view.last->outcome, view.last->detail, view.last->count,
                           view.last->woken),
             ui.fonts.large);

    ImGui::BeginChild("details", ImVec2(0, typing ? 0 : -ui.px(150)), true);
    drag_to_scroll();
    if (view.report) {
        text(ui, ui.tr("Kết quả kiểm tra", "Diagnostics"), ui.fonts.large);
        for (const auto& check : view.report->checks)
            text(ui,
                 std::string(status_name(check.status)) + "  " + check.name + ": " + check.detail,
                 nullptr, check.status == DiagCheck::Status::fail ? ink(ui, Ink::error) : 0);
    }
    text(ui, ui.tr("Cấu hình đang dùng", "Configuration in use"), ui.fonts.large);
    text(ui, view.config_text);
    ImGui::EndChild();
    if (!typing && big_button(ui, ui.tr("Kết thúc", "Log out"), ImVec2(ui.px(400), ui.px(110)),
                              Tone::secondary))
        intent = StaffLogout{};
    return intent;
}

} // namespace kiosk::ui
