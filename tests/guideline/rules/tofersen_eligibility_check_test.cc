#include <catch2/catch.hpp>

#include "guideline/rules/disease_modifying_vignettes.h"

namespace als::testing {
namespace {

using namespace dmt;  // NOLINT
using guideline::Priority;

// C1: tofersen only with SOD1.
TEST_CASE("tofersen-eligibility-check C1: a tofersen order without an SOD1 result is High",
          "[rules][tofersen-eligibility-check][C1]") {
  Vignette v = Sod1Patient("");
  v.MedicationRequest(kTofersen, "active", "2026-03-01");
  auto findings = v.FindingsOf("tofersen-eligibility-check", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == Priority::kHigh);
  CHECK(Has(findings[0].title, "indicated only for adults with ALS and an SOD1 mutation"));
  CHECK(Has(Own(findings[0]), "no SOD1 genetic result is on file"));
  CHECK(findings[0].evidence == std::vector<std::string>{"MedicationRequest/medicationrequest-2"});
}

TEST_CASE("tofersen-eligibility-check does not fire for an adult with a pathogenic variant",
          "[rules][tofersen-eligibility-check]") {
  Vignette v = Sod1Patient("LA6668-3");
  v.MedicationRequest(kTofersen, "active", "2026-03-01");
  CHECK_FALSE(v.Fires("tofersen-eligibility-check", kAsOf));
  CHECK_FALSE(Sod1Patient("").Fires("tofersen-eligibility-check", kAsOf));  // no tofersen
}

// C14: a VUS gives a Medium genetics-review Flag, neither eligibility nor a High stop.
TEST_CASE("tofersen-eligibility-check C14: VUS only is a Medium genetics review", "[rules][tofersen-eligibility-check][C14]") {
  Vignette v = Sod1Patient("LA26333-7");
  v.MedicationRequest(kTofersen, "draft", "2026-05-01");
  auto findings = v.FindingsOf("tofersen-eligibility-check", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == Priority::kMedium);
  CHECK(Has(findings[0].title, "genetics review needed"));
  CHECK(HasEvidence(findings[0], "Observation/observation-2"));
  CHECK_FALSE(v.Fires("tofersen-offer-sod1", kAsOf));
}

TEST_CASE("tofersen-eligibility-check: age 17 with a pathogenic variant is High; benign SOD1 result is High",
          "[rules][tofersen-eligibility-check]") {
  Vignette minor = Sod1Patient("LA6668-3", "2008-06-02");
  minor.MedicationRequest(kTofersen, "active", "2026-03-01");
  auto findings = minor.FindingsOf("tofersen-eligibility-check", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == Priority::kHigh);
  CHECK(Has(Own(findings[0]), "17 years old"));
  Vignette adult = Sod1Patient("LA6668-3", "2008-06-01");
  adult.MedicationRequest(kTofersen, "active", "2026-03-01");
  CHECK_FALSE(adult.Fires("tofersen-eligibility-check", kAsOf));
  Vignette benign = Sod1Patient("LA6675-8");
  benign.MedicationStatement(kTofersen, "active", "2026-03-01");
  findings = benign.FindingsOf("tofersen-eligibility-check", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(Own(findings[0]), "no pathogenic or likely pathogenic variant"));
}

// The rules.md "no ALS_DX" branch cannot produce output: no ALS diagnosis, no output at all.
TEST_CASE("tofersen-eligibility-check: a patient without an ALS diagnosis gets no output",
          "[rules][tofersen-eligibility-check]") {
  Vignette v;
  v.Patient("1970-03-01").Condition(kSnomed, "37340000", "2026-01-10").MedicationRequest(kTofersen, "active",
                                                                                        "2026-03-01");
  CHECK(v.Findings(kAsOf).empty());
}

}  // namespace
}  // namespace als::testing
