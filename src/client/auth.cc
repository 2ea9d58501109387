#include "als/client/auth.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <optional>

#include "als/client/fhir_response.h"
#include "als/client/jwt.h"
#include "als/client/url.h"
#include "als/common/file.h"
#include "json_text.h"

namespace als::client {
namespace {

using internal::EqualsIgnoreCase;
using Clock = std::chrono::steady_clock;

// Assumed when a token answer has no expires_in (renewal on 401 covers the rest).
constexpr std::chrono::seconds kDefaultTokenLifetime{300};
constexpr std::chrono::seconds kLongestRenewalMargin{60};
constexpr char kAssertionType[] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

std::string BearerHeader(const std::string& token) { return "Bearer " + token; }

class NoAuthenticator final : public Authenticator {
 public:
  Result<std::string> Authorization() override { return std::string(); }
  Result<bool> Renew(const std::string&) override { return false; }
};

// A token from the configuration. When it comes from a file, a 401 re-reads
// the file, so that an external process may rotate it.
class StaticBearerAuthenticator final : public Authenticator {
 public:
  StaticBearerAuthenticator(const ClientSettings& settings, std::string token)
      : settings_(settings), token_(std::move(token)) {}

  Result<std::string> Authorization() override {
    std::lock_guard<std::mutex> lock(mutex_);
    return BearerHeader(token_);
  }

  Result<bool> Renew(const std::string& refused) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (BearerHeader(token_) != refused) return true;  // already replaced
    if (settings_.auth.token_file.empty()) return false;
    ALS_ASSIGN_OR_RETURN(std::string token, ReadSecret(settings_, "auth.token_file",
                                                       settings_.auth.token_file, "", ""));
    if (token == token_) return false;
    spdlog::info("{}: using the renewed token from the file",
                 SettingLocation(settings_, "auth.token_file"));
    token_ = std::move(token);
    return true;
  }

 private:
  const ClientSettings settings_;
  std::mutex mutex_;
  std::string token_;
};

// OAuth 2.0 client_credentials: with HTTP Basic (client secret) or with a
// SMART Backend Services client assertion (private_key_jwt).
class ClientCredentialsAuthenticator final : public Authenticator {
 public:
  ClientCredentialsAuthenticator(const ClientSettings& settings, HttpTransport* transport,
                                 RequestStats* stats, std::string client_secret,
                                 std::optional<SigningKey> key)
      : settings_(settings),
        transport_(transport),
        stats_(stats),
        client_secret_(std::move(client_secret)),
        key_(std::move(key)),
        token_url_(settings.auth.token_url) {}

  Result<std::string> Authorization() override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (refusal_) return *refusal_;
    if (access_token_.empty() || Clock::now() >= renew_at_) ALS_RETURN_IF_ERROR(FetchToken());
    return BearerHeader(access_token_);
  }

  Result<bool> Renew(const std::string& refused) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (refusal_) return *refusal_;
    if (BearerHeader(access_token_) == refused) {
      spdlog::info("access token for client '{}' refused by the server; getting a new one",
                   settings_.auth.client_id);
      access_token_.clear();
    }
    return true;
  }

 private:
  Status DiscoverTokenUrl();
  Status FetchToken();
  Status PrepareTokenRequest(HttpRequest& request) const;
  Error Refused(const HttpResponse& response, const std::string& location);

  const ClientSettings settings_;
  HttpTransport* const transport_;
  RequestStats* const stats_;
  const std::string client_secret_;
  const std::optional<SigningKey> key_;

  std::mutex mutex_;  // one token request at a time; the others wait for its token
  std::string token_url_;
  std::string access_token_;
  Clock::time_point renew_at_;
  // The token endpoint refused our credentials: they will not get better
  // during this run, so every later request fails at once without asking again.
  std::optional<Error> refusal_;
};

