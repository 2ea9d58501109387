// The one error style of the project: functions that can fail return
// Result<T> (a value or an Error) or Status (nothing or an Error).
// No exception crosses a component boundary.
#ifndef ALS_COMMON_RESULT_H_
#define ALS_COMMON_RESULT_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace als {

enum class ErrorCode {
  kInvalidArgument,     // bad command line, configuration or parameter
  kParse,               // input that is not well-formed (JSON, NDJSON, date)
  kInvalidData,         // well-formed input that is not usable FHIR
  kNotFound,
  kIo,                  // file system
  kUnavailable,         // network: connection refused, reset, 5xx after retries
  kTimeout,
  kUnauthenticated,     // 401, token endpoint refused
  kPermissionDenied,    // 403
  kConflict,            // 409 / 412
  kServerError,         // the server answered with an OperationOutcome we cannot act on
  kFailedPrecondition,  // e.g. another run holds the ledger
  kInternal,
};

const char* ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  // What went wrong, in words for the integration engineer.
  std::string message;
  // Where: "file.json:12", "Observation/obs-1 Observation.valueQuantity.unit",
  // "config.json: auth.token_file", "GET https://host/fhir/Patient". May be empty.
  std::string location;

  // "location: message", or just the message when there is no location.
  std::string ToString() const;
  // Returns a copy with `outer` prepended to the location ("outer > inner").
  Error WithContext(const std::string& outer) const;
};

Error MakeError(ErrorCode code, std::string location, std::string message);

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}          // NOLINT: implicit by design
  Result(Error error) : data_(std::move(error)) {}      // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(data_); }
  explicit operator bool() const { return ok(); }

  const T& value() const& { assert(ok()); return std::get<T>(data_); }
  T& value() & { assert(ok()); return std::get<T>(data_); }
  T&& value() && { assert(ok()); return std::get<T>(std::move(data_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const Error& error() const { assert(!ok()); return std::get<Error>(data_); }

 private:
  std::variant<T, Error> data_;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design
  static Status Ok() { return Status(); }

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const { assert(!ok()); return *error_; }

 private:
  std::optional<Error> error_;
};

}  // namespace als

#define ALS_CONCAT_INNER_(a, b) a##b
#define ALS_CONCAT_(a, b) ALS_CONCAT_INNER_(a, b)

// Returns the error of a Status or Result expression from the enclosing function.
#define ALS_RETURN_IF_ERROR(expr)                           \
  do {                                                      \
    auto&& als_status_ = (expr);                            \
    if (!als_status_.ok()) return als_status_.error();      \
  } while (0)

// Declares `lhs` from the value of a Result expression, or returns its error.
#define ALS_ASSIGN_OR_RETURN(lhs, expr) \
  ALS_ASSIGN_OR_RETURN_IMPL_(ALS_CONCAT_(als_result_, __LINE__), lhs, expr)
#define ALS_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.error();               \
  lhs = std::move(tmp).value()

#endif  // ALS_COMMON_RESULT_H_
