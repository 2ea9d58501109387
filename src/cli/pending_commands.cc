// Commands whose components are being built (issue 5): sync, runs, generate.
#include <cstdio>

#include "commands.h"

namespace als::cli {

int RunSync(const std::vector<std::string>&) {
  std::fputs("als-adapter: sync is not available in this build yet\n", stderr);
  return kExitUsage;
}
int RunRuns(const std::vector<std::string>&) {
  std::fputs("als-adapter: runs is not available in this build yet\n", stderr);
  return kExitUsage;
}
int RunGenerate(const std::vector<std::string>&) {
  std::fputs("als-adapter: generate is not available in this build yet\n", stderr);
  return kExitUsage;
}

}  // namespace als::cli
