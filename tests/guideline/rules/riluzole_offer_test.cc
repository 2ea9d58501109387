#include <catch2/catch.hpp>

#include "testing/vignette.h"

namespace als::testing {
namespace {

constexpr char kAsOf[] = "2026-06-01";
constexpr char kRiluzole[] = "35623";

TEST_CASE("riluzole-offer fires for an ALS patient not on riluzole", "[rules][riluzole-offer]") {
  Vignette v;
  v.Patient("1960-01-01").Als("2026-01-10");
  auto findings = v.FindingsOf("riluzole-offer", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "start-riluzole");
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(findings[0].description.find("50 mg") != std::string::npos);
  CHECK(findings[0].description.find("Source: Seed 000_2fbc9b5cc989d561.txt") != std::string::npos);
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-1"});
}

TEST_CASE("riluzole-offer does not fire when riluzole is already prescribed", "[rules][riluzole-offer]") {
  Vignette v;
  v.Patient("1960-01-01").Als("2026-01-10").MedicationRequest(kRiluzole, "active", "2026-02-01", 50, 2);
  CHECK_FALSE(v.Fires("riluzole-offer", kAsOf));
}

TEST_CASE("riluzole-offer: boundary statuses of the riluzole order", "[rules][riluzole-offer]") {
  // on-hold still counts as on the drug; a stopped order does not.
  Vignette on_hold;
  on_hold.Als("2026-01-10").MedicationRequest(kRiluzole, "on-hold", "2026-02-01");
  CHECK_FALSE(on_hold.Fires("riluzole-offer", kAsOf));
  Vignette stopped;
  stopped.Als("2026-01-10").MedicationRequest(kRiluzole, "stopped", "2026-02-01");
  CHECK(stopped.Fires("riluzole-offer", kAsOf));
  Vignette entered_in_error;
  entered_in_error.Als("2026-01-10").MedicationRequest(kRiluzole, "entered-in-error", "2026-02-01");
  CHECK(entered_in_error.Fires("riluzole-offer", kAsOf));
}

TEST_CASE("riluzole-offer does not fire without an ALS diagnosis", "[rules][riluzole-offer]") {
  Vignette mnd;  // motor neuron disease, not ALS-specific
  mnd.Condition(kSnomed, "37340000", "2026-01-10");
  CHECK(mnd.Findings(kAsOf).empty());
  Vignette provisional;
  provisional.Condition(kSnomed, "86044005", "2026-01-10", "active", "provisional");
  CHECK(provisional.Findings(kAsOf).empty());
}

TEST_CASE("riluzole-offer accepts an ICD-10-CM coded diagnosis", "[rules][riluzole-offer]") {
  Vignette v;
  v.Condition(kIcd10, "G12.21", "2026-01-10");
  CHECK(v.Fires("riluzole-offer", kAsOf));
}

}  // namespace
}  // namespace als::testing
