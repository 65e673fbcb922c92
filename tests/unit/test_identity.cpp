#include "forms/engine.hpp"
#include "forms/identity.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

using forms::Identity;
using forms::IdParseError;

namespace {

const std::string kValid =
    "001089012345|123456789|Nguyễn Văn An|15031989|Nam|Số 12, thôn Đông, xã Hòa Bình|01072021";

Identity parse_ok(const std::string& payload) {
    auto result = forms::parse_id_qr(payload);
    if (auto* err = std::get_if<IdParseError>(&result)) FAIL("rejected: " << err->reason);
    return std::get<Identity>(result);
}

std::string parse_error(const std::string& payload) {
    auto result = forms::parse_id_qr(payload);
    REQUIRE(std::holds_alternative<IdParseError>(result));
    return std::get<IdParseError>(result).reason;
}

} // namespace

TEST_CASE("a valid CCCD payload becomes an identity with ISO dates", "[identity]") {
    const auto id = parse_ok(kValid);
    CHECK(id.id_number == "001089012345");
    CHECK(id.old_id_number == "123456789");
    CHECK(id.full_name == "Nguyễn Văn An");
    CHECK(id.date_of_birth == "1989-03-15");
    CHECK(id.sex == "male");
    CHECK(id.address == "Số 12, thôn Đông, xã Hòa Bình");
    CHECK(id.issue_date == "2021-07-01");
}

TEST_CASE("female and an empty old-ID field", "[identity]") {
    const auto id = parse_ok(
        "079192000111||Trần Thị Bình|29021992|Nữ|Phường Bến Thành, TP Hồ Chí Minh|10102022");
    CHECK(id.old_id_number.empty());
    CHECK(id.sex == "female");
    CHECK(id.date_of_birth == "1992-02-29");
}

TEST_CASE("extra trailing fields from newer cards are ignored", "[identity]") {
    const auto id = parse_ok(kValid + "|Nguyễn Văn Bố|Trần Thị Mẹ|");
    CHECK(id.issue_date == "2021-07-01");
    CHECK(id.full_name == "Nguyễn Văn An");
}

TEST_CASE("CRLF, LF and surrounding spaces from scanners are stripped", "[identity]") {
    CHECK(parse_ok(kValid + "\r\n").issue_date == "2021-07-01");
    CHECK(parse_ok(kValid + "\n").issue_date == "2021-07-01");
    CHECK(parse_ok("  " + kValid + "\r").id_number == "001089012345");
}

TEST_CASE("NFD input is normalised to NFC", "[identity]") {
    // "Nguyễn" with e + circumflex + tilde as combining marks, "Nữ" as u + horn + tilde.
    const std::string nfd_name = "Nguye\xCC\x82\xCC\x83n Va\xCC\x86n An";
    const auto id =
        parse_ok("001089012345||" + nfd_name + "|15031989|Nu\xCC\x9B\xCC\x83|Hà Nội|01072021");
    CHECK(id.full_name == "Nguyễn Văn An");
    CHECK(id.sex == "female");
}

TEST_CASE("bad dates are rejected with a reason", "[identity]") {
    CHECK(parse_error("001089012345||A|31021989|Nam|X|01072021").find("date of birth") !=
          std::string::npos);
    CHECK(parse_error("001089012345||A|29021990|Nam|X|01072021").find("date of birth") !=
          std::string::npos);
    CHECK(parse_error("001089012345||A|1503198|Nam|X|01072021").find("date of birth") !=
          std::string::npos);
    CHECK(parse_error("001089012345||A|15031989|Nam|X|0107202a").find("issue date") !=
          std::string::npos);
    CHECK(parse_error("001089012345||A|15031989|Nam|X|01011980").find("before") !=
          std::string::npos);
}

