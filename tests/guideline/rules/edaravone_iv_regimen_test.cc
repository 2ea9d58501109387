#include <catch2/catch.hpp>

#include "guideline/rules/disease_modifying_vignettes.h"

namespace als::testing {
namespace {

using namespace dmt;  // NOLINT
using guideline::OutputKind;
using guideline::Priority;

const Dose kIvOrder{60, {}, 1, kIv, 60};

// `count` daily IV doses of `mg` from `first`.
void Daily(Vignette& v, const std::string& first, int count, double mg = 60) {
  for (int i = 0; i < count; ++i) Given(v, kEdaravone, Plus(first, i), {mg, {}, {}, kIv});
}

Vignette OnIv(const Dose& order = kIvOrder) {
  Vignette v;
  v.Als("2025-01-10");
  Order(v, kEdaravone, "active", "2026-05-01", order);
  return v;
}

TEST_CASE("edaravone-iv-regimen: schedule activity tracks cycle 1 and the drug-free period",
          "[rules][edaravone-iv-regimen]") {
  Vignette v = OnIv();
  Daily(v, "2026-05-10", 14);
  auto findings = v.FindingsOf("edaravone-iv-regimen", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "edaravone-administration");
  CHECK(findings[0].priority == Priority::kLow);
  CHECK(Has(Own(findings[0]), "60 mg over 60 min"));
  CHECK(Has(Own(findings[0]), "Cycle 1 started 2026-05-10; 14 of 14 doses given"));
  CHECK(Has(Own(findings[0]), "drug-free period now, to 2026-06-06; cycle 2 may start on 2026-06-07"));
  CHECK(HasEvidence(findings[0], "MedicationRequest/medicationrequest-2"));
}

TEST_CASE("edaravone-iv-regimen does not fire for Radicava ORS or when not on edaravone", "[rules][edaravone-iv-regimen]") {
  Vignette ors;
  ors.Als("2025-01-10");
  Order(ors, kEdaravone, "active", "2026-05-01", {105, {}, 1, kOral});
  CHECK_FALSE(ors.Fires("edaravone-iv-regimen", kAsOf));
  Vignette stopped;
  stopped.Als("2025-01-10");
  Order(stopped, kEdaravone, "stopped", "2026-05-01", kIvOrder);
  CHECK_FALSE(stopped.Fires("edaravone-iv-regimen", kAsOf));
}

TEST_CASE("edaravone-iv-regimen: a dose in the drug-free period is flagged Medium", "[rules][edaravone-iv-regimen]") {
  Vignette v = OnIv();
  Daily(v, "2026-05-10", 14);
  Given(v, kEdaravone, "2026-05-26", {60, {}, {}, kIv});  // day 17 of cycle 1
  auto flags = OfKind(v.FindingsOf("edaravone-iv-regimen", kAsOf), OutputKind::kFlag);
  REQUIRE(flags.size() == 1);
  CHECK(flags[0].priority == Priority::kMedium);
  CHECK(Has(Own(flags[0]), "dose on 2026-05-26 falls in the drug-free period of cycle 1 (started 2026-05-10), "
                           "2026-05-24 to 2026-06-06"));
  CHECK(HasEvidence(flags[0], "MedicationAdministration/medicationadministration-17"));
}

TEST_CASE("edaravone-iv-regimen: later cycles allow 10 doses in the dosing window, not 11", "[rules][edaravone-iv-regimen]") {
  Vignette ten = OnIv();
  Daily(ten, "2026-04-06", 14);
  Daily(ten, "2026-05-04", 10);  // cycle 2 from day 28
  CHECK(OfKind(ten.FindingsOf("edaravone-iv-regimen", kAsOf), OutputKind::kFlag).empty());
  auto activity = OfKind(ten.FindingsOf("edaravone-iv-regimen", kAsOf), OutputKind::kActivity);
  REQUIRE(activity.size() == 1);
  CHECK(Has(Own(activity[0]), "Cycle 2 started 2026-05-04; 10 of 10 doses given"));
  Vignette eleven = OnIv();
  Daily(eleven, "2026-04-06", 14);
  Daily(eleven, "2026-05-04", 11);
  auto flags = OfKind(eleven.FindingsOf("edaravone-iv-regimen", kAsOf), OutputKind::kFlag);
  REQUIRE(flags.size() == 1);
  CHECK(Has(Own(flags[0]), "dose on 2026-05-14 is dose 11 in the 14-day dosing window of cycle 2"));
  Vignette late = OnIv();  // a late second cycle is not a breach: it starts at its first dose
  Daily(late, "2026-04-01", 14);
  Daily(late, "2026-05-10", 10);
  CHECK(OfKind(late.FindingsOf("edaravone-iv-regimen", kAsOf), OutputKind::kFlag).empty());
}

TEST_CASE("edaravone-iv-regimen: two 30 mg bags on one day are one 60 mg dose; 45 mg is flagged",
          "[rules][edaravone-iv-regimen]") {
  Vignette bags = OnIv();
  Given(bags, kEdaravone, "2026-05-25", {30, {}, {}, kIv});
  Given(bags, kEdaravone, "2026-05-25", {30, {}, {}, kIv});
  CHECK(OfKind(bags.FindingsOf("edaravone-iv-regimen", kAsOf), OutputKind::kFlag).empty());
  Vignette low = OnIv();
  Given(low, kEdaravone, "2026-05-25", {45, {}, {}, kIv});
  auto flags = OfKind(low.FindingsOf("edaravone-iv-regimen", kAsOf), OutputKind::kFlag);
  REQUIRE(flags.size() == 1);
  CHECK(Has(Own(flags[0]), "45 mg given on 2026-05-25, not 60 mg"));
}

TEST_CASE("edaravone-iv-regimen: ordered dose and infusion time", "[rules][edaravone-iv-regimen]") {
  Vignette dose = OnIv({80, {}, 1, kIv, 60});
  auto flags = OfKind(dose.FindingsOf("edaravone-iv-regimen", kAsOf), OutputKind::kFlag);
  REQUIRE(flags.size() == 1);
  CHECK(Has(Own(flags[0]), "ordered dose 80 mg"));
  Vignette fast = OnIv({60, {}, 1, kIv, 30});
  flags = OfKind(fast.FindingsOf("edaravone-iv-regimen", kAsOf), OutputKind::kFlag);
  REQUIRE(flags.size() == 1);
  CHECK(Has(Own(flags[0]), "infusion over 30 min"));
  Vignette at = OnIv({60, {}, 1, kIv, 60});  // exactly 60 min
  CHECK(OfKind(at.FindingsOf("edaravone-iv-regimen", kAsOf), OutputKind::kFlag).empty());
  Vignette no_route = OnIv({105, {}, 1, "", {}});  // route not recorded: schedule shown, dose not judged
  auto findings = no_route.FindingsOf("edaravone-iv-regimen", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(Has(Own(findings[0]), "is not recorded"));
  CHECK(Has(Own(findings[0]), "No edaravone administration is recorded yet"));
}

}  // namespace
}  // namespace als::testing
