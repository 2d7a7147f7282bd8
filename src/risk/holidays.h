// Public-holiday calendars for the holiday feature of the learned risk model. A holiday is a
// local civil date given as days since 1970-01-01 (DaysFromCivil), so it compares directly
// with the local date of a slot start.
#pragma once

#include <cstdint>
#include <vector>

namespace vigil::risk {

// United States federal holidays of the years [from_year, to_year] (5 U.S.C. 6103): New Year's
// Day, Martin Luther King Jr. Day (3rd Monday of January), Washington's Birthday (3rd Monday of
// February), Memorial Day (last Monday of May), Juneteenth (19 June, from 2021), Independence
// Day, Labor Day (1st Monday of September), Columbus Day (2nd Monday of October), Veterans Day,
// Thanksgiving (4th Thursday of November) and Christmas. For the fixed-date holidays both the
// date itself and, when it falls on a weekend, the observed weekday (Friday before a Saturday,
// Monday after a Sunday) are listed. Sorted ascending, no duplicates. Any years accepted.
std::vector<std::int64_t> UsFederalHolidays(int from_year, int to_year);

// South Korean public holidays (Act on Public Holidays) of the years [from_year, to_year] within
// 2010-2030 (years outside are skipped, because the lunar dates come from a table): New Year's
// Day, Seollal (3 days), Independence Movement Day (1 Mar), Children's Day (5 May), Buddha's
// Birthday, Memorial Day (6 Jun), Liberation Day (15 Aug), Chuseok (3 days), National
// Foundation Day (3 Oct), Hangul Day (9 Oct, from 2013) and Christmas, with substitute holidays:
// from 2014 for Seollal and Chuseok days on a Sunday or on another holiday and for Children's
// Day on a weekend or another holiday; from 2021 for 1 Mar, 15 Aug, 3 Oct and 9 Oct on a
// weekend; from 2023 for Buddha's Birthday and Christmas on a weekend. A substitute is the first
// following weekday that is not already a holiday. Election days and one-off temporary holidays
// are not included. Sorted ascending, no duplicates.
std::vector<std::int64_t> KoreanPublicHolidays(int from_year, int to_year);

// Day of the week of a day number: 0 = Monday ... 6 = Sunday.
int WeekdayOfDay(std::int64_t days_since_epoch);

}  // namespace vigil::risk