TEST_CASE("a card issued in the future is refused", "[identity]") {
    const std::string card = "001089012345||Nguyễn Văn An|15031989|Nam|Hà Nội|";
    const auto error_on = [&](const std::string& issued, const char* today) {
        auto result = forms::parse_id_qr(card + issued, today);
        return std::holds_alternative<IdParseError>(result) ? std::get<IdParseError>(result).reason
                                                            : std::string();
    };
    CHECK(error_on("02122026", "2026-12-01") == "issue date is in the future");
    CHECK(error_on("01012027", "2026-12-01") == "issue date is in the future");
    CHECK(error_on("01122026", "2026-12-01").empty()); // issued today
    CHECK(error_on("30112026", "2026-12-01").empty());
    // Still checked against the birth date, whatever today is.
    CHECK(error_on("14031989", "2026-12-01") == "issue date is before the date of birth");
    CHECK(error_on("15031989", "2026-12-01").empty()); // issued on the birth day
}

TEST_CASE("the future is judged by the date in Vietnam", "[identity]") {
    // Tomorrow and yesterday from Vietnam's today (UTC+7), whatever the machine's time zone.
    using namespace std::chrono;
    const std::string today = forms::today_in_vietnam();
    const sys_days vn_today{
        year_month_day{year{std::stoi(today.substr(0, 4))},
                       month{static_cast<unsigned>(std::stoi(today.substr(5, 2)))},
                       day{static_cast<unsigned>(std::stoi(today.substr(8, 2)))}}};
    const auto card_date = [](sys_days d) {
        const year_month_day ymd{d};
        char buf[16];
        std::snprintf(buf, sizeof buf, "%02u%02u%04d", static_cast<unsigned>(ymd.day()),
                      static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()));
        return std::string(buf);
    };
    const std::string card = "001089012345||Nguyễn Văn An|15031989|Nam|Hà Nội|";
    CHECK(parse_error(card + card_date(vn_today + days(1))) == "issue date is in the future");
    CHECK(parse_ok(card + card_date(vn_today - days(1))).full_name == "Nguyễn Văn An");
}

TEST_CASE("wrong digit counts are rejected", "[identity]") {
    CHECK(parse_error("00108901234||A|15031989|Nam|X|01072021") == "ID number must have 12 digits");
    CHECK(parse_error("0010890123456||A|15031989|Nam|X|01072021") ==
          "ID number must have 12 digits");
    CHECK(parse_error("00108901234A||A|15031989|Nam|X|01072021") ==
          "ID number must have 12 digits");
    CHECK(parse_error("001089012345|12345678|A|15031989|Nam|X|01072021").find("old ID") !=
          std::string::npos);
}

TEST_CASE("mojibake and invalid UTF-8 are rejected", "[identity]") {
    // "Nguyễn" encoded as UTF-8, read as Windows-1252, encoded again.
    CHECK(parse_error("001089012345||Nguyá»…n Văn An|15031989|Nam|X|01072021").find("garbled") !=
          std::string::npos);
    CHECK(parse_error("001089012345||Nguy\xE1\xBB|15031989|Nam|X|01072021") == "not valid UTF-8");
}

TEST_CASE("structural problems are rejected", "[identity]") {
    CHECK(parse_error("") == "empty payload");
    CHECK(parse_error("\r\n") == "empty payload");
    CHECK(parse_error("001089012345|123456789|Nguyễn Văn An").find("expected 7 fields") !=
          std::string::npos);
    CHECK(parse_error("001089012345||A|15031989|Male|X|01072021").find("sex") != std::string::npos);
    CHECK(parse_error("001089012345|||15031989|Nam|X|01072021") == "full name is empty");
    CHECK(parse_error(std::string(2000, '1')) == "payload too long");
}

TEST_CASE("identity JSON round-trips and wipe clears every field", "[identity]") {
    auto id = parse_ok(kValid);
    CHECK(forms::identity_from_json(forms::to_json(id)).full_name == id.full_name);
    id.wipe();
    CHECK(id.full_name.empty());
    CHECK(id.id_number.empty());
    CHECK(id.address.empty());
}
