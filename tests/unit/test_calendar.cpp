// Working days for appointment dates: the lunar calendar against known dates, the Labour
// Code's holidays with days in lieu, a province's own table, and the cut-off hour.
#include "forms/calendar.hpp"
#include "forms/catalog.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>

using namespace std::chrono;

namespace {

forms::Day on(int y, int m, int d) {
    return forms::Day(year(y) / m / d);
}

local_seconds at(int y, int m, int d, int hour, int minute = 0) {
    return local_days(year(y) / m / d) + hours(hour) + minutes(minute);
}

} // namespace

TEST_CASE("Tết and Giỗ Tổ Hùng Vương fall on the days the lunar calendar gives", "[calendar]") {
    // Mùng 1 Tết (announced for the past years).
    const std::pair<int, forms::Day> tet[] = {{2023, on(2023, 1, 22)},
                                              {2024, on(2024, 2, 10)},
                                              {2025, on(2025, 1, 29)},
                                              {2026, on(2026, 2, 17)},
                                              {2027, on(2027, 2, 6)},
                                              {2028, on(2028, 1, 26)},
                                              {2029, on(2029, 2, 13)},
                                              // The new moon at 23:07 in Vietnam, 00:07 in China:
                                              // Tết comes a day before the Chinese New Year.
                                              {2030, on(2030, 2, 2)}};
    for (const auto& [lunar_year, day] : tet) {
        INFO(lunar_year);
        CHECK(forms::solar_from_lunar(lunar_year, 1, 1) == day);
    }
    // 10/3 lunar, including 2023, whose year had a leap second month.
    CHECK(forms::solar_from_lunar(2023, 3, 10) == on(2023, 4, 29));
    CHECK(forms::solar_from_lunar(2024, 3, 10) == on(2024, 4, 18));
    CHECK(forms::solar_from_lunar(2025, 3, 10) == on(2025, 4, 7));
    CHECK(forms::solar_from_lunar(2023, 2, 1, true) == on(2023, 3, 22));
    CHECK_FALSE(forms::solar_from_lunar(2024, 2, 1, true));
    CHECK_FALSE(forms::solar_from_lunar(2024, 13, 1));
}

TEST_CASE("the default holidays follow the Labour Code, with a day in lieu for a weekend one",
          "[calendar]") {
    const forms::WorkingCalendar calendar;
    // Tết 2026: New Year's Eve (Monday 16/2) and four days.
    for (int d = 16; d <= 20; ++d)
        CHECK_FALSE(calendar.is_working_day(on(2026, 2, d)));
    CHECK(calendar.is_working_day(on(2026, 2, 23)));
    CHECK_FALSE(calendar.is_working_day(on(2026, 9, 2)));
    CHECK_FALSE(calendar.is_working_day(on(2026, 4, 30)));
    CHECK(calendar.is_working_day(on(2026, 12, 1)));
    // 30/4/2028 is a Sunday and 1/5 a holiday already: Tuesday 2/5 is off in lieu.
    CHECK_FALSE(calendar.is_working_day(on(2028, 4, 30)));
    CHECK_FALSE(calendar.is_working_day(on(2028, 5, 1)));
    CHECK_FALSE(calendar.is_working_day(on(2028, 5, 2)));
    CHECK(calendar.is_working_day(on(2028, 5, 3)));
}

TEST_CASE("a province's table replaces the default for the years it lists", "[calendar]") {
    std::string error;
    // The government's Tết 2026: nine days, 14/2 to 22/2.
    const auto calendar = forms::WorkingCalendar::from_json(
        R"({"format": 1, "years": [2026], "days_off": ["2026-01-01", "2026-02-16",
            "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-04-27",
            "2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02"]})",
        error);
    REQUIRE(calendar);
    CHECK_FALSE(calendar->is_working_day(on(2026, 4, 27)));
    CHECK(calendar->is_working_day(on(2026, 4, 28)));
    // Other years keep the default.
    CHECK_FALSE(calendar->is_working_day(on(2027, 2, 8)));

    CHECK_FALSE(forms::WorkingCalendar::from_json(R"({"format": 1, "years": [2026],
        "days_off": ["2027-01-01"]})",
                                                  error));
    CHECK(error == "2027-01-01 is in a year the table does not list in \"years\"");
    CHECK_FALSE(forms::WorkingCalendar::from_json(R"({"format": 1, "years": [2026],
        "days_off": ["2026-02-30"]})",
                                                  error));
    CHECK_FALSE(forms::WorkingCalendar::from_json("[]", error));
}

TEST_CASE("the appointment counts working days from the day received, or the next after the "
          "cut-off hour",
          "[calendar]") {
    const forms::WorkingCalendar calendar;
    const forms::ProcessingDays same_day{0, 15};
    CHECK(calendar.appointment(at(2026, 12, 1, 14, 59), same_day) == on(2026, 12, 1));
    CHECK(calendar.appointment(at(2026, 12, 1, 15, 0), same_day) == on(2026, 12, 2));
    // Friday after the cut-off: Monday.
    CHECK(calendar.appointment(at(2026, 12, 4, 16, 0), same_day) == on(2026, 12, 7));
    // A Saturday counts from Monday.
    CHECK(calendar.appointment(at(2026, 12, 5, 9, 0), {3, 0}) == on(2026, 12, 10));
    CHECK(calendar.appointment(at(2026, 12, 4, 9, 0), {3, 0}) == on(2026, 12, 9));
    // Across Tết 2026.
    CHECK(calendar.appointment(at(2026, 2, 13, 9, 0), {1, 0}) == on(2026, 2, 23));
    CHECK(forms::vietnamese_date(on(2026, 2, 23)) == "23/02/2026");
    CHECK(forms::iso_date(on(2026, 2, 3)) == "2026-02-03");
}

TEST_CASE("a catalog folder's HOLIDAYS file is its calendar, and checked", "[calendar]") {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("holidays-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir);
    const auto write = [&](const std::string& text) { std::ofstream(dir / "HOLIDAYS") << text; };
    write(R"({"format": 1, "years": [2027], "days_off": ["2027-02-08"]})");
    std::vector<forms::CatalogIssue> issues;
    const auto catalog = forms::load_catalog_dir(dir.string(), issues);
    CHECK(issues.empty());
    CHECK(catalog.calendar.published_years() == std::vector<int>{2027});
    CHECK_FALSE(catalog.calendar.is_working_day(on(2027, 2, 8)));
    CHECK(catalog.calendar.is_working_day(on(2027, 2, 9)));

    write(R"({"format": 1, "years": [2027], "days_off": ["8/2/2027"]})");
    issues.clear();
    forms::load_catalog_dir(dir.string(), issues);
    REQUIRE(issues.size() == 1);
    CHECK_THAT(issues[0].to_string(), Catch::Contains("HOLIDAYS") && Catch::Contains("8/2/2027"));
    std::filesystem::remove_all(dir);
}
