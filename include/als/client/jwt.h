// JSON Web Tokens for SMART Backend Services client assertions, signed with
// OpenSSL: RS384 (RSASSA-PKCS1-v1_5, SHA-384) or ES384 (ECDSA P-384, SHA-384).
#ifndef ALS_CLIENT_JWT_H_
#define ALS_CLIENT_JWT_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "als/client/settings.h"
#include "als/common/result.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY

namespace als::client {

// How far ahead a client assertion expires: within the 5 minutes SMART allows,
// with a minute's slack for a server clock that runs behind ours.
constexpr std::chrono::seconds kClientAssertionLifetime{240};

std::string Base64Encode(std::string_view data);
std::string Base64UrlEncode(std::string_view data);  // no padding
std::optional<std::string> Base64UrlDecode(std::string_view text);

class SigningKey {
 public:
  // Loads an unencrypted PEM private key (PKCS#8, PKCS#1 or SEC1). RS384 needs
  // an RSA key of 2048 bits or more, ES384 an EC key on P-384; with no
  // `algorithm` it follows from the key. Errors name `location`, never the key.
  static Result<SigningKey> FromPem(const std::string& pem, std::optional<JwsAlgorithm> algorithm,
                                    const std::string& location);

  JwsAlgorithm algorithm() const { return algorithm_; }

  // The JWS signature of `data`; for ES384 the 96-byte r||s form, not DER.
  Result<std::string> Sign(std::string_view data) const;

 private:
  SigningKey(std::shared_ptr<evp_pkey_st> key, JwsAlgorithm algorithm)
      : key_(std::move(key)), algorithm_(algorithm) {}

  std::shared_ptr<evp_pkey_st> key_;
  JwsAlgorithm algorithm_;
};

// 128 random bits from OpenSSL, hex: a unique `jti`.
Result<std::string> RandomJwtId();

// header {"alg","typ":"JWT","kid"}; claims {"iss","sub"(= client_id),"aud"(= token_url),
// "exp"(= now + kClientAssertionLifetime),"jti"}; base64url, signed with `key`.
Result<std::string> BuildClientAssertion(const SigningKey& key, const std::string& client_id,
                                         const std::string& token_url, const std::string& key_id,
                                         std::chrono::system_clock::time_point now);

}  // namespace als::client

#endif  // ALS_CLIENT_JWT_H_
