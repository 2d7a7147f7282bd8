// libFuzzer harness for source-profile parsing: arbitrary bytes as a mapping file's JSON.
// Contract checked: ParseProfile returns a value or an error, never throws or crashes, and a
// profile it accepts passes Validate() and can map any value through its category rules.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ingest/profile.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string json(reinterpret_cast<const char*>(data), size);
  auto profile = vigil::ingest::ParseProfile(json, "fuzz.json");
  if (!profile.ok()) return 0;
  if (!profile->Validate().ok()) __builtin_trap();
  if (profile->category) {
    for (const char* value : {"", "0", "12345", "-1.5e300", "nan", "theft"}) {
      (void)vigil::ingest::ApplyValueMap(*profile->category, value);
    }
  }
  return 0;
}
