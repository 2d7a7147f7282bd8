// A force's shift schedule: the wall-clock times at which its shifts start, every day, in the
// city's time zone (for example "06:00,14:00,22:00", three 8-hour shifts). Each shift lasts
// until the next one starts; the last of the day runs until the first of the next day.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace vigil {

struct Shift {
  UnixSeconds start = 0;      // UTC instant the shift starts
  std::int64_t length_s = 0;  // seconds until the next shift starts (> 0)
};

class ShiftSchedule {
 public:
  // Parses comma-separated HH:MM times (00:00-23:59), at least one, no repeats, in any order.
  // Errors name the offending item.
  static Result<ShiftSchedule> Parse(std::string_view text);

  // The first shift starting at or after `t`, with start times read in `zone` (nullptr = UTC).
  // Lengths are measured between UTC instants, so a shift spanning a daylight-saving change is
  // an hour shorter or longer than its wall-clock span.
  Shift NextAtOrAfter(UnixSeconds t, TimeZone* zone) const;

  // Start times as minutes after local midnight, ascending.
  const std::vector<int>& start_minutes() const { return start_minutes_; }

 private:
  std::vector<int> start_minutes_;
};

}  // namespace vigil
