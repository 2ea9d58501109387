// Reading a whole file into memory, with an error that names the file and why.
#ifndef ALS_COMMON_FILE_H_
#define ALS_COMMON_FILE_H_

#include <cstddef>
#include <string>

#include "als/common/result.h"

namespace als {

// The most a configuration, parameters or secret file may hold: far more than
// any of them needs, and a bound for a path that names a device (/dev/zero)
// or an endless pipe, which would otherwise be read until memory runs out.
inline constexpr size_t kMaxSettingsFileBytes = size_t{8} << 20;

// The file's bytes. Fails with kIo, located at `path`, when it cannot be
// opened or read (the message carries the system's reason, e.g. "No such file
// or directory", "Is a directory"), and with kInvalidData when it holds more
// than `max_bytes` ("larger than 8 MB, the most this file may hold").
Result<std::string> ReadFile(const std::string& path, size_t max_bytes);

}  // namespace als

#endif  // ALS_COMMON_FILE_H_
