#include "als/client/http_transport.h"

#include <httplib.h>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include "als/client/rate_limiter.h"
#include "als/client/retry.h"
#include "als/client/url.h"
#include "gzip_body.h"
#include "json_text.h"

namespace als::client {
namespace {

using Clock = std::chrono::steady_clock;

// The calling thread's CPU time (user + system), for RequestStats.
uint64_t ThreadCpuMicroseconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<uint64_t>(now.tv_sec) * 1000000 + static_cast<uint64_t>(now.tv_nsec) / 1000;
}

// A kept-alive connection idle for longer is not reused: servers close idle
// connections (Node after 5 s, others later), and one that closes just as a
// transaction is sent would make that transaction fail unretried.
constexpr std::chrono::seconds kMaxIdle{4};

using internal::EqualsIgnoreCase;
using internal::GunzipResult;

std::string FormatSeconds(Clock::duration duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", std::chrono::duration<double>(duration).count());
  return text;
}

// "3 attempts in 0.4 s", for the reason a retry loop stopped.
std::string AttemptsSpent(int attempts, Clock::time_point start) {
  return std::to_string(attempts) + (attempts == 1 ? " attempt" : " attempts") + " in " +
         FormatSeconds(Clock::now() - start);
}

// Splits milliseconds into the (seconds, microseconds) pair cpp-httplib takes.
template <typename SetTimeout>
void SetMilliseconds(long long ms, SetTimeout set) {
  ms = std::max(1LL, ms);
  set(static_cast<time_t>(ms / 1000), static_cast<time_t>((ms % 1000) * 1000));
}

Status CheckReadable(const std::string& path, const std::string& location) {
  std::ifstream file(path);
  if (!file) {
    return MakeError(ErrorCode::kInvalidArgument, location,
                     "cannot read '" + path + "': " + std::strerror(errno));
  }
  return Status::Ok();
}

// The result of one HTTP exchange: an answer, or an error and whether the
// request may have reached the server before it happened.
struct Attempt {
  std::optional<HttpResponse> response;
  Error error;
  bool may_have_reached_server = false;
  bool worth_retrying = true;  // false for TLS trust and set-up failures
};

}  // namespace

std::string FindHeader(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return "";
}

void HttpRequest::SetHeader(const std::string& name, std::string value) {
  for (auto& [key, existing] : headers) {
    if (EqualsIgnoreCase(key, name)) {
      existing = std::move(value);
      return;
    }
  }
  headers.emplace_back(name, std::move(value));
}

std::string RequestLocation(const std::string& method, const std::string& url) {
  return method + " " + RedactUrl(url);
}

class HttpTransport::Impl {
 public:
  Impl(const ClientSettings& settings, RequestStats* stats)
      : settings_(settings),
        stats_(stats),
        limiter_(settings.max_requests_per_second),
        random_(std::random_device{}()) {}

  Result<HttpResponse> Send(HttpRequest request);

 private:
  // Whether and when to try again after `attempt`.
  struct Verdict {
    std::optional<std::chrono::milliseconds> retry_after;  // unset: return this attempt
    std::string trouble;      // what went wrong, for the retry log
    std::string stop_reason;  // why a failed attempt is final, when not obvious
  };
  Verdict Judge(const Attempt& attempt, const HttpRequest& request, int attempt_number,
                Clock::time_point start, Clock::time_point deadline);
  Attempt SendOnce(const HttpRequest& request, const Url& url, Clock::time_point deadline);
  // Progress of the body when an exchange failed: bytes received of those announced.
  struct BodyProgress {
    uint64_t received = 0;
    uint64_t announced = 0;
  };
  Attempt Failure(const httplib::Client& client, httplib::Error error, const Url& url,
                  Clock::duration elapsed, std::chrono::milliseconds read_timeout,
                  const BodyProgress& body) const;
  // An answer over server.max_response_mb: the same request would get the same answer.
  Attempt TooLarge(bool decompressed) const;
  Result<std::unique_ptr<httplib::Client>> AcquireConnection(const Url& url);
  void ReleaseConnection(const std::string& origin, std::unique_ptr<httplib::Client> client);
  std::chrono::milliseconds Backoff(int retry);

