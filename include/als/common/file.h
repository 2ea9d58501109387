// Reading a whole file into memory, with an error that names the file and why.
#ifndef ALS_COMMON_FILE_H_
#define ALS_COMMON_FILE_H_

#include <string>

#include "als/common/result.h"

namespace als {

// The file's bytes. Fails with kIo, located at `path`, when it cannot be
// opened or read (the message carries the system's reason, e.g. "No such file
// or directory", "Is a directory").
Result<std::string> ReadFile(const std::string& path);

}  // namespace als

#endif  // ALS_COMMON_FILE_H_
