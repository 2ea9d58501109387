// `als-adapter sync` against the real local FHIR server (issue 5, item 10).
#include <catch2/catch.hpp>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include <fcntl.h>

#include <sqlite3.h>

#include "als/fhir/json.h"
#include "als/sync/ledger.h"
#include "testing/process.h"
#include "testing/test_server.h"
#include "testing/vignette.h"

extern char** environ;

namespace als::testing {
namespace {

constexpr char kCarePlanSystem[] = "http://als-adapter.org/fhir/identifier/careplan";
constexpr char kFlagSystem[] = "http://als-adapter.org/fhir/identifier/flag";

std::string Today(int days_ago = 0) {
  std::time_t t = std::time(nullptr) - static_cast<std::time_t>(days_ago) * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &tm);
  return buffer;
}

// Patient ids unique to this test process, so that the tests can run again
// against a server that still holds an earlier run's data.
std::string Unique(const std::string& base) {
  static const std::string suffix = std::to_string(getpid()) + "-" + std::to_string(std::time(nullptr) % 100000);
  return base + "-" + suffix;
}

const std::string kSyncCreate1 = Unique("sync-create-1");
const std::string kSyncFvc1 = Unique("sync-fvc-1");
const std::string kSyncFlag1 = Unique("sync-flag-1");
const std::string kSyncClin1 = Unique("sync-clin-1");
const std::string kSyncEdit1 = Unique("sync-edit-1");
const std::string kSyncFailA = Unique("sync-fail-a");
const std::string kSyncFailB = Unique("sync-fail-b");
const std::string kSyncDry1 = Unique("sync-dry-1");
const std::string kSyncLock1 = Unique("sync-lock-1");
const std::string kSyncGroupA = Unique("sync-group-a");
const std::string kSyncGroupB = Unique("sync-group-b");

// A test's own sync configuration (ids mode) and ledger in a temp folder.
struct SyncSetup {
  TempDir dir;
  std::string config;
  explicit SyncSetup(const std::vector<std::string>& patient_ids, const std::string& server_extra = "") {
    std::string ids;
    for (const auto& id : patient_ids) ids += (ids.empty() ? "\"" : ",\"") + id + "\"";
    config = dir.Write("sync.json", R"({"server":{"base_url":")" + TestServer::Get().fhir_base() +
                                        R"(","retry":{"max_attempts":2,"initial_backoff_ms":50})" + server_extra +
                                        R"(},"patients":{"ids":[)" + ids +
                                        R"(]},"concurrency":2,"ledger":"ledger.db","max_transaction_entries":8})");
  }
  ProcessResult Sync(const std::vector<std::string>& more = {}) const {
    std::vector<std::string> args{"sync", "--config", config};
    args.insert(args.end(), more.begin(), more.end());
    return RunAdapter(args);
  }
};

std::string LastLine(const std::string& text) {
  size_t end = text.find_last_not_of('\n');
  if (end == std::string::npos) return "";
  size_t start = text.rfind('\n', end);
  return text.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1) + 1);
}

rapidjson::Document Search(const std::string& query) {
  HttpReply reply = TestServer::Get().GetFhir(query);
  REQUIRE(reply.status == 200);
  return reply.Json();
}

size_t Total(const rapidjson::Document& bundle) { return bundle.HasMember("entry") ? bundle["entry"].Size() : 0; }

rapidjson::Document CarePlanOf(const std::string& patient) {
  return Search(std::string("CarePlan?identifier=") + kCarePlanSystem + "|" + patient);
}

rapidjson::Document FlagOf(const std::string& patient, const std::string& rule) {
  return Search(std::string("Flag?identifier=") + kFlagSystem + "|" + patient + ":" + rule);
}

bool HasActivity(const rapidjson::Value& careplan, const std::string& action) {
  if (!careplan.HasMember("activity")) return false;
  for (const auto& activity : careplan["activity"].GetArray()) {
    for (const auto& coding : activity["detail"]["code"]["coding"].GetArray()) {
      if (action == coding["code"].GetString()) return true;
    }
  }
  return false;
}

Vignette AlsPatient(const std::string& id) {
  Vignette v(id);
  v.IdPrefix(id + "-").Patient("1961-03-04").Als(Today(400)).Fvc(68, Today(20)).Weight(70, Today(20));
  return v;
}

