#include "core/date.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace paragraf {

std::optional<Date> MakeDate(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  Date date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
            std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return std::nullopt;
  return date;
}

std::optional<Date> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](size_t pos, size_t len) -> std::optional<int> {
    int value = 0;
    auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, value);
    if (ec != std::errc() || ptr != text.data() + pos + len) return std::nullopt;
    return value;
  };
  auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (!y || !m || !d) return std::nullopt;
  return MakeDate(*y, *m, *d);
}

std::string FormatIsoDate(const Date& date) {
  const int year = static_cast<int>(date.year());
  const unsigned month = static_cast<unsigned>(date.month());
  const unsigned day = static_cast<unsigned>(date.day());
  if (year >= 0 && year <= 9999 && month <= 99 && day <= 99) {
    // Lists of tens of thousands of follow-ups format dates by the thousand:
    // the digits by hand, as "{:04}-{:02}-{:02}" writes them.
    std::string text(10, '-');
    const auto digit = [](unsigned value) { return static_cast<char>('0' + value % 10); };
    const auto y = static_cast<unsigned>(year);
    text[0] = digit(y / 1000);
    text[1] = digit(y / 100);
    text[2] = digit(y / 10);
    text[3] = digit(y);
    text[5] = digit(month / 10);
    text[6] = digit(month);
    text[8] = digit(day / 10);
    text[9] = digit(day);
    return text;
  }
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

Date AddDays(const Date& date, int days) {
  return Date{std::chrono::sys_days(date) + std::chrono::days(days)};
}

int DaysBetween(const Date& from, const Date& to) {
  return static_cast<int>((std::chrono::sys_days(to) - std::chrono::sys_days(from)).count());
}

Date AddMonths(const Date& date, int months) {
  const std::chrono::year_month ym =
      std::chrono::year_month(date.year(), date.month()) + std::chrono::months(months);
  const std::chrono::day last =
      std::chrono::year_month_day_last(ym.year(), std::chrono::month_day_last(ym.month())).day();
  return Date(ym.year(), ym.month(), std::min(date.day(), last));
}

Date EndOfMonth(int year, int month) {
  const std::chrono::year_month_day_last last(
      std::chrono::year(year),
      std::chrono::month_day_last(std::chrono::month(static_cast<unsigned>(month))));
  return Date(last);
}

}  // namespace paragraf
