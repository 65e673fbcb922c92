#include "screens/screens.hpp"
#include "staff/staff.hpp"

#include <algorithm>
#include <ctime>
#include <map>

namespace kiosk::ui {

namespace {

const char* state_words(const UiContext& ui, ksync::State state) {
    switch (state) {
    case ksync::State::accepted:
        return ui.tr("Cổng đã nhận", "Received by the portal");
    case ksync::State::needs_attention:
        return ui.tr("Cần kiểm tra", "Needs attention");
    default:
        return ui.tr("Chờ gửi", "Waiting to be sent");
    }
}

// A staff member as people know them: the name on the login list, else the login.
std::string staff_name(const StaffDesk& desk, const std::string& id) {
    if (desk.accounts)
        for (const auto& member : *desk.accounts)
            if (member.id == id && !member.name.empty()) return member.name;
    return id;
}

std::string counts_text(const std::map<std::string, int>& counts) {
    std::string out;
    for (const auto& [name, n] : counts)
        out += (out.empty() ? "" : "; ") + name + ": " + std::to_string(n);
    return out.empty() ? "-" : out;
}

// The end-of-day figures: what was submitted today, by state, procedure and operator.
void draw_today(UiContext& ui, const ScreenInputs& in, const StaffDesk& desk,
                const std::vector<ksync::Entry>& entries) {
    const auto day = summarize_day(entries, start_of_local_day(std::time(nullptr)));
    std::map<std::string, int> states, procedures;
    for (const auto& [state, n] : day.by_state)
        states[state == "accepted"          ? state_words(ui, ksync::State::accepted)
               : state == "needs_attention" ? state_words(ui, ksync::State::needs_attention)
                                            : state_words(ui, ksync::State::queued)] += n;
    for (const auto& [code, n] : day.by_procedure) {
        const auto* p = in.catalog.find(code);
        procedures[p ? ui.tr(p->name) : code] += n;
    }
    text(ui,
         std::string(ui.tr("Hôm nay: ", "Today: ")) + std::to_string(day.total) +
             ui.tr(" hồ sơ", " submissions") + " (" + counts_text(states) + ")",
         ui.fonts.large);
    text(ui, std::string(ui.tr("Theo thủ tục: ", "By procedure: ")) + counts_text(procedures));
    // Reconciliation: the cash each operator should hand over.
    std::string operators;
    for (const auto& [who, n] : day.by_operator)
        operators += (operators.empty() ? "" : "; ") +
                     (who.empty() ? std::string(ui.tr("tự phục vụ", "self-service"))
                                  : staff_name(desk, who)) +
                     ": " + std::to_string(n) + " (" + format_vnd(day.fees_by_operator.at(who)) +
                     ")";
    text(ui, std::string(ui.tr("Theo cán bộ (lệ phí đã thu): ", "By staff member (fees taken): ")) +
                 (operators.empty() ? "-" : operators));
}

} // namespace

Intent draw_queue(UiContext& ui, const ScreenInputs& in, const StaffDesk& desk) {
    const auto& entries = desk.queue;
    Intent intent = draw_header(ui, in, ui.tr("Hàng đợi hồ sơ", "Submission queue"));
    // Citizens waiting for a person come first.
    for (const auto& call : desk.help_calls) {
        text(ui,
             std::string(ui.tr("Người dân cần giúp, lúc ", "A citizen needs help, at ")) +
                 vietnam_time_text(iso_time(call.at)) + ui.tr(", ở màn hình “", ", on “") +
                 call.screen + "”",
             ui.fonts.large, ink(ui, Ink::error));
        if (big_button(ui,
                       ui.tr("Đã đến giúp", "Helped") + std::string("##help") +
                           std::to_string(call.at),
                       ImVec2(ui.px(360), ui.px(96))))
            intent = AnswerHelpCall{call.at};
    }
    if (!desk.help_calls.empty()) ImGui::Separator();
    // "Về trang đầu", "Làm mới" and "In báo cáo cuối ngày" on one line, or the last one on a
    // line of its own above them on a narrow (portrait) screen.
    const bool prints_summary = entries && in.has_printer;
    const auto& style = ImGui::GetStyle();
    const bool one_row = !prints_summary || ui.px(400 + 400 + 420) + style.ItemSpacing.x * 2 <=
                                                ImGui::GetContentRegionAvail().x;
    const float bottom_room = one_row ? ui.px(150) : ui.px(150 + 110) + style.ItemSpacing.y;
    if (!entries) {
        text(ui, ui.tr("Đang đọc hàng đợi...", "Reading the queue..."), ui.fonts.large);
    } else if (desk.queue_outcome != Outcome::done) {
        text(ui, outcome_words(ui, desk.queue_outcome), ui.fonts.large, ink(ui, Ink::error));
    } else {
        draw_today(ui, in, desk, *entries);
        ImGui::Separator();
        // Ids, procedures, states and errors only: nothing a citizen wrote.
        ImGui::BeginChild("entries", ImVec2(0, -bottom_room), false);
        drag_to_scroll();
        if (entries->empty()) text(ui, ui.tr("Hàng đợi trống.", "The queue is empty."));
        for (const auto& e : *entries) {
            const auto* p = in.catalog.find(e.procedure_code);
            // The dossier number when it has one, else the temporary reference the receipt
            // printed; the time in Vietnam.
            text(ui,
                 (e.receipt_no.empty()
                      ? std::string(ui.tr("Mã tạm ", "Temporary ")) + e.id.substr(0, 8)
                      : e.receipt_no) +
                     "  |  " + (p ? ui.tr(p->name) : e.procedure_code),
                 ui.fonts.large);
            text(ui,
                 std::string(ui.tr("Lúc ", "At ")) + vietnam_time_text(iso_time(e.created_at)) +
                     "  |  " + state_words(ui, e.state) + "  |  " + std::to_string(e.attempts) +
                     ui.tr(" lần gửi", " attempts") +
                     (e.assisted_by.empty() ? std::string()
                                            : "  |  " + std::string(ui.tr("Cán bộ: ", "Staff: ")) +
                                                  staff_name(desk, e.assisted_by)));
            if (!e.last_error.empty() && e.state != ksync::State::accepted)
                text(ui, std::string(ui.tr("Lỗi gần nhất: ", "Last error: ")) + e.last_error,
                     nullptr, ink(ui, Ink::error));
            const ImVec2 action(ui.px(360), ui.px(96));
            bool first = true;
            if (e.state == ksync::State::needs_attention) {
                if (big_button(ui, ui.tr("Gửi lại", "Send again") + std::string("##") + e.id,
                               action))
                    intent = RequeueEntry{e.id};
                ImGui::SameLine();
                if (!e.reviewed_by.empty())
                    text(ui, std::string(ui.tr("Đã xem: ", "Reviewed by ")) +
                                 staff_name(desk, e.reviewed_by));
                else if (big_button(ui,
                                    ui.tr("Đánh dấu đã xem", "Mark reviewed") + std::string("##") +
                                        e.id,
                                    action, Tone::secondary))
                    intent = MarkReviewed{e.id};
                first = false;
            }
            if (in.has_printer) {
                if (!first) ImGui::SameLine();
                if (big_button(ui, ui.tr("In lại phiếu", "Reprint") + std::string("##") + e.id,
                               action, Tone::secondary))
                    intent = ReprintEntry{e.id};
            }
            ImGui::Separator();
        }
        ImGui::EndChild();
    }
    const auto print_summary = [&] {
        if (big_button(ui, ui.tr("In báo cáo cuối ngày", "Print end-of-day summary"),
                       ImVec2(ui.px(420), ui.px(110)), Tone::secondary))
            intent = PrintDaySummary{};
    };
    if (!one_row) {
        ImGui::SetCursorPosY(
            std::max(ImGui::GetCursorPosY(), ImGui::GetWindowHeight() - bottom_room));
        print_summary();
    }
    if (back_to_start(ui)) intent = GoHome{};
    ImGui::SameLine();
    if (big_button(ui, ui.tr("Làm mới", "Refresh"), ImVec2(ui.px(400), ui.px(110)),
                   Tone::secondary))
        intent = OpenQueue{};
    if (prints_summary && one_row) {
        ImGui::SameLine();
        print_summary();
    }
    return intent;
}

} // namespace kiosk::ui
