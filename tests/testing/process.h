// Runs the als-adapter executable for end-to-end tests.
#ifndef ALS_TESTS_TESTING_PROCESS_H_
#define ALS_TESTS_TESTING_PROCESS_H_

#include <string>
#include <vector>

namespace als::testing {

struct ProcessResult {
  int exit_status = -1;
  std::string out;
  std::string err;
};

// The path of the built executable (ALS_ADAPTER_BIN, set by ctest).
std::string AdapterBinary();

// Runs `program args...` (no shell), capturing stdout and stderr; the
// environment gets `env` ("NAME=value") added.
ProcessResult RunProcess(const std::string& program, const std::vector<std::string>& args,
                         const std::vector<std::string>& env = {});
inline ProcessResult RunAdapter(const std::vector<std::string>& args, const std::vector<std::string>& env = {}) {
  return RunProcess(AdapterBinary(), args, env);
}

// A fresh temporary directory, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  // Writes `content` to `name` and returns its path.
  std::string Write(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

std::string ReadFile(const std::string& path);

}  // namespace als::testing

#endif  // ALS_TESTS_TESTING_PROCESS_H_
