// Bank statements (CSV) and fees matched to dossiers by the transfer note: separators,
// quoting, the BOM and line ends, headers with accents, amounts, days, notes without their
// punctuation, notes naming several dossiers, and the bounds.
#include "fee_import.hpp"

#include <catch2/catch.hpp>

namespace {

const std::vector<std::string> kReceipts{"000.00.12.H26-261201-3001", "000.00.12.H26-261201-3002",
                                         "KP-261201-0100", "KP-261201-01000"};

// The statement, which must read.
portal::BankStatement read(const std::string& text) {
    std::string error;
    auto statement = portal::read_bank_statement(text, error);
    INFO(error);
    REQUIRE(statement);
    return *statement;
}

// Why the statement does not read.
std::string refusal(const std::string& text) {
    std::string error;
    const auto statement = portal::read_bank_statement(text, error);
    CHECK_FALSE(statement);
    return error;
}

portal::FeeMatching match(const std::string& text) {
    return portal::match_fee_payments(read(text), kReceipts);
}

} // namespace

TEST_CASE("a statement is read with commas or semicolons, whichever the header has",
          "[fee_import]") {
    const auto commas = read("Date,Amount,Description\n01/12/2026,5000,LE PHI\n");
    REQUIRE(commas.rows.size() == 1);
    CHECK(commas.rows[0].amount == "5000");
    CHECK(commas.rows[0].note == "LE PHI");
    CHECK(commas.rows[0].date == "01/12/2026");
    CHECK(commas.has_date);
    CHECK_FALSE(commas.has_reference);
    // Semicolons, as a spreadsheet in a Vietnamese locale writes: commas are then text.
    const auto semicolons = read("Ngày;Số tiền;Nội dung\n01/12/2026;5,000;A, B và C\n");
    REQUIRE(semicolons.rows.size() == 1);
    CHECK(semicolons.rows[0].amount == "5,000");
    CHECK(semicolons.rows[0].note == "A, B và C");
}

TEST_CASE("quoted fields keep delimiters, doubled quotes and line breaks", "[fee_import]") {
    const auto s = read("amount,remarks,reference\n"
                        "\"5,000\",\"chuyen \"\"le phi\"\"\nho so 1\",FT1\n"
                        "7000,plain,FT2\n");
    REQUIRE(s.rows.size() == 2);
    CHECK(s.rows[0].amount == "5,000");
    CHECK(s.rows[0].note == "chuyen \"le phi\"\nho so 1");
    CHECK(s.rows[0].line == 2);
    // The row after a line break inside quotes starts on the file's next line.
    CHECK(s.rows[1].line == 4);
    CHECK(s.rows[1].reference == "FT2");

    CHECK_THAT(refusal("amount,remarks\n5000,\"never closed\n"),
               Catch::Contains("line 2: a quoted field is never closed"));
    CHECK_THAT(refusal("amount,remarks\n5000,\"closed\"then text\n"),
               Catch::Contains("line 2: text after a closing quote"));
    // A quote inside an unquoted field is only a character.
    CHECK(read("amount,remarks\n5000,say \"hi\"\n").rows.at(0).note == "say \"hi\"");
}

TEST_CASE("a BOM, CRLF line ends and blank lines are taken in their stride", "[fee_import]") {
    const auto s = read("\xEF\xBB\xBFSo tien,Noi dung\r\n5000,A\r\n\r\n,\r\n7000,B\r\n");
    REQUIRE(s.rows.size() == 2);
    CHECK(s.rows[0].amount == "5000");
    CHECK(s.rows[0].note == "A");
    CHECK(s.rows[1].line == 5);
    CHECK(s.rows[1].note == "B");
    // The last line without its line end, and leading blank lines before the header.
    const auto t = read("\n\namount,remarks\n5000,A");
    REQUIRE(t.rows.size() == 1);
    CHECK(t.rows[0].line == 4);
    CHECK(read("amount,remarks\n").rows.empty());
}