TEST_CASE("sync: the first run creates, the second writes nothing", "[integration][sync]") {
  const TestServer& server = TestServer::Get();
  Vignette patient = AlsPatient(kSyncCreate1);
  server.PutAll(patient.resources());
  SyncSetup setup({kSyncCreate1});

  ProcessResult first = setup.Sync();
  INFO(first.err);
  REQUIRE(first.exit_status == 0);
  CHECK(LastLine(first.out).rfind("sync: 1 patients, ", 0) == 0);
  CHECK(LastLine(first.out).find(" 0 failed") != std::string::npos);
  CHECK(LastLine(first.out).find(" 0 created") == std::string::npos);
  rapidjson::Document careplans = CarePlanOf(kSyncCreate1);
  REQUIRE(Total(careplans) == 1);
  const rapidjson::Value& careplan = careplans["entry"][0]["resource"];
  CHECK(std::string(careplan["subject"]["reference"].GetString()) == "Patient/" + kSyncCreate1);
  CHECK(HasActivity(careplan, "start-riluzole"));
  // Provenance for the write names the adapter and the sources.
  CHECK(Total(Search("Provenance?target=CarePlan/" + std::string(careplan["id"].GetString()))) >= 1);

  // The next run is incremental: nothing changed on the server, so nobody is evaluated.
  ProcessResult second = setup.Sync();
  INFO(second.err);
  REQUIRE(second.exit_status == 0);
  CHECK(LastLine(second.out) == "sync: 0 patients, 0 created, 0 updated, 0 unchanged, 0 failed");
  // A full evaluation of the patient finds nothing to rewrite either.
  ProcessResult full = setup.Sync({"--patient", kSyncCreate1});
  INFO(full.err);
  REQUIRE(full.exit_status == 0);
  CHECK(LastLine(full.out) == "sync: 1 patients, 0 created, 0 updated, 1 unchanged, 0 failed");
  CHECK(Total(CarePlanOf(kSyncCreate1)) == 1);
}

TEST_CASE("sync: a new FVC of 45% updates the CarePlan with the NIV referral", "[integration][sync]") {
  const TestServer& server = TestServer::Get();
  Vignette patient = AlsPatient(kSyncFvc1);
  server.PutAll(patient.resources());
  SyncSetup setup({kSyncFvc1});
  REQUIRE(setup.Sync().exit_status == 0);
  CHECK_FALSE(HasActivity(CarePlanOf(kSyncFvc1)["entry"][0]["resource"], "niv-referral"));

  Vignette update(kSyncFvc1);
  update.IdPrefix(kSyncFvc1 + "-new-").Fvc(45, Today(1));
  server.PutAll(update.resources());
  ProcessResult run = setup.Sync();
  INFO(run.err);
  REQUIRE(run.exit_status == 0);
  CHECK(LastLine(run.out).find(" 0 updated") == std::string::npos);
  rapidjson::Document careplans = CarePlanOf(kSyncFvc1);
  REQUIRE(Total(careplans) == 1);
  CHECK(HasActivity(careplans["entry"][0]["resource"], "niv-referral"));
}

TEST_CASE("sync: a Flag whose rule stops firing becomes inactive with period.end", "[integration][sync]") {
  const TestServer& server = TestServer::Get();
  Vignette patient = AlsPatient(kSyncFlag1);
  patient.MedicationRequest("35623", "active", Today(200), 50, 2).Alt(260, Today(10), 40).Ast(30, Today(10), 40);
  server.PutAll(patient.resources());
  SyncSetup setup({kSyncFlag1});
  REQUIRE(setup.Sync().exit_status == 0);
  rapidjson::Document flags = FlagOf(kSyncFlag1, "riluzole-alt-gt5");
  REQUIRE(Total(flags) == 1);
  CHECK(std::string(flags["entry"][0]["resource"]["status"].GetString()) == "active");

  Vignette normal(kSyncFlag1);
  normal.IdPrefix(kSyncFlag1 + "-later-").Alt(35, Today(2), 40).Ast(30, Today(2), 40);
  server.PutAll(normal.resources());
  ProcessResult run = setup.Sync();
  INFO(run.err);
  REQUIRE(run.exit_status == 0);
  flags = FlagOf(kSyncFlag1, "riluzole-alt-gt5");
  REQUIRE(Total(flags) == 1);  // updated, never deleted or duplicated
  const rapidjson::Value& flag = flags["entry"][0]["resource"];
  CHECK(std::string(flag["status"].GetString()) == "inactive");
  REQUIRE(flag["period"].HasMember("end"));
  // The retired Flag (inactive, period.end, the adapter's tag) still meets the profile.
  std::vector<std::string> issues = server.Validate(fhir::ToJson(flag));
  INFO((issues.empty() ? std::string() : issues.front()));
  CHECK(issues.empty());
}

