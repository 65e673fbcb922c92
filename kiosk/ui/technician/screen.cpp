#include "screens/screens.hpp"
#include "technician/technician.hpp"

#include <algorithm>
#include <string_view>

namespace kiosk::ui {

namespace {

// A check's name and status as the technician reads them: kioskctl's words in English, the
// screen's own in Vietnamese.
const char* check_name(const UiContext& ui, const std::string& name) {
    constexpr std::pair<std::string_view, const char*> kNames[] = {
        {"config", "Cấu hình"},  {"portal", "Cổng dịch vụ công"},
        {"clock", "Đồng hồ"},    {"disk", "Ổ đĩa"},
        {"database", "Dữ liệu"}, {"scanner", "Máy quét thẻ"},
        {"camera", "Máy ảnh"},   {"printer", "Máy in"}};
    if (ui.lang == forms::Lang::vi)
        for (const auto& [id, vi] : kNames)
            if (id == name) return vi;
    return name.c_str();
}

const char* check_status(const UiContext& ui, DiagCheck::Status status) {
    switch (status) {
    case DiagCheck::Status::ok:
        return ui.tr("Tốt", "ok");
    case DiagCheck::Status::warn:
        return ui.tr("Lưu ý", "warn");
    case DiagCheck::Status::fail:
        break;
    }
    return ui.tr("Lỗi", "fail");
}

// The configuration file as it is, or in Vietnamese without its English comments: the keys
// and values are the file's own.
std::string config_for(const UiContext& ui, const std::string& config) {
    if (ui.lang == forms::Lang::en) return config;
    std::string out = "# Tệp cấu hình (TOML); tên mục và giá trị ghi đúng như trong tệp.\n";
    std::size_t start = 0;
    while (start < config.size()) {
        const auto end = std::min(config.find('\n', start), config.size());
        const auto line = std::string_view(config).substr(start, end - start);
        if (line.empty() || line.front() != '#') out.append(line).append("\n");
        start = end + 1;
    }
    return out;
}

} // namespace

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
                 std::string(check_status(ui, check.status)) + "  " + check_name(ui, check.name) +
                     ": " +
                     (ui.lang == forms::Lang::vi && !check.detail_vi.empty() ? check.detail_vi
                                                                             : check.detail),
                 nullptr, check.status == DiagCheck::Status::fail ? ink(ui, Ink::error) : 0);
    }
    text(ui, ui.tr("Cấu hình đang dùng", "Configuration in use"), ui.fonts.large);
    text(ui, config_for(ui, view.config_text));
    ImGui::EndChild();
    if (!typing && big_button(ui, ui.tr("Kết thúc", "Log out"), ImVec2(ui.px(400), ui.px(110)),
                              Tone::secondary))
        intent = StaffLogout{};
    return intent;
}

} // namespace kiosk::ui
