#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "als/guideline/rule.h"
#include "testing/process.h"
#include "testing/vignette.h"

namespace als::terminology {
namespace {

using testing::TestTerminology;

fhir::Coding C(const std::string& system, const std::string& code) { return {system, code, ""}; }

TEST_CASE("Concept lookup is by system and code, never by display", "[terminology]") {
  const Terminology& t = TestTerminology();
  CHECK(Contains(t.ConceptsOf(C(testing::kSnomed, "86044005")), "als"));
  CHECK(Contains(t.ConceptsOf(C(testing::kIcd10, "G12.21")), "als"));
  // Motor neuron disease is not ALS.
  CHECK_FALSE(Contains(t.ConceptsOf(C(testing::kSnomed, "37340000")), "als"));
  CHECK_FALSE(Contains(t.ConceptsOf(C(testing::kIcd10, "G12.20")), "als"));
  // Same code, other system: no match.
  CHECK_FALSE(Contains(t.ConceptsOf(C(testing::kLoinc, "86044005")), "als"));
  fhir::CodeableConcept display_only;
  display_only.codings.push_back({"http://example.org/local", "X1", "Amyotrophic lateral sclerosis"});
  display_only.text = "Amyotrophic lateral sclerosis";
  CHECK(t.ConceptsOf(display_only).empty());
}

TEST_CASE("RxNorm products roll up to their ingredient", "[terminology]") {
  const Terminology& t = TestTerminology();
  CHECK(Contains(t.ConceptsOf(C(testing::kRxNorm, "35623")), "riluzole"));
  CHECK(Contains(t.ConceptsOf(C(testing::kRxNorm, "199206")), "riluzole"));  // riluzole 50 mg oral tablet
  // Plain sodium phenylbutyrate (Buphenyl) is not Relyvrio.
  CHECK_FALSE(Contains(t.ConceptsOf(C(testing::kRxNorm, "214837")), "relyvrio"));
}

TEST_CASE("A concept's codings each add their concepts, ConceptMap targets' included", "[terminology]") {
  const Terminology& t = TestTerminology();
  fhir::ConceptView both;  // as read from a resource: views of its strings
  both.codings.emplace_back(testing::kRxNorm, "199206");  // riluzole 50 mg oral tablet: through the ConceptMap
  both.codings.emplace_back(testing::kSnomed, "86044005");
  ConceptSet concepts = t.ConceptsOf(both);
  CHECK(Contains(concepts, "riluzole"));
  CHECK(Contains(concepts, "als"));
  CHECK(std::is_sorted(concepts.begin(), concepts.end()));
  CHECK(std::adjacent_find(concepts.begin(), concepts.end()) == concepts.end());
  ConceptSet product = t.ConceptsOf(fhir::CodingView(testing::kRxNorm, "199206"));
  for (const std::string& id : product) CHECK(Contains(concepts, id));
  CHECK(t.ConceptsOf(fhir::CodingView(testing::kRxNorm, "no-such-code")).empty());
}

TEST_CASE("Medication text matches through displays too, as whole words only", "[terminology]") {
  const Terminology& t = TestTerminology();
  fhir::ConceptView displayed;
  displayed.codings.emplace_back("http://example.org/local-drugs", "X7", "Rilutek (riluzole) 50 mg");
  CHECK(Contains(t.ConceptsOf(displayed, true), "riluzole"));
  fhir::ConceptView inside_a_word;
  inside_a_word.text = "xrilutekx 50 mg";
  CHECK_FALSE(Contains(t.ConceptsOf(inside_a_word, true), "riluzole"));
}

TEST_CASE("Medication text matches only through the medication-text map, as whole words", "[terminology]") {
  const Terminology& t = TestTerminology();
  fhir::CodeableConcept text_only;
  text_only.text = "Rilutek 50 mg tablet";
  CHECK(Contains(t.ConceptsOf(text_only, /*match_medication_text=*/true), "riluzole"));
  CHECK_FALSE(Contains(t.ConceptsOf(text_only, false), "riluzole"));
  fhir::CodeableConcept relyvrio;
  relyvrio.text = "RELYVRIO powder";
  CHECK(Contains(t.ConceptsOf(relyvrio, true), "relyvrio"));
  fhir::CodeableConcept buphenyl;
  buphenyl.text = "sodium phenylbutyrate 500 mg tablet";
  CHECK_FALSE(Contains(t.ConceptsOf(buphenyl, true), "relyvrio"));
}

TEST_CASE("Action codes carry their standard SNOMED code where one is verified", "[terminology]") {
  const Terminology& t = TestTerminology();
  std::vector<fhir::Coding> niv = t.ActionCodings("niv-referral");
  REQUIRE(niv.size() >= 2);
  CHECK(niv[0].system == kActionSystem);
  bool snomed = false;
  for (const auto& coding : niv) snomed |= coding.system == testing::kSnomed && coding.code == "428311008";
  CHECK(snomed);
}

TEST_CASE("Malformed mappings fail with the file and element", "[terminology]") {
  std::string dir = std::filesystem::temp_directory_path() / "als-bad-mappings";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/valueset-x.json")
      << R"({"resourceType":"ValueSet","id":"x","compose":{"include":[{"system":"http://loinc.org","concept":[{"display":"no code"}]}]}})";
  auto loaded = Terminology::Load({dir});
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.error().location.find("valueset-x.json: ValueSet.compose.include[0].concept[0].code") != std::string::npos);
  std::ofstream(dir + "/valueset-x.json") << "{ not json";
  loaded = Terminology::Load({dir});
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.error().location == dir + "/valueset-x.json:1");
  std::filesystem::remove_all(dir);
}

