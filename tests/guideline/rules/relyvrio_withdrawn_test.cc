#include <catch2/catch.hpp>

#include "guideline/rules/disease_modifying_vignettes.h"

namespace als::testing {
namespace {

using namespace dmt;  // NOLINT
using guideline::OutputKind;
using guideline::Priority;

constexpr char kRelyvrioCode[] = "sodium-phenylbutyrate-taurursodiol";

// A MedicationRequest/Statement coded only by text, as many EHRs send it.
Vignette& ByText(Vignette& v, const std::string& type, const std::string& status, const std::string& text,
                 const std::string& date) {
  std::string when = type == "MedicationRequest" ? R"("authoredOn":")" + date + "\""
                                                 : R"("effectivePeriod":{"start":")" + date + "\"}";
  std::string intent = type == "MedicationRequest" ? R"("intent":"order",)" : "";
  return v.Resource(type, R"("status":")" + status + R"(",)" + intent + R"("medicationCodeableConcept":{"text":")" +
                              text + R"("},)" + when);
}

// C13: current patients could continue (free-drug programme): a review alert, not a hard stop.
TEST_CASE("relyvrio-withdrawn C13: a continuing statement from before April 2024 is a Medium review alert",
          "[rules][relyvrio-withdrawn][C13]") {
  Vignette v;
  v.Als("2022-06-01");
  ByText(v, "MedicationStatement", "active", "Relyvrio 3 g/1 g powder for oral suspension", "2023-01-15");
  auto findings = v.FindingsOf("relyvrio-withdrawn", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == OutputKind::kFlag);
  CHECK(findings[0].priority == Priority::kMedium);
  CHECK(Has(Own(findings[0]), "continuing from before the withdrawal"));
  CHECK(Has(Own(findings[0]), "free-drug programme"));
  CHECK(Has(Own(findings[0]), "Review with the patient"));
  CHECK_FALSE(Has(Lower(Own(findings[0])), "stop relyvrio"));
  CHECK_FALSE(Has(Lower(Own(findings[0])), "discontinue"));
  CHECK(findings[0].evidence == std::vector<std::string>{"MedicationStatement/medicationstatement-2"});
}

TEST_CASE("relyvrio-withdrawn: a new or draft request is High", "[rules][relyvrio-withdrawn]") {
  Vignette draft;
  draft.Als("2022-06-01").Resource("MedicationRequest", R"("status":"draft","intent":"proposal","medicationCodeableConcept":)" +
                                                            Concept(kLocal, kRelyvrioCode) +
                                                            R"(,"authoredOn":"2023-01-01")");
  auto findings = draft.FindingsOf("relyvrio-withdrawn", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == Priority::kHigh);
  CHECK(Has(Own(findings[0]), "a new (draft) order"));
}

TEST_CASE("relyvrio-withdrawn: authored 2024-04-04 is High, 2024-04-03 is Medium", "[rules][relyvrio-withdrawn]") {
  Vignette on;
  on.Als("2022-06-01");
  ByText(on, "MedicationRequest", "active", "AMX0035", "2024-04-04");
  CHECK(on.FindingsOf("relyvrio-withdrawn", kAsOf).at(0).priority == Priority::kHigh);
  Vignette before;
  before.Als("2022-06-01");
  ByText(before, "MedicationRequest", "on-hold", "Albrioza", "2024-04-03");
  CHECK(before.FindingsOf("relyvrio-withdrawn", kAsOf).at(0).priority == Priority::kMedium);
}

TEST_CASE("relyvrio-withdrawn does not fire for stopped Relyvrio or for plain sodium phenylbutyrate",
          "[rules][relyvrio-withdrawn]") {
  Vignette stopped;
  stopped.Als("2022-06-01");
  ByText(stopped, "MedicationStatement", "stopped", "Relyvrio", "2023-01-15");
  CHECK_FALSE(stopped.Fires("relyvrio-withdrawn", kAsOf));
  Vignette buphenyl;  // a urea-cycle drug, not Relyvrio
  buphenyl.Als("2022-06-01");
  ByText(buphenyl, "MedicationStatement", "active", "Buphenyl 500 mg tablet", "2023-01-15");
  CHECK_FALSE(buphenyl.Fires("relyvrio-withdrawn", kAsOf));
}

// C1: PB/TURSO is never proposed by any rule (only ever alerted).
TEST_CASE("relyvrio-withdrawn C1: no rule proposes PB/TURSO", "[rules][relyvrio-withdrawn][C1]") {
  Vignette naive;  // a new ALS patient: treatment proposals name riluzole, never PB/TURSO
  naive.Patient("1960-01-01").Als("2026-05-01");
  Vignette user;
  user.Patient("1960-01-01").Als("2022-06-01");
  ByText(user, "MedicationStatement", "active", "sodium phenylbutyrate and taurursodiol", "2023-01-15");
  for (const Vignette* v : {&naive, &user}) {
    for (const auto& finding : v->Findings(kAsOf)) {
      if (finding.kind != OutputKind::kActivity) continue;
      const std::string text = Lower(Own(finding));
      INFO(finding.rule_id << ": " << text);
      CHECK_FALSE(Has(text, "relyvrio"));
      CHECK_FALSE(Has(text, "phenylbutyrate"));
      CHECK_FALSE(Has(text, "pb/turso"));
      CHECK_FALSE(Has(finding.action, "relyvrio"));
    }
  }
  CHECK(user.Fires("relyvrio-withdrawn", kAsOf));
}

}  // namespace
}  // namespace als::testing
