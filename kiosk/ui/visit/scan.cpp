#include "screens/screens.hpp"
#include "visit/visit.hpp"

namespace kiosk::ui {

Intent draw_scan(UiContext& ui, const ScreenInputs& in) {
    Intent intent = draw_header(ui, in, ui.tr("Quét thẻ căn cước", "Scan your ID card"));
    if (!in.scan_error.empty()) {
        text(ui,
             ui.tr("Không đọc được mã QR trên thẻ", "The QR code on the card could not be read"),
             ui.fonts.large, ink(ui, Ink::error));
        text(ui, ui.tr("Xin lau sạch mặt thẻ và đặt lại mã QR dưới máy quét.",
                       "Please wipe the card and place its QR code under the scanner again."));
        if (big_button(ui, ui.tr("Thử lại", "Try again"), ImVec2(ui.px(400), ui.px(110))))
            intent = RetryScan{};
    } else {
        text(ui,
             ui.tr("Đặt mặt sau thẻ căn cước, phần có mã QR, dưới máy quét.",
                   "Place the back of your ID card, with the QR code, under the scanner."),
             ui.fonts.large);
        text(ui, ui.tr("Máy sẽ tự đọc khi thấy mã.", "The kiosk reads the code by itself."));
    }
    ImGui::Dummy(ImVec2(0, ui.px(30)));
    if (in.demo && big_button(ui, ui.tr("Dùng thẻ mẫu (trình diễn)", "Use the sample card (demo)"),
                              ImVec2(ui.px(700), ui.px(110)), Tone::secondary))
        intent = UseDemoCard{};
    ImGui::Dummy(ImVec2(0, ui.px(30)));
    if (back_to_start(ui)) intent = GoHome{};
    return intent;
}

} // namespace kiosk::ui
