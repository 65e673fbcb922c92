#pragma once
// The citizen identity read from the QR code on a căn cước / CCCD card.
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <variant>

namespace forms {

/// Personal data from an ID card. Dates are ISO (YYYY-MM-DD); strings are NFC.
struct Identity {
    std::string id_number;     ///< 12-digit personal identification number
    std::string old_id_number; ///< 9-digit CMND number, or empty
    std::string full_name;
    std::string date_of_birth;
    std::string sex; ///< "male" or "female"
    std::string address;
    std::string issue_date;

    /// Overwrites every field in memory; called when a session ends.
    void wipe();
};

/// Why a payload was rejected, in words a technician can act on (English, stable).
struct IdParseError {
    std::string reason;
};

/// Parses the pipe-separated payload of a CCCD QR code:
/// `id|old_id|full name|DDMMYYYY|Nam/Nữ|address|DDMMYYYY[|more fields ignored]`.
/// A card issued after today (Vietnam time) or before its holder was born is refused.
std::variant<Identity, IdParseError> parse_id_qr(std::string_view payload);

/// The same, with `today` (YYYY-MM-DD, Vietnam time) given rather than read from the clock.
std::variant<Identity, IdParseError> parse_id_qr(std::string_view payload, std::string_view today);

/// The identity as the JSON object of the command-line contract.
nlohmann::json to_json(const Identity& identity);

/// Reads an identity back from `to_json` output; missing members become empty.
Identity identity_from_json(const nlohmann::json& j);

} // namespace forms
