#pragma once
// Working days and appointment dates ("ngày hẹn trả kết quả"): the Vietnamese lunar calendar
// for the holidays that follow it, the public holidays of the Labour Code 2019 (art. 112), and
// a province's own table of days off, which replaces the default for the years it lists (the
// government fixes the exact Tết days, and the days off in lieu, each year).
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace forms {

using Day = std::chrono::sys_days;

/// The solar day of `lunar_day`/`lunar_month` of lunar year `lunar_year` in the Vietnamese
/// calendar (computed for UTC+7); `leap` asks for the leap month of that number. nullopt when
/// there is no such month.
std::optional<Day> solar_from_lunar(int lunar_year, int lunar_month, int lunar_day,
                                    bool leap = false);

/// The public holidays of `year` as the Labour Code sets them when the government has not
/// fixed them otherwise: 1/1; Tết Nguyên đán from the lunar New Year's Eve for five days; Giỗ
/// Tổ Hùng Vương (10/3 lunar); 30/4; 1/5; 2/9 with 1/9; and for a holiday on a Saturday or a
/// Sunday, the next working day in lieu.
std::set<Day> default_holidays(int year);

/// When a procedure's result is due, from the catalog's `processing_days`.
struct ProcessingDays {
    int working_days = 0; ///< 0: the same working day
    int cutoff_hour = 0;  ///< received at or after this hour: counted from the next working day
};

/// Days off of the offices that process dossiers: Saturdays, Sundays and public holidays.
class WorkingCalendar {
public:
    /// The default holidays for every year.
    WorkingCalendar() = default;

    /// Reads a province's table, `{"format": 1, "years": [2027], "days_off": ["2027-02-05",
    /// ...]}`: for each listed year exactly the listed days are holidays (besides weekends).
    /// nullopt with `error` set when the text is not such a table.
    static std::optional<WorkingCalendar> from_json(std::string_view text, std::string& error);

    /// The years the province's table covers (empty: the built-in rules throughout).
    std::vector<int> published_years() const;

    bool is_working_day(Day day) const;
    /// The first working day at or after `day`.
    Day next_working_day(Day day) const;

    /// The appointment for a dossier received at `received` (local time, UTC+7): the day it
    /// counts from (that day, or the next working day when it is not one or the cut-off hour
    /// has passed), plus `processing.working_days` working days.
    Day appointment(std::chrono::local_seconds received, const ProcessingDays& processing) const;
    /// The same for an instant, read in Vietnam time (UTC+7) whatever the machine's zone.
    Day appointment(std::chrono::system_clock::time_point received,
                    const ProcessingDays& processing) const;

private:
    bool is_holiday(Day day) const;

    std::map<int, std::set<Day>> published_; ///< the province's years
};

/// `day` as "dd/mm/yyyy", as people read dates here.
std::string vietnamese_date(Day day);
/// `day` as "yyyy-mm-dd".
std::string iso_date(Day day);

} // namespace forms
