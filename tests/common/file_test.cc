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
  auto read = ReadFile(dir.Write("data.bin", bytes));
  REQUIRE(read.ok());
  CHECK(read.value() == bytes);

  auto nothing = ReadFile(dir.Write("empty.json", ""));
  REQUIRE(nothing.ok());
  CHECK(nothing.value().empty());
}

TEST_CASE("ReadFile names the file and the reason when it cannot read it") {
  testing::TempDir dir;
  auto missing = ReadFile(dir.File("missing.json"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kIo);
  CHECK(missing.error().ToString() == dir.File("missing.json") + ": cannot read: No such file or directory");

  auto directory = ReadFile(dir.path());  // opens, but read() fails
  REQUIRE_FALSE(directory.ok());
  CHECK(directory.error().ToString() == dir.path() + ": cannot read: Is a directory");
}

}  // namespace
}  // namespace als
