// Interpreting a server's answers: JSON bodies, and errors from HTTP statuses
// and OperationOutcomes.
#ifndef ALS_CLIENT_FHIR_RESPONSE_H_
#define ALS_CLIENT_FHIR_RESPONSE_H_

#include <string>

#include <rapidjson/document.h>

#include "als/client/http_transport.h"
#include "als/common/result.h"

namespace als::client {

// Whether the answer has a body once decoded (a gzip-encoded one may decode to nothing).
bool HasBody(const HttpResponse& response);

// Parses the body as JSON; a kParse error naming `location` when it is empty,
// not JSON (saying the Content-Type) or cut short. `depth`, when given,
// receives the document's nesting depth, as fhir::ParseInPool gives it.
Result<rapidjson::Document> ParseJsonBody(const HttpResponse& response,
                                          const std::string& location, int* depth = nullptr);

// "error: Observation.status: Missing required property; warning: ...": the
// issues of an OperationOutcome (diagnostics, else details.text, with the
// expression), or "" when `outcome` has none.
std::string DescribeOperationOutcome(const rapidjson::Value& outcome);

// 401 kUnauthenticated, 403 kPermissionDenied, 404/410 kNotFound, 409/412
// kConflict, 400/422 kInvalidData, 429/5xx kUnavailable, else kServerError.
ErrorCode ErrorCodeForStatus(int status);

// The error a non-2xx answer means: "HTTP 412 Precondition Failed: <the
// OperationOutcome's issues>", plus why retrying stopped, if it did.
Error ErrorFromResponse(const HttpResponse& response, const std::string& location);

}  // namespace als::client

#endif  // ALS_CLIENT_FHIR_RESPONSE_H_
