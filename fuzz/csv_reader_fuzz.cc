// libFuzzer harness for CsvReader: arbitrary bytes, read record by record with ',' and ';'.
// Contract checked: Next() terminates, never reads outside the input, and every field view
// lies inside the reader's buffer or its scratch space (ASan reports any stray access).
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const char separator : {',', ';'}) {
    vigil::CsvReader reader = vigil::CsvReader::FromString(text, separator);
    vigil::CsvRecord record;
    std::int64_t last_line = 0;
    std::size_t bytes = 0;
    while (reader.Next(&record)) {
      if (record.line <= last_line || record.fields.empty()) __builtin_trap();
      last_line = record.line;
      for (const std::string_view field : record.fields) bytes += field.size();  // touch views
      if (reader.position() > reader.size()) __builtin_trap();
    }
    if (bytes > size) __builtin_trap();  // unescaping never grows text
  }
  return 0;
}
