#include <catch2/catch.hpp>

#include "guideline/rules/disease_modifying_vignettes.h"

namespace als::testing {
namespace {

using namespace dmt;  // NOLINT
using guideline::Priority;

TEST_CASE("tofersen-offer-sod1: adult with a pathogenic SOD1 variant is offered tofersen", "[rules][tofersen-offer-sod1]") {
  auto findings = Sod1Patient("LA6668-3").FindingsOf("tofersen-offer-sod1", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "tofersen-referral");
  CHECK(findings[0].priority == Priority::kMedium);
  CHECK(Has(Own(findings[0]), "Adult (age 56)"));
  CHECK(Has(Own(findings[0]), "100 mg intrathecal"));
  CHECK(Has(Own(findings[0]), "serious adverse events"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Condition/condition-1", "Observation/observation-2"});
}

// C1/C14: tofersen only with SOD1; a VUS is not eligibility. The literal reading
// "confirmed SOD1 mutation" applied to any SOD1 variant would offer it here.
TEST_CASE("tofersen-offer-sod1 C1/C14: no offer without SOD1 or with a VUS only; likely pathogenic counts",
          "[rules][tofersen-offer-sod1][C1][C14]") {
  CHECK_FALSE(Sod1Patient("").Fires("tofersen-offer-sod1", kAsOf));
  CHECK_FALSE(Sod1Patient("LA26333-7").Fires("tofersen-offer-sod1", kAsOf));  // VUS
  CHECK_FALSE(Sod1Patient("LA6675-8").Fires("tofersen-offer-sod1", kAsOf));   // benign
  CHECK(Sod1Patient("LA26332-9").Fires("tofersen-offer-sod1", kAsOf));        // likely pathogenic
  Vignette preliminary = Sod1Patient("");  // a pathogenic variant, but not a final result
  preliminary.Resource(
      "Observation", R"("status":"preliminary","code":)" + Concept(kLoinc, "69548-6") +
                         R"(,"effectiveDateTime":"2026-02-01","component":[{"code":)" + Concept(kLoinc, "48018-6") +
                         R"(,"valueCodeableConcept":)" + Concept("http://www.genenames.org/geneId", "HGNC:11179") +
                         R"(},{"code":)" + Concept(kLoinc, "53037-8") + R"(,"valueCodeableConcept":)" +
                         Concept(kLoinc, "LA6668-3") + "}]");
  CHECK_FALSE(preliminary.Fires("tofersen-offer-sod1", kAsOf));
}

TEST_CASE("tofersen-offer-sod1: age 18 is an adult, 17 is not", "[rules][tofersen-offer-sod1]") {
  CHECK(Sod1Patient("LA6668-3", "2008-06-01").Fires("tofersen-offer-sod1", kAsOf));
  CHECK_FALSE(Sod1Patient("LA6668-3", "2008-06-02").Fires("tofersen-offer-sod1", kAsOf));
}

TEST_CASE("tofersen-offer-sod1: not when on tofersen or a draft order exists", "[rules][tofersen-offer-sod1]") {
  for (const char* status : {"active", "on-hold", "draft"}) {
    Vignette v = Sod1Patient("LA6668-3");
    v.MedicationRequest(kTofersen, status, "2026-03-01");
    INFO(status);
    CHECK_FALSE(v.Fires("tofersen-offer-sod1", kAsOf));
  }
  Vignette stopped = Sod1Patient("LA6668-3");  // a stopped order is not ON_DRUG: offered again
  stopped.MedicationRequest(kTofersen, "stopped", "2026-03-01");
  CHECK(stopped.Fires("tofersen-offer-sod1", kAsOf));
}

}  // namespace
}  // namespace als::testing