  const ClientSettings settings_;
  RequestStats* const stats_;
  RateLimiter limiter_;

  struct IdleConnection {
    std::unique_ptr<httplib::Client> client;
    Clock::time_point since;
  };
  std::mutex pool_mutex_;
  std::map<std::string, std::vector<IdleConnection>> idle_connections_;

  std::mutex random_mutex_;
  std::mt19937_64 random_;
};

Result<std::unique_ptr<httplib::Client>> HttpTransport::Impl::AcquireConnection(const Url& url) {
  std::string origin = url.Origin();
  std::vector<IdleConnection> expired;  // closed outside the lock
  {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    auto& idle = idle_connections_[origin];
    while (!idle.empty()) {
      IdleConnection connection = std::move(idle.back());
      idle.pop_back();
      if (Clock::now() - connection.since < kMaxIdle) return std::move(connection.client);
      expired.push_back(std::move(connection));
    }
  }
  const TlsSettings& tls = settings_.tls;
  std::unique_ptr<httplib::Client> client;
  if (url.scheme == "https" && !tls.client_cert_file.empty()) {
    client = std::make_unique<httplib::Client>(origin, tls.client_cert_file, tls.client_key_file);
  } else {
    client = std::make_unique<httplib::Client>(origin);
  }
  if (!client->is_valid()) {
    return MakeError(ErrorCode::kFailedPrecondition, SettingLocation(settings_, "tls"),
                     "cannot set up TLS for " + origin +
                         ": check client_cert_file and client_key_file (PEM, matching pair)");
  }
  client->set_keep_alive(true);
  // cpp-httplib writes a request's head and body in two sends. With Nagle's
  // algorithm the body then waits for the head's ACK, which the server delays
  // (40 ms on Linux) since it answers only once the body has come.
  client->set_tcp_nodelay(true);
  client->set_url_encode(false);  // targets are encoded already
  client->set_decompress(false);  // decoded whole once received: GunzipWhole
  client->set_follow_location(false);  // never carry credentials elsewhere
  if (url.scheme == "https") {
    client->enable_server_certificate_verification(tls.verify);
    if (!tls.ca_file.empty() || !tls.ca_dir.empty()) client->set_ca_cert_path(tls.ca_file, tls.ca_dir);
    if (tls.verify) {
      // OpenSSL checks the certificate's name too: cpp-httplib 0.11 compares an
      // IP-literal host with the certificate's IP addresses through uninitialised memory.
      std::string host = url.host;
      if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
      X509_VERIFY_PARAM* param = SSL_CTX_get0_param(client->ssl_context());
      bool named = X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) == 1 ||
                   X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size()) == 1;
      if (!named) {
        return MakeError(ErrorCode::kFailedPrecondition, SettingLocation(settings_, "tls"),
                         "cannot set up the TLS name check for '" + host + "'");
      }
    }
  }
  return client;
}

void HttpTransport::Impl::ReleaseConnection(const std::string& origin,
                                            std::unique_ptr<httplib::Client> client) {
  constexpr size_t kMaxIdlePerOrigin = 32;
  std::lock_guard<std::mutex> lock(pool_mutex_);
  auto& idle = idle_connections_[origin];
  if (idle.size() < kMaxIdlePerOrigin) idle.push_back({std::move(client), Clock::now()});
}

std::chrono::milliseconds HttpTransport::Impl::Backoff(int retry) {
  std::lock_guard<std::mutex> lock(random_mutex_);
  return FullJitterBackoff(settings_.retry, retry, random_);
}

Attempt HttpTransport::Impl::TooLarge(bool decompressed) const {
  Attempt attempt;
  attempt.error = MakeError(ErrorCode::kServerError, "",
                            internal::TooLargeMessage(static_cast<size_t>(settings_.max_response_mb) << 20,
                                                      decompressed));
  attempt.may_have_reached_server = true;
  attempt.worth_retrying = false;
  return attempt;
}

