#include "kiosk/vietqr.hpp"

#include "forms/text.hpp"

#include <algorithm>
#include <cstdio>

namespace kiosk {

namespace {

// One EMVCo data object: two-digit id, two-digit length, value (at most 99 bytes).
std::string field(const char* id, std::string_view value) {
    char length[4];
    std::snprintf(length, sizeof length, "%02zu", value.size());
    return std::string(id) + length + std::string(value);
}

bool all_of_chars(std::string_view s, bool letters) {
    return std::all_of(s.begin(), s.end(), [&](char c) {
        return (c >= '0' && c <= '9') || (letters && c >= 'A' && c <= 'Z');
    });
}

constexpr std::int64_t kMaxAmountVnd = 9'999'999'999'999; // field 54 holds 13 characters

} // namespace

std::uint16_t crc16_ccitt_false(std::string_view bytes) {
    std::uint16_t crc = 0xFFFF;
    for (const char c : bytes) {
        crc ^= static_cast<std::uint16_t>(static_cast<unsigned char>(c) << 8);
        for (int bit = 0; bit < 8; ++bit)
            crc = static_cast<std::uint16_t>((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
    }
    return crc;
}

std::string bank_account_problem(const BankAccount& account) {
    if (account.bank_bin.size() != 6 || !all_of_chars(account.bank_bin, false))
        return "bank_bin must be the bank's six-digit NAPAS BIN, e.g. 970415";
    if (account.account_no.empty() || account.account_no.size() > 19 ||
        !all_of_chars(account.account_no, true))
        return "account_no must be 1 to 19 digits or capital letters";
    if (account.account_name.size() > 70) return "account_name must be at most 70 bytes";
    return {};
}

std::string transfer_note(std::string_view note) {
    std::string plain = forms::strip_marks(note);
    std::string out;
    for (const char c : plain) {
        if (out.size() == kMaxTransferNote) break;
        if (c >= 0x20 && c < 0x7F) out.push_back(c);
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

std::string transfer_note_for_dossier(std::string_view dossier_no) {
    if (dossier_no.size() <= kMaxTransferNote) return transfer_note(dossier_no);
    std::string compact;
    for (const char c : dossier_no)
        if (c != '.' && c != '-') compact.push_back(c);
    // Still too long (a unit code of more than 14 characters): its end, which holds the day
    // and the number.
    if (compact.size() > kMaxTransferNote) compact.erase(0, compact.size() - kMaxTransferNote);
    return transfer_note(compact);
}

std::string vietqr_payload(const BankAccount& account, std::int64_t amount_vnd,
                           std::string_view note) {
    if (!bank_account_problem(account).empty() || amount_vnd < 0 || amount_vnd > kMaxAmountVnd ||
        note.size() > kMaxTransferNote || transfer_note(note) != note)
        return {};
    const auto beneficiary = field("00", account.bank_bin) + field("01", account.account_no);
    const auto merchant =
        field("00", "A000000727") + field("01", beneficiary) + field("02", "QRIBFTTA");
    std::string payload = field("00", "01");
    // 12: a code for one payment (it has the amount); 11: a static code that can be reused.
    payload += field("01", amount_vnd > 0 ? "12" : "11");
    payload += field("38", merchant);
    payload += field("53", "704");
    if (amount_vnd > 0) payload += field("54", std::to_string(amount_vnd));
    payload += field("58", "VN");
    if (!note.empty()) payload += field("62", field("08", note));
    payload += "6304";
    char crc[8];
    std::snprintf(crc, sizeof crc, "%04X", crc16_ccitt_false(payload));
    return payload + crc;
}

} // namespace kiosk