TEST_CASE("columns are found by their names without accents, case or a unit in brackets",
          "[fee_import]") {
    // Precomposed and decomposed accents alike.
    for (const std::string header :
         {"Ngày giao dịch;Số tham chiếu;SỐ TIỀN GHI CÓ (VND);Nội dung giao dịch",
          "Nga\xCC\x80y giao di\xCC\xA3\x63h;So\xCC\x81 tham chie\xCC\x82\xCC\x81u;"
          "So\xCC\x82\xCC\x81 tie\xCC\x82\xCC\x80n;No\xCC\x82\xCC\xA3i dung"}) {
        INFO(header);
        const auto s = read(header + "\n02/12/2026;FT26336;5.000;X\n");
        REQUIRE(s.rows.size() == 1);
        CHECK(s.rows[0].date == "02/12/2026");
        CHECK(s.rows[0].reference == "FT26336");
        CHECK(s.rows[0].amount == "5.000");
        CHECK(s.rows[0].note == "X");
    }
    for (const char* header : {"Credit,Diễn giải,Mã giao dịch,Transaction date",
                               "ghi co,DESCRIPTION,So but toan,date", "Amount,Remarks,Reference"}) {
        INFO(header);
        const auto s = read(std::string(header) + "\n5000,X,R1,01/12/2026\n");
        CHECK(s.rows.at(0).amount == "5000");
        CHECK(s.rows.at(0).note == "X");
        CHECK(s.has_reference);
    }
    // The first column of a kind is the one read.
    CHECK(read("amount,credit,remarks\n1,2,X\n").rows.at(0).amount == "1");

    CHECK_THAT(refusal("Ngày,Nội dung,Ghi nợ\n"),
               Catch::Contains("no amount column (so tien, amount, credit"));
    CHECK_THAT(refusal("Ngày,Số tiền\n"), Catch::Contains("no note column (noi dung"));
    CHECK_THAT(refusal(""), Catch::Contains("no header row"));
    CHECK_THAT(refusal("S\xF6 ti\xEAn,N\xF4i dung\n"), Catch::Contains("not UTF-8"));
}

TEST_CASE("amounts are whole đồng, grouped by dots or commas, perhaps with VND", "[fee_import]") {
    using portal::bank_amount;
    CHECK(bank_amount("5000") == 5000);
    CHECK(bank_amount("5.000") == 5000);
    CHECK(bank_amount("5,000") == 5000);
    CHECK(bank_amount("5.000 VND") == 5000);
    CHECK(bank_amount(" 1.234.567vnd ") == 1234567);
    CHECK(bank_amount("1,234,567") == 1234567);
    CHECK(bank_amount("50") == 50);
    CHECK(bank_amount("1.000.000.000.000") == portal::kMaxFeeVnd);
    for (const char* refused : {"",
                                "VND",
                                "0",
                                "0.000",
                                "-5000",
                                "+5000",
                                "5.00",
                                "5.000,00",
                                "5,000.00",
                                "1.234,567",
                                "5 000",
                                "5.000 đ",
                                "5000 USD",
                                "50.00.000",
                                "5..000",
                                ".500",
                                "5000.",
                                "1.000.000.000.001",
                                "99999999999999999999",
                                "năm nghìn"}) {
        INFO(refused);
        CHECK_FALSE(bank_amount(refused));
    }
}

TEST_CASE("a statement's date gives the day paid", "[fee_import]") {
    using portal::bank_day;
    CHECK(bank_day("01/12/2026") == "2026-12-01");
    CHECK(bank_day("1/2/2026 08:15:00") == "2026-02-01");
    CHECK(bank_day("01-12-2026") == "2026-12-01");
    CHECK(bank_day("01.12.2026") == "2026-12-01");
    CHECK(bank_day("2026-12-01") == "2026-12-01");
    CHECK(bank_day("2026-12-01T10:00:00+07:00") == "2026-12-01");
    CHECK(bank_day("2026/12/01") == "2026-12-01");
    for (const char* odd : {"", "31/02/2026", "01/13/2026", "2026-12", "01/12/26", "01-12/2026",
                            "hôm qua", "01/12/1899"}) {
        INFO(odd);
        CHECK(bank_day(odd).empty());
    }
}

