#include "als/common/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace als {
namespace {

Error ReadError(const std::string& path, int error) {
  return MakeError(ErrorCode::kIo, path, std::string("cannot read: ") + std::strerror(error));
}

Error TooLargeError(const std::string& path, size_t max_bytes) {
  std::string limit = max_bytes >= (size_t{1} << 20) && max_bytes % (size_t{1} << 20) == 0
                          ? std::to_string(max_bytes >> 20) + " MB"
                          : std::to_string(max_bytes) + " bytes";
  return MakeError(ErrorCode::kInvalidData, path, "larger than " + limit + ", the most this file may hold");
}

// Closes the descriptor on every way out of ReadFile.
struct ClosedOnExit {
  int fd;
  ~ClosedOnExit() { ::close(fd); }
};

}  // namespace

Result<std::string> ReadFile(const std::string& path, size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ReadError(path, errno);
  ClosedOnExit closer{fd};
  struct stat info {};
  std::string content;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
    if (static_cast<uint64_t>(info.st_size) > max_bytes) return TooLargeError(path, max_bytes);
    content.reserve(static_cast<size_t>(info.st_size));
  }
  char chunk[64 << 10];
  while (true) {
    ssize_t got = ::read(fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return ReadError(path, errno);
    if (got == 0) break;
    // A device or pipe states no size (and a regular file may grow while read).
    if (static_cast<size_t>(got) > max_bytes - content.size()) return TooLargeError(path, max_bytes);
    content.append(chunk, static_cast<size_t>(got));
  }
  return content;
}

}  // namespace als
