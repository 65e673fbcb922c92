// Fuzzes the bank statement reader and the matching of its notes to dossiers. The input's
// first line lists receipt numbers separated by '|' (beside a few fixed ones); the rest is the
// statement. Whatever it holds: no crash, every payment names one of the receipt numbers
// given, whose letters and digits are in that row's note, with an amount that is positive and
// bounded, and every row is either one payment or one unmatched entry.
#include "fee_import.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto split = input.find('\n');
    const auto listed =
        split == std::string_view::npos ? std::string_view() : input.substr(0, split);
    const auto text = split == std::string_view::npos ? input : input.substr(split + 1);

    std::vector<std::string> receipts{"000.00.12.H26-261201-3001", "000.00.12.H26-261201-3002",
                                      "KP-261201-0100", "KP-261201-01000"};
    for (std::size_t from = 0; from <= listed.size() && receipts.size() < 20;) {
        const auto to = std::min(listed.find('|', from), listed.size());
        if (to > from) receipts.emplace_back(listed.substr(from, to - from));
        from = to + 1;
    }

    std::string error;
    const auto statement = portal::read_bank_statement(text, error);
    if (!statement) {
        if (error.empty()) __builtin_trap();
        return 0;
    }
    if (statement->rows.size() > portal::kMaxStatementRows) __builtin_trap();
    const auto matched = portal::match_fee_payments(*statement, receipts);
    if (matched.rows_read != statement->rows.size() ||
        matched.payments.size() + matched.unmatched.size() != matched.rows_read)
        __builtin_trap();
    std::size_t row = 0;
    for (const auto& m : matched.payments) {
        const auto& p = m.payment;
        if (std::find(receipts.begin(), receipts.end(), p.receipt_no) == receipts.end())
            __builtin_trap();
        if (p.amount_vnd <= 0 || p.amount_vnd > portal::kMaxFeeVnd) __builtin_trap();
        if (p.reference.empty() || p.reference.size() > portal::kMaxFeeReference + 4)
            __builtin_trap();
        if (!p.paid_on.empty() && p.paid_on.size() != 10) __builtin_trap();
        // Its row, found by line in statement order: the note names the dossier.
        while (row < statement->rows.size() && statement->rows[row].line != m.line)
            ++row;
        if (row == statement->rows.size()) __builtin_trap();
        const auto key = portal::matching_key(p.receipt_no);
        if (key.empty() ||
            portal::matching_key(statement->rows[row].note).find(key) == std::string::npos)
            __builtin_trap();
    }
    // The amount reader alone, on every row's amount and on the raw text.
    for (const auto& r : statement->rows)
        if (const auto amount = portal::bank_amount(r.amount))
            if (*amount <= 0 || *amount > portal::kMaxFeeVnd) __builtin_trap();
    if (const auto amount = portal::bank_amount(text.substr(0, 64)))
        if (*amount <= 0 || *amount > portal::kMaxFeeVnd) __builtin_trap();
    const auto day = portal::bank_day(text.substr(0, 64));
    if (!day.empty() && day.size() != 10) __builtin_trap();
    return 0;
}
