#include "kiosk/receipt.hpp"

#include <algorithm>
#include <ctime>

#include "forms/calendar.hpp"
#include "forms/submission.hpp"
#include "forms/text.hpp"

namespace kiosk {

namespace {

// "23/11/2026 14:05" in Vietnam time.
std::string vietnam_date_time(std::int64_t unix_s) {
    const auto iso =
        forms::format_vietnam(std::chrono::system_clock::time_point(std::chrono::seconds(unix_s)));
    // iso = YYYY-MM-DDTHH:MM:SS+07:00
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) + " " +
           iso.substr(11, 5);
}

} // namespace

std::optional<FeeTransfer> fee_transfer(const TerminalConfig& config,
                                        const forms::Procedure& procedure,
                                        const std::string& dossier_no,
                                        std::int64_t fee_collected_vnd,
                                        std::optional<long long> due_vnd) {
    if (procedure.fee.kind == forms::FeeKind::free || fee_collected_vnd > 0 || dossier_no.empty() ||
        config.payment.bank_bin.empty() || !bank_account_problem(config.payment).empty() ||
        (due_vnd && *due_vnd <= 0))
        return std::nullopt;
    FeeTransfer transfer;
    // Unknown (pages staff count): the payer types the amount staff tell.
    transfer.amount_vnd = due_vnd.value_or(0);
    transfer.note = transfer_note_for_dossier(dossier_no);
    transfer.account = config.payment;
    transfer.payload = vietqr_payload(config.payment, transfer.amount_vnd, transfer.note);
    if (transfer.payload.empty()) return std::nullopt;
    return transfer;
}

std::string fee_words(const forms::Fee& fee) {
    switch (fee.kind) {
    case forms::FeeKind::free:
        return "Miễn phí";
    case forms::FeeKind::fixed:
        return format_vnd(fee.amount_vnd);
    case forms::FeeKind::per_page:
        return format_vnd(fee.amount_vnd) + "/trang";
    }
    return {};
}

std::string office_name(const TerminalConfig& config, const forms::AdminUnits* units) {
    if (const auto* commune = units ? units->commune(config.commune_code) : nullptr)
        return "UBND " + forms::lowercase_first(commune->name);
    if (!config.commune_code.empty()) return "UBND xã/phường mã " + config.commune_code;
    return {};
}

ReceiptFacts receipt_facts(const ksync::Entry& entry, const forms::Procedure* procedure,
                           const TerminalConfig& config, const forms::WorkingCalendar* calendar,
                           const forms::AdminUnits* units) {
    ReceiptFacts facts;
    facts.office_name = office_name(config, units);
    if (const auto* commune = units ? units->commune(config.commune_code) : nullptr)
        if (const auto* province = units->province(commune->province_code))
            facts.province_name = province->name;
    facts.unit_code = config.dossier_unit;
    facts.procedure_name = procedure ? procedure->name.vi : "Thủ tục " + entry.procedure_code;
    facts.receipt_no = entry.receipt_no;
    facts.delivered = entry.state == ksync::State::accepted;
    facts.submission_id = entry.id;
    facts.lookup_code = entry.lookup_code;
    facts.submitted_at = entry.created_at;
    facts.terminal_id = config.terminal_id;
    facts.fee_collected_vnd = entry.fee_collected_vnd;
    facts.assisted_by = entry.assisted_by;
    if (procedure) {
        // The documents the answers asked for, as the submission recorded them; every one
        // the procedure names for entries from before that was recorded.
        const auto recorded = nlohmann::json::parse(entry.receipt_documents, nullptr, false);
        if (recorded.is_array() && !entry.receipt_documents.empty()) {
            for (const auto& r : recorded) {
                const auto index = r.is_object() ? r.value("index", std::size_t{0}) : 0;
                if (!r.is_object() || index >= procedure->documents.size()) continue;
                const auto& d = procedure->documents[index];
                // The same catalog version, so the same list; an id that differs is skipped.
                if (r.value("id", "") != d.id) continue;
                facts.documents.push_back({d.name.vi, d.form, r.value("photographed", false),
                                           r.value("at_counter", false)});
            }
        } else {
            for (const auto& d : procedure->documents)
                facts.documents.push_back({d.name.vi, d.form, false});
        }
        facts.processing_time = procedure->processing_time.vi;
        facts.fee_text = fee_words(procedure->fee);
        if (entry.fee_due_vnd >= 0) facts.fee_due_vnd = entry.fee_due_vnd;
        facts.transfer = fee_transfer(config, *procedure, entry.receipt_no, entry.fee_collected_vnd,
                                      facts.fee_due_vnd);
        // The day the document was sealed with: the same calendar, the same instant.
        const forms::WorkingCalendar built_in;
        if (procedure->processing_days)
            facts.appointment_date =
                forms::vietnamese_date((calendar ? *calendar : built_in)
                                           .appointment(std::chrono::system_clock::time_point(
                                                            std::chrono::seconds(entry.created_at)),
                                                        *procedure->processing_days));
    }
    return facts;
}

