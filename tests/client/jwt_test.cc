#include "als/client/jwt.h"

#include <catch2/catch.hpp>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <set>

namespace als::client {
namespace {

using KeyPointer = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

KeyPointer GenerateKey(const char* type, const char* parameter) {
  EVP_PKEY* key = std::string(type) == "RSA"
                      ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(std::stoi(parameter)))
                      : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", parameter);
  REQUIRE(key != nullptr);
  return KeyPointer(key, EVP_PKEY_free);
}

std::string PrivatePem(EVP_PKEY* key) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  REQUIRE(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1);
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

std::vector<std::string> SplitJwt(const std::string& jwt) {
  std::vector<std::string> parts;
  size_t begin = 0;
  for (size_t dot; (dot = jwt.find('.', begin)) != std::string::npos; begin = dot + 1) {
    parts.push_back(jwt.substr(begin, dot - begin));
  }
  parts.push_back(jwt.substr(begin));
  return parts;
}

rapidjson::Document DecodeJson(const std::string& part) {
  std::optional<std::string> json = Base64UrlDecode(part);
  REQUIRE(json.has_value());
  rapidjson::Document document;
  document.Parse(json->c_str());
  REQUIRE_FALSE(document.HasParseError());
  return document;
}

// Verifies a JWS signature with OpenSSL directly, independent of SigningKey.
bool Verify(EVP_PKEY* key, const std::string& signing_input, std::string signature,
            bool jose_ecdsa) {
  if (jose_ecdsa) {  // r||s back to DER for OpenSSL
    REQUIRE(signature.size() == 96);
    const auto* bytes = reinterpret_cast<const unsigned char*>(signature.data());
    ECDSA_SIG* ecdsa = ECDSA_SIG_new();
    ECDSA_SIG_set0(ecdsa, BN_bin2bn(bytes, 48, nullptr), BN_bin2bn(bytes + 48, 48, nullptr));
    unsigned char* der = nullptr;
    int length = i2d_ECDSA_SIG(ecdsa, &der);
    signature.assign(reinterpret_cast<char*>(der), static_cast<size_t>(length));
    OPENSSL_free(der);
    ECDSA_SIG_free(ecdsa);
  }
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(),
                                                                  EVP_MD_CTX_free);
  REQUIRE(EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha384(), nullptr, key) == 1);
  return EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(),
                          reinterpret_cast<const unsigned char*>(signing_input.data()),
                          signing_input.size()) == 1;
}

TEST_CASE("base64url: RFC 4648 vectors, no padding", "[client][jwt]") {
  CHECK(Base64UrlEncode("") == "");
  CHECK(Base64UrlEncode("f") == "Zg");
  CHECK(Base64UrlEncode("fo") == "Zm8");
  CHECK(Base64UrlEncode("foo") == "Zm9v");
  CHECK(Base64UrlEncode("foob") == "Zm9vYg");
  CHECK(Base64UrlEncode("fooba") == "Zm9vYmE");
  CHECK(Base64UrlEncode("foobar") == "Zm9vYmFy");
  CHECK(Base64UrlEncode("\xfb\xff") == "-_8");
  CHECK(Base64Encode("\xfb\xff") == "+/8=");
  CHECK(Base64Encode("f") == "Zg==");
  CHECK(Base64UrlDecode("Zm9vYmE") == std::string("fooba"));
  CHECK(Base64UrlDecode("-_8") == std::string("\xfb\xff"));
  CHECK_FALSE(Base64UrlDecode("Zm9v+"));
  CHECK_FALSE(Base64UrlDecode("Z"));
}

