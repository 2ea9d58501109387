#include "als/common/file.h"

#include <string>

#include <catch2/catch.hpp>

#include "testing/process.h"

namespace als {
namespace {

TEST_CASE("ReadFile returns the file's bytes, binary and large ones included") {
  testing::TempDir dir;
  std::string bytes;
  for (int i = 0; i < 200000; ++i) bytes.push_back(static_cast<char>(i * 31));  // more than one read chunk, NULs too
  auto read = ReadFile(dir.Write("data.bin", bytes), bytes.size());  // exactly at the limit
  REQUIRE(read.ok());
  CHECK(read.value() == bytes);

  auto nothing = ReadFile(dir.Write("empty.json", ""), kMaxSettingsFileBytes);
  REQUIRE(nothing.ok());
  CHECK(nothing.value().empty());
}

TEST_CASE("ReadFile names the file and the reason when it cannot read it") {
  testing::TempDir dir;
  auto missing = ReadFile(dir.File("missing.json"), kMaxSettingsFileBytes);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kIo);
  CHECK(missing.error().ToString() == dir.File("missing.json") + ": cannot read: No such file or directory");

  auto directory = ReadFile(dir.path(), kMaxSettingsFileBytes);  // opens, but read() fails
  REQUIRE_FALSE(directory.ok());
  CHECK(directory.error().ToString() == dir.path() + ": cannot read: Is a directory");
}

TEST_CASE("ReadFile refuses more than its limit, from a file or from a device that never ends") {
  testing::TempDir dir;
  auto large = ReadFile(dir.Write("large.json", std::string(1001, ' ')), 1000);
  REQUIRE_FALSE(large.ok());
  CHECK(large.error().code == ErrorCode::kInvalidData);
  CHECK(large.error().ToString() == dir.File("large.json") + ": larger than 1000 bytes, the most this file may hold");

  // /dev/zero states no size and has no end: read until the limit, not until memory runs out.
  auto endless = ReadFile("/dev/zero", kMaxSettingsFileBytes);
  REQUIRE_FALSE(endless.ok());
  CHECK(endless.error().ToString() == "/dev/zero: larger than 8 MB, the most this file may hold");
}

}  // namespace
}  // namespace als
