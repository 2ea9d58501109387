#include "als/client/settings.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <vector>

namespace als::client {
namespace {

// Keys under which someone might paste a secret into the configuration, and
// the keys that should name where it is kept instead.
struct InlineSecretKey {
  std::string_view key;
  std::string_view instead;
};
constexpr InlineSecretKey kInlineSecretKeys[] = {
    {"token", "token_file or token_env"},
    {"access_token", "token_file or token_env"},
    {"bearer_token", "token_file or token_env"},
    {"client_secret", "client_secret_file or client_secret_env"},
    {"secret", "client_secret_file or client_secret_env"},
    {"private_key", "private_key_file or private_key_env"},
    {"key", "private_key_file or private_key_env"},
    {"password", "a _file or _env key"},
};

std::string JoinKeys(const std::vector<std::string_view>& keys) {
  std::string joined;
  for (std::string_view key : keys) {
    if (!joined.empty()) joined += ", ";
    joined += key;
  }
  return joined;
}

// Reads the members of one JSON object, naming "file: path.key" in errors.
class ObjectReader {
 public:
  ObjectReader(const rapidjson::Value& object, std::string where, std::string path,
               std::string relative_to)
      : object_(object),
        where_(std::move(where)),
        path_(std::move(path)),
        relative_to_(std::move(relative_to)) {}

  std::string Location(std::string_view key) const {
    return where_ + ": " + path_ + "." + std::string(key);
  }
  std::string Location() const { return where_ + ": " + path_; }

  Error Invalid(std::string_view key, std::string message) const {
    return MakeError(ErrorCode::kInvalidArgument, Location(key), std::move(message));
  }

  bool Has(std::string_view key) const {
    return object_.HasMember(rapidjson::StringRef(key.data(), key.size()));
  }

  // Every member must be one of `known`; a secret written inline gets its own message.
  Status CheckKeys(const std::vector<std::string_view>& known) const {
    for (auto it = object_.MemberBegin(); it != object_.MemberEnd(); ++it) {
      std::string_view key(it->name.GetString(), it->name.GetStringLength());
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      for (const InlineSecretKey& secret : kInlineSecretKeys) {
        if (secret.key == key) {
          return Invalid(key, "secrets must not be written in the configuration; name the file "
                              "or environment variable that holds it with " +
                                  std::string(secret.instead));
        }
      }
      return Invalid(key, "unknown key (known keys: " + JoinKeys(known) + ")");
    }
    return Status::Ok();
  }

  Status ReadString(std::string_view key, std::string* out) const {
    const rapidjson::Value* value = Get(key);
    if (value == nullptr) return Status::Ok();
    if (!value->IsString() || value->GetStringLength() == 0) {
      return Invalid(key, "must be a non-empty string");
    }
    *out = value->GetString();
    return Status::Ok();
  }

  Status ReadPath(std::string_view key, std::string* out) const {
    ALS_RETURN_IF_ERROR(ReadString(key, out));
    if (!out->empty() && out->front() != '/' && !relative_to_.empty()) {
      *out = relative_to_ + "/" + *out;
    }
    return Status::Ok();
  }

  Status ReadBool(std::string_view key, bool* out) const {
    const rapidjson::Value* value = Get(key);
    if (value == nullptr) return Status::Ok();
    if (!value->IsBool()) return Invalid(key, "must be true or false");
    *out = value->GetBool();
    return Status::Ok();
  }

  Status ReadInt(std::string_view key, int min, int max, int* out) const {
    const rapidjson::Value* value = Get(key);
    if (value == nullptr) return Status::Ok();
    if (!value->IsInt() || value->GetInt() < min || value->GetInt() > max) {
      return Invalid(key, "must be an integer from " + std::to_string(min) + " to " +
                              std::to_string(max));
    }
    *out = value->GetInt();
    return Status::Ok();
  }

  Status ReadNumber(std::string_view key, double min, double max, double* out) const {
    const rapidjson::Value* value = Get(key);
    if (value == nullptr) return Status::Ok();
    if (!value->IsNumber() || !std::isfinite(value->GetDouble()) || value->GetDouble() < min ||
        value->GetDouble() > max) {
      return Invalid(key, "must be a number from " + FormatNumber(min) + " to " +
                              FormatNumber(max));
    }
    *out = value->GetDouble();
    return Status::Ok();
  }