TEST_CASE("sync: a clinician's own CarePlan is never modified", "[integration][sync]") {
  const TestServer& server = TestServer::Get();
  Vignette patient = AlsPatient(kSyncClin1);
  const std::string own_id = kSyncClin1 + "-own";
  patient.Raw(R"({"resourceType":"CarePlan","id":")" + own_id + R"(","status":"active","intent":"plan","subject":{"reference":"Patient/)" + kSyncClin1 + R"("},"title":"Neurologist's plan","identifier":[{"system":"http://hospital.example/careplans","value":"cp-1"}]})");
  server.PutAll(patient.resources());
  std::string before = server.GetFhir("CarePlan/" + own_id).body;
  SyncSetup setup({kSyncClin1});
  REQUIRE(setup.Sync().exit_status == 0);
  REQUIRE(setup.Sync().exit_status == 0);
  CHECK(server.GetFhir("CarePlan/" + own_id).body == before);
  CHECK(Total(CarePlanOf(kSyncClin1)) == 1);
}

TEST_CASE("sync: a clinician's edit of the adapter CarePlan survives, and a stale write gets 412", "[integration][sync]") {
  const TestServer& server = TestServer::Get();
  Vignette patient = AlsPatient(kSyncEdit1);
  server.PutAll(patient.resources());
  SyncSetup setup({kSyncEdit1});
  REQUIRE(setup.Sync().exit_status == 0);
  rapidjson::Document careplans = CarePlanOf(kSyncEdit1);
  REQUIRE(Total(careplans) == 1);
  rapidjson::Value& careplan = careplans["entry"][0]["resource"];
  std::string id = careplan["id"].GetString();
  std::string old_version = careplan["meta"]["versionId"].GetString();
  // The clinician marks the riluzole activity as in progress.
  for (auto& activity : careplan["activity"].GetArray()) {
    if (std::string(activity["detail"]["code"]["coding"][0]["code"].GetString()) == "start-riluzole") {
      activity["detail"]["status"].SetString("in-progress");
    }
  }
  HttpReply edited = server.Request("PUT", "/fhir/CarePlan/" + id, fhir::ToJson(careplan));
  REQUIRE(edited.status == 200);

  // A writer holding the old version cannot overwrite the edit.
  HttpReply stale = server.Request(
      "POST", "/fhir",
      R"({"resourceType":"Bundle","type":"transaction","entry":[{"resource":)" + fhir::ToJson(careplan) +
          R"(,"request":{"method":"PUT","url":"CarePlan/)" + id + R"(","ifMatch":"W/\")" + old_version + R"(\""}}]})");
  CHECK(stale.status == 412);

  // New data changes the plan; the adapter's rewrite keeps the clinician's status.
  Vignette update(kSyncEdit1);
  update.IdPrefix(kSyncEdit1 + "-new-").Fvc(45, Today(1));
  server.PutAll(update.resources());
  ProcessResult run = setup.Sync();
  INFO(run.err);
  REQUIRE(run.exit_status == 0);
  rapidjson::Document after = CarePlanOf(kSyncEdit1);
  bool kept = false;
  for (const auto& activity : after["entry"][0]["resource"]["activity"].GetArray()) {
    if (std::string(activity["detail"]["code"]["coding"][0]["code"].GetString()) == "start-riluzole") {
      kept = std::string(activity["detail"]["status"].GetString()) == "in-progress";
    }
  }
  CHECK(kept);
  CHECK(HasActivity(after["entry"][0]["resource"], "niv-referral"));
}

TEST_CASE("sync: a patient whose reads fail does not stop the others and is retried next run",
          "[integration][sync]") {
  const TestServer& server = TestServer::Get();
  server.PutAll(AlsPatient(kSyncFailA).resources());
  server.PutAll(AlsPatient(kSyncFailB).resources());
  SyncSetup setup({kSyncFailA, kSyncFailB});
  server.InjectFault(R"({"kind":"500","count":5,"path":"/fhir","bodyContains":")" + kSyncFailA + R"("})");
  ProcessResult first = setup.Sync();
  server.ClearFaults();
  INFO(first.err);
  CHECK(first.exit_status == 1);
  CHECK(LastLine(first.out).find("2 patients") != std::string::npos);
  CHECK(LastLine(first.out).find(" 1 failed") != std::string::npos);
  CHECK(first.err.find("Patient/" + kSyncFailA) != std::string::npos);
  CHECK(Total(CarePlanOf(kSyncFailB)) == 1);
  CHECK(Total(CarePlanOf(kSyncFailA)) == 0);

  // The next (incremental) run takes the failed patient again, though nothing changed.
  ProcessResult second = setup.Sync();
  INFO(second.err);
  CHECK(second.exit_status == 0);
  CHECK(LastLine(second.out).rfind("sync: 1 patients", 0) == 0);
  CHECK(Total(CarePlanOf(kSyncFailA)) == 1);
}

