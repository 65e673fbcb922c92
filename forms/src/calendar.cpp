#include "forms/calendar.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace forms {

namespace {

using namespace std::chrono;

constexpr double kPi = 3.14159265358979323846;
constexpr double kRad = kPi / 180;
constexpr double kVietnamHours = 7; // the calendar is reckoned at UTC+7
constexpr double kSynodicMonth = 29.530588853;
// Julian day number of the new moon the lunation count `k` starts from (1900-01-01).
constexpr double kNewMoonEpoch = 2415021.076998695;

// Julian day numbers of civil days: Day counts from 1970-01-01, JDN 2440588.
long julian_day(Day day) {
    return static_cast<long>(day.time_since_epoch().count()) + 2440588;
}

Day day_of_julian(long jdn) {
    return Day(days(jdn - 2440588));
}

// The k-th new moon after the epoch, as a Julian day (UT), by the periodic terms of Meeus,
// Astronomical Algorithms ch. 49, shortened to what a day's precision needs.
double new_moon(long k) {
    const double t = static_cast<double>(k) / 1236.85;
    const double t2 = t * t, t3 = t2 * t;
    double jd =
        2415020.75933 + 29.53058868 * static_cast<double>(k) + 0.0001178 * t2 - 0.000000155 * t3;
    jd += 0.00033 * std::sin((166.56 + 132.87 * t - 0.009173 * t2) * kRad);
    const double sun =
        359.2242 + 29.10535608 * static_cast<double>(k) - 0.0000333 * t2 - 0.00000347 * t3;
    const double moon =
        306.0253 + 385.81691806 * static_cast<double>(k) + 0.0107306 * t2 + 0.00001236 * t3;
    const double latitude =
        21.2964 + 390.67050646 * static_cast<double>(k) - 0.0016528 * t2 - 0.00000239 * t3;
    double c = (0.1734 - 0.000393 * t) * std::sin(sun * kRad) + 0.0021 * std::sin(2 * sun * kRad);
    c += -0.4068 * std::sin(moon * kRad) + 0.0161 * std::sin(2 * moon * kRad);
    c += -0.0004 * std::sin(3 * moon * kRad);
    c += 0.0104 * std::sin(2 * latitude * kRad) - 0.0051 * std::sin((sun + moon) * kRad);
    c += -0.0074 * std::sin((sun - moon) * kRad) + 0.0004 * std::sin((2 * latitude + sun) * kRad);
    c += -0.0004 * std::sin((2 * latitude - sun) * kRad) -
         0.0006 * std::sin((2 * latitude + moon) * kRad);
    c += 0.0010 * std::sin((2 * latitude - moon) * kRad) +
         0.0005 * std::sin((2 * moon + sun) * kRad);
    // Terrestrial time to universal time.
    const double delta_t =
        t < -11 ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
                : -0.000278 + 0.000265 * t + 0.000262 * t2;
    return jd + c - delta_t;
}

// The civil day (Vietnam time) of the k-th new moon.
long new_moon_day(long k) {
    return static_cast<long>(std::floor(new_moon(k) + 0.5 + kVietnamHours / 24));
}

// Which of the twelve 30° sectors of the ecliptic the sun is in at the start of civil day
// `jdn` (Vietnam time); sector 9 holds the winter solstice, which fixes lunar month 11.
int sun_sector(long jdn) {
    const double t = (static_cast<double>(jdn) - 2451545.5 - kVietnamHours / 24) / 36525;
    const double t2 = t * t;
    const double mean_anomaly = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t2 * t;
    const double mean_longitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
    double centre = (1.914600 - 0.004817 * t - 0.000014 * t2) * std::sin(kRad * mean_anomaly);
    centre += (0.019993 - 0.000101 * t) * std::sin(2 * kRad * mean_anomaly) +
              0.000290 * std::sin(3 * kRad * mean_anomaly);
    double longitude = (mean_longitude + centre) * kRad;
    longitude -= 2 * kPi * std::floor(longitude / (2 * kPi));
    return static_cast<int>(std::floor(longitude / kPi * 6));
}

// The first day of lunar month 11 of solar year `year`: the month holding the winter solstice.
long month_11_start(int year) {
    const long offset = julian_day(Day(std::chrono::year(year) / 12 / 31)) - 2415021;
    const auto k = static_cast<long>(std::floor(static_cast<double>(offset) / kSynodicMonth));
    const long start = new_moon_day(k);
    return sun_sector(start) >= 9 ? new_moon_day(k - 1) : start;
}

// In a lunar year of 13 months (from month 11 starting at `a11`): which month after month 11
// is the leap one, the first without a solar term (the sun staying in one sector).
int leap_month_offset(long a11) {
    const auto k = static_cast<long>(
        std::floor((static_cast<double>(a11) - kNewMoonEpoch) / kSynodicMonth + 0.5));
    int i = 1;
    int sector = sun_sector(new_moon_day(k + i));
    int last = 0;
    do {
        last = sector;
        ++i;
        sector = sun_sector(new_moon_day(k + i));
    } while (sector != last && i < 14);
    return i - 1;
}

Day civil(int y, int m, int d) {
    return Day(std::chrono::year(y) / m / d);
}

bool weekend(Day day) {
    const weekday w{day};
    return w == Saturday || w == Sunday;
}

} // namespace

