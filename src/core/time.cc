#include "core/time.h"

#include <date/date.h>
#include <date/tz.h>

#include <cstdio>

namespace vigil {
namespace {

bool ReadDigits(std::string_view text, size_t* pos, int min_digits, int max_digits, int* out) {
  int value = 0;
  int count = 0;
  while (*pos < text.size() && count < max_digits && text[*pos] >= '0' && text[*pos] <= '9') {
    value = value * 10 + (text[*pos] - '0');
    ++*pos;
    ++count;
  }
  if (count < min_digits) return false;
  *out = value;
  return true;
}

bool IsValid(const LocalDateTime& t) {
  if (t.month < 1 || t.month > 12 || t.day < 1 || t.hour > 23 || t.minute > 59 || t.second > 60) {
    return false;
  }
  static constexpr int kDaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (t.day > kDaysInMonth[t.month - 1]) return false;
  const bool leap = (t.year % 4 == 0 && t.year % 100 != 0) || t.year % 400 == 0;
  return !(t.month == 2 && t.day == 29 && !leap);
}

}  // namespace

std::int64_t DaysFromCivil(int year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

UnixSeconds AsIfUtc(const LocalDateTime& t) {
  return DaysFromCivil(t.year, t.month, t.day) * 86400 + std::int64_t{t.hour} * 3600 +
         std::int64_t{t.minute} * 60 + t.second;
}

LocalDateTime CivilFromUnix(UnixSeconds seconds) {
  std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  std::int64_t rem = seconds - days * 86400;
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  LocalDateTime t;
  t.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  t.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  t.year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (t.month <= 2 ? 1 : 0));
  t.hour = static_cast<int>(rem / 3600);
  t.minute = static_cast<int>(rem % 3600 / 60);
  t.second = static_cast<int>(rem % 60);
  return t;
}

bool ParseLocalDateTime(std::string_view text, std::string_view format, LocalDateTime* out) {
  LocalDateTime t;
  size_t pos = 0;
  int hour12 = -1;
  int pm = -1;
  while (pos < text.size() && text[pos] == ' ') ++pos;
  for (size_t f = 0; f < format.size(); ++f) {
    const char c = format[f];
    if (c != '%' || f + 1 == format.size()) {
      if (pos >= text.size() || text[pos] != c) return false;
      ++pos;
      continue;
    }
    const char spec = format[++f];
    bool ok = true;
    switch (spec) {
      case 'Y': ok = ReadDigits(text, &pos, 4, 4, &t.year); break;
      case 'y': {
        int yy = 0;
        ok = ReadDigits(text, &pos, 2, 2, &yy);
        t.year = yy < 70 ? 2000 + yy : 1900 + yy;
        break;
      }
      case 'm': ok = ReadDigits(text, &pos, 1, 2, &t.month); break;
      case 'd': ok = ReadDigits(text, &pos, 1, 2, &t.day); break;
      case 'H': ok = ReadDigits(text, &pos, 1, 2, &t.hour); break;
      case 'I': ok = ReadDigits(text, &pos, 1, 2, &hour12); break;
      case 'M': ok = ReadDigits(text, &pos, 1, 2, &t.minute); break;
      case 'S': ok = ReadDigits(text, &pos, 1, 2, &t.second); break;
      case 'p': {
        if (pos + 2 > text.size()) return false;
        const char a = static_cast<char>(text[pos] | 0x20);
        const char m = static_cast<char>(text[pos + 1] | 0x20);
        if (m != 'm' || (a != 'a' && a != 'p')) return false;
        pm = a == 'p' ? 1 : 0;
        pos += 2;
        break;
      }
      case '%':
        ok = pos < text.size() && text[pos] == '%';
        ++pos;
        break;
      default: return false;
    }
    if (!ok) return false;
  }
  while (pos < text.size() && text[pos] == ' ') ++pos;
  if (pos != text.size()) return false;
  if (hour12 >= 0) {
    if (hour12 < 1 || hour12 > 12) return false;
    t.hour = hour12 % 12 + (pm == 1 ? 12 : 0);
  }
  if (!IsValid(t)) return false;
  *out = t;
  return true;
}

std::string FormatUtc(UnixSeconds seconds) {
  const LocalDateTime t = CivilFromUnix(seconds);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", t.year, t.month, t.day,
                t.hour, t.minute, t.second);
  return buffer;
}

Result<UnixSeconds> ParseUtc(std::string_view text) {
  if (!text.empty() && (text.back() == 'Z' || text.back() == 'z')) text.remove_suffix(1);
  LocalDateTime t;
  for (const char* format :
       {"%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"}) {
    if (ParseLocalDateTime(text, format, &t)) return AsIfUtc(t);
  }
  return MakeError(ErrorCode::kInvalidArgument,
                   "'" + std::string(text) + "' is not an ISO 8601 date or date-time");
}

struct TimeZone::Impl {
  const date::time_zone* zone = nullptr;
  std::string name;
  // Cache of the last offset period, as UTC [begin, end) and its offset in seconds.
  UnixSeconds cached_begin = 1;
  UnixSeconds cached_end = 0;
  int cached_offset = 0;

  int Offset(UnixSeconds utc) {
    if (utc >= cached_begin && utc < cached_end) return cached_offset;
    const auto info = zone->get_info(date::sys_seconds{std::chrono::seconds{utc}});
    cached_begin = info.begin.time_since_epoch().count();
    cached_end = info.end.time_since_epoch().count();
    cached_offset = static_cast<int>(info.offset.count());
    return cached_offset;
  }
};

TimeZone::TimeZone(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TimeZone::TimeZone(TimeZone&&) noexcept = default;
TimeZone& TimeZone::operator=(TimeZone&&) noexcept = default;
TimeZone::~TimeZone() = default;

Result<TimeZone> TimeZone::Load(const std::string& name) {
  try {
    auto impl = std::make_unique<Impl>();
    impl->zone = date::locate_zone(name);
    impl->name = name;
    return TimeZone(std::move(impl));
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kNotFound, "time zone '" + name + "' is not in the tz database");
  }
}

const std::string& TimeZone::name() const { return impl_->name; }

int TimeZone::OffsetAt(UnixSeconds utc) { return impl_->Offset(utc); }

UnixSeconds TimeZone::ToUtc(const LocalDateTime& local) {
  const UnixSeconds wall = AsIfUtc(local);
  // Try the offset valid at a guess; re-check once (offset periods are long).
  const int first = impl_->Offset(wall - impl_->Offset(wall));
  const UnixSeconds candidate = wall - first;
  if (impl_->Offset(candidate) == first) {
    // Ambiguous readings: prefer the earlier instant (the larger offset).
    const int earlier = impl_->Offset(candidate - UnixSeconds{2} * 3600);
    if (earlier != first && impl_->Offset(wall - earlier) == earlier &&
        wall - earlier < candidate) {
      return wall - earlier;
    }
    return candidate;
  }
  // Nonexistent reading (gap): move forward by the gap, using the offset before it.
  const int before = impl_->Offset(candidate - UnixSeconds{3} * 3600);
  return wall - before;
}

LocalDateTime TimeZone::ToLocal(UnixSeconds utc) { return CivilFromUnix(utc + impl_->Offset(utc)); }

}  // namespace vigil
