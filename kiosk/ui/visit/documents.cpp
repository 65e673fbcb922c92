#include "screens/screens.hpp"
#include "visit/visit.hpp"

namespace kiosk::ui {

namespace {

const forms::RequiredDocument* document(const forms::Procedure& p, const std::string& id) {
    for (const auto& d : p.documents)
        if (d.id == id) return &d;
    return nullptr;
}

// The camera's picture as large as the room above the buttons allows, centred.
void camera_picture(const UiContext& ui, float below) {
    const ImVec2 room(ImGui::GetContentRegionAvail().x, ImGui::GetContentRegionAvail().y - below);
    const Picture& view = ui.camera_view;
    if (!view.texture || view.width <= 0 || room.y <= 0) {
        ImGui::Dummy(ImVec2(room.x, std::max(0.0f, room.y)));
        return;
    }
    const float fit =
        std::min(room.x / static_cast<float>(view.width), room.y / static_cast<float>(view.height));
    const ImVec2 size(static_cast<float>(view.width) * fit, static_cast<float>(view.height) * fit);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (room.x - size.x) / 2);
    ImGui::Image(view.texture, size);
    ImGui::Dummy(ImVec2(0, room.y - size.y));
}

Intent draw_camera(UiContext& ui, const Visit& visit, const forms::RequiredDocument& d,
                   Intent intent) {
    text(ui, ui.tr(d.name), ui.fonts.large);
    const ImVec2 button(ui.px(520), ui.px(130));
    const float below = button.y + ui.px(110);
    switch (visit.camera) {
    case CameraStage::live:
        if (visit.photo_failed)
            text(ui,
                 ui.tr("Máy không lưu được ảnh vừa chụp. Xin chụp lại.",
                       "The kiosk could not keep that photo. Please take it again."),
                 ui.fonts.large, ink(ui, Ink::error));
        text(ui, ui.tr("Đặt giấy tờ phẳng trong khung hình, đủ sáng và không bị che, rồi bấm "
                       "\"Chụp\".",
                       "Lay the document flat in view, well lit and uncovered, then tap "
                       "\"Take photo\"."));
        break;
    case CameraStage::encoding:
        text(ui, ui.tr("Đang lưu ảnh...", "Keeping the photo..."));
        break;
    default:
        text(ui, ui.tr("Ảnh có rõ chữ không? Nếu mờ hoặc thiếu góc, bấm \"Chụp lại\".",
                       "Can you read the photo? If it is blurred or cut off, tap \"Retake\"."));
        break;
    }
    if (!ui.camera_view.texture)
        text(ui, ui.tr("Đang mở máy ảnh...", "Starting the camera..."), ui.fonts.large);
    camera_picture(ui, below);

    const bool checking = visit.camera == CameraStage::checking;
    if (big_button(ui, checking ? ui.tr("Chụp lại", "Retake") : ui.tr("Hủy", "Cancel"), button,
                   Tone::secondary))
        intent = checking ? Intent{RetakePhoto{}} : Intent{CloseCamera{}};
    ImGui::SameLine(ImGui::GetWindowWidth() - button.x - ImGui::GetStyle().WindowPadding.x);
    if (checking) {
        if (big_button(ui, ui.tr("Dùng ảnh này", "Use this photo"), button)) intent = KeepPhoto{};
    } else if (visit.camera == CameraStage::live && ui.camera_frame) {
        if (big_button(ui, ui.tr("Chụp", "Take photo"), button)) intent = TakePhoto{};
    }
    return intent;
}

} // namespace

