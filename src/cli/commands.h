// Subcommands of the als-adapter executable. Each returns the process exit
// status of design.md section 3: 0 success, 1 finished with some patients or
// resources not processed (named on stderr), 2 usage/configuration/unreadable input.
#ifndef ALS_CLI_COMMANDS_H_
#define ALS_CLI_COMMANDS_H_

#include <string>
#include <vector>

namespace als::cli {

constexpr int kExitOk = 0;
constexpr int kExitPartial = 1;
constexpr int kExitUsage = 2;

int RunEvaluate(const std::vector<std::string>& args);
int RunRules(const std::vector<std::string>& args);
int RunSync(const std::vector<std::string>& args);
int RunRuns(const std::vector<std::string>& args);
int RunGenerate(const std::vector<std::string>& args);
int RunConformance(const std::vector<std::string>& args);

// Prints "als-adapter: <message>" on stderr and returns kExitUsage.
int UsageError(const std::string& message, const char* usage);

}  // namespace als::cli

#endif  // ALS_CLI_COMMANDS_H_
