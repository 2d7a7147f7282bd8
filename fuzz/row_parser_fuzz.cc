// libFuzzer harness for RowParser: arbitrary CSV text through the built-in `slmpd` profile.
// The input's first record is the header; every later record is parsed. Contract checked:
// Create() refuses a header that lacks the profile's columns with an error, and Parse()
// turns any row into a record, a cancellation or a reject without crashing.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/csv_reader.h"
#include "ingest/profile.h"
#include "ingest/row_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const vigil::ingest::Profile kProfile = *vigil::ingest::BuiltinProfile("slmpd");
  vigil::CsvReader reader = vigil::CsvReader::FromString(
      std::string(reinterpret_cast<const char*>(data), size), kProfile.separator);
  vigil::CsvRecord record;
  if (!reader.Next(&record)) return 0;
  const std::vector<std::string> header(record.fields.begin(), record.fields.end());
  auto parser = vigil::ingest::RowParser::Create(kProfile, header, "");
  if (!parser.ok()) return 0;
  while (reader.Next(&record)) (void)parser->Parse(record);
  return 0;
}
