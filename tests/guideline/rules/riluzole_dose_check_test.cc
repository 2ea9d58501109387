#include <catch2/catch.hpp>

#include "guideline/rules/disease_modifying_vignettes.h"

namespace als::testing {
namespace {

using namespace dmt;  // NOLINT
using guideline::Priority;

TEST_CASE("riluzole-dose-check: more than 100 mg/day is a Medium Flag", "[rules][riluzole-dose-check]") {
  Vignette v;
  v.Patient("1960-01-01").Als("2025-09-01");
  Order(v, kRiluzole, "active", "2026-01-10", {100, {}, 2});
  auto findings = v.FindingsOf("riluzole-dose-check", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == guideline::OutputKind::kFlag);
  CHECK(findings[0].flag_category == "drug");
  CHECK(findings[0].priority == Priority::kMedium);
  CHECK(Has(Own(findings[0]), "200 mg/day"));
  CHECK(findings[0].evidence == std::vector<std::string>{"MedicationRequest/medicationrequest-2"});
}

TEST_CASE("riluzole-dose-check: 50 mg twice daily is standard and not flagged", "[rules][riluzole-dose-check]") {
  Vignette v;
  v.Als("2025-09-01");
  Order(v, kRiluzole, "active", "2026-01-10", {50, {}, 2});
  CHECK_FALSE(v.Fires("riluzole-dose-check", kAsOf));
  // The vignette's own helper (dosageInstruction with frequency) gives the same.
  Vignette w;
  w.Als("2025-09-01").MedicationRequest(kRiluzole, "active", "2026-01-10", 50, 2);
  CHECK_FALSE(w.Fires("riluzole-dose-check", kAsOf));
}

// C15: 50 mg/day can already be effective (EAN 2024): information only, not an
// error. The literal seed reading ("50 mg twice daily" is the dose) would flag it.
TEST_CASE("riluzole-dose-check C15: 50 mg once daily is Low, information only", "[rules][riluzole-dose-check][C15]") {
  Vignette v;
  v.Als("2025-09-01");
  Order(v, kRiluzole, "active", "2026-01-10", {50, {}, 1});
  auto findings = v.FindingsOf("riluzole-dose-check", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == Priority::kLow);
  CHECK(Has(findings[0].title, "information only"));
  CHECK(Has(Own(findings[0]), "not an error"));
  CHECK(Has(Own(findings[0]), "50 mg/day"));
}

TEST_CASE("riluzole-dose-check: threshold at 100 mg/day", "[rules][riluzole-dose-check]") {
  Vignette at;  // 100 mg/day exactly: standard
  at.Als("2025-09-01");
  Order(at, kRiluzole, "active", "2026-01-10", {50, {}, 2});
  CHECK_FALSE(at.Fires("riluzole-dose-check", kAsOf));
  Vignette above;  // 102 mg/day
  above.Als("2025-09-01");
  Order(above, kRiluzole, "active", "2026-01-10", {51, {}, 2});
  auto findings = above.FindingsOf("riluzole-dose-check", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == Priority::kMedium);
}

TEST_CASE("riluzole-dose-check: 100 mg once daily is a Low frequency Flag", "[rules][riluzole-dose-check]") {
  Vignette v;
  v.Als("2025-09-01");
  Order(v, kRiluzole, "active", "2026-01-10", {100, {}, 1});
  auto findings = v.FindingsOf("riluzole-dose-check", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == Priority::kLow);
  CHECK(Has(Own(findings[0]), "twice daily"));
}

TEST_CASE("riluzole-dose-check: a product code via a contained Medication and a stopped order",
          "[rules][riluzole-dose-check]") {
  Vignette v;
  v.Als("2025-09-01");
  v.Resource("MedicationRequest",
             R"("status":"active","intent":"order","contained":[{"resourceType":"Medication","id":"m1","code":)" +
                 Concept(kRxNorm, kRiluzoleTablet) +
                 R"(}],"medicationReference":{"reference":"#m1"},"authoredOn":"2026-01-10","dosageInstruction":[)" +
                 DosageJson({100, {}, 3}) + "]");
  auto findings = v.FindingsOf("riluzole-dose-check", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(Own(findings[0]), "300 mg/day"));
  Vignette stopped;  // a stopped order is not ON_DRUG
  stopped.Als("2025-09-01");
  Order(stopped, kRiluzole, "stopped", "2026-01-10", {100, {}, 2});
  CHECK_FALSE(stopped.Fires("riluzole-dose-check", kAsOf));
  Vignette no_dose;  // nothing to compute from
  no_dose.Als("2025-09-01").MedicationRequest(kRiluzole, "active", "2026-01-10");
  CHECK_FALSE(no_dose.Fires("riluzole-dose-check", kAsOf));
}

}  // namespace
}  // namespace als::testing