  // A nested object; nullopt when the key is absent.
  Result<std::optional<ObjectReader>> Child(std::string_view key) const {
    const rapidjson::Value* value = Get(key);
    if (value == nullptr) return std::optional<ObjectReader>();
    if (!value->IsObject()) return Invalid(key, "must be an object");
    return std::optional<ObjectReader>(
        ObjectReader(*value, where_, path_ + "." + std::string(key), relative_to_));
  }

  const rapidjson::Value* Get(std::string_view key) const {
    auto it = object_.FindMember(rapidjson::StringRef(key.data(), key.size()));
    return it == object_.MemberEnd() ? nullptr : &it->value;
  }

 private:
  static std::string FormatNumber(double number) {
    std::string text = std::to_string(number);
    text.erase(text.find_last_not_of('0') + 1);
    if (!text.empty() && text.back() == '.') text.pop_back();
    return text;
  }

  const rapidjson::Value& object_;
  std::string where_;
  std::string path_;
  std::string relative_to_;
};

bool IsHttpUrl(const std::string& url) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (url.compare(0, scheme.size(), scheme) == 0 && url.size() > scheme.size()) return true;
  }
  return false;
}

Status ReadUrl(const ObjectReader& reader, std::string_view key, std::string* out) {
  ALS_RETURN_IF_ERROR(reader.ReadString(key, out));
  if (out->empty()) return Status::Ok();
  if (!IsHttpUrl(*out) || out->find_first_of("?# ") != std::string::npos) {
    return reader.Invalid(key, "must be an http:// or https:// URL without query or fragment");
  }
  while (out->back() == '/') out->pop_back();
  return Status::Ok();
}

Status ReadTls(const ObjectReader& reader, TlsSettings* tls) {
  ALS_RETURN_IF_ERROR(
      reader.CheckKeys({"verify", "ca_file", "ca_dir", "client_cert_file", "client_key_file"}));
  ALS_RETURN_IF_ERROR(reader.ReadBool("verify", &tls->verify));
  ALS_RETURN_IF_ERROR(reader.ReadPath("ca_file", &tls->ca_file));
  ALS_RETURN_IF_ERROR(reader.ReadPath("ca_dir", &tls->ca_dir));
  ALS_RETURN_IF_ERROR(reader.ReadPath("client_cert_file", &tls->client_cert_file));
  ALS_RETURN_IF_ERROR(reader.ReadPath("client_key_file", &tls->client_key_file));
  if (tls->client_cert_file.empty() != tls->client_key_file.empty()) {
    const char* missing = tls->client_cert_file.empty() ? "client_cert_file" : "client_key_file";
    return reader.Invalid(missing, "required for mutual TLS when the other of "
                                   "client_cert_file / client_key_file is set");
  }
  return Status::Ok();
}

Status ReadRetry(const ObjectReader& reader, RetrySettings* retry) {
  ALS_RETURN_IF_ERROR(reader.CheckKeys(
      {"max_attempts", "initial_backoff_ms", "max_backoff_ms", "max_retry_after_s"}));
  ALS_RETURN_IF_ERROR(reader.ReadInt("max_attempts", 1, 100, &retry->max_attempts));
  ALS_RETURN_IF_ERROR(
      reader.ReadInt("initial_backoff_ms", 0, 3600000, &retry->initial_backoff_ms));
  ALS_RETURN_IF_ERROR(reader.ReadInt("max_backoff_ms", 0, 3600000, &retry->max_backoff_ms));
  ALS_RETURN_IF_ERROR(reader.ReadInt("max_retry_after_s", 0, 86400, &retry->max_retry_after_s));
  if (retry->max_backoff_ms < retry->initial_backoff_ms) {
    return reader.Invalid("max_backoff_ms", "must not be less than initial_backoff_ms");
  }
  return Status::Ok();
}

