// libFuzzer harness for ParseLocalDateTime. The input is split at its first newline into the
// text (before) and the format (after). Contract checked: parsing never reads out of bounds,
// and an accepted reading is a valid civil time that survives AsIfUtc -> CivilFromUnix.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/time.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t split = input.find('\n');
  const std::string_view text = input.substr(0, split);
  const std::string_view format =
      split == std::string_view::npos ? std::string_view() : input.substr(split + 1);
  vigil::LocalDateTime t;
  if (!vigil::ParseLocalDateTime(text, format, &t)) return 0;
  if (t.second == 60) return 0;  // a leap second has no distinct Unix instant
  const vigil::LocalDateTime back = vigil::CivilFromUnix(vigil::AsIfUtc(t));
  if (back.year != t.year || back.month != t.month || back.day != t.day || back.hour != t.hour ||
      back.minute != t.minute || back.second != t.second) {
    __builtin_trap();
  }
  return 0;
}
