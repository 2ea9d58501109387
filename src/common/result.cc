#include "als/common/result.h"

namespace als {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid argument";
    case ErrorCode::kParse: return "parse error";
    case ErrorCode::kInvalidData: return "invalid data";
    case ErrorCode::kNotFound: return "not found";
    case ErrorCode::kIo: return "i/o error";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kTimeout: return "timeout";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kPermissionDenied: return "permission denied";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kServerError: return "server error";
    case ErrorCode::kFailedPrecondition: return "failed precondition";
    case ErrorCode::kInternal: return "internal error";
  }
  return "error";
}

std::string Error::ToString() const {
  if (location.empty()) return message;
  return location + ": " + message;
}

Error Error::WithContext(const std::string& outer) const {
  Error copy = *this;
  copy.location = location.empty() ? outer : outer + " > " + location;
  return copy;
}

Error MakeError(ErrorCode code, std::string location, std::string message) {
  return Error{code, std::move(message), std::move(location)};
}

}  // namespace als
