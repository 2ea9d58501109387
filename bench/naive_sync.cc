// The naive baseline for the online benchmark: what a user would script with a
// generic FHIR client. For the same patients as `als-adapter sync` (ALS
// Conditions discovered the same way) it sends one search per resource type
// per patient (the types the adapter reads, every page followed), evaluates
// with the adapter's library, and writes each resource of the write set with
// its own request (conditional PUT for CarePlan and Flag, POST for the
// Provenance, whose targets are rewritten to the ids the PUTs returned).
// Prints one line of key=value figures for bench/run.sh.
//
//   naive_sync --config sync.json [--as-of YYYY-MM-DD] [--concurrency N]

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "als/client/fhir_client.h"
#include "als/fhir/datatypes.h"
#include "als/fhir/date.h"
#include "als/fhir/json.h"
#include "als/guideline/engine.h"
#include "als/sync/config.h"
#include "als/sync/evaluator.h"
#include "als/sync/patient_reader.h"
#include "als/terminology/terminology.h"
#include "cpu_clock.h"

namespace {

using namespace als;

struct Totals {
  std::atomic<size_t> patients{0}, resources_written{0}, failed{0};
};

// PUT Type?identifier=... / POST Provenance, one request per entry.
Status WriteEntries(client::FhirClient& client, const output::PatientWriteSet& write_set, Totals* totals) {
  std::map<std::string, std::string> written;  // fullUrl -> Type/id
  for (const output::WriteEntry& entry : write_set.entries) {
    rapidjson::Document resource;
    resource.Parse(entry.resource.c_str(), entry.resource.size());
    if (resource.HasParseError()) return MakeError(ErrorCode::kInternal, entry.full_url, "unparsable write entry");
    if (entry.method == "PUT") {
      size_t query = entry.url.find('?');
      size_t equals = entry.url.find('=', query);
      if (query == std::string::npos || equals == std::string::npos) {
        return MakeError(ErrorCode::kInternal, entry.url, "not a conditional update");
      }
      client::QueryParams criteria{{entry.url.substr(query + 1, equals - query - 1), entry.url.substr(equals + 1)}};
      ALS_ASSIGN_OR_RETURN(client::WriteResult result, client.ConditionalUpdate(resource, criteria));
      written[entry.full_url] = entry.resource_type + "/" + result.id;
    } else {
      if (rapidjson::Value* targets = resource.HasMember("target") ? &resource["target"] : nullptr;
          targets != nullptr && targets->IsArray()) {
        for (auto& target : targets->GetArray()) {
          std::string reference(fhir::StringOr(target, "reference"));
          if (auto it = written.find(reference); it != written.end()) {
            target["reference"].SetString(it->second.c_str(), static_cast<rapidjson::SizeType>(it->second.size()),
                                          resource.GetAllocator());
          }
        }
      }
      ALS_ASSIGN_OR_RETURN(client::WriteResult result, client.CreateResource(resource));
      (void)result;
    }
    ++totals->resources_written;
  }
  return Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  std::string config_path, as_of;
  int concurrency = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--config" && i + 1 < argc) {
      config_path = argv[++i];
    } else if (arg == "--as-of" && i + 1 < argc) {
      as_of = argv[++i];
    } else if (arg == "--concurrency" && i + 1 < argc) {
      concurrency = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: naive_sync --config sync.json [--as-of YYYY-MM-DD] [--concurrency N]\n");
      return 2;
    }
  }
  auto config = sync::LoadSyncConfig(config_path);
  if (!config.ok()) {
    std::fprintf(stderr, "naive_sync: %s\n", config.error().ToString().c_str());
    return 2;
  }
  if (concurrency <= 0) concurrency = config->concurrency;
  fhir::Day today = fhir::TodayUtc();
  if (!as_of.empty()) {
    auto day = fhir::ParseIsoDay(as_of);
    if (!day.ok()) return 2;
    today = *day;
  }
  std::vector<std::string> mapping_dirs{terminology::Terminology::DefaultDirectory()};
  mapping_dirs.insert(mapping_dirs.end(), config->mappings.begin(), config->mappings.end());
  auto terminology = terminology::Terminology::Load(mapping_dirs);
  auto client = client::FhirClient::Create(config->server);
  if (!terminology.ok() || !client.ok()) {
    std::fprintf(stderr, "naive_sync: cannot set up the terminology or the client\n");
    return 2;
  }
  guideline::RuleEngine engine(config->parameters);
  sync::Evaluator evaluator(*terminology, engine, sync::SyncOutputSettings(*config, today));

  auto start = std::chrono::steady_clock::now();
  // Discovery, as the adapter does it: Conditions coded with the ALS ValueSet.
  std::string codes;
  for (const fhir::Coding& coding : terminology->CodesOf("als")) {
    codes += (codes.empty() ? "" : ",") + coding.system + "|" + coding.code;
  }
  auto found = (*client)->Search("Condition", {{"code", codes}});
  if (!found.ok()) {
    std::fprintf(stderr, "naive_sync: %s\n", found.error().ToString().c_str());
    return 1;
  }
  std::vector<std::string> patients;
  for (const auto& entry : found->entries().GetArray()) {
    const rapidjson::Value* resource = fhir::Member(entry, "resource");
    const rapidjson::Value* subject = resource ? fhir::Member(*resource, "subject") : nullptr;
    std::string id = subject ? fhir::ReferenceId(fhir::StringOr(*subject, "reference"), "Patient") : "";
    if (!id.empty()) patients.push_back(id);
  }
  std::sort(patients.begin(), patients.end());
  patients.erase(std::unique(patients.begin(), patients.end()), patients.end());
  client::RequestStatsSnapshot after_discovery = (*client)->Stats();

  Totals totals;
  std::atomic<size_t> next{0};
  auto worker = [&]() {
    for (size_t i; (i = next++) < patients.size();) {
      const std::string& id = patients[i];
      ++totals.patients;
      sync::PatientData data(client->get(), id);
      bool ok = true;
      for (const sync::PatientSearch& search : sync::PatientSearches(id)) {  // one search per type
        auto result = (*client)->Search(search.type, search.params);
        if (!result.ok()) {
          std::fprintf(stderr, "naive_sync: Patient/%s: %s\n", id.c_str(), result.error().ToString().c_str());
          ok = false;
          break;
        }
        data.AddSearchset(std::move(result->bundle));
      }
      if (!ok) {
        ++totals.failed;
        continue;
      }
      sync::PatientResult result = evaluator.Evaluate(id, data.resources(), &data);
      if (Status status = WriteEntries(**client, result.write_set, &totals); !status.ok()) {
        std::fprintf(stderr, "naive_sync: Patient/%s: %s\n", id.c_str(), status.error().ToString().c_str());
        ++totals.failed;
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < std::max(1, std::min<int>(concurrency, static_cast<int>(patients.size()))); ++t) {
    threads.emplace_back(worker);
  }
  for (std::thread& thread : threads) thread.join();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  client::RequestStatsSnapshot stats = (*client)->Stats();
  auto delta = [&](client::RequestKind kind) { return stats.of(kind) - after_discovery.of(kind); };
  uint64_t reads = delta(client::RequestKind::kSearchPage) + delta(client::RequestKind::kRead) +
                   delta(client::RequestKind::kBatch);
  uint64_t writes = delta(client::RequestKind::kCreate) + delta(client::RequestKind::kUpdate) +
                    delta(client::RequestKind::kTransaction);
  double cpu = ProcessCpuSeconds();
  size_t n = std::max<size_t>(1, totals.patients.load());
  std::printf(
      "patients=%zu failed=%zu resources_written=%zu discovery_requests=%llu read_requests=%llu write_requests=%llu "
      "reads_per_patient=%.2f writes_per_patient=%.2f wall_s=%.2f wall_ms_per_patient=%.1f cpu_s=%.3f concurrency=%d "
      "client_stats=\"%s\"\n",
      totals.patients.load(), totals.failed.load(), totals.resources_written.load(),
      static_cast<unsigned long long>(after_discovery.of(client::RequestKind::kSearchPage)),
      static_cast<unsigned long long>(reads), static_cast<unsigned long long>(writes),
      static_cast<double>(reads) / n, static_cast<double>(writes) / n, wall, wall * 1e3 / n, cpu, concurrency,
      stats.ToString().c_str());
  return totals.failed.load() == 0 ? 0 : 1;
}