Status ClientCredentialsAuthenticator::DiscoverTokenUrl() {
  HttpRequest request;
  request.url = settings_.base_url + "/.well-known/smart-configuration";
  request.SetHeader("Accept", "application/json");
  request.repeatable = true;
  std::string location = RequestLocation(request.method, request.url);
  std::string hint = "; set " + SettingLocation(settings_, "auth.token_url");
  stats_->CountRequest(RequestKind::kOther);
  Result<HttpResponse> response = transport_->Send(request);
  if (!response.ok()) {
    Error error = response.error();
    error.message = "cannot discover the token endpoint: " + error.message + hint;
    return error;
  }
  if (response->status != 200) {
    Error error = ErrorFromResponse(*response, location);
    error.code = ErrorCode::kFailedPrecondition;
    error.message = "cannot discover the token endpoint: " + error.message + hint;
    return error;
  }
  ALS_ASSIGN_OR_RETURN(rapidjson::Document configuration, ParseJsonBody(*response, location));
  auto endpoint = configuration.IsObject() ? configuration.FindMember("token_endpoint")
                                           : configuration.MemberEnd();
  if (!configuration.IsObject() || endpoint == configuration.MemberEnd() ||
      !endpoint->value.IsString() || !ParseUrl(endpoint->value.GetString()).ok()) {
    return MakeError(ErrorCode::kFailedPrecondition, location,
                     "the SMART configuration has no usable token_endpoint" + hint);
  }
  token_url_ = endpoint->value.GetString();
  if (key_ && configuration.HasMember("token_endpoint_auth_signing_alg_values_supported")) {
    const rapidjson::Value& algorithms =
        configuration["token_endpoint_auth_signing_alg_values_supported"];
    bool listed = false;
    if (algorithms.IsArray()) {
      for (const rapidjson::Value& algorithm : algorithms.GetArray()) {
        listed = listed || (algorithm.IsString() &&
                            std::string(algorithm.GetString()) ==
                                JwsAlgorithmName(key_->algorithm()));
      }
    }
    if (!listed) {
      spdlog::warn("{}: the server does not list {} among its signing algorithms", location,
                   JwsAlgorithmName(key_->algorithm()));
    }
  }
  spdlog::info("token endpoint discovered: {}", RedactUrl(token_url_));
  return Status::Ok();
}

Status ClientCredentialsAuthenticator::PrepareTokenRequest(HttpRequest& request) const {
  const AuthSettings& auth = settings_.auth;
  QueryParams form = {{"grant_type", "client_credentials"}};
  if (!auth.scopes.empty()) form.emplace_back("scope", auth.scopes);
  if (key_) {
    // Built for each attempt: a retried assertion would reuse its jti.
    ALS_ASSIGN_OR_RETURN(std::string assertion,
                         BuildClientAssertion(*key_, auth.client_id, token_url_, auth.key_id,
                                              std::chrono::system_clock::now()));
    form.emplace_back("client_assertion_type", kAssertionType);
    form.emplace_back("client_assertion", std::move(assertion));
  } else {
    // RFC 6749 section 2.3.1: both parts form-encoded before Basic encoding.
    request.SetHeader("Authorization", "Basic " + Base64Encode(PercentEncode(auth.client_id) + ":" +
                                                               PercentEncode(client_secret_)));
  }
  request.body = EncodeQuery(form);
  return Status::Ok();
}

Error ClientCredentialsAuthenticator::Refused(const HttpResponse& response,
                                              const std::string& location) {
  Error error = ErrorFromResponse(response, location);
  error.message = "the token endpoint refused client '" + settings_.auth.client_id +
                  "': " + error.message;
  if (response.status == 400 || response.status == 401 || response.status == 403) {
    error.code = ErrorCode::kUnauthenticated;
    error.message += key_ ? "; check server.auth.private_key_file/_env, key_id, algorithm and "
                            "that the server has the public key"
                          : "; check server.auth.client_id and the client secret";
    refusal_ = error;
  }
  return error;
}

