#include <catch2/catch.hpp>

#include "guideline/rules/disease_modifying_vignettes.h"

namespace als::testing {
namespace {

using namespace dmt;  // NOLINT
using guideline::OutputKind;
using guideline::Priority;

Vignette FirstDose(const std::string& date) {
  Vignette v;
  v.Patient("1970-03-01").Als("2025-06-01");
  Sod1Variant(v, "LA6668-3");
  Order(v, kTofersen, "active", "2026-01-05", {100, {}, {}, kIntrathecal});
  Given(v, kTofersen, date, {100, {}, {}, kIntrathecal});
  return v;
}

TEST_CASE("tofersen-neuro-safety: myelitis after the first dose is High", "[rules][tofersen-neuro-safety]") {
  Vignette v = FirstDose("2026-03-01");
  v.Condition(kIcd10, "G04.91", "2026-04-10");
  auto flags = OfKind(v.FindingsOf("tofersen-neuro-safety", kAsOf), OutputKind::kFlag);
  REQUIRE(flags.size() == 1);
  CHECK(flags[0].priority == Priority::kHigh);
  CHECK(Has(flags[0].title, "may need interruption or discontinuation"));
  CHECK(Has(Own(flags[0]), "first dose 2026-03-01"));
  CHECK(Has(Own(flags[0]), "2026-04-10"));
  CHECK(HasEvidence(flags[0], "Condition/condition-5"));
}

TEST_CASE("tofersen-neuro-safety does not fire for a condition that predates the first dose or is resolved",
          "[rules][tofersen-neuro-safety]") {
  Vignette before = FirstDose("2026-03-01");
  before.Condition(kLocal, "radiculitis", "2026-02-01");
  CHECK(OfKind(before.FindingsOf("tofersen-neuro-safety", kAsOf), OutputKind::kFlag).empty());
  Vignette resolved = FirstDose("2026-03-01");
  resolved.Condition(kLocal, "aseptic-meningitis", "2026-04-01", "resolved");
  CHECK(OfKind(resolved.FindingsOf("tofersen-neuro-safety", kAsOf), OutputKind::kFlag).empty());
  Vignette same_day = FirstDose("2026-03-01");  // on the day of the lumbar puncture: counts
  same_day.Condition(kIcd10, "H47.11", "2026-03-01");
  CHECK(OfKind(same_day.FindingsOf("tofersen-neuro-safety", kAsOf), OutputKind::kFlag).size() == 1);
}

TEST_CASE("tofersen-neuro-safety: education activity during the first 28 days only", "[rules][tofersen-neuro-safety]") {
  auto education = [](const Vignette& v) {
    return OfKind(v.FindingsOf("tofersen-neuro-safety", kAsOf), OutputKind::kActivity);
  };
  auto early = education(FirstDose(DaysAgo(28)));
  REQUIRE(early.size() == 1);
  CHECK(early[0].action == "patient-education-tofersen-safety");
  CHECK(early[0].priority == Priority::kLow);
  CHECK(Has(Own(early[0]), "myelitis"));
  CHECK(education(FirstDose(DaysAgo(29))).empty());
}

}  // namespace
}  // namespace als::testing