Status ReadScopes(const ObjectReader& reader, std::string* scopes) {
  const rapidjson::Value* value = reader.Get("scopes");
  if (value == nullptr) return Status::Ok();
  const char* kShape = "must be a space-separated string or an array of scope strings";
  if (value->IsString()) {
    *scopes = value->GetString();
  } else if (value->IsArray()) {
    for (const rapidjson::Value& scope : value->GetArray()) {
      if (!scope.IsString() || scope.GetStringLength() == 0) return reader.Invalid("scopes", kShape);
      if (!scopes->empty()) *scopes += ' ';
      *scopes += scope.GetString();
    }
  } else {
    return reader.Invalid("scopes", kShape);
  }
  if (scopes->find_first_not_of(' ') == std::string::npos) {
    return reader.Invalid("scopes", kShape);
  }
  return Status::Ok();
}

// Exactly one of a `_file` / `_env` pair must be set.
Status RequireOneSource(const ObjectReader& reader, std::string_view file_key,
                        const std::string& file, std::string_view env_key,
                        const std::string& env) {
  if (file.empty() && env.empty()) {
    return reader.Invalid(file_key, "required (or " + std::string(env_key) + ")");
  }
  if (!file.empty() && !env.empty()) {
    return reader.Invalid(env_key, "set only one of " + std::string(file_key) + " and " +
                                       std::string(env_key));
  }
  return Status::Ok();
}

Status ReadAuth(const ObjectReader& reader, AuthSettings* auth) {
  ALS_RETURN_IF_ERROR(reader.CheckKeys(
      {"type", "token_file", "token_env", "client_id", "client_secret_file", "client_secret_env",
       "private_key_file", "private_key_env", "key_id", "algorithm", "scopes", "token_url"}));
  std::string type = "none";
  ALS_RETURN_IF_ERROR(reader.ReadString("type", &type));
  std::vector<std::string_view> used_keys;
  if (type == "none") {
    auth->type = AuthType::kNone;
    used_keys = {"type"};
  } else if (type == "bearer") {
    auth->type = AuthType::kBearer;
    used_keys = {"type", "token_file", "token_env"};
  } else if (type == "client_secret") {
    auth->type = AuthType::kClientSecret;
    used_keys = {"type", "client_id", "client_secret_file", "client_secret_env", "scopes",
                 "token_url"};
  } else if (type == "smart_backend") {
    auth->type = AuthType::kSmartBackend;
    used_keys = {"type",   "client_id", "private_key_file", "private_key_env", "key_id",
                 "algorithm", "scopes", "token_url"};
  } else {
    return reader.Invalid("type", "must be none, bearer, client_secret or smart_backend");
  }
  if (Status status = reader.CheckKeys(used_keys); !status.ok()) {
    Error error = status.error();
    error.message = "not used with auth type " + type;
    return error;
  }

  ALS_RETURN_IF_ERROR(reader.ReadPath("token_file", &auth->token_file));
  ALS_RETURN_IF_ERROR(reader.ReadString("token_env", &auth->token_env));
  ALS_RETURN_IF_ERROR(reader.ReadString("client_id", &auth->client_id));
  ALS_RETURN_IF_ERROR(reader.ReadPath("client_secret_file", &auth->client_secret_file));
  ALS_RETURN_IF_ERROR(reader.ReadString("client_secret_env", &auth->client_secret_env));
  ALS_RETURN_IF_ERROR(reader.ReadPath("private_key_file", &auth->private_key_file));
  ALS_RETURN_IF_ERROR(reader.ReadString("private_key_env", &auth->private_key_env));
  ALS_RETURN_IF_ERROR(reader.ReadString("key_id", &auth->key_id));
  ALS_RETURN_IF_ERROR(ReadScopes(reader, &auth->scopes));
  ALS_RETURN_IF_ERROR(ReadUrl(reader, "token_url", &auth->token_url));
  std::string algorithm;
  ALS_RETURN_IF_ERROR(reader.ReadString("algorithm", &algorithm));
  if (algorithm == "RS384") {
    auth->algorithm = JwsAlgorithm::kRS384;
  } else if (algorithm == "ES384") {
    auth->algorithm = JwsAlgorithm::kES384;
  } else if (!algorithm.empty()) {
    return reader.Invalid("algorithm", "must be RS384 or ES384");
  }

  switch (auth->type) {
    case AuthType::kNone:
      break;
    case AuthType::kBearer:
      ALS_RETURN_IF_ERROR(
          RequireOneSource(reader, "token_file", auth->token_file, "token_env", auth->token_env));
      break;
    case AuthType::kClientSecret:
      if (auth->client_id.empty()) return reader.Invalid("client_id", "required");
      ALS_RETURN_IF_ERROR(RequireOneSource(reader, "client_secret_file", auth->client_secret_file,
                                           "client_secret_env", auth->client_secret_env));
      break;
    case AuthType::kSmartBackend:
      if (auth->client_id.empty()) return reader.Invalid("client_id", "required");
      ALS_RETURN_IF_ERROR(RequireOneSource(reader, "private_key_file", auth->private_key_file,
                                           "private_key_env", auth->private_key_env));
      if (auth->key_id.empty()) {
        return reader.Invalid("key_id", "required: the kid of the registered public key");
      }
      if (auth->scopes.empty()) {
        return reader.Invalid("scopes", "required for smart_backend (e.g. \"system/*.read\")");
      }
      break;
  }
  return Status::Ok();
}

}  // namespace

