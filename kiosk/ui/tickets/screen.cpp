#include "screens/screens.hpp"
#include "tickets/tickets.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace kiosk::ui {

namespace {

// `s` with each of its lines centred, wrapped at the window's edge.
void centred(UiContext& ui, const std::string& s, ImFont* font, ImU32 colour = 0) {
    ImGui::PushFont(font);
    if (colour) ImGui::PushStyleColor(ImGuiCol_Text, colour);
    const float avail = ImGui::GetContentRegionAvail().x;
    const float left = ImGui::GetCursorPosX();
    const auto lines = wrap_lines(ImGui::GetFont(), ImGui::GetFontSize(), s, avail);
    // The lines of one text as close as wrapped text's.
    const ImVec2 spacing = ImGui::GetStyle().ItemSpacing;
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(spacing.x, 0));
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i + 1 == lines.size()) ImGui::PopStyleVar();
        const float w = ImGui::CalcTextSize(lines[i].c_str()).x;
        ImGui::SetCursorPosX(left + std::max(0.0f, (avail - w) / 2));
        ImGui::TextUnformatted(lines[i].c_str());
    }
    if (colour) ImGui::PopStyleColor();
    ImGui::PopFont();
    ui.current.texts.push_back(s);
}

// The number just given, large, with what to do next.
void draw_number(UiContext& ui, const TicketTaken& taken) {
    const auto& ticket = *taken.ticket;
    centred(ui, ui.tr("Số thứ tự của bà con", "Your queue number"), ui.fonts.large);
    centred(ui, taken.line_name, ui.fonts.title);
    centred(ui, std::to_string(ticket.number), ui.fonts.number ? ui.fonts.number : ui.fonts.title);
    centred(ui,
            ui.lang == forms::Lang::en
                ? "Waiting ahead of you: " + std::to_string(ticket.waiting_before)
                : "Đang chờ trước bà con: " + std::to_string(ticket.waiting_before) + " người",
            ui.fonts.large);
    if (!taken.printed)
        centred(ui,
                ui.tr("Xin bà con ghi nhớ số này và chờ được mời lên quầy.",
                      "Please remember this number and wait to be called to the counter."),
                ui.fonts.body);
    else if (*taken.printed == devices::PrinterStatus::ready)
        centred(ui,
                ui.tr("Mời bà con nhận phiếu ở khe máy in.",
                      "Please take your ticket from the printer."),
                ui.fonts.body, ink(ui, Ink::success));
    else
        centred(ui,
                ui.tr("Máy in chưa in được phiếu: xin bà con ghi nhớ số này.",
                      "The ticket could not be printed: please remember this number."),
                ui.fonts.body, ink(ui, Ink::error));
}

} // namespace

Intent draw_tickets(UiContext& ui, const ScreenInputs& in, TicketDesk& desk) {
    // A number just given is brought to the top of the screen, wherever its line's button
    // was.
    const bool scroll = std::exchange(desk.scroll_to_top, false);
    Intent intent = draw_header(ui, in, ui.tr("Lấy số thứ tự", "Take a queue number"));
    const bool given = desk.last && desk.last->ticket;
    if (given) {
        if (scroll) ImGui::SetScrollHereY(0.0f);
        draw_number(ui, *desk.last);
        ImGui::Separator();
    } else if (desk.last) {
        text(ui, outcome_words(ui, desk.last->outcome), ui.fonts.large, ink(ui, Ink::error));
    }
    text(ui,
         given ? ui.tr("Người tiếp theo: chọn dịch vụ cần làm.",
                       "Next person: choose the service you need.")
               : ui.tr("Bà con cần làm dịch vụ nào tại quầy?",
                       "Which service do you need at the counter?"),
         ui.fonts.large);
    ImGui::Dummy(ImVec2(0, ui.px(6)));
    // Two lines a row where they fit side by side, else one.
    const auto lines = configured_lines(in.config);
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float avail = ImGui::GetContentRegionAvail().x;
    const bool two = avail >= ui.px(900);
    const float w = two ? (avail - spacing) / 2 : avail;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (two && i % 2) ImGui::SameLine();
        if (big_button(ui, lines[i].name + "##line-" + lines[i].code, ImVec2(w, ui.px(130)),
                       Tone::secondary))
            intent = TakeTicket{lines[i].code};
    }
    if (desk.taking) text(ui, ui.tr("Đang cấp số...", "Giving you a number..."), ui.fonts.large);
    if (back_to_start(ui, true)) intent = GoHome{};
    return intent;
}

} // namespace kiosk::ui
