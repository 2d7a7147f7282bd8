#include "risk/holidays.h"

#include <algorithm>
#include <array>
#include <set>

#include "core/time.h"

namespace vigil::risk {
namespace {

// Solar dates (month, day) of lunar holidays in Korea (KST lunisolar calendar), 2010-2030.
struct LunarDates {
  int seollal_month, seollal_day;  // 1st day of the 1st lunar month
  int buddha_month, buddha_day;    // 8th day of the 4th lunar month
  int chuseok_month, chuseok_day;  // 15th day of the 8th lunar month
};
constexpr int kFirstLunarYear = 2010;
constexpr std::array<LunarDates, 21> kLunar = {{
    {2, 14, 5, 21, 9, 22},  // 2010
    {2, 3, 5, 10, 9, 12},   // 2011
    {1, 23, 5, 28, 9, 30},  // 2012
    {2, 10, 5, 17, 9, 19},  // 2013
    {1, 31, 5, 6, 9, 8},    // 2014
    {2, 19, 5, 25, 9, 27},  // 2015
    {2, 8, 5, 14, 9, 15},   // 2016
    {1, 28, 5, 3, 10, 4},   // 2017
    {2, 16, 5, 22, 9, 24},  // 2018
    {2, 5, 5, 12, 9, 13},   // 2019
    {1, 25, 4, 30, 10, 1},  // 2020
    {2, 12, 5, 19, 9, 21},  // 2021
    {2, 1, 5, 8, 9, 10},    // 2022
    {1, 22, 5, 27, 9, 29},  // 2023
    {2, 10, 5, 15, 9, 17},  // 2024
    {1, 29, 5, 5, 10, 6},   // 2025
    {2, 17, 5, 24, 9, 25},  // 2026
    {2, 7, 5, 13, 9, 15},   // 2027
    {1, 26, 5, 2, 10, 3},   // 2028
    {2, 13, 5, 20, 9, 22},  // 2029
    {2, 3, 5, 9, 9, 12},    // 2030
}};

// The `n`-th (1-based) `weekday` (0 = Monday) of a month.
std::int64_t NthWeekday(int year, int month, int weekday, int n) {
  const std::int64_t first = DaysFromCivil(year, month, 1);
  const int offset = (weekday - WeekdayOfDay(first) + 7) % 7;
  return first + offset + std::int64_t{7} * (n - 1);
}

std::int64_t LastWeekday(int year, int month, int weekday) {
  const std::int64_t next_first =
      month == 12 ? DaysFromCivil(year + 1, 1, 1) : DaysFromCivil(year, month + 1, 1);
  const std::int64_t last = next_first - 1;
  return last - (WeekdayOfDay(last) - weekday + 7) % 7;
}

bool IsWeekend(std::int64_t day) { return WeekdayOfDay(day) >= 5; }

// Adds the date and, on a weekend, its US observed weekday.
void AddObserved(std::set<std::int64_t>* days, std::int64_t day) {
  days->insert(day);
  if (WeekdayOfDay(day) == 5) days->insert(day - 1);
  if (WeekdayOfDay(day) == 6) days->insert(day + 1);
}

}  // namespace

int WeekdayOfDay(std::int64_t days_since_epoch) {
  // 1970-01-01 was a Thursday (3).
  return static_cast<int>(((days_since_epoch % 7) + 7 + 3) % 7);
}

std::vector<std::int64_t> UsFederalHolidays(int from_year, int to_year) {
  std::set<std::int64_t> days;
  for (int y = from_year; y <= to_year; ++y) {
    AddObserved(&days, DaysFromCivil(y, 1, 1));
    days.insert(NthWeekday(y, 1, 0, 3));
    days.insert(NthWeekday(y, 2, 0, 3));
    days.insert(LastWeekday(y, 5, 0));
    if (y >= 2021) AddObserved(&days, DaysFromCivil(y, 6, 19));
    AddObserved(&days, DaysFromCivil(y, 7, 4));
    days.insert(NthWeekday(y, 9, 0, 1));
    days.insert(NthWeekday(y, 10, 0, 2));
    AddObserved(&days, DaysFromCivil(y, 11, 11));
    days.insert(NthWeekday(y, 11, 3, 4));
    AddObserved(&days, DaysFromCivil(y, 12, 25));
  }
  return {days.begin(), days.end()};
}

std::vector<std::int64_t> KoreanPublicHolidays(int from_year, int to_year) {
  std::set<std::int64_t> all;
  for (int y = std::max(from_year, kFirstLunarYear);
       y <= std::min(to_year, kFirstLunarYear + static_cast<int>(kLunar.size()) - 1); ++y) {
    const LunarDates& l = kLunar[static_cast<std::size_t>(y - kFirstLunarYear)];
    const std::int64_t seollal = DaysFromCivil(y, l.seollal_month, l.seollal_day);
    const std::int64_t chuseok = DaysFromCivil(y, l.chuseok_month, l.chuseok_day);
    const std::int64_t buddha = DaysFromCivil(y, l.buddha_month, l.buddha_day);
    const std::int64_t children = DaysFromCivil(y, 5, 5);
    std::vector<std::int64_t> fixed = {DaysFromCivil(y, 1, 1),
                                       DaysFromCivil(y, 3, 1),
                                       children,
                                       DaysFromCivil(y, 6, 6),
                                       DaysFromCivil(y, 8, 15),
                                       DaysFromCivil(y, 10, 3),
                                       DaysFromCivil(y, 12, 25),
                                       buddha};
    if (y >= 2013) fixed.push_back(DaysFromCivil(y, 10, 9));
    std::set<std::int64_t> year(fixed.begin(), fixed.end());
    for (int d = -1; d <= 1; ++d) {
      year.insert(seollal + d);
      year.insert(chuseok + d);
    }
    // Substitute triggers: the last day of a holiday block and whether it earns a substitute.
    std::vector<std::int64_t> trigger_ends;
    auto block_triggers = [&](std::int64_t centre) {
      for (int d = -1; d <= 1; ++d) {
        const std::int64_t day = centre + d;
        if (WeekdayOfDay(day) == 6) return true;
        if (std::find(fixed.begin(), fixed.end(), day) != fixed.end()) return true;
        const std::int64_t other = centre == seollal ? chuseok : seollal;
        if (day >= other - 1 && day <= other + 1) return true;
      }
      return false;
    };
    if (y >= 2014) {
      if (block_triggers(seollal)) trigger_ends.push_back(seollal + 1);
      if (block_triggers(chuseok)) trigger_ends.push_back(chuseok + 1);
      const bool children_overlaps = children == buddha;
      if (IsWeekend(children) || children_overlaps) trigger_ends.push_back(children);
    }
    if (y >= 2021) {
      // The 2021 act took effect in August 2021; 1 March 2021 was a Monday anyway.
      for (const std::int64_t day : {DaysFromCivil(y, 3, 1), DaysFromCivil(y, 8, 15),
                                     DaysFromCivil(y, 10, 3), DaysFromCivil(y, 10, 9)}) {
        if (IsWeekend(day)) trigger_ends.push_back(day);
      }
    }
    if (y >= 2023) {
      // From May 2023; Buddha's Birthday 2023 (27 May, a Saturday) got 29 May as its substitute.
      for (const std::int64_t day : {buddha, DaysFromCivil(y, 12, 25)}) {
        if (IsWeekend(day)) trigger_ends.push_back(day);
      }
    }
    std::sort(trigger_ends.begin(), trigger_ends.end());
    for (const std::int64_t end : trigger_ends) {
      std::int64_t day = end + 1;
      while (IsWeekend(day) || year.count(day) != 0) ++day;
      year.insert(day);
    }
    all.insert(year.begin(), year.end());
  }
  return {all.begin(), all.end()};
}

}  // namespace vigil::risk
