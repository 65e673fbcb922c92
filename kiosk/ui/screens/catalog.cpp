#include "screens.hpp"

namespace kiosk::ui {

namespace {

std::string fee_text(const UiContext& ui, const forms::Fee& fee) {
    if (fee.kind == "free") return ui.tr("Miễn phí", "Free");
    std::string amount = std::to_string(fee.amount_vnd);
    for (int i = static_cast<int>(amount.size()) - 3; i > 0; i -= 3)
        amount.insert(static_cast<std::size_t>(i), ".");
    return amount + " đồng" + (fee.kind == "per_page" ? ui.tr(" / trang", " per page") : "");
}

const char* document_form(const UiContext& ui, const std::string& form) {
    if (form == "original") return ui.tr("bản chính", "original");
    if (form == "copy") return ui.tr("bản sao", "copy");
    return ui.tr("bản chính hoặc bản sao", "original or copy");
}

} // namespace

Intent draw_catalog(UiContext& ui, const ScreenInputs& in, const Session& session) {
    Intent intent = draw_header(ui, ui.tr("Chọn thủ tục", "Choose a procedure"));
    if (session.has_identity)
        text(ui, std::string(ui.tr("Xin chào ", "Hello ")) + session.identity.full_name,
             ui.fonts.large);
    ImGui::Dummy(ImVec2(0, ui.px(10)));
    // The list scrolls (finger drag or scrollbar); "back" stays in reach below it.
    ImGui::BeginChild("procedures", ImVec2(0, -ui.px(150)), false);
    drag_to_scroll();
    const float width = ImGui::GetContentRegionAvail().x;
    for (const auto& p : in.catalog.procedures)
        if (big_button(ui, ui.tr(p.name) + "##" + p.code, ImVec2(width, ui.px(120)),
                       Tone::secondary))
            intent = PickProcedure{p.code};
    ImGui::EndChild();
    if (big_button(ui, ui.tr("Về trang đầu", "Back to start"), ImVec2(ui.px(400), ui.px(110)),
                   Tone::secondary))
        intent = GoHome{};
    return intent;
}

Intent draw_procedure_info(UiContext& ui, const ScreenInputs& in) {
    const auto& p = *in.procedure;
    Intent intent = draw_header(ui, ui.tr(p.name));
    text(ui, ui.tr("Giấy tờ cần mang theo", "Documents to bring"), ui.fonts.large);
    for (const auto& d : p.documents)
        text(ui, "- " + ui.tr(d.name) + " (" + document_form(ui, d.form) + ")" +
                     (d.note.vi.empty() ? "" : ". " + ui.tr(d.note)));
    ImGui::Dummy(ImVec2(0, ui.px(10)));
    text(ui, ui.tr("Lệ phí", "Fee"), ui.fonts.large);
    text(ui, fee_text(ui, p.fee) + (p.fee.note.vi.empty() ? "" : ". " + ui.tr(p.fee.note)));
    ImGui::Dummy(ImVec2(0, ui.px(10)));
    text(ui, ui.tr("Thời gian giải quyết", "Processing time"), ui.fonts.large);
    text(ui, ui.tr(p.processing_time));
    ImGui::Dummy(ImVec2(0, ui.px(30)));
    if (big_button(ui, ui.tr("Bắt đầu khai", "Start the form"), ImVec2(ui.px(500), ui.px(120))))
        intent = StartForm{};
    ImGui::SameLine();
    if (big_button(ui, ui.tr("Chọn thủ tục khác", "Another procedure"),
                   ImVec2(ui.px(500), ui.px(120)), Tone::secondary))
        intent = OpenCatalog{};
    return intent;
}

} // namespace kiosk::ui