Status ClientCredentialsAuthenticator::FetchToken() {
  if (token_url_.empty()) ALS_RETURN_IF_ERROR(DiscoverTokenUrl());
  HttpRequest request;
  request.method = "POST";
  request.url = token_url_;
  request.content_type = "application/x-www-form-urlencoded";
  request.SetHeader("Accept", "application/json");
  request.repeatable = true;  // getting a second token does no harm
  request.before_attempt = [this](HttpRequest& r) { return PrepareTokenRequest(r); };
  std::string location = RequestLocation(request.method, request.url);

  stats_->CountRequest(RequestKind::kToken);
  Clock::time_point requested = Clock::now();
  Result<HttpResponse> response = transport_->Send(std::move(request));
  if (!response.ok()) {
    stats_->CountFailure();
    return response.error();
  }
  if (response->status != 200) {
    stats_->CountFailure();
    return Refused(*response, location);
  }
  ALS_ASSIGN_OR_RETURN(rapidjson::Document answer, ParseJsonBody(*response, location));
  auto member = [&](const char* name) -> const rapidjson::Value* {
    if (!answer.IsObject()) return nullptr;
    auto it = answer.FindMember(name);
    return it == answer.MemberEnd() ? nullptr : &it->value;
  };
  const rapidjson::Value* token = member("access_token");
  if (token == nullptr || !token->IsString() || token->GetStringLength() == 0) {
    return MakeError(ErrorCode::kUnauthenticated, location,
                     "the token endpoint's answer has no access_token");
  }
  const rapidjson::Value* type = member("token_type");
  if (type != nullptr && (!type->IsString() || !EqualsIgnoreCase(type->GetString(), "bearer"))) {
    return MakeError(ErrorCode::kUnauthenticated, location,
                     "the token endpoint issued a token that is not of type bearer");
  }
  std::chrono::seconds lifetime = kDefaultTokenLifetime;
  const rapidjson::Value* expires_in = member("expires_in");
  if (expires_in != nullptr && expires_in->IsNumber() && expires_in->GetDouble() > 0) {
    lifetime = std::chrono::seconds(static_cast<long long>(expires_in->GetDouble()));
  }
  // Renew ahead of expiry: 60 s before, or at 90% of the life of a short-lived token.
  Clock::duration margin =
      std::min<Clock::duration>(kLongestRenewalMargin, Clock::duration(lifetime) / 10);
  access_token_ = token->GetString();
  renew_at_ = requested + lifetime - margin;
  spdlog::info("access token obtained for client '{}' (valid {} s)", settings_.auth.client_id,
               lifetime.count());
  return Status::Ok();
}

std::string TrimTrailingSpace(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

}  // namespace

Result<std::string> ReadSecret(const ClientSettings& settings, const std::string& file_key,
                               const std::string& file, const std::string& env_key,
                               const std::string& env) {
  if (!file.empty()) {
    Result<std::string> content = ReadFile(file, kMaxSettingsFileBytes);
    if (!content.ok()) return content.error().WithContext(SettingLocation(settings, file_key));
    std::string secret = TrimTrailingSpace(content.value());
    if (secret.empty()) {
      return MakeError(ErrorCode::kInvalidArgument, SettingLocation(settings, file_key),
                       "'" + file + "' is empty");
    }
    return secret;
  }
  const char* value = env.empty() ? nullptr : std::getenv(env.c_str());
  std::string secret = value == nullptr ? "" : TrimTrailingSpace(value);
  if (secret.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, SettingLocation(settings, env_key),
                     "environment variable " + env + " is not set or empty");
  }
  return secret;
}

Result<std::unique_ptr<Authenticator>> CreateAuthenticator(const ClientSettings& settings,
                                                           HttpTransport* transport,
                                                           RequestStats* stats) {
  const AuthSettings& auth = settings.auth;
  if (auth.type != AuthType::kNone && settings.base_url.rfind("http://", 0) == 0) {
    spdlog::warn("{}: credentials will travel unencrypted over http://",
                 SettingLocation(settings, "base_url"));
  }
  switch (auth.type) {
    case AuthType::kNone:
      return std::unique_ptr<Authenticator>(new NoAuthenticator());
    case AuthType::kBearer: {
      ALS_ASSIGN_OR_RETURN(std::string token, ReadSecret(settings, "auth.token_file",
                                                         auth.token_file, "auth.token_env",
                                                         auth.token_env));
      return std::unique_ptr<Authenticator>(
          new StaticBearerAuthenticator(settings, std::move(token)));
    }
    case AuthType::kClientSecret: {
      ALS_ASSIGN_OR_RETURN(std::string secret,
                           ReadSecret(settings, "auth.client_secret_file", auth.client_secret_file,
                                      "auth.client_secret_env", auth.client_secret_env));
      return std::unique_ptr<Authenticator>(new ClientCredentialsAuthenticator(
          settings, transport, stats, std::move(secret), std::nullopt));
    }
    case AuthType::kSmartBackend: {
      ALS_ASSIGN_OR_RETURN(std::string pem,
                           ReadSecret(settings, "auth.private_key_file", auth.private_key_file,
                                      "auth.private_key_env", auth.private_key_env));
      std::string key_location = SettingLocation(
          settings, auth.private_key_file.empty() ? "auth.private_key_env" : "auth.private_key_file");
      ALS_ASSIGN_OR_RETURN(SigningKey key, SigningKey::FromPem(pem, auth.algorithm, key_location));
      return std::unique_ptr<Authenticator>(new ClientCredentialsAuthenticator(
          settings, transport, stats, "", std::move(key)));
    }
  }
  return MakeError(ErrorCode::kInternal, "", "unknown auth type");
}

}  // namespace als::client
