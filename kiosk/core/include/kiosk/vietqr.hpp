#pragma once
// VietQR payloads for paying a procedure's fee by bank transfer: NAPAS 247 transfers to an
// account (service QRIBFTTA), in the EMVCo merchant-presented QR format that every Vietnamese
// banking app reads.
#include <cstdint>
#include <string>
#include <string_view>

namespace kiosk {

/// The account fees are paid into (config section [payment]).
struct BankAccount {
    std::string bank_bin;     ///< the bank's six-digit NAPAS BIN, e.g. "970415"
    std::string account_no;   ///< 1 to 19 digits or capital letters
    std::string account_name; ///< shown beside the code; not part of the payload
};

/// What a transfer note may hold: 25 characters of printable ASCII.
inline constexpr std::size_t kMaxTransferNote = 25;

/// CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF), as EMVCo field 63 carries it.
std::uint16_t crc16_ccitt_false(std::string_view bytes);

/// Why `account` cannot receive transfers by VietQR; "" when it can.
std::string bank_account_problem(const BankAccount& account);

/// `note` as a transfer note: accents removed, only printable ASCII, at most 25 characters;
/// "" when nothing printable is left.
std::string transfer_note(std::string_view note);

/// The note for a dossier's fee: its number, which the province's import matches (without
/// dots and dashes when the number is longer than a note may be).
std::string transfer_note_for_dossier(std::string_view dossier_no);

/// The payload of a VietQR code for `amount_vnd` đồng (0: the payer types the amount) with
/// `note` (already a transfer note). Empty when the account or the amount is invalid.
std::string vietqr_payload(const BankAccount& account, std::int64_t amount_vnd,
                           std::string_view note);

} // namespace kiosk
