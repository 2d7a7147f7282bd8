#include "core/shifts.h"

#include <algorithm>
#include <string>

#include "core/text.h"

namespace vigil {

Result<ShiftSchedule> ShiftSchedule::Parse(std::string_view text) {
  ShiftSchedule schedule;
  std::size_t from = 0;
  while (from <= text.size()) {
    const std::size_t comma = std::min(text.find(',', from), text.size());
    const std::string_view item = Trim(text.substr(from, comma - from));
    const auto bad = [&item](const std::string& why) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "shift start '" + std::string(item) + "': " + why);
    };
    LocalDateTime t;
    if (item.size() != 5 || item[2] != ':' || !ParseLocalDateTime(item, "%H:%M", &t))
      return bad("expected HH:MM");
    if (t.hour > 23 || t.minute > 59) return bad("not a time of day (00:00-23:59)");
    const int minutes = t.hour * 60 + t.minute;
    if (std::find(schedule.start_minutes_.begin(), schedule.start_minutes_.end(), minutes) !=
        schedule.start_minutes_.end())
      return bad("given twice");
    schedule.start_minutes_.push_back(minutes);
    from = comma + 1;
  }
  std::sort(schedule.start_minutes_.begin(), schedule.start_minutes_.end());
  return schedule;
}

Shift ShiftSchedule::NextAtOrAfter(UnixSeconds t, TimeZone* zone) const {
  const LocalDateTime now = zone != nullptr ? zone->ToLocal(t) : CivilFromUnix(t);
  const std::int64_t today = DaysFromCivil(now.year, now.month, now.day);
  // Shift starts from yesterday (a start shortly after t may be yesterday's wall clock when a
  // zone's offset changes) to two days ahead, in order.
  std::vector<UnixSeconds> starts;
  for (std::int64_t day = today - 1; day <= today + 2; ++day) {
    const LocalDateTime date = CivilFromUnix(day * 86400);
    for (const int m : start_minutes_) {
      const LocalDateTime local{date.year, date.month, date.day, m / 60, m % 60, 0};
      starts.push_back(zone != nullptr ? zone->ToUtc(local) : AsIfUtc(local));
    }
  }
  for (std::size_t i = 0; i + 1 < starts.size(); ++i) {
    if (starts[i] >= t && starts[i + 1] > starts[i])
      return Shift{.start = starts[i], .length_s = starts[i + 1] - starts[i]};
  }
  return Shift{};  // unreachable for a parsed schedule: two days ahead always hold a start
}

}  // namespace vigil
