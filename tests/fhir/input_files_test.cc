#include <catch2/catch.hpp>

#include <algorithm>
#include <mutex>
#include <string>
#include <vector>

#include "als/fhir/input_files.h"
#include "testing/process.h"

namespace als::fhir {
namespace {

using testing::TempDir;

// What a read saw, in input order, as plain strings.
struct Seen {
  Status status;
  std::vector<std::string> resources;  // "origin|type|id|subject?ref|patient?ref|text"
  std::vector<std::string> warnings;   // "where: message"
};

Seen ReadAll(const std::vector<std::string>& files, int threads, uint64_t chunk_bytes, size_t max_bytes = 64u << 20) {
  InputReadOptions options;
  options.threads = threads;
  options.chunk_bytes = chunk_bytes;
  options.limits.max_resource_bytes = max_bytes;
  std::mutex mutex;
  std::vector<std::pair<InputPosition, std::string>> found;
  std::vector<InputWarning> warnings;
  InputIndex index;
  Seen seen;
  seen.status = ReadInputFiles(
      files, options,
      [&](const InputResource& resource, int thread) {
        CHECK(thread >= 0);
        CHECK(thread < std::max(1, threads));
        std::string text = resource.json ? "(dom)" : std::string(resource.text);
        std::string facts = std::string(resource.type) + "|" + std::string(resource.id) + "|" +
                            (resource.has_subject ? "s:" + std::string(resource.subject_reference) : "-") + "|" +
                            (resource.has_patient ? "p:" + std::string(resource.patient_reference) : "-") + "|" +
                            text;
        std::lock_guard<std::mutex> lock(mutex);
        found.emplace_back(resource.position, facts);
        return Status::Ok();
      },
      &warnings, &index);
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [position, facts] : found) seen.resources.push_back(index.Origin(position) + "|" + facts);
  for (const InputWarning& warning : warnings) seen.warnings.push_back(warning.where + ": " + warning.message);
  return seen;
}

std::string ManyLines(int count) {
  std::string text;
  for (int i = 1; i <= count; ++i) {
    switch (i % 7) {
      case 0:
        text += "\n";  // blank lines count as lines
        break;
      case 1:
        text += R"({"resourceType":"Patient","id":"p)" + std::to_string(i) + "\"}\r\n";
        break;
      case 2:
        text += R"({"resourceType":"Observation","id":"o)" + std::to_string(i) +
                R"(","subject":{"display":"x","reference":"Patient/p)" + std::to_string(i - 1) + "\"}}\n";
        break;
      default:
        text += R"({"resourceType":"Condition","id":"c)" + std::to_string(i) +
                R"(","code":{"text":"a\nb \"q\""},"patient":{"reference":"Patient/p)" + std::to_string(i % 5) +
                "\"}}\n";
    }
  }
  return text;
}

TEST_CASE("NDJSON read in small chunks on several threads: same resources, lines and order", "[fhir][input]") {
  TempDir dir;
  std::string a = dir.Write("a.ndjson", ManyLines(500));
  std::string b = dir.Write("b.ndjson", ManyLines(76).substr(0, ManyLines(76).size() - 1));  // no final newline
  Seen whole = ReadAll({a, b}, 1, 1ull << 40);
  REQUIRE(whole.status.ok());
  REQUIRE(whole.resources.size() == 500 - 500 / 7 + 76 - 76 / 7);
  CHECK(whole.resources[0] == a + ":1|Patient|p1|-|-|" + R"({"resourceType":"Patient","id":"p1"})");
  CHECK(whole.resources[1].rfind(a + ":2|Observation|o2|s:Patient/p1|-|", 0) == 0);
  CHECK(whole.resources.back().rfind(b + ":76|", 0) == 0);
  for (uint64_t chunk : {1ull, 7ull, 100ull, 4096ull}) {
    for (int threads : {1, 2, 3}) {
      Seen chunked = ReadAll({a, b}, threads, chunk);
      INFO("chunk " << chunk << ", threads " << threads);
      REQUIRE(chunked.status.ok());
      CHECK(chunked.resources == whole.resources);
    }
  }
}

TEST_CASE("NDJSON scan: top-level facts as FindMember sees them", "[fhir][input]") {
  TempDir dir;
  std::string path = dir.Write(
      "facts.ndjson",
      "\xEF\xBB\xBF" R"({"resourceType":"Observation","id":"o1","subject":{"reference":"Patient/a"},"subject":{"reference":"Patient/b"}})" "\n"
      R"({"id":7,"resourceType":"Observation","subject":{"identifier":{"reference":"x"},"reference":"Patient/c","reference":"Patient/d"}})" "\n"
      R"({"resourceType":"Observation","subject":"Patient/e","patient":{"reference":{"x":1}},"contained":[{"subject":{"reference":"Patient/f"}}]})" "\n"
      R"({"resourceType":"Observation","nested":{"subject":{"reference":"Patient/g"},"id":"no"}})" "\n"
      R"({"resource\u0054ype":"Patient","i\u0064":"esc"})" "\n");
  Seen seen = ReadAll({path}, 1, 1ull << 40);
  REQUIRE(seen.status.ok());
  REQUIRE(seen.resources.size() == 5);
  // The BOM is not part of the text (RapidJSON skips it).
  CHECK(seen.resources[0] == path + ":1|Observation|o1|s:Patient/a|-|" +
                                 R"({"resourceType":"Observation","id":"o1","subject":{"reference":"Patient/a"},"subject":{"reference":"Patient/b"}})");
  CHECK(seen.resources[1].rfind(path + ":2|Observation||s:Patient/c|-|", 0) == 0);
  CHECK(seen.resources[2].rfind(path + ":3|Observation||s:|p:|", 0) == 0);
  CHECK(seen.resources[3].rfind(path + ":4|Observation||-|-|", 0) == 0);
  CHECK(seen.resources[4].rfind(path + ":5|Patient|esc|-|-|", 0) == 0);
}

