#include "screens/screens.hpp"
#include "visit/visit.hpp"

#include <algorithm>

namespace kiosk::ui {

namespace {

// What the status means for the citizen, in plain words.
std::string status_words(const UiContext& ui, const StatusAnswer& a) {
    const std::string& s = a.status;
    if (a.source == StatusAnswer::Source::portal) {
        switch (a.status_code) {
        case 1:
        case 2:
            return ui.tr("Đã tiếp nhận, đang chờ giải quyết.", "Received, waiting to be handled.");
        case 3:
            return ui.tr("Hồ sơ không được tiếp nhận. Xin xem ghi chú của cán bộ hoặc hỏi bộ phận "
                         "một cửa của xã.",
                         "The application was not accepted. Please read the officer's note or "
                         "ask the commune's service desk.");
        case 4:
            return ui.tr("Đang giải quyết.", "Being handled.");
        case 5:
            return ui.tr("Hồ sơ cần bổ sung giấy tờ. Xin xem ghi chú của cán bộ.",
                         "More documents are needed. Please read the officer's note.");
        case 6:
            return ui.tr("Bà con cần nộp lệ phí hoặc thực hiện nghĩa vụ tài chính. Xin xem ghi "
                         "chú của cán bộ.",
                         "A fee or tax is to be paid. Please read the officer's note.");
        case 8:
            return ui.tr("Hồ sơ đã dừng xử lý. Xin hỏi bộ phận một cửa của xã.",
                         "Processing has stopped. Please ask the commune's service desk.");
        case 9:
            return ui.tr("Đã có kết quả. Mời bà con mang phiếu tiếp nhận và giấy tờ gốc đến nhận.",
                         "The result is ready. Please bring the receipt and your original "
                         "documents to collect it.");
        case 10:
            return ui.tr("Đã trả kết quả.", "The result has been handed over.");
        default:
            break;
        }
        if (s == "received")
            return ui.tr("Đã tiếp nhận, đang chờ giải quyết.", "Received, waiting to be handled.");
        if (s == "processing") return ui.tr("Đang giải quyết.", "Being handled.");
        if (s == "completed")
            return ui.tr("Đã có kết quả. Mời bà con mang phiếu tiếp nhận và giấy tờ gốc đến nhận.",
                         "The result is ready. Please bring the receipt and your original "
                         "documents to collect it.");
        if (s == "returned")
            return ui.tr("Hồ sơ cần bổ sung. Xin liên hệ bộ phận một cửa của xã.",
                         "More documents are needed. Please contact the commune's service desk.");
        return s;
    }
    if (s == "accepted")
        return ui.tr("Cổng dịch vụ công đã nhận hồ sơ.",
                     "The portal has received the application.");
    if (s == "needs_attention")
        return ui.tr("Hồ sơ cần cán bộ kiểm tra. Xin báo cán bộ tại quầy.",
                     "Staff need to check this application. Please ask at the counter.");
    return ui.tr("Hồ sơ đã được lưu trên máy này và sẽ được gửi khi có mạng.",
                 "The application is saved on this kiosk and will be sent when the network is "
                 "back.");
}

} // namespace

Intent draw_status(UiContext& ui, const ScreenInputs& in, Visit& visit) {
    Intent intent = draw_header(ui, in, ui.tr("Tra cứu hồ sơ", "Check a submission"));
    text_field(ui, ui.tr("Mã số hồ sơ", "Dossier number"), "receipt", visit.status_query,
               ui.tr("In trên phiếu tiếp nhận, ví dụ HY-261123-0001",
                     "Printed on your receipt, e.g. HY-261123-0001"),
               "", KeyboardKind::code);
    text_field(ui, ui.tr("Mã tra cứu", "Lookup code"), "lookup_code", visit.status_code,
               ui.tr("6 chữ và số in dưới mã số hồ sơ, ví dụ K7M2QX",
                     "6 letters and digits printed under the dossier number, e.g. K7M2QX"),
               "", KeyboardKind::code);
    const bool typing = ui.keyboard.shown != KeyboardKind::none;
    if (!typing && !visit.status_asking &&
        big_button(ui, ui.tr("Tra cứu", "Look up"), ImVec2(ui.px(420), ui.px(110))))
        intent = LookUpStatus{};

    if (visit.status_asking) {
        text(ui, ui.tr("Đang tra cứu...", "Looking it up..."), ui.fonts.large);
    } else if (const auto& a = visit.status_answer) {
        if (a->bad_number) {
            text(ui,
                 ui.tr("Mã số này không đúng dạng. Xin xem lại mã in trên phiếu.",
                       "That does not look like a dossier number. Please check your receipt."),
                 ui.fonts.large, ink(ui, Ink::error));
        } else if (a->bad_code) {
            text(ui,
                 ui.tr("Xin nhập mã tra cứu gồm 6 chữ và số in trên phiếu, hoặc quét căn cước "
                       "của người nộp hồ sơ.",
                       "Please type the 6-character lookup code printed on the receipt, or scan "
                       "the applicant's ID card."),
                 ui.fonts.large, ink(ui, Ink::error));
        } else if (a->too_many) {
            text(ui,
                 ui.tr("Đã tra cứu quá nhiều lần. Xin chờ một phút rồi thử lại.",
                       "Too many lookups. Please wait a minute and try again."),
                 ui.fonts.large, ink(ui, Ink::error));
        } else if (a->source == StatusAnswer::Source::none) {
            text(ui,
                 a->portal_unreachable
                     ? ui.tr("Chưa tra cứu được: máy đang ngoại tuyến và không có hồ sơ này. Xin "
                             "thử lại sau.",
                             "Not available now: the kiosk is offline and does not hold this "
                             "application. Please try again later.")
                     : ui.tr("Không tìm thấy hồ sơ có mã số và mã tra cứu này. Xin xem lại "
                             "hai mã in trên phiếu.",
                             "No application has this number and lookup code. Please check "
                             "both codes on your receipt."),
                 ui.fonts.large, ink(ui, Ink::error));
        } else {
            text(ui, a->receipt_no, ui.fonts.title, ink(ui, Ink::success));
            text(ui, status_words(ui, *a), ui.fonts.large);
            if (!a->note.empty())
                text(ui,
                     std::string(ui.tr("Ghi chú của cán bộ: ", "The officer's note: ")) + a->note,
                     ui.fonts.large);
            const auto updated = vietnam_time_text(a->updated_at);
            text(ui, a->source == StatusAnswer::Source::portal
                         ? std::string(ui.tr("Theo Cổng dịch vụ công, cập nhật lúc ",
                                             "From the public service portal, updated ")) +
                               (updated.empty() ? a->updated_at : updated)
                         : std::string(ui.tr("Máy đang ngoại tuyến: đây là thông tin lưu trên máy "
                                             "này.",
                                             "The kiosk is offline: this is what this kiosk "
                                             "knows.")));
        }
    }
    // Once the result is ready the citizen may rate it, once (the portal says when).
    if (!typing && !visit.status_asking && visit.status_answer &&
        !visit.status_answer->rating_token.empty()) {
        ImGui::Dummy(ImVec2(0, ui.px(16)));
        if (big_button(ui, ui.tr("Đánh giá mức độ hài lòng", "Rate our service"),
                       ImVec2(ui.px(560), ui.px(110))))
            intent = StartRating{ksync::RatingMoment::result, visit.status_answer->receipt_no, "",
                                 visit.status_answer->rating_token};
    }
    if (!typing) {
        if (back_to_start(ui, true)) intent = GoHome{};
    }
    return intent;
}

} // namespace kiosk::ui
