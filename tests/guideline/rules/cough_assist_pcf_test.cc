#include <catch2/catch.hpp>

#include "guideline/rules/resp_nutrition_fixtures.h"

namespace als::testing {
namespace {

using namespace fixtures;

TEST_CASE("cough-assist-pcf proposes airway clearance at peak cough flow 240 L/min", "[rules][cough-assist-pcf]") {
  Vignette v = AlsPatient();
  v.Quantity(kLocal, "peak-cough-flow", 240, "L/min", DaysAgo(12));
  auto findings = v.FindingsOf("cough-assist-pcf", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "airway-clearance");
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(Has(findings[0].description, "peak cough flow 240 L/min on " + DaysAgo(12) + ", below 270 L/min"));
  CHECK(Has(findings[0].description, "mechanical insufflation-exsufflation"));
  CHECK(findings[0].evidence == std::vector<std::string>{"Observation/observation-2"});
}

TEST_CASE("cough-assist-pcf does not fire at 320 L/min", "[rules][cough-assist-pcf]") {
  Vignette v = AlsPatient();
  v.Quantity(kLocal, "peak-cough-flow", 320, "L/min", DaysAgo(12));
  CHECK_FALSE(v.Fires("cough-assist-pcf", kAsOf));
}

TEST_CASE("cough-assist-pcf thresholds: 270 vs 269.9 L/min, L/s converted, 90 vs 91 days",
          "[rules][cough-assist-pcf]") {
  Vignette at = AlsPatient();
  at.Quantity(kLocal, "peak-cough-flow", 270, "L/min", DaysAgo(12));
  CHECK_FALSE(at.Fires("cough-assist-pcf", kAsOf));
  Vignette below = AlsPatient();
  below.Quantity(kLocal, "peak-cough-flow", 269.9, "L/min", DaysAgo(90));
  CHECK(below.Fires("cough-assist-pcf", kAsOf));
  Vignette per_second = AlsPatient();  // 4 L/s = 240 L/min
  per_second.Quantity(kLocal, "peak-cough-flow", 4, "L/s", DaysAgo(12));
  CHECK(per_second.Fires("cough-assist-pcf", kAsOf));
  Vignette old = AlsPatient();
  old.Quantity(kLocal, "peak-cough-flow", 200, "L/min", DaysAgo(91));
  CHECK_FALSE(old.Fires("cough-assist-pcf", kAsOf));
}

TEST_CASE("cough-assist-pcf does not fire when a cough-assist device is in use or ordered",
          "[rules][cough-assist-pcf]") {
  Vignette ordered = AlsPatient();
  ordered.Quantity(kLocal, "peak-cough-flow", 240, "L/min", DaysAgo(12));
  ordered.Resource("DeviceRequest", R"("status":"active","intent":"order","codeCodeableConcept":)" +
                                        Concept(kHcpcs, "E0482") + R"(,"authoredOn":")" + DaysAgo(5) + "\"");
  CHECK_FALSE(ordered.Fires("cough-assist-pcf", kAsOf));
  Vignette cancelled = AlsPatient();
  cancelled.Quantity(kLocal, "peak-cough-flow", 240, "L/min", DaysAgo(12));
  cancelled.Resource("DeviceRequest", R"("status":"revoked","intent":"order","codeCodeableConcept":)" +
                                          Concept(kHcpcs, "E0482") + R"(,"authoredOn":")" + DaysAgo(5) + "\"");
  CHECK(cancelled.Fires("cough-assist-pcf", kAsOf));
}

}  // namespace
}  // namespace als::testing
