#include "core/csv_reader.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace vigil {

CsvReader::CsvReader(std::string data, char separator)
    : data_(std::move(data)), separator_(separator) {
  if (data_.size() >= 3 && data_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
}

Result<CsvReader> CsvReader::Open(const std::string& path, char separator) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return MakeError(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                     "cannot open '" + path + "': " + std::strerror(errno));
  }
  std::string data;
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size > 0) {
    data.resize(static_cast<std::size_t>(size));
    in.read(data.data(), size);
    if (!in) return MakeError(ErrorCode::kIo, "cannot read '" + path + "'");
  }
  return CsvReader(std::move(data), separator);
}

CsvReader CsvReader::FromString(std::string data, char separator) {
  return CsvReader(std::move(data), separator);
}

bool CsvReader::Next(CsvRecord* record) {
  record->fields.clear();
  scratch_.clear();
  scratch_spans_.clear();
  const std::size_t n = data_.size();
  // Skip blank lines.
  while (pos_ < n && (data_[pos_] == '\n' || data_[pos_] == '\r')) {
    if (data_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= n) return false;
  record->line = line_;
  // Quoted fields are unescaped into scratch_; their index is remembered and the views fixed
  // up at the end because scratch_ may reallocate while the record is parsed.
  quoted_indices_.clear();
  while (true) {
    if (pos_ < n && data_[pos_] == '"') {
      ++pos_;
      const std::size_t begin = scratch_.size();
      while (pos_ < n) {
        const char c = data_[pos_];
        if (c == '"') {
          if (pos_ + 1 < n && data_[pos_ + 1] == '"') {
            scratch_.push_back('"');
            pos_ += 2;
            continue;
          }
          ++pos_;
          break;
        }
        if (c == '\n') ++line_;
        scratch_.push_back(c);
        ++pos_;
      }
      // Text after the closing quote up to the separator is kept (lenient, as spreadsheets do).
      while (pos_ < n && data_[pos_] != separator_ && data_[pos_] != '\n' && data_[pos_] != '\r') {
        scratch_.push_back(data_[pos_++]);
      }
      scratch_spans_.emplace_back(begin, scratch_.size() - begin);
      quoted_indices_.push_back(record->fields.size());
      record->fields.emplace_back();
    } else {
      const std::size_t begin = pos_;
      // Fast scan to the next separator or line end.
      while (pos_ < n) {
        const char c = data_[pos_];
        if (c == separator_ || c == '\n' || c == '\r') break;
        ++pos_;
      }
      record->fields.emplace_back(data_.data() + begin, pos_ - begin);
    }
    if (pos_ >= n) break;
    const char c = data_[pos_];
    if (c == separator_) {
      ++pos_;
      if (pos_ >= n) {
        record->fields.emplace_back();
        break;
      }
      continue;
    }
    // Line end.
    if (c == '\r') ++pos_;
    if (pos_ < n && data_[pos_] == '\n') {
      ++pos_;
    }
    ++line_;
    break;
  }
  for (std::size_t i = 0; i < quoted_indices_.size(); ++i) {
    record->fields[quoted_indices_[i]] =
        std::string_view(scratch_.data() + scratch_spans_[i].first, scratch_spans_[i].second);
  }
  return true;
}

}  // namespace vigil
