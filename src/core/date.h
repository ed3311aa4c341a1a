// Calendar dates as the model stores them: std::chrono::year_month_day,
// written ISO 8601 (2024-05-16) wherever they leave the program.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace paragraf {

using Date = std::chrono::year_month_day;

// Returns the date for a valid year, month and day, or nullopt
// (2023-02-30 is nullopt).
std::optional<Date> MakeDate(int year, int month, int day);

// Parses exactly "YYYY-MM-DD". Returns nullopt for anything else.
std::optional<Date> ParseIsoDate(std::string_view text);

// "2024-05-16". REQUIRES: date.ok()
std::string FormatIsoDate(const Date& date);

// date + days (negative moves back).
Date AddDays(const Date& date, int days);

// Whole days from `from` to `to` (negative when `to` is earlier).
int DaysBetween(const Date& from, const Date& to);

// date + months, the day kept or, past the month's end, its last day
// (2022-01-31 + 1 month = 2022-02-28).
Date AddMonths(const Date& date, int months);

// The last day of a month: EndOfMonth(2022, 6) = 2022-06-30.
// REQUIRES: 1 <= month <= 12
Date EndOfMonth(int year, int month);

}  // namespace paragraf