std::string format_vnd(std::int64_t amount) {
    std::string digits = std::to_string(amount < 0 ? -amount : amount);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<std::size_t>(i), ".");
    return (amount < 0 ? "-" : "") + digits + " đồng";
}

std::int64_t start_of_local_day(std::int64_t now) {
    const auto t = static_cast<std::time_t>(now);
    std::tm local{};
    localtime_r(&t, &local);
    local.tm_hour = local.tm_min = local.tm_sec = 0;
    return static_cast<std::int64_t>(std::mktime(&local));
}

DaySummary summarize_day(const std::vector<ksync::Entry>& entries, std::int64_t since) {
    DaySummary day;
    for (const auto& e : entries) {
        if (e.created_at < since) continue;
        ++day.total;
        ++day.by_state[e.state == ksync::State::accepted          ? "accepted"
                       : e.state == ksync::State::needs_attention ? "needs_attention"
                                                                  : "waiting"];
        ++day.by_procedure[e.procedure_code];
        ++day.by_operator[e.assisted_by];
        day.fees_by_operator[e.assisted_by] += e.fee_collected_vnd;
    }
    return day;
}

std::vector<devices::ReceiptBlock>
day_summary_blocks(const DaySummary& day, const std::string& terminal_id, std::int64_t printed_at,
                   const std::function<std::string(const std::string&)>& procedure_name,
                   const std::vector<LineCounts>& tickets) {
    using Kind = devices::ReceiptBlock::Kind;
    const auto count = [&](const char* state) {
        const auto it = day.by_state.find(state);
        return std::to_string(it == day.by_state.end() ? 0 : it->second);
    };
    std::vector<devices::ReceiptBlock> blocks = {
        {Kind::title, "BÁO CÁO CUỐI NGÀY"},
        {Kind::text, "End-of-day summary, " + vietnam_date_time(printed_at)},
        {Kind::rule, ""},
        {Kind::bold, "Tổng số hồ sơ / Submissions: " + std::to_string(day.total)},
        {Kind::text, "Cổng đã nhận / Received: " + count("accepted")},
        {Kind::text, "Chờ gửi / Waiting: " + count("waiting")},
        {Kind::text, "Cần kiểm tra / Needs attention: " + count("needs_attention")},
        {Kind::rule, ""},
        {Kind::bold, "Theo thủ tục / By procedure"},
    };
    for (const auto& [code, n] : day.by_procedure)
        blocks.push_back({Kind::bullet, procedure_name(code) + ": " + std::to_string(n)});
    blocks.push_back({Kind::rule, ""});
    blocks.push_back({Kind::bold, "Theo cán bộ, lệ phí đã thu / By operator, fees"});
    std::int64_t cash = 0;
    for (const auto& [who, n] : day.by_operator) {
        const auto fees = day.fees_by_operator.at(who);
        cash += fees;
        blocks.push_back({Kind::bullet, (who.empty() ? "Tự phục vụ / Self-service" : who) + ": " +
                                            std::to_string(n) + ", " + format_vnd(fees)});
    }
    blocks.push_back({Kind::bold, "Tổng tiền mặt / Cash total: " + format_vnd(cash)});
    if (!tickets.empty()) {
        blocks.push_back({Kind::rule, ""});
        blocks.push_back({Kind::bold, "Số thứ tự / Queue numbers"});
        blocks.push_back({Kind::text, "Issued, called, still waiting per line"});
        const auto figures = [](int issued, int called) {
            return "cấp " + std::to_string(issued) + ", đã gọi " + std::to_string(called) +
                   ", còn chờ " + std::to_string(issued - called);
        };
        int issued = 0, called = 0;
        for (const auto& line : tickets) {
            issued += line.issued;
            called += line.called;
            blocks.push_back({Kind::bullet, line.name + ": " + figures(line.issued, line.called)});
        }
        blocks.push_back({Kind::bold, "Tổng / Total: " + figures(issued, called)});
    }
    blocks.push_back({Kind::rule, ""});
    blocks.push_back({Kind::text, "Kiosk " + terminal_id});
    return blocks;
}

