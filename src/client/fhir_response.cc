#include "als/client/fhir_response.h"

#include <rapidjson/error/en.h>

#include "als/fhir/json.h"
#include "gzip_body.h"
#include "json_text.h"

namespace als::client {
namespace {

using internal::GunzipResult;
using internal::StringMember;

std::string DescribeIssue(const rapidjson::Value& issue) {
  std::string text = StringMember(issue, "diagnostics");
  if (text.empty() && issue.HasMember("details")) text = StringMember(issue["details"], "text");
  if (text.empty()) text = StringMember(issue, "code");
  if (text.empty()) return "";
  for (const char* where : {"expression", "location"}) {
    auto it = issue.FindMember(where);
    if (it == issue.MemberEnd() || !it->value.IsArray() || it->value.Empty() ||
        !it->value[0].IsString()) {
      continue;
    }
    std::string path = it->value[0].GetString();
    if (text.find(path) == std::string::npos) text = path + ": " + text;
    break;
  }
  std::string severity = StringMember(issue, "severity");
  return severity.empty() ? text : severity + ": " + text;
}

}  // namespace

bool HasBody(const HttpResponse& response) {
  if (response.body.empty()) return false;
  if (!response.gzip || internal::GzipStatedSize(response.body).value_or(0) > 0) return true;
  // A last member of no length: only decoding tells whether an earlier one has
  // any (a body that does not decode has one, for ParseJsonBody to report).
  std::string decoded;
  return internal::GunzipWhole(response.body, response.max_decoded_size, &decoded) != GunzipResult::kOk ||
         !decoded.empty();
}

Result<rapidjson::Document> ParseJsonBody(const HttpResponse& response,
                                          const std::string& location, int* depth) {
  auto parse_error = [&](const std::string& message, const std::string& size_text) {
    std::string content_type = response.Header("Content-Type");
    return MakeError(ErrorCode::kParse, location,
                     message + " (HTTP " + std::to_string(response.status) +
                         (content_type.empty() ? "" : ", Content-Type " + content_type) + ", " +
                         size_text + ")");
  };
  auto no_body = [&] { return parse_error("the answer has no body where JSON was expected", "0 bytes"); };
  rapidjson::Document document;
  size_t offset = 0;
  size_t size = response.body.size();
  if (!response.gzip) {
    if (size == 0) return no_body();
    offset = fhir::ParseInPool(response.body, &document, depth);
  } else {
    // Straight into the document's pool when the body is the one member of
    // the length its trailer states (what servers send); otherwise decoded
    // whole first, within the limit, and parsed from a copy as a plain body.
    size = internal::GzipStatedSize(response.body).value_or(0);
    auto decode = [&](char* out) { return internal::GunzipExact(response.body, out, size); };
    if (size == 0 || !fhir::ParseWrittenInPool(size, decode, &document, &offset, depth)) {
      std::string decoded;
      switch (internal::GunzipWhole(response.body, response.max_decoded_size, &decoded)) {
        case GunzipResult::kOk:
          break;
        case GunzipResult::kCorrupt:
          return parse_error("cannot decompress the answer (corrupt or truncated gzip)",
                             std::to_string(response.body.size()) + " bytes gzip-encoded");
        case GunzipResult::kTooLarge:
          return MakeError(ErrorCode::kServerError, location,
                           internal::TooLargeMessage(response.max_decoded_size, /*decompressed=*/true));
      }
      if (decoded.empty()) return no_body();
      size = decoded.size();
      document = rapidjson::Document();
      offset = fhir::ParseInPool(decoded, &document, depth);
    }
  }
  if (document.HasParseError()) {
    const std::string size_text = std::to_string(size) + (response.gzip ? " bytes decompressed" : " bytes");
    if (offset >= size) return parse_error("the answer's JSON ends early (truncated body?)", size_text);
    std::string why = rapidjson::GetParseError_En(document.GetParseError());
    if (!why.empty() && why.back() == '.') why.pop_back();
    return parse_error("the answer is not valid JSON: " + why + " at byte " + std::to_string(offset), size_text);
  }
  return document;
}

std::string DescribeOperationOutcome(const rapidjson::Value& outcome) {
  if (StringMember(outcome, "resourceType") != "OperationOutcome") return "";
  auto issues = outcome.FindMember("issue");
  if (issues == outcome.MemberEnd() || !issues->value.IsArray()) return "";
  std::string text;
  for (const rapidjson::Value& issue : issues->value.GetArray()) {
    std::string described = DescribeIssue(issue);
    if (described.empty()) continue;
    if (!text.empty()) text += "; ";
    text += described;
  }
  return text;
}

ErrorCode ErrorCodeForStatus(int status) {
  switch (status) {
    case 400: case 422: return ErrorCode::kInvalidData;
    case 401: return ErrorCode::kUnauthenticated;
    case 403: return ErrorCode::kPermissionDenied;
    case 404: case 410: return ErrorCode::kNotFound;
    case 409: case 412: return ErrorCode::kConflict;
    case 429: return ErrorCode::kUnavailable;
    default: return status >= 500 ? ErrorCode::kUnavailable : ErrorCode::kServerError;
  }
}

Error ErrorFromResponse(const HttpResponse& response, const std::string& location) {
  std::string message = "HTTP " + std::to_string(response.status);
  if (!response.reason.empty()) message += " " + response.reason;
  std::string detail;
  std::string decoded;
  const bool undecodable =
      response.gzip && internal::GunzipWhole(response.body, response.max_decoded_size, &decoded) != GunzipResult::kOk;
  const std::string& text = response.gzip ? decoded : response.body;
  if (undecodable) {
    detail = "a " + std::to_string(response.body.size()) + "-byte gzip body that does not decompress";
  } else if (!text.empty()) {
    rapidjson::Document body;
    fhir::ParseInPool(text, &body);
    if (!body.HasParseError()) {
      detail = DescribeOperationOutcome(body);
      if (detail.empty()) {  // OAuth endpoints answer {"error", "error_description"}
        detail = StringMember(body, "error");
        std::string description = StringMember(body, "error_description");
        if (!description.empty()) detail += (detail.empty() ? "" : ": ") + description;
      }
    } else {
      std::string content_type = response.Header("Content-Type");
      detail = "a " + std::to_string(text.size()) + "-byte " +
               (content_type.empty() ? "body" : content_type + " body") + ", not JSON";
    }
  }
  if (!detail.empty()) message += ": " + detail;
  if (!response.gave_up.empty()) message += "; " + response.gave_up;
  return MakeError(ErrorCodeForStatus(response.status), location, std::move(message));
}

}  // namespace als::client
