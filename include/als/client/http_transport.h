// HTTP(S) exchanges with retries, timeouts and rate limiting, on cpp-httplib.
// Knows nothing of FHIR: statuses are returned, not interpreted (but for the
// ones it retries).
#ifndef ALS_CLIENT_HTTP_TRANSPORT_H_
#define ALS_CLIENT_HTTP_TRANSPORT_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "als/client/request_stats.h"
#include "als/client/settings.h"
#include "als/common/result.h"

namespace als::client {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// The value of header `name` (case-insensitive), or "" when absent.
std::string FindHeader(const HttpHeaders& headers, std::string_view name);

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute
  HttpHeaders headers;
  std::string body;
  std::string content_type;
  // True when sending the request twice does no harm (GET, HEAD, POST _search,
  // conditional PUT, a batch of reads). Otherwise the request is retried only
  // when it cannot have reached the server (the connection was never made).
  bool repeatable = false;
  // Runs before every attempt, for what must be fresh each time (the current
  // access token, a new client assertion with its own jti).
  std::function<Status(HttpRequest&)> before_attempt;
  // A gzip answer is left encoded (HttpResponse::gzip), for a caller that
  // decodes it into its own buffer: ParseJsonBody decodes straight into the
  // JSON document, with no zero-filled string and no copy of it.
  bool keep_gzip = false;

  void SetHeader(const std::string& name, std::string value);
};

struct HttpResponse {
  int status = 0;
  std::string reason;
  HttpHeaders headers;
  std::string body;  // decompressed, unless `gzip`
  // The body is still gzip-encoded (HttpRequest::keep_gzip), and decodes to at
  // most max_decoded_size bytes (server.max_response_mb) if it is what it says.
  bool gzip = false;
  size_t max_decoded_size = 0;
  int attempts = 1;
  // For a 429/502/503/504 that is returned rather than retried: why retrying
  // stopped ("gave up after 5 attempts in 3.1 s (server.retry.max_attempts)").
  std::string gave_up;

  std::string Header(std::string_view name) const { return FindHeader(headers, name); }
};

// "GET https://host/fhir/Observation?patient=*": the location of a request's
// errors, with query values hidden (they name patients).
std::string RequestLocation(const std::string& method, const std::string& url);

class HttpTransport {
 public:
  // Checks the TLS files; `stats` (may be null) counts attempts and retries
  // and must outlive the transport.
  static Result<std::unique_ptr<HttpTransport>> Create(const ClientSettings& settings,
                                                       RequestStats* stats);
  ~HttpTransport();
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // Sends `request`, reusing kept-alive connections, and retries with full
  // jitter backoff (or the server's Retry-After, up to its cap) on connection
  // errors and on 429/502/503/504, as far as the request is repeatable, the
  // attempts last and total_timeout_ms allows. Thread-safe.
  // An error means no HTTP answer: kUnavailable, kTimeout, or for TLS set-up
  // and verification kFailedPrecondition.
  Result<HttpResponse> Send(HttpRequest request);

 private:
  class Impl;
  explicit HttpTransport(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace als::client

#endif  // ALS_CLIENT_HTTP_TRANSPORT_H_
