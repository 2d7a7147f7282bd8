// Civil time parsing and time-zone conversion. Instants are UTC seconds since 1970-01-01
// (UnixSeconds); wall-clock readings in a city's zone are LocalDateTime.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vigil {

using UnixSeconds = std::int64_t;

struct LocalDateTime {
  int year = 1970;
  int month = 1;   // 1-12
  int day = 1;     // 1-31
  int hour = 0;    // 0-23
  int minute = 0;  // 0-59
  int second = 0;  // 0-60
};

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
std::int64_t DaysFromCivil(int year, int month, int day);

// Seconds since the epoch of a wall-clock reading taken as if it were UTC.
UnixSeconds AsIfUtc(const LocalDateTime& t);

// The reverse of AsIfUtc.
LocalDateTime CivilFromUnix(UnixSeconds seconds);

// Parses `text` against a strftime-like `format`. Supported: %Y (4 digits), %m %d %H %M %S
// (1 or 2 digits), %I (12-hour), %p (AM/PM, any case), %y (2 digits, 1970-2069), %% and
// literal characters. A trailing part of `text` after the format is matched is an error,
// except trailing spaces. Fields missing from the format keep their defaults (day 1, 00:00:00).
bool ParseLocalDateTime(std::string_view text, std::string_view format, LocalDateTime* out);

// ISO 8601 UTC text, "2019-03-01T14:05:00Z".
std::string FormatUtc(UnixSeconds seconds);

// Parses ISO 8601 "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS]" with optional "Z" as UTC.
Result<UnixSeconds> ParseUtc(std::string_view text);

// A named IANA time zone (system tz database). Converts wall clock to UTC and back.
// Not thread-safe: keeps a one-entry cache of the current offset period; use one per thread.
class TimeZone {
 public:
  static Result<TimeZone> Load(const std::string& name);
  TimeZone(TimeZone&&) noexcept;
  TimeZone& operator=(TimeZone&&) noexcept;
  ~TimeZone();

  const std::string& name() const;

  // Wall clock -> UTC. An ambiguous reading (autumn fall-back) takes the earlier instant; a
  // nonexistent one (spring gap) is moved forward by the gap, as clocks do.
  UnixSeconds ToUtc(const LocalDateTime& local);
  // UTC -> wall clock in this zone.
  LocalDateTime ToLocal(UnixSeconds utc);
  // Offset from UTC in seconds at an instant.
  int OffsetAt(UnixSeconds utc);

 private:
  struct Impl;
  explicit TimeZone(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace vigil
