// A fast RFC 4180 CSV reader over a whole file held in memory. Handles quoted fields with
// embedded separators, doubled quotes and line breaks, CRLF and LF endings, and a UTF-8 BOM.
// Field views stay valid until the next call to Next().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace vigil {

struct CsvRecord {
  std::vector<std::string_view> fields;
  std::int64_t line = 0;  // 1-based line number where the record starts
};

class CsvReader {
 public:
  // Reads the whole file. Fails with kIo / kNotFound naming the path.
  static Result<CsvReader> Open(const std::string& path, char separator = ',');
  static CsvReader FromString(std::string data, char separator = ',');

  // Moves to the next record; false at end of input. Blank lines are skipped.
  bool Next(CsvRecord* record);

  // Bytes consumed so far and in all, for progress reports.
  std::size_t position() const { return pos_; }
  std::size_t size() const { return data_.size(); }

 private:
  CsvReader(std::string data, char separator);

  std::string data_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 1;
  char separator_ = ',';
  std::string scratch_;  // unescaped text of quoted fields of the current record
  std::vector<std::pair<std::size_t, std::size_t>> scratch_spans_;
  std::vector<std::size_t> quoted_indices_;  // fields of the current record that were quoted
};

}  // namespace vigil