TEST_CASE("NDJSON problems: warnings and the first error in input order, with global line numbers", "[fhir][input]") {
  TempDir dir;
  std::string lines = ManyLines(300);
  std::string deep = R"({"resourceType":"Observation","x":)" + std::string(100, '[') + std::string(100, ']') + "}";
  std::string very_deep = R"({"resourceType":"Observation","x":)" + std::string(5000, '[') + std::string(5000, ']') + "}";
  std::string warned = lines + deep + "\n" + R"({"resourceType":""})" + "\n" + very_deep + "\n" +
                       std::string(30000, 'x') + "\n" + lines;
  std::string path = dir.Write("warned.ndjson", warned);
  Seen whole = ReadAll({path}, 1, 1ull << 40, 20000);
  REQUIRE(whole.status.ok());
  std::vector<std::string> expected = {
      path + ":301: nested more than 64 levels deep: not a FHIR resource: skipped",
      path + ":302: not a FHIR resource: no \"resourceType\": skipped",
      path + ":303: nested more than 64 levels deep: not a FHIR resource: skipped",
      path + ":304: line longer than 0 MB: resource skipped",
  };
  CHECK(whole.warnings == expected);
  Seen chunked = ReadAll({path}, 3, 333, 20000);
  REQUIRE(chunked.status.ok());
  CHECK(chunked.warnings == expected);
  CHECK(chunked.resources == whole.resources);

  // Two malformed lines in different chunks: the first is reported, by its line in the file.
  std::string bad = dir.Write("bad.ndjson", lines + "{\"resourceType\": oops}\n" + lines + "{\n" + lines);
  std::string ok = dir.Write("ok.ndjson", lines);
  for (int threads : {1, 3}) {
    Seen broken = ReadAll({ok, bad}, threads, 500);
    REQUIRE_FALSE(broken.status.ok());
    CHECK(broken.status.error().code == ErrorCode::kParse);
    CHECK(broken.status.error().location == bad + ":301");
    CHECK(broken.status.error().message.rfind("malformed JSON: ", 0) == 0);
  }
  // A NUL byte inside a string (which ends the fast in-situ scan early) is malformed too.
  std::string nul = dir.Write("nul.ndjson", lines + std::string("{\"resourceType\":\"Pat\0ient\"}\n", 28) + lines);
  Seen with_nul = ReadAll({nul}, 1, 1ull << 40);
  REQUIRE_FALSE(with_nul.status.ok());
  CHECK(with_nul.status.error().location == nul + ":301");
  CHECK(with_nul.status.error().message.rfind("malformed JSON: ", 0) == 0);
  // Valid JSON that is not a resource stops the read too; so does a file of blank lines.
  std::string array = dir.Write("array.ndjson", lines + "[1,2]\n");
  Seen not_fhir = ReadAll({array}, 2, 100);
  REQUIRE_FALSE(not_fhir.status.ok());
  CHECK(not_fhir.status.error().location == array + ":301");
  CHECK(not_fhir.status.error().message == "valid JSON but not a FHIR resource (no \"resourceType\")");
  std::string blank = dir.Write("blank.ndjson", std::string(50, '\n'));
  Seen empty = ReadAll({ok, blank}, 2, 10);
  REQUIRE_FALSE(empty.status.ok());
  CHECK(empty.status.error().location == blank);
}

TEST_CASE("Bundles: origins name the entry, facts come from the DOM", "[fhir][input]") {
  TempDir dir;
  std::string bundle = dir.Write("b.json", R"({"resourceType":"Bundle","entry":[
    {"fullUrl":"urn:uuid:1","resource":{"resourceType":"Patient","id":"p"}},
    {"request":{"method":"POST"}},
    {"resource":{"resourceType":"Observation","id":"o","subject":{"reference":"urn:uuid:1"}}}]})");
  std::string single = dir.Write("s.json", R"({"resourceType":"Condition","id":"c","patient":{"reference":"Patient/p"}})");
  Seen seen = ReadAll({bundle, single}, 2, 1);
  REQUIRE(seen.status.ok());
  std::vector<std::string> expected = {
      bundle + " Bundle.entry[0]|Patient|p|-|-|(dom)",
      bundle + " Bundle.entry[2]|Observation|o|s:urn:uuid:1|-|(dom)",
      single + "|Condition|c|-|p:Patient/p|(dom)",
  };
  CHECK(seen.resources == expected);
  REQUIRE(seen.warnings.size() == 1);
  CHECK(seen.warnings[0] == bundle + " Bundle.entry[1]: entry without a resource: skipped");
}

}  // namespace
}  // namespace als::fhir
