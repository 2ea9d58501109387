#include "als/sync/config.h"

#include <filesystem>
#include <set>

#include "als/common/file.h"
#include "als/fhir/json.h"
#include "als/guideline/rule.h"
#include "als/terminology/terminology.h"

namespace als::sync {
namespace {

namespace fs = std::filesystem;

Error Bad(const std::string& file, const std::string& key, const std::string& message) {
  return MakeError(ErrorCode::kInvalidArgument, file + ": " + key, message);
}

std::string Resolve(const std::string& path, const std::string& folder) {
  if (path.empty() || fs::path(path).is_absolute()) return path;
  return (fs::path(folder) / path).lexically_normal().string();
}

Result<int> ReadInt(const rapidjson::Value& value, const std::string& file, const std::string& key, int min, int max) {
  if (!value.IsInt() || value.GetInt() < min || value.GetInt() > max) {
    return Bad(file, key, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return value.GetInt();
}

Result<std::string> ReadString(const rapidjson::Value& value, const std::string& file, const std::string& key) {
  if (!value.IsString() || value.GetStringLength() == 0) return Bad(file, key, "must be a non-empty string");
  return std::string(value.GetString(), value.GetStringLength());
}

Status ReadPatients(const rapidjson::Value& value, const std::string& file, PatientSelection* selection) {
  if (value.IsString() && std::string(value.GetString()) == "discover") {
    selection->kind = PatientSelection::Kind::kDiscover;
    return Status::Ok();
  }
  if (!value.IsObject()) {
    return Bad(file, "patients", "must be \"discover\", {\"ids\": [...]} or {\"group\": \"Group/<id>\"}");
  }
  for (const auto& member : value.GetObject()) {
    std::string key = member.name.GetString();
    if (key == "ids") {
      if (!member.value.IsArray() || member.value.Empty()) return Bad(file, "patients.ids", "must be a non-empty array of ids");
      for (const auto& id : member.value.GetArray()) {
        if (!id.IsString() || id.GetStringLength() == 0) return Bad(file, "patients.ids", "every id must be a non-empty string");
        selection->ids.emplace_back(id.GetString());
      }
      selection->kind = PatientSelection::Kind::kIds;
    } else if (key == "group") {
      ALS_ASSIGN_OR_RETURN(std::string group, ReadString(member.value, file, "patients.group"));
      if (group.rfind("Group/", 0) == 0) group = group.substr(6);
      selection->group_id = group;
      selection->kind = PatientSelection::Kind::kGroup;
    } else {
      return Bad(file, "patients." + key, "unknown key (known: ids, group)");
    }
  }
  if (!selection->ids.empty() && !selection->group_id.empty()) {
    return Bad(file, "patients", "give either ids or group, not both");
  }
  return Status::Ok();
}

}  // namespace

Result<SyncConfig> LoadSyncConfig(const std::string& path) {
  ALS_ASSIGN_OR_RETURN(std::string text, ReadFile(path, kMaxSettingsFileBytes));
  ALS_ASSIGN_OR_RETURN(rapidjson::Document json, fhir::ParseJson(text, path));
  if (!json.IsObject()) return MakeError(ErrorCode::kInvalidArgument, path, "the configuration must be a JSON object");
  std::string folder = fs::path(path).parent_path().string();
  if (folder.empty()) folder = ".";

  SyncConfig config;
  config.path = path;
  config.canonical_base = terminology::kCanonicalBase;
  config.ledger_path = Resolve("als-adapter-ledger.db", folder);
  config.parameters = guideline::Parameters::Defaults(guideline::Catalogue());
  bool has_server = false;
  static const std::set<std::string> kKnown = {"server",      "canonical_base", "patients",
                                                "concurrency", "ledger",         "parameters",
                                                "mappings",    "incremental",    "full_reevaluation_hours",
                                                "max_transaction_entries", "patients_per_batch", "comment"};
  for (const auto& member : json.GetObject()) {
    std::string key = member.name.GetString();
    const rapidjson::Value& value = member.value;
    if (!kKnown.count(key)) {
      std::string known;
      for (const std::string& k : kKnown) known += (known.empty() ? "" : ", ") + k;
      return Bad(path, key, "unknown key (known: " + known + ")");
    }
    if (key == "server") {
      ALS_ASSIGN_OR_RETURN(config.server, client::ParseClientSettings(value, path, folder));
      has_server = true;
    } else if (key == "canonical_base") {
      ALS_ASSIGN_OR_RETURN(std::string base, ReadString(value, path, key));
      ALS_ASSIGN_OR_RETURN(config.canonical_base, terminology::CheckCanonicalBase(base, path + ": " + key));
    } else if (key == "patients") {
      ALS_RETURN_IF_ERROR(ReadPatients(value, path, &config.patients));
    } else if (key == "concurrency") {
      ALS_ASSIGN_OR_RETURN(config.concurrency, ReadInt(value, path, key, 1, 64));
    } else if (key == "ledger") {
      ALS_ASSIGN_OR_RETURN(std::string ledger, ReadString(value, path, key));
      config.ledger_path = Resolve(ledger, folder);
    } else if (key == "parameters") {
      ALS_RETURN_IF_ERROR(config.parameters.Override(value, path + ": parameters"));
    } else if (key == "mappings") {
      if (!value.IsArray()) return Bad(path, key, "must be an array of folders with site ValueSets/ConceptMaps");
      for (const auto& folder_value : value.GetArray()) {
        ALS_ASSIGN_OR_RETURN(std::string dir, ReadString(folder_value, path, key + "[]"));
        config.mappings.push_back(Resolve(dir, folder));
      }
    } else if (key == "incremental") {
      if (!value.IsBool()) return Bad(path, key, "must be true or false");
      config.incremental = value.GetBool();
    } else if (key == "full_reevaluation_hours") {
      ALS_ASSIGN_OR_RETURN(config.full_reevaluation_hours, ReadInt(value, path, key, 1, 24 * 90));
    } else if (key == "patients_per_batch") {
      ALS_ASSIGN_OR_RETURN(config.patients_per_batch, ReadInt(value, path, key, 1, 50));
    } else if (key == "max_transaction_entries") {
      ALS_ASSIGN_OR_RETURN(config.max_transaction_entries, ReadInt(value, path, key, 0, 100000));
      if (config.max_transaction_entries == 1) return Bad(path, key, "must be 0 (no limit) or at least 2");
    }
  }
  if (!has_server) return Bad(path, "server", "missing: the FHIR server to sync with");
  return config;
}

}  // namespace als::sync