ReceiptFacts sample_receipt_facts() {
    ReceiptFacts facts;
    facts.office_name = "UBND xã An Bình";
    facts.province_name = "Tỉnh Hà Tĩnh";
    facts.unit_code = "000.00.12.H26";
    facts.procedure_name = "Đăng ký khai sinh";
    facts.receipt_no = "000.00.12.H26-261123-3042";
    facts.delivered = true;
    facts.submission_id = "5f0c6b1e-8d2a-4c57-9a51-2b7f3e9d4a10";
    facts.lookup_code = "K7M2QX";
    facts.submitted_at = 1795417500; // 2026-11-23 14:05 in Vietnam
    facts.submitter_name = "Nguyễn Văn An";
    facts.documents = {{"Giấy chứng sinh do cơ sở y tế cấp", "original", true},
                       {"Giấy tờ chứng minh quan hệ hôn nhân của cha mẹ (nếu có)", "copy", false}};
    facts.processing_time = "Trong ngày làm việc";
    facts.appointment_date = "23/11/2026";
    facts.result_by = "post";
    facts.fee_text = "8.000 đồng";
    TerminalConfig config;
    config.payment = {"970415", "113366668888", "UBND XA AN BINH"};
    forms::Procedure procedure;
    procedure.fee.kind = forms::FeeKind::fixed;
    procedure.fee.amount_vnd = 8000;
    facts.fee_due_vnd = 8000;
    facts.transfer = fee_transfer(config, procedure, facts.receipt_no, 0, 8000);
    facts.assisted_by = "Trần Thị Lan";
    facts.terminal_id = "KIOSK-MAU-01";
    return facts;
}

namespace {

// The fee as due for this dossier when known ("5.000 đồng"), else as the procedure charges it.
std::string due_words(const ReceiptFacts& facts) {
    if (facts.fee_due_vnd && *facts.fee_due_vnd > 0) return format_vnd(*facts.fee_due_vnd);
    return facts.fee_text;
}

// How a document was received, as the receipt writes it.
std::string document_line(const ReceiptDocument& d) {
    const std::string form = d.form == "original" ? "bản chính"
                             : d.form == "copy"   ? "bản sao"
                                                  : "bản chính hoặc bản sao";
    // The counter checks a paper promised at the kiosk: the slip says which one.
    return d.name + " (" + form + (d.photographed ? "; đã chụp ảnh gửi kèm)" : ")") +
           (d.at_counter ? " - Nộp tại quầy" : "");
}

} // namespace