TEST_CASE("a note names a dossier whatever the bank did to its punctuation and case",
          "[fee_import]") {
    CHECK(portal::matching_key("000.00.12.H26-261201-3001 le phí") == "0000012H262612013001LEPH");
    const auto m = match("Ngày,Số tiền,Nội dung,Số tham chiếu\n"
                         "01/12/2026,5.000,000.00.12.H26-261201-3001 le phi,FT1\n"
                         "01/12/2026,5000,0000012h262612013002 NGUYEN VAN AN,FT2\n"
                         "02/12/2026,5000,LE PHI HO SO,FT3\n"
                         "02/12/2026,5000,CK 000.00.12.H26-261201-3001 VA 3002,FT4\n");
    CHECK(m.rows_read == 4);
    REQUIRE(m.payments.size() == 3);
    CHECK(m.payments[0].line == 2);
    CHECK(m.payments[0].payment.receipt_no == "000.00.12.H26-261201-3001");
    CHECK(m.payments[0].payment.amount_vnd == 5000);
    CHECK(m.payments[0].payment.paid_on == "2026-12-01");
    CHECK(m.payments[0].payment.reference == "FT1");
    CHECK(m.payments[1].payment.receipt_no == "000.00.12.H26-261201-3002");
    // "... 3001 VA 3002" names 3001 only: "3002" alone is no dossier number.
    CHECK(m.payments[2].line == 5);
    CHECK(m.payments[2].payment.receipt_no == "000.00.12.H26-261201-3001");
    REQUIRE(m.unmatched.size() == 1);
    CHECK(m.unmatched[0].line == 4);
    CHECK(m.unmatched[0].reason == portal::UnmatchedReason::no_dossier);
}

TEST_CASE("a note naming two dossiers is unmatched; one named twice is not", "[fee_import]") {
    const auto m = match("amount,remarks\n"
                         "5000,000.00.12.H26-261201-3001 000.00.12.H26-261201-3002\n"
                         "5000,000.00.12.H26-261201-3001 / 0000012H262612013001\n"
                         // The portal's 0100 lies inside 01000 once both lose their dashes.
                         "5000,KP-261201-01000\n"
                         "5000,KP-261201-0100\n"
                         "5000,KP-261201-0100 KP-261201-01000\n");
    REQUIRE(m.unmatched.size() == 2);
    CHECK(m.unmatched[0].line == 2);
    CHECK(m.unmatched[0].reason == portal::UnmatchedReason::several_dossiers);
    CHECK(m.unmatched[1].line == 6);
    CHECK(m.unmatched[1].reason == portal::UnmatchedReason::several_dossiers);
    REQUIRE(m.payments.size() == 3);
    CHECK(m.payments[0].payment.receipt_no == "000.00.12.H26-261201-3001");
    CHECK(m.payments[1].payment.receipt_no == "KP-261201-01000");
    CHECK(m.payments[2].payment.receipt_no == "KP-261201-0100");
    // Two receipt numbers that differ only in punctuation cannot be told apart.
    const auto twins = portal::match_fee_payments(read("amount,remarks\n5000,AB12-CD34-5678\n"),
                                                  {"AB12-CD34-5678", "AB12.CD34.5678"});
    REQUIRE(twins.unmatched.size() == 1);
    CHECK(twins.unmatched[0].reason == portal::UnmatchedReason::several_dossiers);
}

