#pragma once
// Fees paid by bank transfer: reading a bank statement (CSV) and matching its rows to dossiers
// by the dossier number citizens put in the transfer note (the VietQR code carries it).
// Pure functions over the statement's text and the receipt numbers the portal holds, so they
// can be tested and fuzzed without a database; `kiosk-portal fees import` stores the result.
//
//     std::string error;
//     const auto statement = portal::read_bank_statement(text, error);
//     if (!statement) return fail(error); // bilingual, "... / ..."
//     const auto matched = portal::match_fee_payments(*statement, store.receipt_numbers());
//
// Banks strip punctuation and change case in notes, so a note and a receipt number are both
// compared on their letters and digits alone ("000.00.12.H26-261201-3001" and
// "0000012h262612013001 le phi" match). Notes may hold names: nothing here prints or keeps
// them.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portal {

/// The largest statement read (bytes), its rows (the header not counted) and a field.
inline constexpr std::size_t kMaxStatementBytes = std::size_t{8} << 20;
inline constexpr std::size_t kMaxStatementRows = 100'000;
inline constexpr std::size_t kMaxStatementField = 1'000;
/// The largest amount taken (đồng): far above any fee, far below an overflow.
inline constexpr std::int64_t kMaxFeeVnd = 1'000'000'000'000;
/// The longest bank reference kept (printable ASCII).
inline constexpr std::size_t kMaxFeeReference = 64;

/// One payment of a dossier's fee as the portal records it.
struct FeePayment {
    std::string receipt_no;
    /// The bank's reference, or "row:" and a hash of the row's date, amount and note when the
    /// statement has none (so the same row imported again is the same payment).
    std::string reference;
    std::int64_t amount_vnd = 0;
    std::string paid_on; ///< YYYY-MM-DD, "" when the statement gives no readable day
};

/// One transaction of a statement, its columns as written.
struct StatementRow {
    int line = 0; ///< the file's line where the row starts (the header is line 1)
    std::string amount;
    std::string note;
    std::string date;      ///< "" without a date column
    std::string reference; ///< "" without a reference column
    bool complete = true;  ///< false: fewer fields than the amount and note columns need
};

/// A statement as read: its transactions, blank lines left out.
struct BankStatement {
    std::vector<StatementRow> rows;
    bool has_date = false;
    bool has_reference = false;
};

/// Reads a bank statement: UTF-8 (an optional BOM), a header row naming the columns, `,` or
/// `;` between fields (whichever the header has more of), RFC 4180 quotes with doubled
/// quotes, CRLF or LF. Columns are found by their header, compared without accents, case or
/// a parenthesised part ("Số tiền (VND)"); the amount and note columns are required.
/// nullopt with a bilingual `error` when the text cannot be read as such, is larger than
/// kMaxStatementBytes, or has more than kMaxStatementRows rows or a field longer than
/// kMaxStatementField bytes.
std::optional<BankStatement> read_bank_statement(std::string_view text, std::string& error);

/// An amount of whole đồng as statements write it: "5000", "5.000", "5,000", "1.234.567",
/// each optionally followed by "VND"; nullopt for anything else, zero, or above kMaxFeeVnd.
std::optional<std::int64_t> bank_amount(std::string_view text);

/// The day of a statement's date, "2026-12-01" from "01/12/2026", "1-12-2026", "01.12.2026",
/// "2026-12-01" or "2026/12/01", any time after it ignored; "" when it is none of those.
std::string bank_day(std::string_view text);

/// `text` as a note and a receipt number are compared: its ASCII letters (upper-cased) and
/// digits, nothing else.
std::string matching_key(std::string_view text);

/// Why a row of a statement recorded no payment.
enum class UnmatchedReason {
    no_dossier,       ///< its note names no dossier
    several_dossiers, ///< its note names more than one
    bad_amount,       ///< not whole đồng in one of the accepted forms, or not positive
    short_row,        ///< it lacks the amount or the note column
    bad_reference,    ///< the bank reference is longer than 64 or not printable ASCII
};

/// The reason's name in JSON ("no_dossier").
const char* unmatched_code(UnmatchedReason reason);
/// The reason in Vietnamese and English ("không khớp hồ sơ nào / matches no dossier").
const char* unmatched_words(UnmatchedReason reason);

struct MatchedPayment {
    int line = 0;
    FeePayment payment;
};

struct UnmatchedRow {
    int line = 0;
    UnmatchedReason reason = UnmatchedReason::no_dossier;
};

/// What a statement comes to against the portal's dossiers: one payment or one unmatched
/// entry per row, in the statement's order.
struct FeeMatching {
    std::size_t rows_read = 0;
    std::vector<MatchedPayment> payments;
    std::vector<UnmatchedRow> unmatched;
};

/// Matches each row to the one dossier of `receipt_nos` whose number appears in its note
/// (compared by matching_key; of two numbers found where one lies inside the other, the
/// longer is the one named). A row naming none, or several, is unmatched.
FeeMatching match_fee_payments(const BankStatement& statement,
                               const std::vector<std::string>& receipt_nos);

} // namespace portal