std::vector<devices::ReceiptBlock> receipt_blocks(const ReceiptFacts& facts) {
    using Kind = devices::ReceiptBlock::Kind;
    std::vector<devices::ReceiptBlock> blocks;
    // The office that received the dossier, as the form's heading names it.
    if (!facts.office_name.empty()) blocks.push_back({Kind::bold, facts.office_name});
    if (!facts.province_name.empty()) blocks.push_back({Kind::text, facts.province_name});
    blocks.push_back({Kind::text, "Bộ phận tiếp nhận và trả kết quả"});
    if (!facts.unit_code.empty())
        blocks.push_back({Kind::text, "Mã đơn vị / Unit code: " + facts.unit_code});
    blocks.push_back({Kind::rule, ""});
    blocks.push_back({Kind::title, "PHIẾU TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"});
    blocks.push_back({Kind::text, "Receipt and appointment for the result"});
    blocks.push_back({Kind::rule, ""});
    if (facts.receipt_no.empty()) {
        // Queued without a number of its own: the citizen must know it is saved, not yet sent.
        blocks.push_back(
            {Kind::inverse, "HỒ SƠ ĐÃ LƯU, CHƯA GỬI ĐƯỢC. Máy sẽ tự gửi khi có mạng."});
        blocks.push_back({Kind::text, "Saved, not yet sent: the kiosk sends it when back online."});
        blocks.push_back({Kind::text, "Mã tạm / Temporary reference:"});
        blocks.push_back({Kind::bold, facts.submission_id.substr(0, 8)});
    } else {
        blocks.push_back({Kind::text, "Mã số hồ sơ / Dossier number:"});
        blocks.push_back({Kind::large, facts.receipt_no});
        if (!facts.delivered)
            blocks.push_back({Kind::text, "Hồ sơ sẽ được gửi tới cơ quan giải quyết khi có mạng; "
                                          "mã số trên không thay đổi."});
    }
    if (!facts.submitter_name.empty())
        blocks.push_back({Kind::text, "Người nộp / Submitted by: " + facts.submitter_name});
    blocks.push_back({Kind::text, "Thủ tục / Procedure:"});
    blocks.push_back({Kind::bold, facts.procedure_name});
    blocks.push_back(
        {Kind::text, "Ngày nộp / Submitted: " + vietnam_date_time(facts.submitted_at)});
    if (!facts.documents.empty()) {
        blocks.push_back({Kind::text, "Giấy tờ kèm theo / Documents:"});
        for (const auto& d : facts.documents)
            blocks.push_back({Kind::bullet, document_line(d)});
    }
    if (!facts.processing_time.empty())
        blocks.push_back({Kind::text, "Thời hạn giải quyết: " + facts.processing_time});
    if (!facts.appointment_date.empty())
        blocks.push_back({Kind::bold, "Ngày hẹn trả kết quả / Result due: 17 giờ 00, ngày " +
                                          facts.appointment_date});
    if (facts.result_by == "post")
        blocks.push_back({Kind::text, "Nhận kết quả: Qua dịch vụ bưu chính công ích"});
    else if (facts.result_by == "office")
        blocks.push_back({Kind::text, "Nhận kết quả: Tại bộ phận tiếp nhận và trả kết quả"});
    else if (facts.result_by == "electronic")
        blocks.push_back({Kind::text, "Nhận kết quả: Bản điện tử"});
    if (facts.fee_collected_vnd > 0)
        blocks.push_back({Kind::bold, "Lệ phí / Fee: " + format_vnd(facts.fee_collected_vnd) +
                                          ", đã nộp tiền mặt"});
    else if (facts.transfer)
        blocks.push_back({Kind::bold, "Lệ phí / Fee: " + due_words(facts) +
                                          ", chuyển khoản theo mã QR bên dưới"});
    else if (!facts.fee_text.empty())
        blocks.push_back({Kind::text, "Lệ phí / Fee: " + due_words(facts)});
    if (!facts.assisted_by.empty())
        blocks.push_back({Kind::text, "Cán bộ hỗ trợ / Assisted by: " + facts.assisted_by});
    if (facts.transfer) {
        const auto& t = *facts.transfer;
        blocks.push_back({Kind::rule, ""});
        blocks.push_back({Kind::bold, "CHUYỂN KHOẢN LỆ PHÍ / PAY THE FEE BY TRANSFER"});
        blocks.push_back({Kind::text, "Quét mã bằng ứng dụng ngân hàng / Scan with a banking app"});
        blocks.push_back({Kind::qr, t.payload});
        blocks.push_back({Kind::text, "Số tài khoản: " + t.account.account_no});
        if (!t.account.account_name.empty())
            blocks.push_back({Kind::text, "Chủ tài khoản: " + t.account.account_name});
        if (t.amount_vnd > 0)
            blocks.push_back({Kind::text, "Số tiền: " + format_vnd(t.amount_vnd)});
        blocks.push_back({Kind::text, "Nội dung: " + t.note});
    }
    blocks.push_back({Kind::rule, ""});
    if (!facts.lookup_code.empty())
        blocks.push_back({Kind::bold, "Mã tra cứu / Lookup code: " + facts.lookup_code});
    blocks.push_back({Kind::qr, facts.receipt_no.empty() ? facts.submission_id : facts.receipt_no});
    blocks.push_back(
        {Kind::text, "Tra cứu tại kiosk: quét mã này hoặc nhập mã số hồ sơ và mã tra cứu."});
    blocks.push_back({Kind::rule, ""});
    blocks.push_back({Kind::inverse, "MANG THEO PHIẾU NÀY KHI ĐẾN NHẬN KẾT QUẢ"});
    blocks.push_back({Kind::text, "Bring this receipt when you collect the result."});
    if (std::any_of(facts.documents.begin(), facts.documents.end(),
                    [](const ReceiptDocument& d) { return d.form != "copy"; }))
        blocks.push_back({Kind::text, "Mang theo bản chính các giấy tờ trên để đối chiếu."});
    blocks.push_back({Kind::text, "Kiosk " + facts.terminal_id});
    return blocks;
}

} // namespace kiosk
