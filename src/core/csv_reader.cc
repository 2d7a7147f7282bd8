#include "core/csv_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace vigil {

namespace {

bool StartsWithBom(const char* data, std::size_t size) {
  return size >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0;
}

}  // namespace

CsvReader::CsvReader(std::string data, char separator)
    : text_(std::move(data)), separator_(separator) {
  Point();
  end_ = size_ = text_.size();
  if (StartsWithBom(data_, end_)) pos_ = 3;
}

CsvReader::CsvReader(CsvReader&& other) noexcept { *this = std::move(other); }

CsvReader& CsvReader::operator=(CsvReader&& other) noexcept {
  if (this == &other) return *this;
  if (fd_ >= 0) ::close(fd_);
  text_ = std::move(other.text_);
  block_ = std::move(other.block_);
  capacity_ = other.capacity_;
  Point();
  end_ = other.end_;
  base_ = other.base_;
  size_ = other.size_;
  fd_ = std::exchange(other.fd_, -1);
  block_bytes_ = other.block_bytes_;
  error_ = std::move(other.error_);
  pos_ = other.pos_;
  line_ = other.line_;
  separator_ = other.separator_;
  scratch_ = std::move(other.scratch_);
  scratch_spans_ = std::move(other.scratch_spans_);
  quoted_indices_ = std::move(other.quoted_indices_);
  return *this;
}

CsvReader::~CsvReader() {
  if (fd_ >= 0) ::close(fd_);
}

Result<CsvReader> CsvReader::Open(const std::string& path, char separator,
                                  std::size_t block_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return MakeError(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                     "cannot open '" + path + "': " + std::strerror(errno));
  }
  CsvReader reader{std::string(), separator};
  reader.fd_ = fd;
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
    reader.size_ = static_cast<std::size_t>(info.st_size);
  }
  reader.block_bytes_ = std::max<std::size_t>(block_bytes, 1);
  // At least the three bytes of a byte-order mark, unless the file is shorter.
  while (reader.end_ < 3 && reader.Refill(0)) {
  }
  if (reader.error_) {
    return MakeError(ErrorCode::kIo, "cannot read '" + path + "': " + reader.error_->message);
  }
  if (StartsWithBom(reader.data_, reader.end_)) reader.pos_ = 3;
  return reader;
}

CsvReader CsvReader::FromString(std::string data, char separator) {
  return CsvReader(std::move(data), separator);
}

bool CsvReader::Refill(std::size_t keep_from) {
  if (fd_ < 0) return false;
  const std::size_t kept = end_ - keep_from;
  // A block, or what the file has left if that is less (a small file is one read).
  const std::size_t read_so_far = base_ + end_;
  const std::size_t want =
      read_so_far < size_ ? std::min(block_bytes_, size_ - read_so_far) : block_bytes_;
  if (kept + want > capacity_) {
    // A record longer than the room left: a larger buffer, the kept bytes copied over.
    const std::size_t capacity = std::max(kept + want, capacity_ * 2);
    auto grown = std::unique_ptr<char[]>(new char[capacity]);
    if (kept > 0) std::memcpy(grown.get(), data_ + keep_from, kept);
    block_ = std::move(grown);
    capacity_ = capacity;
  } else if (kept > 0) {
    std::memmove(block_.get(), data_ + keep_from, kept);
  }
  Point();
  base_ += keep_from;
  pos_ -= std::min(pos_, keep_from);
  end_ = kept;
  bool at_end = false;
  while (end_ < kept + want) {
    const ssize_t n = ::read(fd_, block_.get() + end_, kept + want - end_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error_ = Error{ErrorCode::kIo, std::strerror(errno)};
      at_end = true;
      break;
    }
    if (n == 0) {
      at_end = true;
      break;
    }
    end_ += static_cast<std::size_t>(n);
  }
  // A regular file is read up to the size it had when opened.
  if (at_end || (size_ > 0 && base_ + end_ >= size_)) {
    ::close(fd_);
    fd_ = -1;
  }
  size_ = std::max(size_, base_ + end_);
  return end_ > kept;
}

bool CsvReader::Next(CsvRecord* record) {
  while (true) {
    const std::size_t start = pos_;
    const std::int64_t start_line = line_;
    const bool got = ParseRecord(record);
    // A record that reached the end of the buffer may go on in the file (a field, a doubled
    // quote or a CRLF cut by the block boundary): read more and parse it again.
    if (fd_ < 0 || pos_ < end_) return got;
    pos_ = start;
    line_ = start_line;
    Refill(start);
    if (error_) return false;
  }
}

bool CsvReader::ParseRecord(CsvRecord* record) {
  record->fields.clear();
  scratch_.clear();
  scratch_spans_.clear();
  const std::size_t n = end_;
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
      record->fields.emplace_back(data_ + begin, pos_ - begin);
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
