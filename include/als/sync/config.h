// The sync job's configuration: one JSON file. Secrets are never in it: the
// server's auth settings name files or environment variables.
#ifndef ALS_SYNC_CONFIG_H_
#define ALS_SYNC_CONFIG_H_

#include <string>
#include <vector>

#include "als/client/settings.h"
#include "als/common/result.h"
#include "als/guideline/parameters.h"

namespace als::sync {

struct PatientSelection {
  enum class Kind { kDiscover, kIds, kGroup };
  Kind kind = Kind::kDiscover;
  std::vector<std::string> ids;  // kIds
  std::string group_id;          // kGroup: the Group's id
};

struct SyncConfig {
  std::string path;  // the configuration file
  client::ClientSettings server;
  std::string canonical_base;
  PatientSelection patients;
  int concurrency = 4;
  std::string ledger_path;               // default: als-adapter-ledger.db beside the config
  guideline::Parameters parameters;      // defaults + "parameters" overrides
  std::vector<std::string> mappings;     // site mapping folders, after the built-in mappings/
  bool incremental = true;
  int full_reevaluation_hours = 24;      // a full evaluation at least this often (time-based rules)
  int max_transaction_entries = 0;       // 0: no limit; else split larger write sets (server limits)
  int patients_per_batch = 4;            // patients whose searches share one batch request
};

// Reads and checks the configuration. Unknown keys and bad values are errors
// naming the file and the key path ("sync.json: concurrency: must be 1 to 64").
// Relative paths are resolved against the configuration's folder.
Result<SyncConfig> LoadSyncConfig(const std::string& path);

}  // namespace als::sync

#endif  // ALS_SYNC_CONFIG_H_
