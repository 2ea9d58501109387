#include <catch2/catch.hpp>

#include "guideline/rules/disease_modifying_vignettes.h"

namespace als::testing {
namespace {

using namespace dmt;  // NOLINT
using guideline::Priority;

TEST_CASE("genetic-testing-consider: ALS without an SOD1 result gets a Low offer", "[rules][genetic-testing-consider]") {
  Vignette v;
  v.Patient("1960-01-01").Als("2026-01-10");
  auto findings = v.FindingsOf("genetic-testing-consider", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "genetic-counselling");
  CHECK(findings[0].priority == Priority::kLow);  // the patient's own ALS is not a family history
  CHECK(Has(Own(findings[0]), "including SOD1"));
  CHECK(Has(Own(findings[0]), "tofersen"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-1"});
}

TEST_CASE("genetic-testing-consider: Medium with a family history of ALS or FTD", "[rules][genetic-testing-consider]") {
  Vignette v;
  v.Als("2026-01-10").Resource("FamilyMemberHistory",
                               R"("status":"completed","relationship":)" +
                                   Concept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", "MTH") +
                                   R"(,"condition":[{"code":)" + Concept(kSnomed, "230270009") + "}]");
  auto findings = v.FindingsOf("genetic-testing-consider", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == Priority::kMedium);
  CHECK(HasEvidence(findings[0], "FamilyMemberHistory/familymemberhistory-2"));
  CHECK(Has(Own(findings[0]), "Family history of ALS/FTD"));
}

TEST_CASE("genetic-testing-consider does not fire with an SOD1 result (any classification) or a panel",
          "[rules][genetic-testing-consider]") {
  for (const char* significance : {"LA6668-3", "LA26333-7", "LA6675-8"}) {
    Vignette v;
    v.Als("2026-01-10");
    Sod1Variant(v, significance);
    INFO(significance);
    CHECK_FALSE(v.Fires("genetic-testing-consider", kAsOf));
  }
  Vignette panel;
  panel.Als("2026-01-10").Resource("DiagnosticReport", R"("status":"final","code":)" +
                                                           Concept(kLocal, "als-gene-panel") +
                                                           R"(,"effectiveDateTime":"2026-02-01")");
  CHECK_FALSE(panel.Fires("genetic-testing-consider", kAsOf));
  Vignette ordered;
  ordered.Als("2026-01-10").Resource("ServiceRequest", R"("status":"active","intent":"order","code":)" +
                                                           Concept(kLocal, "sod1-gene-test") +
                                                           R"(,"authoredOn":"2026-05-01")");
  CHECK_FALSE(ordered.Fires("genetic-testing-consider", kAsOf));
}

TEST_CASE("genetic-testing-consider: a refusal suppresses for 90 days", "[rules][genetic-testing-consider]") {
  Vignette recent;
  recent.Als("2026-01-10");
  ProcedureOn(recent, kLocal, "genetic-counselling", DaysAgo(90), "not-done");
  CHECK_FALSE(recent.Fires("genetic-testing-consider", kAsOf));
  Vignette old;
  old.Als("2026-01-10");
  ProcedureOn(old, kLocal, "genetic-counselling", DaysAgo(91), "not-done");
  CHECK(old.Fires("genetic-testing-consider", kAsOf));
}

}  // namespace
}  // namespace als::testing