Intent draw_documents(UiContext& ui, const ScreenInputs& in, const Visit& visit) {
    const auto& p = *in.procedure;
    Intent intent = draw_header(ui, in, ui.tr(p.name));
    const int step = static_cast<int>(step_count(in)) - 1;
    text(ui,
         step_counter(ui, step, step_count(in)) + ": " +
             ui.tr("Chụp ảnh giấy tờ", "Photograph your documents"),
         ui.fonts.large);
    if (visit.camera != CameraStage::closed)
        if (const auto* d = document(p, visit.photographing))
            return draw_camera(ui, visit, *d, intent);

    if (in.camera_ready)
        text(ui, ui.tr("Chụp ảnh từng giấy tờ để gửi kèm hồ sơ. Giấy tờ có dấu * là bắt buộc. "
                       "Bà con vẫn mang bản giấy đến khi nhận kết quả.",
                       "Photograph each document to send it with the application. Documents "
                       "marked * are required. Bring the papers when you collect the result."));
    else
        text(ui,
             ui.tr("Máy ảnh chưa sẵn sàng. Bà con có thể tiếp tục và mang giấy tờ đến quầy.",
                   "The camera is not ready. You can continue and bring the documents to the "
                   "counter."),
             ui.fonts.large, ink(ui, Ink::error));

    const float width = std::min(ImGui::GetContentRegionAvail().x, ui.px(1300));
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (ImGui::GetContentRegionAvail().x - width) / 2);
    ImGui::BeginChild("documents", ImVec2(width, -step_buttons_height(ui)), false);
    drag_to_scroll();
    // The answers decide which documents are asked for and which are required.
    auto answers = forms::normalise(p, visit.answers, {forms::today_in_vietnam(), in.units});
    for (const auto& d : p.documents) {
        if (d.photo == forms::PhotoRequirement::none || !forms::is_visible(d, answers)) continue;
        const bool required = forms::photo_required(d, answers);
        const auto* photo = visit.photo_of(d.id);
        const bool at_counter = !photo && visit.hands_in_at_counter(d.id);
        ImGui::Dummy(ImVec2(0, ui.px(16)));
        text(ui, ui.tr(d.name) + (required ? " *" : ""), ui.fonts.large);
        if (photo) {
            text(ui, ui.tr("Đã chụp:", "Photographed:"), nullptr, ink(ui, Ink::success));
            if (const auto* picture = ui.thumbnail(d.id); picture && picture->width > 0) {
                const float w = ui.px(360);
                const float h =
                    w * static_cast<float>(picture->height) / static_cast<float>(picture->width);
                ImGui::Image(picture->texture, ImVec2(w, h));
            }
        } else if (at_counter)
            text(ui,
                 ui.tr("Nộp tại quầy: mang giấy tờ này đến quầy tiếp nhận.",
                       "Hand in at the counter: bring this document to the counter."),
                 nullptr, ink(ui, Ink::success));
        else if (required && visit.photos_missing && in.camera_ready)
            text(ui,
                 ui.tr("Cần chụp giấy tờ này để tiếp tục. Nếu không mang theo, bấm \"Nộp tại "
                       "quầy\".",
                       "This document is needed to go on. If you did not bring it, tap \"Hand "
                       "in at the counter\"."),
                 nullptr, ink(ui, Ink::error));
        else
            text(ui,
                 required ? ui.tr("Chưa chụp", "Not photographed yet")
                          : ui.tr("Nếu có", "If you have it"),
                 nullptr, ink(ui, Ink::help));
        const ImVec2 size(ui.px(520), ui.px(110));
        if (in.camera_ready) {
            ScopedControlPath path(ui, "photo/" + d.id);
            if (big_button(ui,
                           std::string(photo ? ui.tr("Chụp lại", "Retake")
                                             : ui.tr("Chụp ảnh", "Take a photo")) +
                               "##" + d.id,
                           size, photo ? Tone::secondary : Tone::primary))
                intent = OpenCamera{d.id};
        }
        // A forgotten paper must not end the visit: the counter takes it instead.
        if (required && !photo && !at_counter && in.camera_ready) {
            ImGui::SameLine();
            ScopedControlPath path(ui, "counter/" + d.id);
            if (big_button(ui,
                           std::string(ui.tr("Nộp tại quầy", "Hand in at the counter")) +
                               "##counter-" + d.id,
                           size, Tone::secondary))
                intent = HandInAtCounter{d.id};
        }
        ImGui::Separator();
    }
    forms::wipe_answers(answers);
    ImGui::EndChild();

    return choose_intent(intent, draw_step_buttons(ui, ui.tr("Tiếp tục", "Continue"), NextStep{}));
}

} // namespace kiosk::ui
