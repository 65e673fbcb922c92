#include "screens.hpp"

#include <cstdio>

namespace kiosk::ui {

namespace {

std::string shown_value(const UiContext& ui, const forms::Field& field, const std::string& value) {
    if (field.type == forms::FieldType::radio || field.type == forms::FieldType::select)
        for (const auto& o : field.options)
            if (o.value == value) return ui.tr(o.label);
    if (field.type == forms::FieldType::checkbox)
        return value == "true" ? ui.tr("Có", "Yes") : ui.tr("Không", "No");
    return value;
}

std::string step_counter(const UiContext& ui, int step, std::size_t count) {
    char buf[64];
    std::snprintf(buf, sizeof buf, ui.tr("Bước %d/%zu", "Step %d/%zu"), step + 1, count);
    return buf;
}

} // namespace

Intent draw_form_step(UiContext& ui, const ScreenInputs& in, Session& session) {
    const auto& p = *in.procedure;
    const auto& step = p.steps[static_cast<std::size_t>(session.step)];
    Intent intent = draw_header(ui, ui.tr(p.name));
    text(ui, step_counter(ui, session.step, p.steps.size()) + ": " + ui.tr(step.title), ui.fonts.large);

    const float footer = ui.px(150);
    ImGui::BeginChild("fields", ImVec2(0, -footer), false);
    drag_to_scroll();
    // Two columns on a landscape kiosk screen so a step fits without scrolling.
    const int columns = ImGui::GetContentRegionAvail().x > ui.px(1100) ? 2 : 1;
    ImGui::BeginTable("step", columns);
    const auto answers = typed_answers(session, p);
    for (const auto& field : step.fields) {
        if (!forms::is_visible(field, answers)) continue;
        ImGui::TableNextColumn();
        auto& value = session.typed[field.id];
        const auto err = session.errors.find(field.id);
        const std::string error = err == session.errors.end() ? "" : ui.tr(err->second.message);
        std::string label = ui.tr(field.label);
        if (!field.required) label += ui.tr(" (không bắt buộc)", " (optional)");
        switch (field.type) {
        case forms::FieldType::radio:
        case forms::FieldType::select:
            choice_field(ui, label, field, value, error);
            break;
        default: {
            std::string help = ui.tr(field.help);
            if (help.empty() && field.type == forms::FieldType::date)
                help = ui.tr("Ngày/tháng/năm, ví dụ 05/03/1990", "Day/month/year, e.g. 05/03/1990");
            text_field(ui, label, field.id, value, help, error);
        }
        }
    }
    ImGui::EndTable();
    ImGui::EndChild();

    const ImVec2 button(ui.px(420), ui.px(120));
    if (big_button(ui, ui.tr("Quay lại", "Back"), button, Tone::secondary)) intent = PreviousStep{};
    ImGui::SameLine(ImGui::GetWindowWidth() - button.x - ImGui::GetStyle().WindowPadding.x);
    if (big_button(ui, ui.tr("Tiếp tục", "Continue"), button)) intent = NextStep{};
    return intent;
}

Intent draw_review(UiContext& ui, const ScreenInputs& in, const Session& session) {
    const auto& p = *in.procedure;
    Intent intent = draw_header(ui, ui.tr("Kiểm tra lại thông tin", "Check your answers"));
    ImGui::BeginChild("review", ImVec2(0, -ui.px(150)), false);
    drag_to_scroll();
    const auto answers = typed_answers(session, p);
    for (std::size_t s = 0; s < p.steps.size(); ++s) {
        const auto& step = p.steps[s];
        text(ui, ui.tr(step.title), ui.fonts.large);
        for (const auto& field : step.fields) {
            if (!forms::is_visible(field, answers)) continue;
            const auto it = session.typed.find(field.id);
            const std::string value = it == session.typed.end() ? "" : it->second;
            text(ui, ui.tr(field.label) + ": " + (value.empty() ? "-" : shown_value(ui, field, value)));
        }
        if (big_button(ui, std::string(ui.tr("Sửa", "Edit")) + " " + ui.tr(step.title) + "##edit" +
                               std::to_string(s),
                       ImVec2(ui.px(600), ui.px(96)), Tone::secondary))
            intent = EditStep{static_cast<int>(s)};
        ImGui::Separator();
    }
    ImGui::EndChild();
    const ImVec2 button(ui.px(420), ui.px(120));
    if (big_button(ui, ui.tr("Quay lại", "Back"), button, Tone::secondary)) intent = PreviousStep{};
    ImGui::SameLine(ImGui::GetWindowWidth() - button.x - ImGui::GetStyle().WindowPadding.x);
    if (big_button(ui, ui.tr("Thông tin đã đúng", "Everything is correct"), button))
        intent = ConfirmReview{};
    return intent;
}

} // namespace kiosk::ui
