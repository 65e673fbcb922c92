// VietQR payloads for fees: the CRC against published check values, the EMVCo fields a
// banking app reads, and the notes and accounts that are refused.
#include "kiosk/receipt.hpp"
#include "kiosk/vietqr.hpp"

#include <catch2/catch.hpp>
#include <map>

namespace {

// Reads an EMVCo text as {id: value}, the way a banking app takes it apart.
std::map<std::string, std::string> fields(const std::string& text) {
    std::map<std::string, std::string> out;
    for (std::size_t at = 0; at + 4 <= text.size();) {
        const auto id = text.substr(at, 2);
        const auto length = static_cast<std::size_t>(std::stoi(text.substr(at + 2, 2)));
        REQUIRE(at + 4 + length <= text.size());
        out[id] = text.substr(at + 4, length);
        at += 4 + length;
    }
    return out;
}

const kiosk::BankAccount account{"970415", "113366668888", "UBND XA AN BINH"};

} // namespace

TEST_CASE("the CRC is CRC-16/CCITT-FALSE", "[vietqr]") {
    // The catalogue check value of the algorithm, and the CRC field of a payload published
    // in a VietQR library's documentation.
    CHECK(kiosk::crc16_ccitt_false("123456789") == 0x29B1);
    CHECK(kiosk::crc16_ccitt_false("00020001021238570010A00000072701270006970436011308810004580860"
                                   "208QRIBFTTA53037045802VN6304") == 0xCD60);
}

TEST_CASE("a fee payload names the bank, the account, the amount and the dossier", "[vietqr]") {
    const auto payload = kiosk::vietqr_payload(account, 8000, "000.00.12.H26-261123-3042");
    const auto f = fields(payload);
    CHECK(f.at("00") == "01");
    CHECK(f.at("01") == "12"); // one payment: it has an amount
    const auto merchant = fields(f.at("38"));
    CHECK(merchant.at("00") == "A000000727");
    CHECK(merchant.at("02") == "QRIBFTTA");
    const auto beneficiary = fields(merchant.at("01"));
    CHECK(beneficiary.at("00") == "970415");
    CHECK(beneficiary.at("01") == "113366668888");
    CHECK(f.at("53") == "704");
    CHECK(f.at("54") == "8000");
    CHECK(f.at("58") == "VN");
    CHECK(fields(f.at("62")).at("08") == "000.00.12.H26-261123-3042");
    // The CRC covers everything before it, its own id and length included.
    char crc[8];
    std::snprintf(crc, sizeof crc, "%04X",
                  kiosk::crc16_ccitt_false(payload.substr(0, payload.size() - 4)));
    CHECK(f.at("63") == crc);
    CHECK(payload.substr(payload.size() - 8, 4) == "6304");
}

TEST_CASE("without an amount the code is static and the payer types it", "[vietqr]") {
    const auto f = fields(kiosk::vietqr_payload(account, 0, ""));
    CHECK(f.at("01") == "11");
    CHECK(f.count("54") == 0);
    CHECK(f.count("62") == 0);
}

TEST_CASE("accounts, amounts and notes a bank would refuse give no payload", "[vietqr]") {
    CHECK(kiosk::vietqr_payload({"97041", "1", ""}, 1, "").empty());
    CHECK(kiosk::vietqr_payload({"970415", "", ""}, 1, "").empty());
    CHECK(kiosk::vietqr_payload({"970415", "12345678901234567890", ""}, 1, "").empty());
    CHECK(kiosk::vietqr_payload({"970415", "abc", ""}, 1, "").empty());
    CHECK(kiosk::vietqr_payload(account, -1, "").empty());
    CHECK(kiosk::vietqr_payload(account, 10'000'000'000'000, "").empty());
    CHECK(kiosk::vietqr_payload(account, 1, "Lệ phí").empty()); // not ASCII: fold it first
    CHECK(kiosk::vietqr_payload(account, 1, std::string(26, 'A')).empty());
    CHECK_FALSE(kiosk::bank_account_problem({"97041X", "1", ""}).empty());
    CHECK(kiosk::bank_account_problem(account).empty());
}

TEST_CASE("transfer notes lose their accents and keep the dossier number", "[vietqr]") {
    CHECK(kiosk::transfer_note("Lệ phí Đăng ký khai sinh") == "Le phi Dang ky khai sinh");
    CHECK(kiosk::transfer_note("a\tb") == "ab");
    CHECK(kiosk::transfer_note(std::string(40, 'x')).size() == kiosk::kMaxTransferNote);
    CHECK(kiosk::transfer_note_for_dossier("000.00.12.H26-261201-3001") ==
          "000.00.12.H26-261201-3001");
    // A longer unit code: the dots and dashes go, then the start, never the day and number.
    CHECK(kiosk::transfer_note_for_dossier("000.00.12.H26.XA01-261201-3001") ==
          "0000012H26XA012612013001");
    CHECK(kiosk::transfer_note_for_dossier("ABCDEFGHIJKLMNOPQRSTUVWXYZ-261201-3001") ==
          "LMNOPQRSTUVWXYZ2612013001");
}

TEST_CASE("a fee is offered by transfer only when it is due and nothing was paid in cash",
          "[vietqr]") {
    kiosk::TerminalConfig config;
    config.payment = account;
    forms::Procedure procedure;
    procedure.fee.kind = forms::FeeKind::fixed;
    procedure.fee.amount_vnd = 8000;
    const auto transfer = kiosk::fee_transfer(config, procedure, "KP-261201-1001", 0, 8000);
    REQUIRE(transfer);
    CHECK(transfer->amount_vnd == 8000);
    CHECK(transfer->note == "KP-261201-1001");
    CHECK(fields(transfer->payload).at("54") == "8000");
    CHECK_FALSE(kiosk::fee_transfer(config, procedure, "KP-261201-1001", 8000, 8000)); // cash
    CHECK_FALSE(kiosk::fee_transfer(config, procedure, "", 0, 8000));            // no number yet
    CHECK_FALSE(kiosk::fee_transfer(config, procedure, "KP-261201-1001", 0, 0)); // exempt
    // Pages not counted on the terminal: the payer types what staff tell.
    procedure.fee.kind = forms::FeeKind::per_page;
    CHECK(kiosk::fee_transfer(config, procedure, "KP-261201-1001", 0, std::nullopt)->amount_vnd ==
          0);
    CHECK(kiosk::fee_transfer(config, procedure, "KP-261201-1001", 0, 5000)->amount_vnd == 5000);
    procedure.fee.kind = forms::FeeKind::free;
    CHECK_FALSE(kiosk::fee_transfer(config, procedure, "KP-261201-1001", 0, 0));
    config.payment = {};
    procedure.fee.kind = forms::FeeKind::fixed;
    CHECK_FALSE(kiosk::fee_transfer(config, procedure, "KP-261201-1001", 0, 8000));
}
