// Result<T>: the value of an operation that can fail in an expected way (bad input, missing
// record, I/O). Exceptions are kept for bugs; user input never triggers an assert.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace vigil {

// Internal error codes. The server maps each to an HTTP status and a public code in one table.
enum class ErrorCode {
  kInvalidArgument,     // a caller-supplied value is malformed or out of range
  kNotFound,            // a named record, file or column does not exist
  kAlreadyExists,       // a create would overwrite an existing record
  kFailedPrecondition,  // the operation is not valid in the current state
  kIo,                  // the operating system refused a read or write
  kCorrupt,             // stored data failed an integrity check
  kUnsupported,         // a format, CRS or option this build does not handle
  kInternal,            // a bug: an invariant did not hold
};

// Name of a code, stable, used in logs and error bodies ("invalid_argument").
const char* ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // complete sentence naming the record and field where known

  std::string ToString() const;
};

inline Error MakeError(ErrorCode code, std::string message) {
  return Error{code, std::move(message)};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

// Result of an operation with no value.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error)
      : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)
  static Status Ok() { return Status(); }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace vigil

// Returns early from the enclosing function when `expr` (a Status or Result) failed.
#define VIGIL_RETURN_IF_ERROR(expr)                        \
  do {                                                     \
    auto vigil_status_ = (expr);                           \
    if (!vigil_status_.ok()) return vigil_status_.error(); \
  } while (false)