std::optional<Day> solar_from_lunar(int lunar_year, int lunar_month, int lunar_day, bool leap) {
    if (lunar_month < 1 || lunar_month > 12 || lunar_day < 1 || lunar_day > 30) return std::nullopt;
    const long a11 = lunar_month < 11 ? month_11_start(lunar_year - 1) : month_11_start(lunar_year);
    const long b11 = lunar_month < 11 ? month_11_start(lunar_year) : month_11_start(lunar_year + 1);
    const auto k = static_cast<long>(
        std::floor(0.5 + (static_cast<double>(a11) - kNewMoonEpoch) / kSynodicMonth));
    int offset = lunar_month - 11;
    if (offset < 0) offset += 12;
    if (b11 - a11 > 365) {
        const int leap_offset = leap_month_offset(a11);
        int leap_month = leap_offset - 2;
        if (leap_month < 0) leap_month += 12;
        if (leap && lunar_month != leap_month) return std::nullopt;
        if (leap || offset >= leap_offset) offset += 1;
    } else if (leap) {
        return std::nullopt;
    }
    return day_of_julian(new_moon_day(k + offset) + lunar_day - 1);
}

std::set<Day> default_holidays(int year) {
    std::set<Day> fixed;
    fixed.insert(civil(year, 1, 1));
    if (const auto tet = solar_from_lunar(year, 1, 1))
        for (int i = -1; i < 4; ++i)
            fixed.insert(*tet + days(i));
    if (const auto hung_kings = solar_from_lunar(year, 3, 10)) fixed.insert(*hung_kings);
    fixed.insert(civil(year, 4, 30));
    fixed.insert(civil(year, 5, 1));
    fixed.insert(civil(year, 9, 1));
    fixed.insert(civil(year, 9, 2));
    // A holiday on the weekly rest gives the next working day off (art. 112(3)).
    std::set<Day> off = fixed;
    for (const auto day : fixed) {
        if (!weekend(day)) continue;
        auto in_lieu = day + days(1);
        while (weekend(in_lieu) || off.count(in_lieu))
            in_lieu += days(1);
        off.insert(in_lieu);
    }
    return off;
}

std::optional<WorkingCalendar> WorkingCalendar::from_json(std::string_view text,
                                                          std::string& error) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object() || j.value("format", 0) != 1 || !j.contains("years") ||
        !j["years"].is_array() || !j.contains("days_off") || !j["days_off"].is_array()) {
        error = "a holiday table needs \"format\": 1, \"years\" and \"days_off\"";
        return std::nullopt;
    }
    WorkingCalendar calendar;
    for (const auto& y : j["years"]) {
        if (!y.is_number_integer() || y.get<int>() < 2000 || y.get<int>() > 2200) {
            error = "years must be numbers from 2000 to 2200";
            return std::nullopt;
        }
        calendar.published_[y.get<int>()];
    }
    for (const auto& d : j["days_off"]) {
        int y = 0;
        unsigned m = 0, dd = 0;
        const std::string s = d.is_string() ? d.get<std::string>() : std::string();
        if (s.size() != 10 || std::sscanf(s.c_str(), "%4d-%2u-%2u", &y, &m, &dd) != 3 ||
            !year_month_day(std::chrono::year(y), month(m), day(dd)).ok()) {
            error = "days_off holds \"" + s + "\", not a YYYY-MM-DD date";
            return std::nullopt;
        }
        const auto year_it = calendar.published_.find(y);
        if (year_it == calendar.published_.end()) {
            error = s + " is in a year the table does not list in \"years\"";
            return std::nullopt;
        }
        year_it->second.insert(civil(y, static_cast<int>(m), static_cast<int>(dd)));
    }
    return calendar;
}

std::vector<int> WorkingCalendar::published_years() const {
    std::vector<int> years;
    for (const auto& [y, days_off] : published_)
        years.push_back(y);
    return years;
}

bool WorkingCalendar::is_holiday(Day day) const {
    const int y = static_cast<int>(year_month_day(day).year());
    if (const auto it = published_.find(y); it != published_.end()) return it->second.count(day);
    return default_holidays(y).count(day) > 0;
}

bool WorkingCalendar::is_working_day(Day day) const {
    return !weekend(day) && !is_holiday(day);
}

Day WorkingCalendar::next_working_day(Day day) const {
    // Tết and its days in lieu are at most a fortnight.
    for (int i = 0; i < 60 && !is_working_day(day); ++i)
        day += days(1);
    return day;
}

Day WorkingCalendar::appointment(local_seconds received, const ProcessingDays& processing) const {
    const auto local_day = floor<days>(received);
    const Day today{local_day.time_since_epoch()};
    const auto hour = duration_cast<hours>(received - local_day).count();
    Day start = today;
    if (!is_working_day(today) || (processing.cutoff_hour > 0 && hour >= processing.cutoff_hour))
        start = next_working_day(today + days(1));
    Day due = start;
    for (int left = processing.working_days; left > 0; --left)
        due = next_working_day(due + days(1));
    return due;
}

Day WorkingCalendar::appointment(system_clock::time_point received,
                                 const ProcessingDays& processing) const {
    const auto utc = floor<seconds>(received);
    return appointment(local_seconds((utc + hours(7)).time_since_epoch()), processing);
}

std::string vietnamese_date(Day day) {
    const year_month_day ymd{day};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02u/%02u/%04d", static_cast<unsigned>(ymd.day()),
                  static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()));
    return buf;
}

std::string iso_date(Day day) {
    const year_month_day ymd{day};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return buf;
}

} // namespace forms
