// The counter desk: the staff member says once per login which counter they sit at, then
// calls the lowest waiting number of a line there; the kiosk announces it.
#include "screens/screens.hpp"
#include "staff/staff.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

std::string counter_words(const UiContext& ui, int counter) {
    return ui.tr("Quầy ", "Counter ") + std::to_string(counter);
}

// "Đang chờ: 3 người · Đã cấp: 5 · Đã gọi: 2 · Vừa gọi: số 2 đến quầy 1".
std::string figures(const UiContext& ui, const LineCounts& line) {
    const bool en = ui.lang == forms::Lang::en;
    std::string out = en ? "Waiting: " + std::to_string(line.waiting()) +
                               " · Given: " + std::to_string(line.issued) +
                               " · Called: " + std::to_string(line.called)
                         : "Đang chờ: " + std::to_string(line.waiting()) +
                               " người · Đã cấp: " + std::to_string(line.issued) +
                               " · Đã gọi: " + std::to_string(line.called);
    if (line.last_called > 0)
        out += en ? " · Last called: number " + std::to_string(line.last_called) + " to counter " +
                        std::to_string(line.last_counter)
                  : " · Vừa gọi: số " + std::to_string(line.last_called) + " đến quầy " +
                        std::to_string(line.last_counter);
    return out;
}

// What came of the last "Gọi số tiếp theo".
void draw_last_call(UiContext& ui, const StaffDesk& desk) {
    if (desk.calling) {
        text(ui, ui.tr("Đang gọi số...", "Calling..."), ui.fonts.large);
        return;
    }
    if (!desk.last_call) return;
    const auto& last = *desk.last_call;
    if (last.outcome != Outcome::done)
        text(ui, outcome_words(ui, last.outcome), ui.fonts.large, ink(ui, Ink::error));
    else if (!last.call)
        text(ui,
             ui.lang == forms::Lang::en ? "Nobody is waiting for " + last.line_name + "."
                                        : "Không còn ai chờ ở " + last.line_name + ".",
             ui.fonts.large);
    else
        text(ui,
             ui.lang == forms::Lang::en
                 ? "Number " + std::to_string(last.call->number) + " (" + last.line_name +
                       ") called to counter " + std::to_string(last.call->counter) + "."
                 : "Đã mời số " + std::to_string(last.call->number) + " (" + last.line_name +
                       ") đến quầy " + std::to_string(last.call->counter) + ".",
             ui.fonts.large, ink(ui, Ink::success));
}

} // namespace

Intent draw_counter(UiContext& ui, const ScreenInputs& in, const StaffDesk& desk) {
    Intent intent = draw_header(ui, in, ui.tr("Gọi số thứ tự", "Call queue numbers"));
    const int counters = in.config ? in.config->counter.counters : 1;
    const auto& style = ImGui::GetStyle();
    if (desk.counter == 0) {
        text(ui, ui.tr("Bạn ngồi ở quầy số mấy?", "Which counter are you at?"), ui.fonts.large);
        // As wide as the longest name needs ("Counter 12" in the largest text).
        ImGui::PushFont(ui.fonts.large);
        const float words = ImGui::CalcTextSize(counter_words(ui, counters).c_str()).x +
                            style.FramePadding.x * 2 + 2;
        ImGui::PopFont();
        const ImVec2 size(std::max(ui.px(260), words), ui.px(110));
        const float right = ImGui::GetWindowContentRegionMax().x + ImGui::GetWindowPos().x;
        for (int n = 1; n <= counters; ++n) {
            if (n > 1 && ImGui::GetItemRectMax().x + style.ItemSpacing.x + size.x <= right)
                ImGui::SameLine();
            if (big_button(ui, counter_words(ui, n), size, Tone::secondary))
                intent = ChooseCounter{n};
        }
    } else {
        text(ui,
             std::string(ui.tr("Bạn gọi số đến ", "You call numbers to ")) +
                 counter_words(ui, desk.counter),
             ui.fonts.large);
        if (counters > 1) {
            const char* label = ui.tr("Đổi quầy", "Change counter");
            ImGui::PushFont(ui.fonts.large);
            const ImVec2 change(
                std::max(ui.px(300), ImGui::CalcTextSize(label).x + style.FramePadding.x * 3),
                ui.px(80));
            ImGui::PopFont();
            const float right = ImGui::GetWindowContentRegionMax().x + ImGui::GetWindowPos().x;
            if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + change.x <= right)
                ImGui::SameLine();
            if (big_button(ui, label, change, Tone::secondary)) intent = ChooseCounter{0};
        }
        draw_last_call(ui, desk);
        ImGui::Separator();
        // The lines scroll with the screen: a portrait screen has no room for a region of
        // their own under the banner and the help bar.
        if (!desk.lines) {
            text(ui, ui.tr("Đang đọc số thứ tự...", "Reading the queue numbers..."),
                 ui.fonts.large);
        } else if (desk.lines_outcome != Outcome::done) {
            text(ui, outcome_words(ui, desk.lines_outcome), ui.fonts.large, ink(ui, Ink::error));
        } else {
            const std::string label = ui.tr("Gọi số tiếp theo", "Call next");
            ImGui::PushFont(ui.fonts.large);
            const ImVec2 button(std::max(ui.px(420), ImGui::CalcTextSize(label.c_str()).x +
                                                         style.FramePadding.x * 3),
                                ui.px(100));
            ImGui::PopFont();
            // The button on the right of the line's name and figures when they have room.
            const float button_x = ImGui::GetWindowContentRegionMax().x - button.x;
            const bool beside = button_x >= ui.px(520);
            for (const auto& line : *desk.lines) {
                ImGui::BeginGroup();
                if (beside) ImGui::PushTextWrapPos(button_x - style.ItemSpacing.x);
                text(ui, line.name, ui.fonts.title);
                text(ui, figures(ui, line));
                if (beside) ImGui::PopTextWrapPos();
                ImGui::EndGroup();
                if (beside) ImGui::SameLine(button_x);
                ScopedControlPath path(ui, "call/" + line.code);
                if (big_button(ui, label + "##" + line.code, button,
                               line.waiting() > 0 ? Tone::primary : Tone::secondary))
                    intent = CallNext{line.code};
                ImGui::Separator();
            }
        }
    }
    if (back_to_start(ui, true)) intent = GoHome{};
    const ImVec2 refresh(ui.px(400), ui.px(110));
    const float right = ImGui::GetWindowContentRegionMax().x + ImGui::GetWindowPos().x;
    if (ImGui::GetItemRectMax().x + style.ItemSpacing.x + refresh.x <= right) ImGui::SameLine();
    if (big_button(ui, ui.tr("Làm mới", "Refresh"), refresh, Tone::secondary))
        intent = OpenCounter{};
    return intent;
}

} // namespace kiosk::ui