Attempt HttpTransport::Impl::Failure(const httplib::Client& client, httplib::Error error,
                                     const Url& url, Clock::duration elapsed,
                                     std::chrono::milliseconds read_timeout,
                                     const BodyProgress& body) const {
  Attempt attempt;
  std::string peer = url.host + ":" + std::to_string(url.port);

  auto fail = [&](ErrorCode code, std::string message) {
    attempt.error = MakeError(code, "", std::move(message));
  };
  switch (error) {
    case httplib::Error::Connection:
      fail(ErrorCode::kUnavailable, "cannot connect to " + peer);
      break;
    case httplib::Error::ConnectionTimeout:
      fail(ErrorCode::kTimeout, "no connection to " + peer + " within " +
                                    std::to_string(settings_.connect_timeout_ms) +
                                    " ms (server.connect_timeout_ms)");
      break;
    case httplib::Error::SSLConnection:
      fail(ErrorCode::kUnavailable,
           "TLS handshake with " + peer +
               " failed (does the server require a client certificate? "
               "server.tls.client_cert_file / client_key_file)");
      break;
    case httplib::Error::SSLServerVerification: {
      long verify_result = client.get_openssl_verify_result();
      bool wrong_name = verify_result == X509_V_OK || verify_result == X509_V_ERR_HOSTNAME_MISMATCH ||
                        verify_result == X509_V_ERR_IP_ADDRESS_MISMATCH;
      std::string why = wrong_name ? "its name does not match " + url.host
                                   : X509_verify_cert_error_string(verify_result);
      fail(ErrorCode::kFailedPrecondition,
           "the server's TLS certificate is not trusted (" + why +
               "); to trust its CA set server.tls.ca_file or server.tls.ca_dir");
      attempt.worth_retrying = false;
      break;
    }
    case httplib::Error::SSLLoadingCerts:
      fail(ErrorCode::kFailedPrecondition,
           "cannot load CA certificates (server.tls.ca_file / server.tls.ca_dir)");
      attempt.worth_retrying = false;
      break;
    case httplib::Error::Canceled:
      fail(ErrorCode::kTimeout, "no complete answer within " +
                                    std::to_string(settings_.total_timeout_ms) +
                                    " ms (server.total_timeout_ms)");
      attempt.may_have_reached_server = true;
      attempt.worth_retrying = false;
      break;
    case httplib::Error::Compression:
      fail(ErrorCode::kParse, "cannot decompress the answer (corrupt or truncated gzip)");
      attempt.may_have_reached_server = true;
      break;
    case httplib::Error::Read:
      // cpp-httplib reports a read timeout like a closed connection; the time tells them apart.
      if (body.announced > 0 && body.received < body.announced &&
          elapsed + std::chrono::milliseconds(20) < read_timeout) {
        fail(ErrorCode::kUnavailable, "the answer was cut off after " +
                                          std::to_string(body.received) + " of " +
                                          std::to_string(body.announced) + " bytes");
      } else if (elapsed + std::chrono::milliseconds(20) >= read_timeout) {
        bool cut_by_deadline = read_timeout.count() < settings_.read_timeout_ms;
        fail(ErrorCode::kTimeout,
             "no answer within " + std::to_string(read_timeout.count()) + " ms" +
                 (cut_by_deadline ? " (what remained of server.total_timeout_ms = " +
                                        std::to_string(settings_.total_timeout_ms) + ")"
                                  : std::string(" (server.read_timeout_ms)")));
      } else if (url.scheme == "https" && body.announced == 0 &&
                 settings_.tls.client_cert_file.empty()) {
        // TLS 1.3 servers refuse a missing client certificate only after the handshake.
        fail(ErrorCode::kUnavailable,
             "the connection closed before an answer (if the server requires a client "
             "certificate, set server.tls.client_cert_file and client_key_file)");
      } else {
        fail(ErrorCode::kUnavailable, "the connection closed before a complete answer");
      }
      attempt.may_have_reached_server = true;
      break;
    case httplib::Error::Write:
      fail(ErrorCode::kUnavailable, "the connection failed while sending the request");
      attempt.may_have_reached_server = true;
      break;
    default:
      fail(ErrorCode::kUnavailable, "HTTP exchange failed: " + httplib::to_string(error));
      attempt.may_have_reached_server = true;
      break;
  }
  return attempt;
}

