#include "als/client/jwt.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <rapidjson/document.h>

#include <array>

#include "als/fhir/json.h"
#include "json_text.h"

namespace als::client {
namespace {

using fhir::ToJson;

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr size_t kEs384ComponentBytes = 48;

// The oldest queued OpenSSL error, and an empty queue afterwards.
std::string TakeOpenSslError() {
  unsigned long code = ERR_get_error();
  std::string text;
  if (code != 0) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    text = buffer;
  }
  ERR_clear_error();
  return text.empty() ? "unknown OpenSSL error" : text;
}

Error CryptoError(const std::string& what) {
  return MakeError(ErrorCode::kInternal, "", what + ": " + TakeOpenSslError());
}

// Refuses to prompt on the terminal for a passphrase.
int NoPassphrase(char*, int, int, void*) { return -1; }

std::string EncodeBase64(std::string_view data, bool url_safe) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  auto byte = [&](size_t k) { return static_cast<unsigned char>(data[k]); };
  for (; i + 2 < data.size(); i += 3) {
    uint32_t n = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    for (int shift : {18, 12, 6, 0}) out += kBase64Alphabet[(n >> shift) & 63];
  }
  size_t rest = data.size() - i;
  if (rest > 0) {
    uint32_t n = byte(i) << 16;
    if (rest == 2) n |= byte(i + 1) << 8;
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    if (rest == 2) out += kBase64Alphabet[(n >> 6) & 63];
    if (!url_safe) out.append(rest == 1 ? "==" : "=");
  }
  if (url_safe) {
    for (char& c : out) {
      if (c == '+') c = '-';
      if (c == '/') c = '_';
    }
  }
  return out;
}

// OpenSSL's DER ECDSA-Sig-Value to JOSE's fixed-width r||s.
Result<std::string> DerToJoseSignature(const std::string& der) {
  const unsigned char* cursor = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> signature(
      d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der.size())), ECDSA_SIG_free);
  if (!signature) return CryptoError("cannot decode the ECDSA signature");
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(signature.get(), &r, &s);
  std::string jose(2 * kEs384ComponentBytes, '\0');
  auto* out = reinterpret_cast<unsigned char*>(jose.data());
  if (BN_bn2binpad(r, out, kEs384ComponentBytes) < 0 ||
      BN_bn2binpad(s, out + kEs384ComponentBytes, kEs384ComponentBytes) < 0) {
    return CryptoError("cannot encode the ECDSA signature");
  }
  return jose;
}

}  // namespace

std::string Base64Encode(std::string_view data) { return EncodeBase64(data, false); }
std::string Base64UrlEncode(std::string_view data) { return EncodeBase64(data, true); }

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  std::string out;
  uint32_t bits = 0;
  int bit_count = 0;
  for (char c : text) {
    int value;
    if (c >= 'A' && c <= 'Z') value = c - 'A';
    else if (c >= 'a' && c <= 'z') value = c - 'a' + 26;
    else if (c >= '0' && c <= '9') value = c - '0' + 52;
    else if (c == '-') value = 62;
    else if (c == '_') value = 63;
    else return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(value);
    bit_count += 6;
    if (bit_count >= 8) {
      bit_count -= 8;
      out += static_cast<char>((bits >> bit_count) & 0xff);
    }
  }
  if (bit_count >= 6) return std::nullopt;  // a lone trailing character
  return out;
}

