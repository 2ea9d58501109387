#include "als/common/file.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>

namespace als {
namespace {

namespace fs = std::filesystem;

fs::path TempDir() {
  fs::path dir = fs::temp_directory_path() / ("als-file-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

TEST_CASE("ReadFile returns the file's bytes, binary and large ones included") {
  fs::path dir = TempDir();
  std::string bytes;
  for (int i = 0; i < 200000; ++i) bytes.push_back(static_cast<char>(i * 31));  // more than one read chunk, NULs too
  fs::path path = dir / "data.bin";
  std::ofstream(path, std::ios::binary) << bytes;
  auto read = ReadFile(path.string());
  REQUIRE(read.ok());
  CHECK(read.value() == bytes);

  fs::path empty = dir / "empty.json";
  std::ofstream(empty).close();
  auto nothing = ReadFile(empty.string());
  REQUIRE(nothing.ok());
  CHECK(nothing.value().empty());
  fs::remove_all(dir);
}

TEST_CASE("ReadFile names the file and the reason when it cannot read it") {
  fs::path dir = TempDir();
  auto missing = ReadFile((dir / "missing.json").string());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kIo);
  CHECK(missing.error().ToString() == (dir / "missing.json").string() + ": cannot read: No such file or directory");

  auto directory = ReadFile(dir.string());  // opens, but read() fails
  REQUIRE_FALSE(directory.ok());
  CHECK(directory.error().ToString() == dir.string() + ": cannot read: Is a directory");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace als
