#include "screens/screens.hpp"
#include "visit/visit.hpp"

#include <algorithm>

namespace kiosk::ui {

std::string describe_fee(const UiContext& ui, const forms::Fee& fee) {
    if (fee.kind == forms::FeeKind::free) return ui.tr("Miễn phí", "Free");
    return format_vnd(fee.amount_vnd) +
           (fee.kind == forms::FeeKind::per_page ? ui.tr(" / trang", " per page") : "");
}

namespace {

const char* document_form(const UiContext& ui, const std::string& form) {
    if (form == "original") return ui.tr("bản chính", "original");
    if (form == "copy") return ui.tr("bản sao", "copy");
    return ui.tr("bản chính hoặc bản sao", "original or copy");
}

const char* life_event_name(const UiContext& ui, const std::string& event) {
    if (event == "birth") return ui.tr("Sinh con", "A new baby");
    if (event == "marriage") return ui.tr("Kết hôn", "Marriage");
    if (event == "death") return ui.tr("Người thân qua đời", "A death in the family");
    if (event == "residence") return ui.tr("Cư trú", "Residence");
    if (event == "social_support") return ui.tr("Trợ cấp xã hội", "Social support");
    if (event == "certification") return ui.tr("Chứng thực giấy tờ", "Certified copies");
    if (event == "feedback") return ui.tr("Góp ý, phản ánh", "Feedback");
    return ui.tr("Việc khác", "Other");
}

// One button per life event the catalog has, in the order people meet them, flowing
// onto as many rows as the text size needs.
void draw_life_events(UiContext& ui, const ScreenInputs& in, Visit& visit) {
    std::vector<std::pair<std::string, std::string>> chips = {{"", ui.tr("Tất cả", "All")}};
    for (const char* event : {"birth", "marriage", "death", "residence", "social_support",
                              "certification", "feedback", "other"})
        if (std::any_of(in.catalog.procedures.begin(), in.catalog.procedures.end(),
                        [&](const forms::Procedure& p) { return p.life_event == event; }))
            chips.emplace_back(event, life_event_name(ui, event));
    const float avail = ImGui::GetContentRegionAvail().x;
    float x = 0;
    for (const auto& [event, name] : chips) {
        ImGui::PushFont(ui.fonts.large);
        const float w = ImGui::CalcTextSize(name.c_str()).x + ImGui::GetStyle().FramePadding.x * 4;
        ImGui::PopFont();
        if (x > 0 && x + w <= avail)
            ImGui::SameLine();
        else
            x = 0;
        x += w + ImGui::GetStyle().ItemSpacing.x;
        if (big_button(ui, name + "##event" + event, ImVec2(w, ui.px(96)),
                       visit.life_event == event ? Tone::primary : Tone::secondary))
            visit.life_event = event;
    }
}

} // namespace

Intent draw_catalog(UiContext& ui, const ScreenInputs& in, Visit& visit) {
    Intent intent = draw_header(ui, in, ui.tr("Chọn thủ tục", "Choose a procedure"));
    if (visit.has_identity)
        text(ui, std::string(ui.tr("Xin chào ", "Hello ")) + visit.identity.full_name,
             ui.fonts.large);
    search_field(ui, ui.tr("Tìm thủ tục", "Find a procedure"),
                 ui.tr("Ví dụ: khai sinh", "For example: birth"), visit.catalog_search);

    // The life events and the list scroll together (finger drag or scrollbar); "back"
    // stays in reach below them. While typing, the results need the room the life events
    // take.
    const bool typing = ui.keyboard.shown != KeyboardKind::none;
    ImGui::BeginChild("procedures", ImVec2(0, typing ? 0 : -ui.px(150)), false);
    drag_to_scroll();
    if (!typing) draw_life_events(ui, in, visit);
    const float width = ImGui::GetContentRegionAvail().x;
    const auto found = in.catalog.search(visit.catalog_search, visit.life_event);
    for (const auto* p : found)
        if (big_button(ui, ui.tr(p->name) + "##" + p->code, ImVec2(width, ui.px(120)),
                       Tone::secondary))
            intent = PickProcedure{p->code};
    if (found.empty())
        text(ui,
             ui.tr("Không tìm thấy thủ tục phù hợp. Xin thử từ khác, chọn \"Tất cả\", hoặc hỏi "
                   "cán bộ tại quầy.",
                   "No procedure matches. Try other words, choose \"All\", or ask the staff at "
                   "the counter."),
             ui.fonts.large);
    ImGui::EndChild();
    if (!typing && back_to_start(ui)) intent = GoHome{};
    return intent;
}

Intent draw_procedure_info(UiContext& ui, const ScreenInputs& in) {
    const auto& p = *in.procedure;
    Intent intent = draw_header(ui, in, ui.tr(p.name));
    text(ui, ui.tr("Giấy tờ cần mang theo", "Documents to bring"), ui.fonts.large);
    for (const auto& d : p.documents)
        text(ui, "- " + ui.tr(d.name) + " (" + document_form(ui, d.form) + ")" +
                     (d.note.vi.empty() ? "" : ". " + ui.tr(d.note)));
    ImGui::Dummy(ImVec2(0, ui.px(10)));
    text(ui, ui.tr("Lệ phí", "Fee"), ui.fonts.large);
    text(ui, describe_fee(ui, p.fee) + (p.fee.note.vi.empty() ? "" : ". " + ui.tr(p.fee.note)));
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
