#include "kiosk/receipt.hpp"

#include <ctime>

#include "forms/calendar.hpp"
#include "forms/submission.hpp"

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

ReceiptFacts receipt_facts(const ksync::Entry& entry, const forms::Procedure* procedure,
                           const TerminalConfig& config, const forms::WorkingCalendar* calendar) {
    ReceiptFacts facts;
    facts.procedure_name = procedure ? procedure->name.vi : "Thủ tục " + entry.procedure_code;
    facts.receipt_no = entry.receipt_no;
    facts.submission_id = entry.id;
    facts.lookup_code = entry.lookup_code;
    facts.submitted_at = entry.created_at;
    facts.terminal_id = config.terminal_id;
    facts.fee_collected_vnd = entry.fee_collected_vnd;
    facts.assisted_by = entry.assisted_by;
    if (procedure) {
        for (const auto& d : procedure->documents)
            facts.documents.push_back(d.name.vi);
        facts.processing_time = procedure->processing_time.vi;
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
                   const std::function<std::string(const std::string&)>& procedure_name) {
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
    blocks.push_back({Kind::rule, ""});
    blocks.push_back({Kind::text, "Kiosk " + terminal_id});
    return blocks;
}

ReceiptFacts sample_receipt_facts() {
    ReceiptFacts facts;
    facts.procedure_name = "Đăng ký khai sinh";
    facts.receipt_no = "KP-20261123-000042";
    facts.submission_id = "5f0c6b1e-8d2a-4c57-9a51-2b7f3e9d4a10";
    facts.lookup_code = "K7M2QX";
    facts.submitted_at = 1795417500; // 2026-11-23 14:05 in Vietnam
    facts.documents = {"Giấy chứng sinh do cơ sở y tế cấp",
                       "Giấy tờ chứng minh quan hệ hôn nhân của cha mẹ (nếu có)"};
    facts.processing_time = "Trong ngày làm việc";
    facts.appointment_date = "23/11/2026";
    facts.terminal_id = "KIOSK-MAU-01";
    return facts;
}

std::vector<devices::ReceiptBlock> receipt_blocks(const ReceiptFacts& facts) {
    using Kind = devices::ReceiptBlock::Kind;
    std::vector<devices::ReceiptBlock> blocks = {
        {Kind::title, "PHIẾU TIẾP NHẬN HỒ SƠ"},
        {Kind::text, "Application receipt"},
        {Kind::rule, ""},
        {Kind::text, "Thủ tục / Procedure:"},
        {Kind::bold, facts.procedure_name},
        {Kind::text, "Ngày nộp / Submitted: " + vietnam_date_time(facts.submitted_at)},
    };
    if (!facts.processing_time.empty())
        blocks.push_back({Kind::text, "Thời hạn giải quyết: " + facts.processing_time});
    if (!facts.appointment_date.empty())
        blocks.push_back(
            {Kind::bold, "Ngày hẹn trả kết quả / Result due: " + facts.appointment_date});
    if (facts.fee_collected_vnd > 0)
        blocks.push_back(
            {Kind::bold, "Lệ phí đã thu / Fee paid: " + format_vnd(facts.fee_collected_vnd)});
    if (!facts.assisted_by.empty())
        blocks.push_back({Kind::text, "Cán bộ hỗ trợ / Assisted by: " + facts.assisted_by});
    blocks.push_back({Kind::rule, ""});
    if (facts.receipt_no.empty()) {
        // Queued: the citizen must know it is saved but not yet at the portal.
        blocks.push_back(
            {Kind::inverse, "HỒ SƠ ĐÃ LƯU, CHƯA GỬI ĐƯỢC. Máy sẽ tự gửi khi có mạng."});
        blocks.push_back({Kind::text, "Saved, not yet sent: the kiosk sends it when back online."});
        blocks.push_back({Kind::text, "Mã theo dõi / Tracking code:"});
        blocks.push_back({Kind::bold, facts.submission_id.substr(0, 8)});
        blocks.push_back({Kind::qr, facts.submission_id});
    } else {
        blocks.push_back({Kind::text, "Mã hồ sơ / Receipt number:"});
        blocks.push_back({Kind::large, facts.receipt_no});
        blocks.push_back({Kind::qr, facts.receipt_no});
    }
    if (!facts.lookup_code.empty())
        blocks.push_back({Kind::bold, "Mã tra cứu / Lookup code: " + facts.lookup_code});
    blocks.push_back(
        {Kind::text, "Tra cứu tình trạng hồ sơ tại kiosk bằng mã hồ sơ và mã tra cứu."});
    if (!facts.documents.empty()) {
        blocks.push_back({Kind::rule, ""});
        blocks.push_back({Kind::bold, "Mang theo khi nhận kết quả:"});
        for (const auto& d : facts.documents)
            blocks.push_back({Kind::bullet, d});
    }
    blocks.push_back({Kind::rule, ""});
    blocks.push_back({Kind::text, "Kiosk " + facts.terminal_id});
    return blocks;
}

} // namespace kiosk