Attempt HttpTransport::Impl::SendOnce(const HttpRequest& request, const Url& url,
                                      Clock::time_point deadline) {
  auto remaining = std::max(
      std::chrono::milliseconds(1),
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
  Result<std::unique_ptr<httplib::Client>> acquired = AcquireConnection(url);
  if (!acquired.ok()) {
    Attempt attempt;
    attempt.error = acquired.error();
    attempt.worth_retrying = false;
    return attempt;
  }
  std::unique_ptr<httplib::Client> client = std::move(acquired).value();

  auto read_timeout = std::min(std::chrono::milliseconds(settings_.read_timeout_ms), remaining);
  auto connect_timeout =
      std::min(std::chrono::milliseconds(settings_.connect_timeout_ms), remaining);
  SetMilliseconds(connect_timeout.count(),
                  [&](time_t s, time_t us) { client->set_connection_timeout(s, us); });
  SetMilliseconds(read_timeout.count(), [&](time_t s, time_t us) {
    client->set_read_timeout(s, us);
    client->set_write_timeout(s, us);
  });

  httplib::Request http_request;
  http_request.method = request.method;
  http_request.path = url.target;
  for (const auto& [name, value] : request.headers) http_request.headers.emplace(name, value);
  if (!request.body.empty() || !request.content_type.empty()) {
    http_request.headers.emplace("Content-Type", request.content_type);
  }
  if (!http_request.has_header("Accept-Encoding")) {
    http_request.headers.emplace("Accept-Encoding", "gzip");
  }
  http_request.body = request.body;
  // Bounds the whole exchange, also against a server that trickles its body.
  BodyProgress body;
  http_request.progress = [deadline, &body](uint64_t received, uint64_t announced) {
    body = {received, announced};
    return Clock::now() < deadline;
  };
  // The body, as sent (gzip is decoded whole below, GunzipWhole), is received
  // here rather than in httplib's string, which grows by doubling: growing
  // fourfold copies a third as much.
  std::string received;
  const size_t max_size = static_cast<size_t>(settings_.max_response_mb) << 20;
  bool too_large = false;
  http_request.content_receiver = [&](const char* data, size_t length, uint64_t, uint64_t) {
    if (received.size() + length > max_size) {
      too_large = true;
      return false;
    }
    if (received.size() + length > received.capacity()) {
      received.reserve(std::min(max_size, 4 * (received.size() + length)));
    }
    received.append(data, length);
    return true;
  };

  httplib::Response http_response;
  httplib::Error error = httplib::Error::Success;
  Clock::time_point started = Clock::now();
  const uint64_t cpu_before = ThreadCpuMicroseconds();
  bool answered = false;
  try {
    answered = client->send(http_request, http_response, error);
    if (stats_ != nullptr) stats_->AddExchangeCpu(ThreadCpuMicroseconds() - cpu_before);
  } catch (const std::exception& e) {
    Attempt attempt;
    attempt.error = MakeError(ErrorCode::kInternal, "", std::string("HTTP library: ") + e.what());
    attempt.may_have_reached_server = true;
    attempt.worth_retrying = false;
    return attempt;
  }
  Clock::duration elapsed = Clock::now() - started;
  if (too_large) return TooLarge(false);
  if (!answered) return Failure(*client, error, url, elapsed, read_timeout, body);

  const size_t wire_bytes = received.size();
  std::string encoding = http_response.get_header_value("Content-Encoding");
  const bool gzip = EqualsIgnoreCase(encoding, "gzip") || EqualsIgnoreCase(encoding, "x-gzip");
  std::optional<size_t> stated_size = gzip ? internal::GzipStatedSize(received) : std::nullopt;
  // Left encoded for the caller to decode (keep_gzip) only when it states a
  // size within the limit that deflate can reach (at most about 1032:1), since
  // the caller sets that much aside; what it really holds is checked as it is decoded.
  const bool keep_gzip =
      request.keep_gzip && stated_size && *stated_size <= std::min(max_size, 1032 * received.size());
  if (gzip) {
    if (!keep_gzip) {
      std::string decoded;
      switch (internal::GunzipWhole(received, max_size, &decoded)) {
        case GunzipResult::kOk:
          break;
        case GunzipResult::kCorrupt:
          return Failure(*client, httplib::Error::Compression, url, elapsed, read_timeout, body);
        case GunzipResult::kTooLarge:
          return TooLarge(true);
      }
      received = std::move(decoded);
    }
  } else if (!encoding.empty() && !EqualsIgnoreCase(encoding, "identity")) {
    Attempt attempt;
    attempt.error = MakeError(ErrorCode::kParse, "", "the answer's Content-Encoding '" + encoding +
                                                         "' was not asked for (Accept-Encoding: gzip)");
    attempt.may_have_reached_server = true;
    attempt.worth_retrying = false;  // the server's configuration: asking again gives the same
    return attempt;
  }

  Attempt attempt;
  HttpResponse& response = attempt.response.emplace();
  response.status = http_response.status;
  response.reason = http_response.reason;
  response.body = std::move(received);
  if (keep_gzip) {
    response.gzip = true;
    response.max_decoded_size = max_size;
  }
  for (const auto& [name, value] : http_response.headers) response.headers.emplace_back(name, value);
  if (stats_ != nullptr) {
    stats_->AddAnswered(request.body.size(), wire_bytes, keep_gzip ? stated_size.value_or(0) : response.body.size());
  }
  spdlog::debug("{} {} -> {} ({} bytes, {} ms)", request.method, request.url, response.status,
                response.body.size(),
                std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count());
  ReleaseConnection(url.Origin(), std::move(client));
  return attempt;
}

HttpTransport::Impl::Verdict HttpTransport::Impl::Judge(const Attempt& attempt,
                                                        const HttpRequest& request,
                                                        int attempt_number,
                                                        Clock::time_point start,
                                                        Clock::time_point deadline) {
  const RetrySettings& retry = settings_.retry;
  Verdict verdict;
  std::optional<std::chrono::milliseconds> wait;
  if (attempt.response) {
    const HttpResponse& response = *attempt.response;
    if (!IsRetryableStatus(response.status)) return verdict;  // done: an answer to return
    verdict.trouble = "HTTP " + std::to_string(response.status);
    std::optional<std::chrono::seconds> retry_after =
        ParseRetryAfter(response.Header("Retry-After"), std::chrono::system_clock::now());
    if (!request.repeatable) {
      verdict.stop_reason = "not retried: the request is not safe to repeat";
      return verdict;
    }
    if (retry_after && retry_after->count() > retry.max_retry_after_s) {
      verdict.stop_reason = "server asked to retry after " + std::to_string(retry_after->count()) +
                            " s, above the cap of " + std::to_string(retry.max_retry_after_s) +
                            " s (server.retry.max_retry_after_s)";
      return verdict;
    }
    wait = retry_after;
  } else {
    verdict.trouble = attempt.error.message;
    if (!attempt.worth_retrying) return verdict;  // the error says it all
    if (attempt.may_have_reached_server && !request.repeatable) {
      verdict.stop_reason =
          "not retried: the request may have reached the server and is not safe to repeat";
      return verdict;
    }
  }
  if (attempt_number >= retry.max_attempts) {
    verdict.stop_reason = "gave up after " + AttemptsSpent(attempt_number, start) +
                          " (server.retry.max_attempts = " + std::to_string(retry.max_attempts) +
                          ")";
    return verdict;
  }
  if (!wait) wait = Backoff(attempt_number - 1);
  if (Clock::now() + *wait >= deadline) {
    verdict.stop_reason = "gave up after " + AttemptsSpent(attempt_number, start) +
                          ": waiting " + std::to_string(wait->count()) +
                          " ms more would pass server.total_timeout_ms = " +
                          std::to_string(settings_.total_timeout_ms);
    return verdict;
  }
  verdict.retry_after = wait;
  return verdict;
}

Result<HttpResponse> HttpTransport::Impl::Send(HttpRequest request) {
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline = start + std::chrono::milliseconds(settings_.total_timeout_ms);
  const std::string location = RequestLocation(request.method, request.url);
  ALS_ASSIGN_OR_RETURN(Url url, ParseUrl(request.url));

  auto outcome = [&](Attempt& attempt, const std::string& stop_reason,
                     int attempt_number) -> Result<HttpResponse> {
    if (attempt.response) {
      attempt.response->attempts = attempt_number;
      attempt.response->gave_up = stop_reason;
      return std::move(*attempt.response);
    }
    Error error = attempt.error;
    error.location = location;
    if (!stop_reason.empty()) error.message += "; " + stop_reason;
    return error;
  };
  std::optional<Attempt> previous;
  for (int attempt_number = 1;; ++attempt_number) {
    if (request.before_attempt) ALS_RETURN_IF_ERROR(request.before_attempt(request));
    limiter_.Acquire();
    // The deadline can pass while sleeping before a retry or waiting for a token or
    // the rate limit; the last real attempt then says what went wrong.
    if (Clock::now() >= deadline) {
      std::string ran_out = "server.total_timeout_ms = " +
                            std::to_string(settings_.total_timeout_ms) + " ran out";
      if (previous) {
        return outcome(*previous,
                       "gave up after " + AttemptsSpent(attempt_number - 1, start) + ": " +
                           ran_out + " before the next",
                       attempt_number - 1);
      }
      return MakeError(ErrorCode::kTimeout, location, ran_out + " before the request was sent");
    }
    if (stats_ != nullptr) stats_->CountAttempt();
    Attempt attempt = SendOnce(request, url, deadline);
    Verdict verdict = Judge(attempt, request, attempt_number, start, deadline);
    if (!verdict.retry_after) return outcome(attempt, verdict.stop_reason, attempt_number);

    spdlog::info("{}: {}; retry {} of {} in {} ms", location, verdict.trouble, attempt_number,
                 settings_.retry.max_attempts - 1, verdict.retry_after->count());
    if (stats_ != nullptr) stats_->CountRetry();
    std::this_thread::sleep_for(*verdict.retry_after);
    previous = std::move(attempt);
  }
}

HttpTransport::HttpTransport(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpTransport::~HttpTransport() = default;

Result<std::unique_ptr<HttpTransport>> HttpTransport::Create(const ClientSettings& settings,
                                                             RequestStats* stats) {
  const TlsSettings& tls = settings.tls;
  if (!tls.ca_file.empty()) {
    ALS_RETURN_IF_ERROR(CheckReadable(tls.ca_file, SettingLocation(settings, "tls.ca_file")));
  }
  if (!tls.ca_dir.empty() && !std::filesystem::is_directory(tls.ca_dir)) {
    return MakeError(ErrorCode::kInvalidArgument, SettingLocation(settings, "tls.ca_dir"),
                     "'" + tls.ca_dir + "' is not a directory");
  }
  if (!tls.client_cert_file.empty()) {
    ALS_RETURN_IF_ERROR(CheckReadable(tls.client_cert_file,
                                      SettingLocation(settings, "tls.client_cert_file")));
    ALS_RETURN_IF_ERROR(
        CheckReadable(tls.client_key_file, SettingLocation(settings, "tls.client_key_file")));
  }
  if (!tls.verify) {
    spdlog::warn("{}: TLS certificate verification is off; use this only for tests",
                 SettingLocation(settings, "tls.verify"));
  }
  return std::unique_ptr<HttpTransport>(
      new HttpTransport(std::make_unique<Impl>(settings, stats)));
}

Result<HttpResponse> HttpTransport::Send(HttpRequest request) {
  return impl_->Send(std::move(request));
}

}  // namespace als::client
