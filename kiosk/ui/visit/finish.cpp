#include "rules.hpp"
#include "screens/screens.hpp"
#include "visit/visit.hpp"

namespace kiosk::ui {

Intent draw_consent(UiContext& ui, const ScreenInputs& in, Visit& visit) {
    Intent intent =
        draw_header(ui, in, ui.tr("Đồng ý sử dụng thông tin", "Consent to use your data"));
    text(ui,
         ui.tr(
             "Thông tin bà con vừa khai (họ tên, số định danh, ngày sinh, địa chỉ và các câu trả "
             "lời) "
             "sẽ được mã hóa ngay trên máy và chỉ gửi tới Cổng dịch vụ công của tỉnh để giải quyết "
             "thủ tục ",
             "The details you gave (name, ID number, date of birth, address and your answers) are "
             "encrypted on this kiosk and sent only to the provincial public service portal to "
             "handle the procedure ") +
             ui.tr(in.procedure->name) + ".",
         ui.fonts.large);
    // The photos go too, and papers can say things about health or family: each is named.
    if (!visit.photos.empty()) {
        std::string names;
        for (const auto& photo : visit.photos)
            for (const auto& d : in.procedure->documents)
                if (d.id == photo.document_id) names += (names.empty() ? "" : "; ") + ui.tr(d.name);
        text(ui,
             std::string(ui.tr("Ảnh chụp giấy tờ gửi kèm (cũng được mã hóa, chỉ dùng cho thủ tục "
                               "này, có thể có thông tin về sức khỏe hoặc gia đình): ",
                               "Photos of papers sent with it (encrypted too, used only for this "
                               "procedure; they may show health or family details): ")) +
                 names + ".",
             ui.fonts.large);
    }
    text(ui, ui.tr("Máy không giữ lại thông tin cá nhân sau khi bà con rời đi.",
                   "The kiosk keeps no personal data after you leave."));
    // The fee the answers make due, and how to pay it: in cash with staff, or by transfer
    // with the code shown once the dossier has its number.
    if (in.procedure->fee.kind != forms::FeeKind::free) {
        ImGui::Dummy(ImVec2(0, ui.px(10)));
        text(ui,
             visit.fee_due
                 ? std::string(ui.tr("Lệ phí phải nộp: ", "Fee due: ")) + format_vnd(*visit.fee_due)
                 : std::string(ui.tr("Lệ phí: ", "Fee: ")) + describe_fee(ui, in.procedure->fee),
             ui.fonts.large);
        const bool by_transfer = in.config && !in.config->payment.bank_bin.empty();
        if (!in.assisting)
            text(ui, by_transfer
                         ? ui.tr("Sau khi nộp, bà con chuyển khoản bằng mã QR hiện trên màn hình "
                                 "và in trên phiếu, hoặc nộp tiền mặt tại quầy.",
                                 "After submitting, pay by bank transfer with the QR code shown "
                                 "on screen and printed on the receipt, or in cash at the counter.")
                         : ui.tr("Bà con nộp tiền mặt tại quầy.", "Pay in cash at the counter."));
    }
    const bool by_post = in.config && in.config->post_charge_vnd > 0 &&
                         visit.answers.value(forms::kDeliveryMethodField, std::string()) == "post";
    if (by_post) {
        text(ui,
             std::string(ui.tr("Cước gửi kết quả qua bưu điện: ", "Postage for the result: ")) +
                 format_vnd(in.config->post_charge_vnd) +
                 ui.tr(", trả khi nhận kết quả.", ", paid when the result arrives."),
             ui.fonts.large);
        if (visit.fee_due && *visit.fee_due > 0)
            text(ui, std::string(ui.tr("Tổng cộng: ", "In all: ")) +
                         format_vnd(*visit.fee_due + in.config->post_charge_vnd));
    }
    if (in.assisting && in.procedure->fee.kind != forms::FeeKind::free)
        text(ui,
             std::string(ui.tr("Cán bộ đã thu bằng tiền mặt: ", "Staff took in cash: ")) +
                 format_vnd(parse_fee_vnd(visit.fee_text)),
             ui.fonts.large);
    if (ui.keyboard.shown != KeyboardKind::none) return intent;
    ImGui::Dummy(ImVec2(0, ui.px(40)));
    return choose_intent(
        intent,
        draw_step_buttons(ui, ui.tr("Tôi đồng ý và nộp hồ sơ", "I agree, submit"), GiveConsent{}));
}

Intent draw_staff_fee(UiContext& ui, const ScreenInputs& in, Visit& visit) {
    Intent intent =
        draw_header(ui, in, ui.tr("Dành cho cán bộ: thu lệ phí", "Staff only: the fee"));
    text(ui,
         visit.fee_due
             ? std::string(ui.tr("Lệ phí phải nộp: ", "Fee due: ")) + format_vnd(*visit.fee_due)
             : std::string(ui.tr("Lệ phí: ", "Fee: ")) + describe_fee(ui, in.procedure->fee),
         ui.fonts.large);
    // Staff record the cash they took; it is printed on the receipt and counted in the
    // end-of-day figures, and checked against the fee due.
    text_field(ui, ui.tr("Lệ phí đã thu bằng tiền mặt (đồng)", "Fee collected in cash (đồng)"),
               "fee", visit.fee_text,
               ui.tr("Để 0 nếu người dân được miễn hoặc sẽ chuyển khoản",
                     "Leave 0 when exempt or paying by transfer"),
               visit.fee_problem, KeyboardKind::numeric);
    if (ui.keyboard.shown != KeyboardKind::none) return intent;
    ImGui::Dummy(ImVec2(0, ui.px(40)));
    return choose_intent(intent,
                         draw_step_buttons(ui, ui.tr("Tiếp tục", "Continue"), RecordCash{}));
}

namespace {

// The day the result is due, as the receipt prints it.
void draw_appointment(UiContext& ui, const Visit& visit) {
    if (!visit.appointment) return;
    text(ui,
         std::string(ui.tr("Ngày hẹn trả kết quả: ", "Result due on: ")) +
             forms::vietnamese_date(*visit.appointment),
         ui.fonts.large, ink(ui, Ink::success));
}

// The dossier number, its QR (scan it with a phone, or at a kiosk) and the lookup code.
void draw_dossier_number(UiContext& ui, const Visit& visit) {
    text(ui, ui.tr("Mã số hồ sơ (dùng để tra cứu):", "Dossier number (to track it):"),
         ui.fonts.large);
    text(ui, visit.receipt_no, ui.fonts.title, ink(ui, Ink::success));
    qr_code(visit.receipt_no, ui.px(240));
    text(ui,
         std::string(ui.tr("Mã tra cứu (cần khi tra cứu tình trạng): ",
                           "Lookup code (needed to check the status): ")) +
             visit.lookup_code,
         ui.fonts.large);
}

// The fee by bank transfer: the code a banking app scans, and what it will show.
void draw_fee_transfer(UiContext& ui, const FeeTransfer& transfer) {
    text(ui,
         ui.tr("Nộp lệ phí bằng chuyển khoản: quét mã bằng ứng dụng ngân hàng",
               "Pay the fee by bank transfer: scan with your banking app"),
         ui.fonts.large);
    qr_code(transfer.payload, ui.px(260));
    std::string details =
        std::string(ui.tr("Số tài khoản: ", "Account: ")) + transfer.account.account_no;
    if (!transfer.account.account_name.empty()) details += ", " + transfer.account.account_name;
    text(ui, details);
    text(ui, transfer.amount_vnd > 0
                 ? std::string(ui.tr("Số tiền: ", "Amount: ")) + format_vnd(transfer.amount_vnd)
                 : std::string(ui.tr("Số tiền theo số trang, cán bộ sẽ báo.",
                                     "The amount depends on the pages; staff will tell you.")));
    text(ui, std::string(ui.tr("Nội dung chuyển khoản: ", "Transfer note: ")) + transfer.note);
    text(ui, ui.tr("Mã này cũng được in trên phiếu. Có thể nộp tiền mặt tại quầy.",
                   "The code is also on your receipt. You may pay in cash at the counter."));
}

// The dossier's number and appointment, and beside them (below them on a narrow screen) the
// fee's transfer code when there is one, so both codes are in view without scrolling.
void draw_number_and_fee(UiContext& ui, const ScreenInputs& in, const Visit& visit) {
    const auto transfer = in.config && in.procedure
                              ? fee_transfer(*in.config, *in.procedure, visit.receipt_no,
                                             visit.fee_collected_vnd, visit.fee_due)
                              : std::nullopt;
    // Side by side only while the number still fits its column on one line (not at the
    // largest text size, nor in portrait).
    ImGui::PushFont(ui.fonts.title);
    const float number_width = ImGui::CalcTextSize(visit.receipt_no.c_str()).x;
    ImGui::PopFont();
    const float width = ImGui::GetContentRegionAvail().x;
    const bool side_by_side =
        transfer && width >= ui.px(1150) && number_width <= width * (1.25f / 2.25f) - ui.px(16);
    if (side_by_side && ImGui::BeginTable("number_and_fee", 2)) {
        // The number keeps to one line: its column is the wider.
        ImGui::TableSetupColumn("number", ImGuiTableColumnFlags_WidthStretch, 1.25f);
        ImGui::TableSetupColumn("fee", ImGuiTableColumnFlags_WidthStretch, 1.f);
        ImGui::TableNextColumn();
        draw_dossier_number(ui, visit);
        draw_appointment(ui, visit);
        ImGui::TableNextColumn();
        draw_fee_transfer(ui, *transfer);
        ImGui::EndTable();
        return;
    }
    draw_dossier_number(ui, visit);
    draw_appointment(ui, visit);
    if (transfer) {
        ImGui::Dummy(ImVec2(0, ui.px(16)));
        draw_fee_transfer(ui, *transfer);
    }
}

// The receipt did not print: the numbers on screen are all the citizen has, so they are told
// first, before the numbers, how to keep them and what to do with them.
void draw_print_failed(UiContext& ui, const Visit& visit) {
    text(ui,
         visit.print == PrintState::paper_out
             ? ui.tr("Máy in đã hết giấy: phiếu tiếp nhận chưa in được.",
                     "The printer is out of paper: your receipt was not printed.")
             : ui.tr("Máy in chưa sẵn sàng: phiếu tiếp nhận chưa in được.",
                     "The printer is not ready: your receipt was not printed."),
         ui.fonts.large, ink(ui, Ink::error));
    const char* number = visit.receipt_no.empty() ? ui.tr("mã tạm", "the temporary reference")
                                                  : ui.tr("mã số hồ sơ", "the dossier number");
    text(ui,
         std::string(ui.tr("Xin bà con ghi lại hoặc chụp ảnh ", "Please write down or take a "
                                                                "photo of ")) +
             number +
             ui.tr(" và mã tra cứu dưới đây, rồi báo cán bộ tại quầy để in lại phiếu. Với hai mã "
                   "này, bà con tra cứu được hồ sơ bằng nút “Tra cứu hồ sơ đã nộp” trên máy này, "
                   "hoặc nhờ cán bộ tra giúp.",
                   " and the lookup code below, then tell the staff at the counter so they can "
                   "print the receipt again. With these two codes you can check your dossier with "
                   "“Check a submission” on this kiosk, or ask staff to look it up."),
         ui.fonts.large);
    ImGui::Dummy(ImVec2(0, ui.px(16)));
}

// What this procedure asks of the citizen now and when the result is ready (the catalog's
// "completion"), and who must come in person. The result collected at the office needs the
// catalog's list; by post or electronically it comes to the citizen.
void draw_next_steps(UiContext& ui, const ScreenInputs& in, const Visit& visit) {
    if (!in.procedure) return;
    const forms::Completion& c = in.procedure->completion;
    const auto heading = [&](const char* words) {
        ImGui::Dummy(ImVec2(0, ui.px(8)));
        text(ui, words, ui.fonts.large, ink(ui, Ink::success));
    };
    ImGui::Dummy(ImVec2(0, ui.px(16)));
    ImGui::Separator();
    heading(ui.tr("Bây giờ bà con làm gì?", "What to do now"));
    // The catalog's words for this procedure, or the general advice when it has none.
    const auto catalog_or = [&](const forms::Text& said, const char* vi, const char* en) {
        text(ui, !said.vi.empty() ? ui.tr(said) : std::string(ui.tr(vi, en)), ui.fonts.large);
    };
    catalog_or(c.go_now, "Cán bộ sẽ kiểm tra hồ sơ và báo cho bà con nếu cần thêm giấy tờ.",
               "Staff will check the application and tell you if anything more is needed.");
    const auto answer = visit.answers.find(forms::kDeliveryMethodField);
    const std::string method =
        answer != visit.answers.end() && answer->is_string() ? answer->get<std::string>() : "";
    heading(ui.tr("Khi nhận kết quả", "When the result is ready"));
    if (method == "post")
        text(ui,
             ui.tr("Kết quả được gửi qua bưu điện đến địa chỉ bà con đã ghi. Khi nhận, bà con đưa "
                   "bưu tá xem thẻ căn cước và phiếu tiếp nhận.",
                   "The result comes by post to the address you gave. When it comes, show the "
                   "postman your ID card and the receipt."),
             ui.fonts.large);
    else if (method == "electronic")
        text(ui,
             ui.tr("Bản điện tử của kết quả được gửi qua Cổng dịch vụ công. Bà con tra cứu bằng "
                   "mã số hồ sơ và mã tra cứu ở trên.",
                   "The electronic copy of the result is sent through the public service portal. "
                   "Look it up with the dossier number and the lookup code above."),
             ui.fonts.large);
    else
        catalog_or(c.bring_back,
                   "Khi đến nhận kết quả, bà con mang phiếu tiếp nhận, thẻ căn cước và bản chính "
                   "các giấy tờ để cán bộ đối chiếu.",
                   "When you collect the result, bring the receipt, your ID card and the original "
                   "papers, to be compared.");
    if (!c.in_person.vi.empty()) {
        heading(ui.tr("Ai phải có mặt", "Who must come in person"));
        text(ui, ui.tr(c.in_person), ui.fonts.large, ink(ui, Ink::error));
    }
}

} // namespace

Intent draw_receipt(UiContext& ui, const ScreenInputs& in, const Visit& visit) {
    Intent intent = draw_header(ui, in, ui.tr("Nộp hồ sơ", "Submission"));
    const bool print_failed = in.has_printer && (visit.print == PrintState::paper_out ||
                                                 visit.print == PrintState::offline);
    switch (visit.phase) {
    case SubmitPhase::saving:
        text(ui, ui.tr("Đang lưu hồ sơ...", "Saving your application..."), ui.fonts.large);
        break;
    case SubmitPhase::failed:
        text(ui, ui.tr("Chưa lưu được hồ sơ", "The application could not be saved"), ui.fonts.large,
             ink(ui, Ink::error));
        text(ui, outcome_words(ui, visit.failure));
        text(ui, ui.tr("Xin báo cán bộ tại quầy để được hỗ trợ.",
                       "Please ask the staff at the counter for help."));
        break;
    case SubmitPhase::saved:
        text(ui, ui.tr("Đã lưu hồ sơ", "Your application is saved"), ui.fonts.title);
        text(ui,
             in.online ? ui.tr("Đang gửi tới cổng dịch vụ công...", "Sending to the portal...")
                       : ui.tr("Đang ngoại tuyến: hồ sơ sẽ được gửi khi có mạng.",
                               "Offline: it will be sent when the network is back."),
             ui.fonts.large);
        if (print_failed) draw_print_failed(ui, visit);
        if (!visit.receipt_no.empty()) {
            // Numbered from the terminal's own block: final, even offline.
            draw_number_and_fee(ui, in, visit);
        } else {
            text(ui, std::string(ui.tr("Mã tạm: ", "Temporary reference: ")) +
                         visit.submission_id.substr(0, 8));
            qr_code(visit.submission_id, ui.px(240)); // the same code as on the queued receipt
            text(ui, std::string(ui.tr("Mã tra cứu: ", "Lookup code: ")) + visit.lookup_code,
                 ui.fonts.large);
            draw_appointment(ui, visit);
        }
        break;
    case SubmitPhase::accepted:
        text(ui, ui.tr("Đã nộp hồ sơ thành công", "Your application has been received"),
             ui.fonts.title);
        if (print_failed) draw_print_failed(ui, visit);
        draw_number_and_fee(ui, in, visit);
        break;
    case SubmitPhase::none:
        break;
    }
    const bool done = visit.phase == SubmitPhase::saved || visit.phase == SubmitPhase::accepted;
    // What was promised on the document step: the counter waits for these papers.
    if (done && !visit.bring_to_counter.empty()) {
        std::string papers;
        for (const auto& name : visit.bring_to_counter)
            papers += (papers.empty() ? "" : "; ") + ui.tr(name);
        text(ui,
             std::string(ui.tr("Xin mang đến quầy một cửa các giấy tờ bà con chọn nộp tại quầy: ",
                               "Please bring to the service counter the papers you chose to hand "
                               "in there: ")) +
                 papers + ".",
             ui.fonts.large, ink(ui, Ink::error));
    }
    if (in.has_printer && done) {
        switch (visit.print) {
        case PrintState::printing:
            text(ui, ui.tr("Đang in phiếu tiếp nhận...", "Printing your receipt..."),
                 ui.fonts.large);
            break;
        case PrintState::printed:
            text(ui,
                 ui.tr("Xin nhận phiếu tiếp nhận ở khe máy in.",
                       "Please take your receipt from the printer."),
                 ui.fonts.large);
            break;
        case PrintState::paper_out:
        case PrintState::offline: // said above the numbers
        case PrintState::none:
            break;
        }
    }
    if (done) draw_next_steps(ui, in, visit);
    ImGui::Dummy(ImVec2(0, ui.px(40)));
    if (visit.phase != SubmitPhase::saving &&
        big_button(ui, ui.tr("Hoàn tất", "Finish"), ImVec2(ui.px(420), ui.px(130)))) {
        // A saved dossier is rated on the way out (the rating screen can be skipped).
        if (done)
            intent = StartRating{ksync::RatingMoment::receipt, visit.receipt_no,
                                 visit.submission_id, ""};
        else
            intent = GoHome{};
    }
    if (in.has_printer && done && visit.print != PrintState::printing &&
        visit.print != PrintState::none) {
        ImGui::SameLine();
        if (big_button(ui, ui.tr("In lại phiếu", "Print again"), ImVec2(ui.px(420), ui.px(130)),
                       Tone::secondary))
            intent = PrintReceipt{};
    }
    return intent;
}

} // namespace kiosk::ui
