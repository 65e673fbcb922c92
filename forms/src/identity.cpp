#include "forms/identity.hpp"

#include "forms/engine.hpp"
#include "forms/text.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace forms {

namespace {

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

int to_int(std::string_view digits) {
    int v = 0;
    for (char c : digits)
        v = v * 10 + (c - '0');
    return v;
}

bool is_leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

// DDMMYYYY -> YYYY-MM-DD, or nullopt when it is not a real calendar date.
std::optional<std::string> card_date_to_iso(std::string_view s) {
    if (s.size() != 8 || !all_digits(s)) return std::nullopt;
    const int d = to_int(s.substr(0, 2)), m = to_int(s.substr(2, 2)), y = to_int(s.substr(4, 4));
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return std::nullopt;
    const int max_day = kDays[m - 1] + (m == 2 && is_leap(y) ? 1 : 0);
    if (d > max_day) return std::nullopt;
    return std::string(s.substr(4, 4)) + "-" + std::string(s.substr(2, 2)) + "-" +
           std::string(s.substr(0, 2));
}

std::vector<std::string_view> split_pipes(std::string_view s) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (;;) {
        const auto bar = s.find('|', start);
        if (bar == std::string_view::npos) {
            parts.push_back(s.substr(start));
            return parts;
        }
        parts.push_back(s.substr(start, bar - start));
        start = bar + 1;
    }
}

} // namespace

void Identity::wipe() {
    for (auto* field :
         {&id_number, &old_id_number, &full_name, &date_of_birth, &sex, &address, &issue_date})
        forms::wipe(*field);
}

std::variant<Identity, IdParseError> parse_id_qr(std::string_view payload) {
    return parse_id_qr(payload, today_in_vietnam());
}

std::variant<Identity, IdParseError> parse_id_qr(std::string_view payload, std::string_view today) {
    // Scanners append CR, LF or CRLF; some add a BOM.
    payload = trim(payload);
    if (payload.substr(0, 3) == "\xEF\xBB\xBF") payload.remove_prefix(3);
    if (payload.empty()) return IdParseError{"empty payload"};
    if (payload.size() > 1024) return IdParseError{"payload too long"};
    auto nfc = to_nfc(payload);
    if (!nfc) return IdParseError{"not valid UTF-8"};
    if (looks_like_mojibake(*nfc))
        return IdParseError{"text is garbled (wrong character encoding)"};

    const auto parts = split_pipes(*nfc);
    if (parts.size() < 7)
        return IdParseError{"expected 7 fields separated by '|', found " +
                            std::to_string(parts.size())};

    Identity id;
    const auto number = trim(parts[0]);
    if (number.size() != 12 || !all_digits(number))
        return IdParseError{"ID number must have 12 digits"};
    id.id_number = number;

    const auto old_number = trim(parts[1]);
    if (!old_number.empty() && (old_number.size() != 9 || !all_digits(old_number)))
        return IdParseError{"old ID number must have 9 digits or be empty"};
    id.old_id_number = old_number;

    id.full_name = trim(parts[2]);
    if (id.full_name.empty()) return IdParseError{"full name is empty"};

    auto dob = card_date_to_iso(trim(parts[3]));
    if (!dob) return IdParseError{"date of birth is not a valid DDMMYYYY date"};
    id.date_of_birth = *dob;

    const auto sex = trim(parts[4]);
    if (sex == "Nam")
        id.sex = "male";
    else if (sex == "N\xE1\xBB\xAF") // "Nữ" in NFC
        id.sex = "female";
    else
        return IdParseError{"sex must be 'Nam' or 'N\xE1\xBB\xAF'"};

    id.address = trim(parts[5]);
    if (id.address.empty()) return IdParseError{"address is empty"};

    auto issued = card_date_to_iso(trim(parts[6]));
    if (!issued) return IdParseError{"issue date is not a valid DDMMYYYY date"};
    id.issue_date = *issued;
    // ISO dates compare as strings. A card cannot be issued in the future (a forged or
    // mistyped payload), nor before its holder was born.
    if (id.issue_date > today) return IdParseError{"issue date is in the future"};
    if (id.issue_date < id.date_of_birth)
        return IdParseError{"issue date is before the date of birth"};
    for (char c : *nfc)
        if (static_cast<unsigned char>(c) < 0x20)
            return IdParseError{"control character in payload"};
    return id;
}

nlohmann::json to_json(const Identity& id) {
    return nlohmann::json{{"id_number", id.id_number},
                          {"old_id_number", id.old_id_number},
                          {"full_name", id.full_name},
                          {"date_of_birth", id.date_of_birth},
                          {"sex", id.sex},
                          {"address", id.address},
                          {"issue_date", id.issue_date}};
}

Identity identity_from_json(const nlohmann::json& j) {
    Identity id;
    const auto get = [&](const char* key) { return j.value(key, std::string()); };
    id.id_number = get("id_number");
    id.old_id_number = get("old_id_number");
    id.full_name = get("full_name");
    id.date_of_birth = get("date_of_birth");
    id.sex = get("sex");
    id.address = get("address");
    id.issue_date = get("issue_date");
    return id;
}

} // namespace forms