const char* AuthTypeName(AuthType type) {
  switch (type) {
    case AuthType::kNone: return "none";
    case AuthType::kBearer: return "bearer";
    case AuthType::kClientSecret: return "client_secret";
    case AuthType::kSmartBackend: return "smart_backend";
  }
  return "unknown";
}

const char* JwsAlgorithmName(JwsAlgorithm algorithm) {
  return algorithm == JwsAlgorithm::kRS384 ? "RS384" : "ES384";
}

std::string SettingLocation(const ClientSettings& settings, const std::string& key) {
  std::string path = "server." + key;
  return settings.config_name.empty() ? path : settings.config_name + ": " + path;
}

Result<ClientSettings> ParseClientSettings(const rapidjson::Value& json, const std::string& where,
                                           const std::string& relative_to) {
  if (!json.IsObject()) {
    return MakeError(ErrorCode::kInvalidArgument, where + ": server", "must be an object");
  }
  ClientSettings settings;
  settings.config_name = where;
  ObjectReader reader(json, where, "server", relative_to);
  ALS_RETURN_IF_ERROR(reader.CheckKeys(
      {"base_url", "connect_timeout_ms", "read_timeout_ms", "total_timeout_ms", "tls", "retry",
       "auth", "page_size", "max_pages", "max_get_url_length", "max_requests_per_second",
       "max_response_mb"}));
  ALS_RETURN_IF_ERROR(ReadUrl(reader, "base_url", &settings.base_url));
  if (settings.base_url.empty()) return reader.Invalid("base_url", "required");
  ALS_RETURN_IF_ERROR(
      reader.ReadInt("connect_timeout_ms", 1, 600000, &settings.connect_timeout_ms));
  ALS_RETURN_IF_ERROR(reader.ReadInt("read_timeout_ms", 1, 3600000, &settings.read_timeout_ms));
  ALS_RETURN_IF_ERROR(
      reader.ReadInt("total_timeout_ms", 1, 86400000, &settings.total_timeout_ms));
  ALS_RETURN_IF_ERROR(reader.ReadInt("page_size", 1, 10000, &settings.page_size));
  ALS_RETURN_IF_ERROR(reader.ReadInt("max_pages", 1, 100000000, &settings.max_pages));
  ALS_RETURN_IF_ERROR(
      reader.ReadInt("max_get_url_length", 256, 1000000, &settings.max_get_url_length));
  ALS_RETURN_IF_ERROR(reader.ReadNumber("max_requests_per_second", 0, 1000000,
                                        &settings.max_requests_per_second));
  ALS_RETURN_IF_ERROR(reader.ReadInt("max_response_mb", 1, 16384, &settings.max_response_mb));

  ALS_ASSIGN_OR_RETURN(std::optional<ObjectReader> tls, reader.Child("tls"));
  if (tls) ALS_RETURN_IF_ERROR(ReadTls(*tls, &settings.tls));
  ALS_ASSIGN_OR_RETURN(std::optional<ObjectReader> retry, reader.Child("retry"));
  if (retry) ALS_RETURN_IF_ERROR(ReadRetry(*retry, &settings.retry));
  ALS_ASSIGN_OR_RETURN(std::optional<ObjectReader> auth, reader.Child("auth"));
  if (auth) ALS_RETURN_IF_ERROR(ReadAuth(*auth, &settings.auth));
  return settings;
}

}  // namespace als::client