TEST_CASE("jwt: RS384 client assertion", "[client][jwt]") {
  KeyPointer key = GenerateKey("RSA", "2048");
  Result<SigningKey> signing_key = SigningKey::FromPem(PrivatePem(key.get()), std::nullopt, "k");
  REQUIRE(signing_key.ok());
  CHECK(signing_key->algorithm() == JwsAlgorithm::kRS384);

  auto now = std::chrono::system_clock::from_time_t(1767225600);  // 2026-01-01T00:00:00Z
  Result<std::string> jwt = BuildClientAssertion(*signing_key, "rs384-client",
                                                 "https://auth.example.org/token", "rs384-key", now);
  REQUIRE(jwt.ok());
  std::vector<std::string> parts = SplitJwt(*jwt);
  REQUIRE(parts.size() == 3);
  CHECK(jwt->find('=') == std::string::npos);

  rapidjson::Document header = DecodeJson(parts[0]);
  CHECK(std::string(header["alg"].GetString()) == "RS384");
  CHECK(std::string(header["typ"].GetString()) == "JWT");
  CHECK(std::string(header["kid"].GetString()) == "rs384-key");

  rapidjson::Document claims = DecodeJson(parts[1]);
  CHECK(std::string(claims["iss"].GetString()) == "rs384-client");
  CHECK(std::string(claims["sub"].GetString()) == "rs384-client");
  CHECK(std::string(claims["aud"].GetString()) == "https://auth.example.org/token");
  CHECK(claims["exp"].GetInt64() == 1767225600 + 240);
  CHECK(claims["exp"].GetInt64() - 1767225600 <= 300);
  CHECK(std::string(claims["jti"].GetString()).size() == 32);

  std::optional<std::string> signature = Base64UrlDecode(parts[2]);
  REQUIRE(signature.has_value());
  CHECK(signature->size() == 256);
  CHECK(Verify(key.get(), parts[0] + "." + parts[1], *signature, false));
  CHECK_FALSE(Verify(key.get(), parts[0] + "." + parts[1] + "x", *signature, false));
}

TEST_CASE("jwt: ES384 signature is JOSE r||s, 96 bytes", "[client][jwt]") {
  KeyPointer key = GenerateKey("EC", "P-384");
  Result<SigningKey> signing_key =
      SigningKey::FromPem(PrivatePem(key.get()), JwsAlgorithm::kES384, "k");
  REQUIRE(signing_key.ok());
  for (int i = 0; i < 20; ++i) {  // r or s with leading zero bytes must still be 48 bytes each
    Result<std::string> jwt = BuildClientAssertion(*signing_key, "es384-client", "https://a/token",
                                                   "es384-key", std::chrono::system_clock::now());
    REQUIRE(jwt.ok());
    std::vector<std::string> parts = SplitJwt(*jwt);
    REQUIRE(parts.size() == 3);
    CHECK(std::string(DecodeJson(parts[0])["alg"].GetString()) == "ES384");
    std::optional<std::string> signature = Base64UrlDecode(parts[2]);
    REQUIRE(signature.has_value());
    REQUIRE(signature->size() == 96);
    CHECK(Verify(key.get(), parts[0] + "." + parts[1], *signature, true));
  }
}

TEST_CASE("jwt: every assertion has its own jti", "[client][jwt]") {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) {
    Result<std::string> id = RandomJwtId();
    REQUIRE(id.ok());
    ids.insert(*id);
  }
  CHECK(ids.size() == 1000);
}

TEST_CASE("jwt: unusable keys are refused with the setting named", "[client][jwt]") {
  const std::string where = "config.json: server.auth.private_key_file";
  Result<SigningKey> garbage = SigningKey::FromPem("-----BEGIN PRIVATE KEY-----\nnot a key\n"
                                                   "-----END PRIVATE KEY-----\n", std::nullopt, where);
  REQUIRE_FALSE(garbage.ok());
  CHECK(garbage.error().location == where);
  CHECK(garbage.error().code == ErrorCode::kInvalidArgument);
  CHECK(garbage.error().message.find("not a key") == std::string::npos);

  KeyPointer rsa = GenerateKey("RSA", "2048");
  Result<SigningKey> mismatch = SigningKey::FromPem(PrivatePem(rsa.get()), JwsAlgorithm::kES384, where);
  REQUIRE_FALSE(mismatch.ok());
  CHECK(mismatch.error().message == "the key suits RS384, not the configured algorithm ES384");

  KeyPointer short_rsa = GenerateKey("RSA", "1024");
  Result<SigningKey> weak = SigningKey::FromPem(PrivatePem(short_rsa.get()), std::nullopt, where);
  REQUIRE_FALSE(weak.ok());
  CHECK(weak.error().message == "RSA key of 1024 bits; RS384 needs 2048 bits or more");

  KeyPointer p256 = GenerateKey("EC", "P-256");
  Result<SigningKey> curve = SigningKey::FromPem(PrivatePem(p256.get()), std::nullopt, where);
  REQUIRE_FALSE(curve.ok());
  CHECK(curve.error().message == "EC key on curve prime256v1; ES384 needs P-384 (secp384r1)");
}

}  // namespace
}  // namespace als::client