TEST_CASE("A mapping file nested deeper than a FHIR resource can be is refused, at either parse", "[terminology]") {
  // Depth: the ValueSet 1, its extension array 2, then one per nested object.
  auto valueset = [](int objects) {
    std::string nested = "1";
    for (int i = 0; i < objects; ++i) nested = R"({"x":)" + nested + "}";
    return R"({"resourceType":"ValueSet","id":"deep","extension":[)" + nested +
           R"(],"compose":{"include":[{"system":"http://example.org/local","concept":[{"code":"a"}]}]}})";
  };
  // 64 levels is the most a resource may have (fhir::kMaxResourceDepth): 62
  // objects give 64, 63 give 65. 300 is past the recursive parse, which leaves
  // such input to the iterative one.
  for (auto [objects, refused] : {std::pair{62, false}, {63, true}, {300, true}}) {
    CAPTURE(objects);
    testing::TempDir dir;
    std::string path = dir.Write("valueset-deep.json", valueset(objects));
    auto loaded = Terminology::Load({dir.path()});
    if (refused) {
      REQUIRE_FALSE(loaded.ok());
      CHECK(loaded.error().location == path);
      CHECK(loaded.error().message == "nested too deeply to be a FHIR resource");
    } else {
      CHECK(loaded.ok());
    }
  }
}

// Every concept id, action code and rule id the code names must exist: a typo
// would silently make a rule never fire.
TEST_CASE("Every concept and action the code names exists in mappings/", "[terminology][consistency]") {
  const Terminology& t = TestTerminology();
  std::set<std::string> rule_ids;
  for (const guideline::Rule* rule : guideline::Catalogue()) rule_ids.insert(rule->info.id);
  std::regex concept_call(
      R"re((Find|FindAny|HasActive|Medications|Contains|OnDrug|CurrentUses|DraftOrCurrentUses|DrugStart|OpenRequest|DoneWithin|RefusedWithin|Suppressor|EntriesSince|IssuesAbout|UnusableNote|AddFindings)\([^;"]*?"([a-z0-9-]+)")re");
  std::regex activity_call(R"re(Activity\(\s*"([a-z0-9-]+)")re");
  std::regex fired_call(R"re((Fired|FindingsOf)\(\s*"([a-z0-9-]+)")re");
  size_t checked = 0;
  for (const char* folder : {"src/guideline", "src/model", "src/output"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(ALS_SOURCE_DIR) + "/" + folder)) {
      if (entry.path().extension() != ".cc") continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      std::string source = text.str();
      for (std::sregex_iterator it(source.begin(), source.end(), concept_call), end; it != end; ++it) {
        INFO(entry.path().string() << ": concept '" << (*it)[2] << "'");
        CHECK(t.HasConcept((*it)[2].str()));
        ++checked;
      }
      for (std::sregex_iterator it(source.begin(), source.end(), activity_call), end; it != end; ++it) {
        INFO(entry.path().string() << ": action '" << (*it)[1] << "'");
        CHECK(t.ActionDisplay((*it)[1].str()) != (*it)[1].str());
        ++checked;
      }
      for (std::sregex_iterator it(source.begin(), source.end(), fired_call), end; it != end; ++it) {
        INFO(entry.path().string() << ": rule '" << (*it)[2] << "'");
        CHECK(rule_ids.count((*it)[2].str()) == 1);
        ++checked;
      }
    }
  }
  CHECK(checked > 10);
}

}  // namespace
}  // namespace als::terminology
