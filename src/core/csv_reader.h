// A fast RFC 4180 CSV reader. Handles quoted fields with embedded separators, doubled quotes
// and line breaks, CRLF and LF endings, and a UTF-8 BOM. Files are read in blocks into one
// reused buffer (a record longer than a block grows it), so memory stays small whatever the
// file's size. Field views stay valid until the next call to Next().
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
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
  static constexpr std::size_t kBlockBytes = 1 << 20;

  // Opens a file to read in blocks of `block_bytes`. Fails with kIo / kNotFound naming the
  // path; a read that fails later ends the records and sets error().
  static Result<CsvReader> Open(const std::string& path, char separator = ',',
                                std::size_t block_bytes = kBlockBytes);
  static CsvReader FromString(std::string data, char separator = ',');
  CsvReader(CsvReader&&) noexcept;
  CsvReader& operator=(CsvReader&&) noexcept;
  ~CsvReader();

  // Moves to the next record; false at end of input. Blank lines are skipped.
  bool Next(CsvRecord* record);

  // Bytes consumed so far and in all, for progress reports.
  std::size_t position() const { return base_ + pos_; }
  std::size_t size() const { return size_; }
  // Why reading the file stopped early, if it did (Next then returned false).
  const std::optional<Error>& error() const { return error_; }

 private:
  CsvReader(std::string data, char separator);
  // Parses one record from pos_ in the buffer; the caller checks whether it ran into the end
  // of the buffer before the end of the input.
  bool ParseRecord(CsvRecord* record);
  // Moves the bytes from `keep_from` to the front of the buffer and reads more after them;
  // false at the end of the input or on a read error.
  bool Refill(std::size_t keep_from);

  // Points the record parser at the active buffer: text_ (FromString) or block_ (files).
  void Point() { data_ = block_ != nullptr ? block_.get() : text_.data(); }

  std::string text_;               // the whole input, from FromString
  std::unique_ptr<char[]> block_;  // the file buffer (not zero-filled): capacity_ bytes
  std::size_t capacity_ = 0;
  const char* data_ = nullptr;  // input bytes [base_, base_ + end_)
  std::size_t end_ = 0;         // bytes of data_ holding input
  std::size_t base_ = 0;        // input offset of data_[0]
  std::size_t size_ = 0;        // bytes of the input in all (as the file's size said)
  int fd_ = -1;                 // the file still being read, or -1 once all is buffered
  std::size_t block_bytes_ = kBlockBytes;
  std::optional<Error> error_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 1;
  char separator_ = ',';
  std::string scratch_;  // unescaped text of quoted fields of the current record
  std::vector<std::pair<std::size_t, std::size_t>> scratch_spans_;
  std::vector<std::size_t> quoted_indices_;  // fields of the current record that were quoted
};

}  // namespace vigil
