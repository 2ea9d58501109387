// Credentials for FHIR requests: none, a static bearer token, or an access
// token from an OAuth 2.0 client_credentials grant (client secret, or a SMART
// Backend Services client assertion), cached and renewed.
#ifndef ALS_CLIENT_AUTH_H_
#define ALS_CLIENT_AUTH_H_

#include <memory>
#include <string>

#include "als/client/http_transport.h"
#include "als/client/request_stats.h"
#include "als/client/settings.h"
#include "als/common/result.h"

namespace als::client {

class Authenticator {
 public:
  virtual ~Authenticator() = default;

  // The Authorization header for the next request ("Bearer ..."), "" for none.
  // May fetch a token; thread-safe.
  virtual Result<std::string> Authorization() = 0;

  // After a 401 to a request sent with `refused`: true when a different
  // credential will be used next (the cached token is dropped, unless another
  // thread already replaced it), false when there is nothing else to try.
  virtual Result<bool> Renew(const std::string& refused) = 0;
};

// Reads the secrets the settings name (errors name the key, never the
// secret). `transport` and `stats` must outlive the authenticator.
Result<std::unique_ptr<Authenticator>> CreateAuthenticator(const ClientSettings& settings,
                                                           HttpTransport* transport,
                                                           RequestStats* stats);

// Reads a secret from `file` (trailing whitespace dropped) or else from the
// environment variable `env`. `file_key` / `env_key` are the settings keys
// ("auth.token_file") that errors name.
Result<std::string> ReadSecret(const ClientSettings& settings, const std::string& file_key,
                               const std::string& file, const std::string& env_key,
                               const std::string& env);

}  // namespace als::client

#endif  // ALS_CLIENT_AUTH_H_
