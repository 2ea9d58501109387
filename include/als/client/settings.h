// Settings of the FHIR REST client: the `server` object of the adapter's JSON
// configuration. Every key is documented in include/als/client/README.md.
#ifndef ALS_CLIENT_SETTINGS_H_
#define ALS_CLIENT_SETTINGS_H_

#include <optional>
#include <string>

#include <rapidjson/document.h>

#include "als/common/result.h"

namespace als::client {

struct TlsSettings {
  bool verify = true;
  std::string ca_file;
  std::string ca_dir;
  std::string client_cert_file;  // mutual TLS: both or neither
  std::string client_key_file;
};

struct RetrySettings {
  int max_attempts = 5;  // attempts in all, the first included
  int initial_backoff_ms = 500;
  int max_backoff_ms = 30000;
  int max_retry_after_s = 120;  // a longer Retry-After fails at once
};

enum class AuthType { kNone, kBearer, kClientSecret, kSmartBackend };
enum class JwsAlgorithm { kRS384, kES384 };

const char* AuthTypeName(AuthType type);
const char* JwsAlgorithmName(JwsAlgorithm algorithm);

// Secrets are never part of the settings: only where to find them.
struct AuthSettings {
  AuthType type = AuthType::kNone;
  std::string token_file;  // bearer
  std::string token_env;
  std::string client_id;   // client_secret, smart_backend
  std::string client_secret_file;
  std::string client_secret_env;
  std::string private_key_file;  // smart_backend: PEM
  std::string private_key_env;
  std::string key_id;
  // Unset: taken from the key (RSA -> RS384, EC P-384 -> ES384).
  std::optional<JwsAlgorithm> algorithm;
  std::string scopes;     // space-separated
  std::string token_url;  // empty: discovered from .well-known/smart-configuration
};

struct ClientSettings {
  std::string base_url;  // without a trailing slash
  int connect_timeout_ms = 10000;
  int read_timeout_ms = 60000;  // longest silence while waiting for an answer
  // Bound on one request, retries and waits between them included.
  int total_timeout_ms = 600000;
  TlsSettings tls;
  RetrySettings retry;
  AuthSettings auth;
  int page_size = 100;
  int max_pages = 10000;
  int max_get_url_length = 2000;
  double max_requests_per_second = 0;  // 0: unlimited
  // An answer larger than this, as received or once decompressed, is an error
  // (a broken or hostile server cannot make the adapter exhaust memory).
  int max_response_mb = 256;

  // Names the configuration in error messages ("config.json"): an error about
  // a key reads "config.json: server.auth.token_file: ...".
  std::string config_name;
};

// Reads the `server` object of the configuration. `where` names the file for
// error messages. Unknown keys, bad values and secrets written inline are
// errors naming the key path. Relative file paths are resolved against
// `relative_to` when it is not empty (normally the configuration's folder).
Result<ClientSettings> ParseClientSettings(const rapidjson::Value& json, const std::string& where,
                                           const std::string& relative_to = "");

// The error location of a settings key: "config.json: server.auth.token_file".
std::string SettingLocation(const ClientSettings& settings, const std::string& key);

}  // namespace als::client

#endif  // ALS_CLIENT_SETTINGS_H_