Result<SigningKey> SigningKey::FromPem(const std::string& pem,
                                       std::optional<JwsAlgorithm> algorithm,
                                       const std::string& location) {
  auto invalid = [&](const std::string& message) {
    ERR_clear_error();
    return MakeError(ErrorCode::kInvalidArgument, location, message);
  };
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  if (!bio) return CryptoError("cannot allocate a buffer");
  std::shared_ptr<EVP_PKEY> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr),
                                EVP_PKEY_free);
  if (!key) {
    return invalid("not a readable private key (an unencrypted PEM key is needed: "
                   "-----BEGIN PRIVATE KEY----- or RSA/EC PRIVATE KEY): " + TakeOpenSslError());
  }
  JwsAlgorithm key_algorithm;
  switch (EVP_PKEY_get_base_id(key.get())) {
    case EVP_PKEY_RSA:
      if (EVP_PKEY_get_bits(key.get()) < 2048) {
        return invalid("RSA key of " + std::to_string(EVP_PKEY_get_bits(key.get())) +
                       " bits; RS384 needs 2048 bits or more");
      }
      key_algorithm = JwsAlgorithm::kRS384;
      break;
    case EVP_PKEY_EC: {
      char group[64] = "";
      size_t length = 0;
      EVP_PKEY_get_group_name(key.get(), group, sizeof group, &length);
      if (std::string(group) != "secp384r1") {
        return invalid(std::string("EC key on curve ") + (group[0] ? group : "unknown") +
                       "; ES384 needs P-384 (secp384r1)");
      }
      key_algorithm = JwsAlgorithm::kES384;
      break;
    }
    default:
      return invalid("the key is neither RSA nor EC");
  }
  if (algorithm && *algorithm != key_algorithm) {
    return invalid(std::string("the key suits ") + JwsAlgorithmName(key_algorithm) +
                   ", not the configured algorithm " + JwsAlgorithmName(*algorithm));
  }
  return SigningKey(std::move(key), key_algorithm);
}

Result<std::string> SigningKey::Sign(std::string_view data) const {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  EVP_MD_CTX_free);
  if (!context ||
      EVP_DigestSignInit(context.get(), nullptr, EVP_sha384(), nullptr, key_.get()) != 1) {
    return CryptoError("cannot start signing");
  }
  const auto* input = reinterpret_cast<const unsigned char*>(data.data());
  size_t length = 0;
  if (EVP_DigestSign(context.get(), nullptr, &length, input, data.size()) != 1) {
    return CryptoError("cannot sign");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     input, data.size()) != 1) {
    return CryptoError("cannot sign");
  }
  signature.resize(length);
  if (algorithm_ == JwsAlgorithm::kES384) return DerToJoseSignature(signature);
  return signature;
}

Result<std::string> RandomJwtId() {
  std::array<unsigned char, 16> bytes;
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return CryptoError("no random bytes for the jti");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (unsigned char byte : bytes) {
    id += kHex[byte >> 4];
    id += kHex[byte & 15];
  }
  return id;
}

Result<std::string> BuildClientAssertion(const SigningKey& key, const std::string& client_id,
                                         const std::string& token_url, const std::string& key_id,
                                         std::chrono::system_clock::time_point now) {
  ALS_ASSIGN_OR_RETURN(std::string jti, RandomJwtId());
  rapidjson::Document header(rapidjson::kObjectType);
  auto& allocator = header.GetAllocator();
  header.AddMember("alg", rapidjson::StringRef(JwsAlgorithmName(key.algorithm())), allocator);
  header.AddMember("typ", "JWT", allocator);
  header.AddMember("kid", rapidjson::Value(key_id, allocator), allocator);

  rapidjson::Document claims(rapidjson::kObjectType);
  auto& claims_allocator = claims.GetAllocator();
  long long expires = std::chrono::duration_cast<std::chrono::seconds>(
                          (now + kClientAssertionLifetime).time_since_epoch())
                          .count();
  claims.AddMember("iss", rapidjson::Value(client_id, claims_allocator), claims_allocator);
  claims.AddMember("sub", rapidjson::Value(client_id, claims_allocator), claims_allocator);
  claims.AddMember("aud", rapidjson::Value(token_url, claims_allocator), claims_allocator);
  claims.AddMember("exp", rapidjson::Value(static_cast<int64_t>(expires)), claims_allocator);
  claims.AddMember("jti", rapidjson::Value(jti, claims_allocator), claims_allocator);

  std::string signing_input = Base64UrlEncode(ToJson(header)) + "." + Base64UrlEncode(ToJson(claims));
  ALS_ASSIGN_OR_RETURN(std::string signature, key.Sign(signing_input));
  return signing_input + "." + Base64UrlEncode(signature);
}

}  // namespace als::client