TEST_CASE("sync: a batch of patients refused as a whole is read again one patient per batch",
          "[integration][sync]") {
  const TestServer& server = TestServer::Get();
  server.PutAll(AlsPatient(kSyncGroupA).resources());
  server.PutAll(AlsPatient(kSyncGroupB).resources());
  TempDir dir;
  std::string config = dir.Write("sync.json", R"({"server":{"base_url":")" + server.fhir_base() +
                                                  R"("},"patients":{"ids":[")" + kSyncGroupA + R"(",")" +
                                                  kSyncGroupB + R"("]},"concurrency":1,"patients_per_batch":2,)" +
                                                  R"("ledger":"ledger.db","max_transaction_entries":8})");
  // Every batch that reads the first patient is refused (HTTP 400): the batch
  // of both, then its own; the second patient, read alone, is synced.
  server.InjectFault(R"({"kind":"400","count":2,"path":"/fhir","bodyContains":")" + kSyncGroupA + R"("})");
  ProcessResult run = RunAdapter({"sync", "--config", config});
  server.ClearFaults();
  INFO(run.err);
  CHECK(run.exit_status == 1);
  CHECK(LastLine(run.out).find("2 patients") != std::string::npos);
  CHECK(LastLine(run.out).find(" 1 failed") != std::string::npos);
  CHECK(run.err.find("refused a batch of 2 patients' searches (invalid data)") != std::string::npos);
  CHECK(run.err.find("Patient/" + kSyncGroupA + " failed: POST") != std::string::npos);
  CHECK(run.err.find("Patient/" + kSyncGroupB + " failed") == std::string::npos);
  CHECK(Total(CarePlanOf(kSyncGroupB)) == 1);
  CHECK(Total(CarePlanOf(kSyncGroupA)) == 0);
}

TEST_CASE("sync: patients selected as a Group's members", "[integration][sync]") {
  const TestServer& server = TestServer::Get();
  const std::string member = Unique("sync-group-in"), outsider = Unique("sync-group-out");
  server.PutAll(AlsPatient(member).resources());
  server.PutAll(AlsPatient(outsider).resources());
  const std::string group = Unique("sync-cohort");
  server.PutAll({R"({"resourceType":"Group","id":")" + group +
                 R"(","type":"person","actual":true,"member":[{"entity":{"reference":"Patient/)" + member + R"("}}]})"});
  TempDir dir;
  std::string config = dir.Write("sync.json", R"({"server":{"base_url":")" + server.fhir_base() +
                                                  R"("},"patients":{"group":"Group/)" + group + R"("},"ledger":"l.db"})");
  ProcessResult run = RunAdapter({"sync", "--config", config});
  INFO(run.err);
  REQUIRE(run.exit_status == 0);
  CHECK(LastLine(run.out).rfind("sync: 1 patients", 0) == 0);
  CHECK(Total(CarePlanOf(member)) == 1);
  CHECK(Total(CarePlanOf(outsider)) == 0);
}

TEST_CASE("sync: the periodic full re-evaluation catches a time-based rule with no data change",
          "[integration][sync]") {
  const TestServer& server = TestServer::Get();
  const std::string id = Unique("sync-time");
  server.PutAll(AlsPatient(id).resources());  // FVC 20 days old: respiratory monitoring not due
  SyncSetup setup({id});
  REQUIRE(setup.Sync().exit_status == 0);
  CHECK_FALSE(HasActivity(CarePlanOf(id)["entry"][0]["resource"], "respiratory-assessment"));

  // 100 days later, nothing changed on the server. Within the full-evaluation
  // interval an incremental run does not look at the patient...
  ProcessResult incremental = setup.Sync({"--as-of", Today(-100)});
  REQUIRE(incremental.exit_status == 0);
  CHECK(LastLine(incremental.out).rfind("sync: 0 patients", 0) == 0);
  // ...but once the interval (24 h by default) has passed, the full run does.
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(setup.dir.File("ledger.db").c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "UPDATE watermarks SET last_full_run='2000-01-01T00:00:00Z'", nullptr, nullptr, nullptr) ==
          SQLITE_OK);
  sqlite3_close(db);
  ProcessResult full = setup.Sync({"--as-of", Today(-100)});
  INFO(full.err);
  REQUIRE(full.exit_status == 0);
  CHECK(LastLine(full.out).find("1 updated") != std::string::npos);
  CHECK(HasActivity(CarePlanOf(id)["entry"][0]["resource"], "respiratory-assessment"));
}

