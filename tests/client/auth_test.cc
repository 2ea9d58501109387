#include "als/client/auth.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace als::client {
namespace {

std::string TempFile(const std::string& name, const std::string& content) {
  std::string path = (std::filesystem::temp_directory_path() / name).string();
  std::ofstream(path) << content;
  return path;
}

TEST_CASE("secrets: from a file, trailing newline dropped", "[client][auth]") {
  ClientSettings settings;
  settings.config_name = "config.json";
  std::string path = TempFile("als-client-secret-test", "s3cr3t\n");
  Result<std::string> secret = ReadSecret(settings, "auth.token_file", path, "auth.token_env", "");
  std::filesystem::remove(path);
  REQUIRE(secret.ok());
  CHECK(*secret == "s3cr3t");
}

TEST_CASE("secrets: errors name the key, never the secret", "[client][auth]") {
  ClientSettings settings;
  settings.config_name = "config.json";
  Result<std::string> missing =
      ReadSecret(settings, "auth.token_file", "/nonexistent/token", "auth.token_env", "");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().ToString() ==
        "config.json: server.auth.token_file > /nonexistent/token: cannot read: No such file or directory");

  std::string empty_path = TempFile("als-client-empty-secret-test", "\n");
  Result<std::string> empty = ReadSecret(settings, "auth.token_file", empty_path, "", "");
  std::filesystem::remove(empty_path);
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().location == "config.json: server.auth.token_file");

  setenv("ALS_CLIENT_SECRET_TEST", "from-env\n", 1);
  Result<std::string> from_env =
      ReadSecret(settings, "auth.client_secret_file", "", "auth.client_secret_env",
                 "ALS_CLIENT_SECRET_TEST");
  REQUIRE(from_env.ok());
  CHECK(*from_env == "from-env");
  unsetenv("ALS_CLIENT_SECRET_TEST");
  Result<std::string> unset = ReadSecret(settings, "auth.client_secret_file", "",
                                         "auth.client_secret_env", "ALS_CLIENT_SECRET_TEST");
  REQUIRE_FALSE(unset.ok());
  CHECK(unset.error().ToString() ==
        "config.json: server.auth.client_secret_env: environment variable ALS_CLIENT_SECRET_TEST "
        "is not set or empty");
}

}  // namespace
}  // namespace als::client