TEST_CASE("rows with a bad amount, missing columns or an odd reference record nothing",
          "[fee_import]") {
    const auto m = match("remarks,amount,reference\n"
                         "000.00.12.H26-261201-3001,5.00,FT1\n"
                         "000.00.12.H26-261201-3001\n"
                         "000.00.12.H26-261201-3001,5000," +
                         std::string(65, 'R') +
                         "\n"
                         "000.00.12.H26-261201-3001,5000,FT\xC3\xA9\n"
                         "000.00.12.H26-261201-3001,-5000,FT5\n");
    CHECK(m.payments.empty());
    REQUIRE(m.unmatched.size() == 5);
    CHECK(m.unmatched[0].reason == portal::UnmatchedReason::bad_amount);
    CHECK(m.unmatched[1].reason == portal::UnmatchedReason::short_row);
    CHECK(m.unmatched[2].reason == portal::UnmatchedReason::bad_reference);
    CHECK(m.unmatched[3].reason == portal::UnmatchedReason::bad_reference);
    CHECK(m.unmatched[4].reason == portal::UnmatchedReason::bad_amount);
    CHECK(std::string(portal::unmatched_code(m.unmatched[1].reason)) == "short_row");
    CHECK_THAT(portal::unmatched_words(portal::UnmatchedReason::several_dossiers),
               Catch::Contains("names several dossiers"));
}

TEST_CASE("without a reference column a row's reference is a hash of it, the same each time",
          "[fee_import]") {
    const std::string text = "Ngày,Số tiền,Nội dung\n"
                             "01/12/2026,5000,HS 000.00.12.H26-261201-3001\n"
                             "01/12/2026,5.000,HS 000.00.12.H26-261201-3001\n"
                             "02/12/2026,5000,HS 000.00.12.H26-261201-3001\n";
    const auto first = match(text);
    const auto again = match(text);
    REQUIRE(first.payments.size() == 3);
    const auto& reference = first.payments[0].payment.reference;
    CHECK_THAT(reference, Catch::Matches("row:[0-9a-f]{32}"));
    CHECK(reference == again.payments[0].payment.reference);
    // The amount as a number: "5.000" is the same row as "5000".
    CHECK(first.payments[1].payment.reference == reference);
    CHECK(first.payments[2].payment.reference != reference);
    // Nothing of the note in it.
    CHECK(reference.find("HS") == std::string::npos);
    // An empty reference in a reference column is hashed too.
    const auto blank = match("amount,remarks,reference\n5000,000.00.12.H26-261201-3001, \n");
    CHECK_THAT(blank.payments.at(0).payment.reference, Catch::StartsWith("row:"));
}

TEST_CASE("a statement over the bounds is refused whole", "[fee_import]") {
    const std::string header = "amount,remarks\n";
    // A field of 1,000 bytes is read, one of 1,001 is not.
    CHECK(read(header + "5000," + std::string(1000, 'x') + "\n").rows.size() == 1);
    CHECK_THAT(refusal(header + "5000,ok\n5000," + std::string(1001, 'x') + "\n"),
               Catch::Contains("line 3: a field is longer than 1,000 bytes"));
    CHECK_THAT(refusal(header + "5000,\"" + std::string(1001, 'x') + "\"\n"),
               Catch::Contains("longer than 1,000 bytes"));
    // 100,000 rows are read, one more is not.
    std::string rows = header;
    for (int i = 0; i < 100'000; ++i)
        rows += "5000,000.00.12.H26-261201-3001\n";
    const auto most = read(rows);
    CHECK(most.rows.size() == 100'000);
    CHECK(portal::match_fee_payments(most, kReceipts).payments.size() == 100'000);
    CHECK_THAT(refusal(rows + "5000,one more\n"), Catch::Contains("more than 100,000 rows"));
    // Blank lines are not rows.
    CHECK(read(rows + "\n\n,\n").rows.size() == 100'000);
    // Past 8 MiB nothing is read.
    CHECK_THAT(refusal(header + std::string(portal::kMaxStatementBytes, '\n')),
               Catch::Contains("larger than 8 MiB"));
}
