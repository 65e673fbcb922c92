// The rating screen: three big faces, the national criteria if the citizen wishes, thanks.
#include "rating/rating.hpp"
#include "screens/screens.hpp"

#include <cmath>

namespace kiosk::ui {

namespace {

using Question = RateAnswer::Question;

// A face in the rectangle from `min` to `max`: eyes, and a mouth that smiles (3), is straight
// (2) or turns down (1). Drawn, not a font's emoji: the kiosk's fonts have none.
void draw_face(const UiContext& ui, int mood, bool chosen, ImVec2 min, ImVec2 max) {
    const float radius = std::min(max.x - min.x, max.y - min.y) * 0.5f;
    const ImVec2 centre((min.x + max.x) / 2, (min.y + max.y) / 2);
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 fills[] = {IM_COL32(230, 120, 90, 255), IM_COL32(240, 200, 80, 255),
                           IM_COL32(110, 190, 110, 255)};
    const ImU32 line = IM_COL32(30, 30, 30, 255);
    const float width = std::max(2.0f, radius * 0.09f);
    draw->AddCircleFilled(centre, radius,
                          ui.high_contrast ? IM_COL32(255, 230, 0, 255) : fills[mood - 1]);
    draw->AddCircle(centre, radius, chosen ? IM_COL32(0, 0, 0, 255) : line, 0,
                    chosen ? width * 2.5f : width);
    for (const float side : {-1.0f, 1.0f})
        draw->AddCircleFilled(ImVec2(centre.x + side * radius * 0.38f, centre.y - radius * 0.25f),
                              radius * 0.1f, line);
    const float mouth_y = centre.y + radius * 0.35f;
    const float half = radius * 0.45f;
    if (mood == 2) {
        draw->AddLine(ImVec2(centre.x - half, mouth_y), ImVec2(centre.x + half, mouth_y), line,
                      width);
        return;
    }
    // An arc through the mouth's corners: its centre above them smiles, below them frowns.
    const float pi = 3.14159265f;
    const float sag = radius * 0.25f;
    const float arc_radius = (half * half + sag * sag) / (2 * sag);
    const float spread = std::asin(half / arc_radius);
    if (mood == 3) {
        const ImVec2 c(centre.x, mouth_y + sag - arc_radius);
        draw->PathArcTo(c, arc_radius, pi / 2 + spread, pi / 2 - spread, 24);
    } else {
        const ImVec2 c(centre.x, mouth_y - sag + arc_radius);
        draw->PathArcTo(c, arc_radius, -pi / 2 - spread, -pi / 2 + spread, 24);
    }
    draw->PathStroke(line, 0, width);
}

// One question's answers as a row of buttons; the chosen one stands out. Tapping it again
// clears it (every criterion is optional).
Intent answer_row(UiContext& ui, Question question, const char* label,
                  std::initializer_list<std::pair<int, const char*>> answers, int chosen,
                  const char* id) {
    text(ui, label, ui.fonts.large);
    // Scripts can name each answer ("#trips=2") whatever the language.
    const ScopedControlPath path(ui, id);
    Intent intent;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float avail = ImGui::GetContentRegionAvail().x;
    const auto count = static_cast<float>(answers.size());
    const float width = std::max(ui.px(200), (avail - spacing * (count - 1)) / count);
    bool first = true;
    for (const auto& [value, words] : answers) {
        if (!first && ImGui::GetCursorPosX() + width < avail) ImGui::SameLine();
        first = false;
        const bool is_chosen = chosen == value;
        if (big_button(ui, std::string(words) + "##" + id + std::to_string(value),
                       ImVec2(width, ui.px(96)), is_chosen ? Tone::primary : Tone::secondary,
                       "=" + std::to_string(value)))
            intent = RateAnswer{question, is_chosen ? 0 : value};
    }
    ImGui::Dummy(ImVec2(0, ui.px(10)));
    return intent;
}

} // namespace

Intent draw_rating(UiContext& ui, const ScreenInputs& in, RatingDesk& desk) {
    const bool result = desk.subject.moment == ksync::RatingMoment::result;
    Intent intent = draw_header(ui, in, ui.tr("Đánh giá mức độ hài lòng", "Rate our service"));
    const Intent leave = desk.back_to == ScreenId::home ? Intent(GoHome{}) : Intent(LeaveRating{});
    if (desk.phase == RatingDesk::Phase::thanked) {
        text(ui, ui.tr("Cảm ơn bà con đã đánh giá!", "Thank you for your rating!"), ui.fonts.title,
             ink(ui, Ink::success));
        text(ui,
             ui.tr("Ý kiến của bà con giúp xã phục vụ tốt hơn.",
                   "Your opinion helps the commune serve you better."),
             ui.fonts.large);
        ImGui::Dummy(ImVec2(0, ui.px(30)));
        if (big_button(ui,
                       desk.back_to == ScreenId::home ? ui.tr("Hoàn tất", "Finish")
                                                      : ui.tr("Quay lại tra cứu", "Back to lookup"),
                       ImVec2(ui.px(480), ui.px(130))))
            intent = leave;
        return intent;
    }
    text(ui,
         result ? ui.tr("Bà con có hài lòng với việc giải quyết hồ sơ không?",
                        "Are you satisfied with how your application was handled?")
                : ui.tr("Bà con có hài lòng với việc nộp hồ sơ hôm nay không?",
                        "Are you satisfied with submitting your application today?"),
         ui.fonts.large);
    text(ui, ui.tr("Đánh giá không ghi tên, chỉ gắn với mã số hồ sơ.",
                   "The rating is anonymous: it is tied only to the dossier number."));
    if (!desk.subject.dossier_no.empty())
        text(ui, std::string(ui.tr("Mã số hồ sơ: ", "Dossier number: ")) + desk.subject.dossier_no);
    ImGui::Dummy(ImVec2(0, ui.px(16)));

    // The faces, large and side by side: the satisfied one first, as the national form has it.
    const struct {
        int mood;
        const char* vi;
        const char* en;
    } faces[] = {{3, "Hài lòng", "Satisfied"},
                 {2, "Bình thường", "Neither"},
                 {1, "Không hài lòng", "Not satisfied"}};
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    // A third of the width each, short enough that the buttons below stay in view.
    const float face_width = (ImGui::GetContentRegionAvail().x - 2 * spacing) / 3;
    const float face_height = std::min(face_width * 0.6f, ui.px(240));
    {
        const ScopedControlPath path(ui, "satisfaction");
        for (const auto& face : faces) {
            if (face.mood != 3) ImGui::SameLine();
            const bool chosen = desk.satisfaction == face.mood;
            if (picture_button(
                    ui, ui.tr(face.vi, face.en), face_width, face_height,
                    chosen ? Tone::primary : Tone::secondary, "=" + std::to_string(face.mood),
                    [&](ImVec2 min, ImVec2 max) { draw_face(ui, face.mood, chosen, min, max); }))
                intent = RateAnswer{Question::satisfaction, face.mood};
        }
    }
    ImGui::Dummy(ImVec2(0, ui.px(16)));

    const bool criteria = result || desk.staff_asked;
    if (desk.satisfaction != 0 && criteria) {
        text(ui,
             ui.tr("Trả lời thêm nếu bà con muốn (không bắt buộc):",
                   "More, if you wish (optional):"),
             ui.fonts.large, ink(ui, Ink::help));
        if (result) {
            intent = choose_intent(
                intent, answer_row(ui, Question::on_time,
                                   ui.tr("Kết quả trả so với ngày hẹn",
                                         "The result, against the appointment"),
                                   {{1, ui.tr("Đúng hẹn hoặc sớm hơn", "On time or early")},
                                    {2, ui.tr("Trễ hẹn", "Late")}},
                                   desk.on_time, "on_time"));
            intent = choose_intent(
                intent,
                answer_row(ui, Question::trips,
                           ui.tr("Số lần bà con phải đi lại", "How many times you had to come"),
                           {{1, ui.tr("1 lần", "Once")},
                            {2, ui.tr("2 lần", "Twice")},
                            {3, ui.tr("3 lần trở lên", "3 times or more")}},
                           desk.trips, "trips"));
        }
        if (desk.staff_asked)
            intent =
                choose_intent(intent, answer_row(ui, Question::staff_attitude,
                                                 ui.tr("Thái độ của cán bộ", "The staff's manner"),
                                                 {{3, ui.tr("Tốt", "Good")},
                                                  {2, ui.tr("Bình thường", "Ordinary")},
                                                  {1, ui.tr("Chưa tốt", "Poor")}},
                                                 desk.staff_attitude, "staff_attitude"));
    }
    if (desk.phase == RatingDesk::Phase::saving)
        text(ui, ui.tr("Đang lưu đánh giá...", "Saving your rating..."), ui.fonts.large);
    if (desk.phase == RatingDesk::Phase::failed) {
        text(ui, ui.tr("Chưa lưu được đánh giá.", "The rating could not be saved."), ui.fonts.large,
             ink(ui, Ink::error));
        text(ui, outcome_words(ui, desk.failure));
    }
    ImGui::Dummy(ImVec2(0, ui.px(24)));
    const ImVec2 button(ui.px(460), ui.px(130));
    if (desk.satisfaction != 0 && desk.phase != RatingDesk::Phase::saving) {
        if (big_button(ui, ui.tr("Gửi đánh giá", "Send rating"), button)) intent = SendRating{};
        ImGui::SameLine();
    }
    if (big_button(ui, ui.tr("Bỏ qua", "Skip"), button, Tone::secondary)) intent = leave;
    return intent;
}

} // namespace kiosk::ui