TEST_CASE("sync --dry-run prints the transactions and writes nothing", "[integration][sync]") {
  const TestServer& server = TestServer::Get();
  server.PutAll(AlsPatient(kSyncDry1).resources());
  SyncSetup setup({kSyncDry1});
  ProcessResult run = setup.Sync({"--dry-run"});
  INFO(run.err);
  REQUIRE(run.exit_status == 0);
  CHECK(run.out.find("\"type\":\"transaction\"") != std::string::npos);
  CHECK(run.out.find("CarePlan?identifier=") != std::string::npos);
  CHECK(Total(CarePlanOf(kSyncDry1)) == 0);
}

TEST_CASE("sync refuses a second run on the same ledger", "[integration][sync]") {
  SyncSetup setup({kSyncLock1});
  auto held = sync::Ledger::Open(setup.dir.File("ledger.db"));
  REQUIRE(held.ok());
  ProcessResult run = setup.Sync();
  CHECK(run.exit_status == 1);
  CHECK(run.err.find("another sync is running") != std::string::npos);
}

TEST_CASE("sync: configuration errors name the key and exit 2", "[integration][sync]") {
  TempDir dir;
  std::string bad = dir.Write("bad.json", R"({"server":{"base_url":"http://127.0.0.1:1/fhir"},"concurency":4})");
  ProcessResult run = RunAdapter({"sync", "--config", bad});
  CHECK(run.exit_status == 2);
  CHECK(run.err.find("bad.json: concurency: unknown key") != std::string::npos);
  std::string secret = dir.Write("secret.json", R"({"server":{"base_url":"http://127.0.0.1:1/fhir","auth":{"type":"bearer","token":"abc"}}})");
  run = RunAdapter({"sync", "--config", secret});
  CHECK(run.exit_status == 2);
  CHECK(run.err.find("server.auth.token") != std::string::npos);
  CHECK(run.err.find("abc") == std::string::npos);  // never echo a secret
  // A path that names an endless device is refused, not read until memory runs out.
  run = RunAdapter({"sync", "--config", "/dev/zero"});
  CHECK(run.exit_status == 2);
  CHECK(run.err.find("/dev/zero: larger than 8 MB, the most this file may hold") != std::string::npos);
}

TEST_CASE("sync killed with SIGKILL mid-run leaves no duplicates and a consistent ledger", "[integration][sync]") {
  const TestServer& server = TestServer::Get();
  std::vector<std::string> ids;
  for (int i = 0; i < 40; ++i) {
    std::string id = Unique("sync-kill-" + std::to_string(i));
    ids.push_back(id);
    server.PutAll(AlsPatient(id).resources());
  }
  // Rate-limited so that the kill lands mid-run.
  SyncSetup setup(ids, R"(,"max_requests_per_second":15)");
  std::vector<std::string> argv_storage{AdapterBinary(), "sync", "--config", setup.config, "--quiet"};
  std::vector<char*> argv;
  for (auto& arg : argv_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  REQUIRE(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&actions);
  // Kill it once some, but not all, patients have been written (they are
  // processed in id order).
  std::sort(ids.begin(), ids.end());
  for (int waited = 0; waited < 400 && Total(CarePlanOf(ids[2])) == 0; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  CHECK(Total(CarePlanOf(ids.back())) == 0);  // killed mid-run, not after it
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);

  ProcessResult rerun = setup.Sync();
  INFO(rerun.err);
  REQUIRE(rerun.exit_status == 0);
  for (const auto& id : ids) {
    INFO(id);
    CHECK(Total(CarePlanOf(id)) == 1);
    rapidjson::Document flags = Search("Flag?subject=Patient/" + id);
    std::set<std::string> identifiers;
    for (size_t i = 0; i < Total(flags); ++i) {
      CHECK(identifiers.insert(flags["entry"][i]["resource"]["identifier"][0]["value"].GetString()).second);
    }
  }
  auto ledger = sync::Ledger::OpenReadOnly(setup.dir.File("ledger.db"));
  REQUIRE(ledger.ok());
  auto runs = (*ledger)->RecentRuns(5);
  REQUIRE(runs.ok());
  REQUIRE(runs->size() == 2);
  CHECK((*runs)[0].status == "succeeded");
  CHECK((*runs)[1].status == "aborted");
}

}  // namespace
}  // namespace als::testing
