#include <catch2/catch.hpp>

#include "guideline/rules/disease_modifying_vignettes.h"

namespace als::testing {
namespace {

using namespace dmt;  // NOLINT
using guideline::OutputKind;
using guideline::Priority;

const Dose kLabelDose{100, {}, {}, kIntrathecal};

Vignette OnTofersen(const Dose& order = kLabelDose) {
  Vignette v;
  v.Patient("1970-03-01").Als("2025-06-01");
  Sod1Variant(v, "LA6668-3");
  Order(v, kTofersen, "active", "2026-01-05", order);
  return v;
}

std::vector<guideline::Finding> Activities(const Vignette& v) {
  return OfKind(v.FindingsOf("tofersen-schedule", kAsOf), OutputKind::kActivity);
}

TEST_CASE("tofersen-schedule: next loading dose due, with the administration instructions", "[rules][tofersen-schedule]") {
  Vignette v = OnTofersen();
  Given(v, kTofersen, DaysAgo(12), kLabelDose);
  auto findings = v.FindingsOf("tofersen-schedule", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "tofersen-administration");
  CHECK(findings[0].priority == Priority::kLow);
  CHECK(Has(Own(findings[0]), "1 dose(s) recorded, the last on " + DaysAgo(12) + "; the loading dose 2 of 3 is due on " +
                                  DaysAgo(-2)));
  CHECK(Has(Own(findings[0]), "remove about 10 mL of CSF first; bolus over 1-3 min"));
  CHECK(HasEvidence(findings[0], "MedicationAdministration/medicationadministration-4"));
}

TEST_CASE("tofersen-schedule does not fire when not on tofersen", "[rules][tofersen-schedule]") {
  Vignette v;
  v.Patient("1970-03-01").Als("2025-06-01");
  Order(v, kTofersen, "stopped", "2026-01-05", kLabelDose);
  Given(v, kTofersen, DaysAgo(60), kLabelDose);
  CHECK_FALSE(v.Fires("tofersen-schedule", kAsOf));
}

TEST_CASE("tofersen-schedule: loading dose overdue the day after it is due (missed 2nd loading dose rule)",
          "[rules][tofersen-schedule]") {
  Vignette due_today = OnTofersen();
  Given(due_today, kTofersen, DaysAgo(14), kLabelDose);
  REQUIRE(Activities(due_today).size() == 1);
  CHECK(Activities(due_today)[0].priority == Priority::kLow);
  Vignette overdue = OnTofersen();
  Given(overdue, kTofersen, DaysAgo(15), kLabelDose);
  auto activities = Activities(overdue);
  REQUIRE(activities.size() == 1);
  CHECK(activities[0].priority == Priority::kMedium);
  CHECK(Has(Own(activities[0]), "overdue by 1 days"));
  CHECK(Has(Own(activities[0]), "give the missed 2nd loading dose as soon as possible and the 3rd loading dose 14 days after it"));
}

TEST_CASE("tofersen-schedule: maintenance every 28 days; doses from intrathecal Procedures count",
          "[rules][tofersen-schedule]") {
  Vignette on_time = OnTofersen();
  Given(on_time, kTofersen, "2026-01-05", kLabelDose);
  Given(on_time, kTofersen, "2026-01-19", kLabelDose);
  ProcedureOn(on_time, kLocal, "intrathecal-injection", DaysAgo(28));  // 3rd loading dose, recorded as a procedure
  auto activities = Activities(on_time);
  REQUIRE(activities.size() == 1);
  CHECK(activities[0].priority == Priority::kLow);
  CHECK(Has(Own(activities[0]), "3 dose(s) recorded"));
  CHECK(Has(Own(activities[0]), "maintenance dose is due on " + std::string(kAsOf)));
  Vignette late = OnTofersen();
  Given(late, kTofersen, "2026-01-05", kLabelDose);
  Given(late, kTofersen, "2026-01-19", kLabelDose);
  ProcedureOn(late, kLocal, "tofersen-administration", DaysAgo(29));
  activities = Activities(late);
  REQUIRE(activities.size() == 1);
  CHECK(activities[0].priority == Priority::kMedium);
  CHECK(Has(Own(activities[0]), "give the missed dose as soon as possible and the next dose 28 days after it"));
  Vignette third_missed = OnTofersen();
  Given(third_missed, kTofersen, "2026-04-01", kLabelDose);
  Given(third_missed, kTofersen, "2026-04-15", kLabelDose);
  activities = Activities(third_missed);
  REQUIRE(activities.size() == 1);
  CHECK(Has(Own(activities[0]), "(the 3rd loading dose was missed)"));
  Vignette unrelated = OnTofersen();  // an intrathecal injection before any tofersen order is not a tofersen dose
  ProcedureOn(unrelated, kLocal, "intrathecal-injection", "2025-12-01");
  activities = Activities(unrelated);
  REQUIRE(activities.size() == 1);
  CHECK(Has(Own(activities[0]), "loading dose 1 of 3 is due"));
  Vignette none_yet = OnTofersen();
  activities = Activities(none_yet);
  REQUIRE(activities.size() == 1);
  CHECK(Has(Own(activities[0]), "loading dose 1 of 3 is due"));
}

TEST_CASE("tofersen-schedule: wrong dose or route is a High Flag", "[rules][tofersen-schedule]") {
  Vignette dose = OnTofersen({50, {}, {}, kIntrathecal});
  auto flags = OfKind(dose.FindingsOf("tofersen-schedule", kAsOf), OutputKind::kFlag);
  REQUIRE(flags.size() == 1);
  CHECK(flags[0].priority == Priority::kHigh);
  CHECK(Has(Own(flags[0]), "dose 50 mg in MedicationRequest/medicationrequest-3"));
  Vignette route = OnTofersen({100, {}, {}, kIv});
  flags = OfKind(route.FindingsOf("tofersen-schedule", kAsOf), OutputKind::kFlag);
  REQUIRE(flags.size() == 1);
  CHECK(Has(Own(flags[0]), "route not intrathecal"));
  Vignette given_wrong = OnTofersen();
  Given(given_wrong, kTofersen, DaysAgo(3), {100, {}, {}, kIv});
  flags = OfKind(given_wrong.FindingsOf("tofersen-schedule", kAsOf), OutputKind::kFlag);
  REQUIRE(flags.size() == 1);
  CHECK(Has(Own(flags[0]), "route not intrathecal given on " + DaysAgo(3)));
  CHECK(HasEvidence(flags[0], "MedicationAdministration/medicationadministration-4"));
  Vignette volume = OnTofersen({{}, 15, {}, kIntrathecal});  // 15 mL: the labelled volume
  CHECK(OfKind(volume.FindingsOf("tofersen-schedule", kAsOf), OutputKind::kFlag).empty());
}

}  // namespace
}  // namespace als::testing
