#include <catch2/catch.hpp>

#include "guideline/rules/care_vignette.h"

namespace als::testing {
namespace {

using care::Has;
using care::kAsOf;
using care::kHcpcs;
constexpr char kRule[] = "equipment-urgent";


TEST_CASE("equipment-urgent: a routine NIV order is a High Flag", "[rules][equipment-urgent]") {
  Vignette v;
  v.Als("2025-11-01");
  care::DeviceRequest(v, kHcpcs, "E0471", "active", "2026-05-30", "routine");
  auto findings = v.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].kind == guideline::OutputKind::kFlag);
  CHECK(findings[0].priority == guideline::Priority::kHigh);
  CHECK(findings[0].flag_category == "clinical");
  CHECK(findings[0].title == "Expedite ALS equipment/service request");
  CHECK(Has(findings[0].description, "DeviceRequest/devicerequest-2"));
  CHECK(Has(findings[0].description, "priority routine"));
  CHECK(Has(findings[0].description, "set the request priority to urgent"));
  CHECK(findings[0].evidence == std::vector<std::string>{"DeviceRequest/devicerequest-2"});

  Vignette suction;  // suction machine without a priority
  suction.Als("2025-11-01");
  care::DeviceRequest(suction, kHcpcs, "E0600", "draft", "2026-05-30");
  REQUIRE(suction.FindingsOf(kRule, kAsOf).size() == 1);
  CHECK(suction.FindingsOf(kRule, kAsOf)[0].priority == guideline::Priority::kHigh);
  CHECK(Has(suction.FindingsOf(kRule, kAsOf)[0].description, "priority not set"));
}

TEST_CASE("equipment-urgent: other equipment and services are Medium", "[rules][equipment-urgent]") {
  Vignette wheelchair;
  wheelchair.Als("2025-11-01");
  care::DeviceRequest(wheelchair, kHcpcs, "K0001", "active", "2026-05-30");
  REQUIRE(wheelchair.FindingsOf(kRule, kAsOf).size() == 1);
  CHECK(wheelchair.FindingsOf(kRule, kAsOf)[0].priority == guideline::Priority::kMedium);

  Vignette home;
  home.Als("2025-11-01");
  care::ServiceRequest(home, kLocal, "home-adaptation", "active", "2026-05-30", "routine");
  REQUIRE(home.FindingsOf(kRule, kAsOf).size() == 1);
  CHECK(home.FindingsOf(kRule, kAsOf)[0].priority == guideline::Priority::kMedium);
}

TEST_CASE("equipment-urgent: an urgent request still open 14 days after authoring", "[rules][equipment-urgent]") {
  Vignette day14;
  day14.Als("2025-11-01");
  care::DeviceRequest(day14, kHcpcs, "E0255", "active", "2026-05-18", "urgent");  // hospital bed
  auto findings = day14.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == guideline::Priority::kMedium);
  CHECK(Has(findings[0].description, "still open 14 days after it was authored"));

  Vignette day13;
  day13.Als("2025-11-01");
  care::DeviceRequest(day13, kHcpcs, "E0255", "active", "2026-05-19", "urgent");
  CHECK_FALSE(day13.Fires(kRule, kAsOf));

  Vignette delivered;  // the bed is in use: fulfilled although the order was left open
  delivered.Als("2025-11-01");
  care::DeviceRequest(delivered, kHcpcs, "E0255", "active", "2026-04-01", "urgent");
  delivered.Resource("DeviceUseStatement",
                     R"("contained":[{"resourceType":"Device","id":"d1","type":)" + Concept(kHcpcs, "E0255") +
                         R"(}],"status":"active","device":{"reference":"#d1"},"timingDateTime":"2026-04-20")");
  CHECK_FALSE(delivered.Fires(kRule, kAsOf));

  Vignette completed;  // closed orders are not flagged, whatever their priority
  completed.Als("2025-11-01");
  care::DeviceRequest(completed, kHcpcs, "E0471", "completed", "2026-01-01", "routine");
  CHECK_FALSE(completed.Fires(kRule, kAsOf));
}

TEST_CASE("equipment-urgent: one Flag lists every delayed item, High if any is NIV/cough assist/suction",
          "[rules][equipment-urgent]") {
  Vignette v;
  v.Als("2025-11-01");
  care::DeviceRequest(v, kHcpcs, "K0001", "active", "2026-05-30", "routine");
  care::DeviceRequest(v, kHcpcs, "E0482", "active", "2026-05-01", "urgent");  // cough assist, 31 days open
  auto findings = v.FindingsOf(kRule, kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].priority == guideline::Priority::kHigh);
  CHECK(findings[0].evidence ==
        std::vector<std::string>{"DeviceRequest/devicerequest-3", "DeviceRequest/devicerequest-2"});
  CHECK(Has(findings[0].description, "still open 31 days"));

  Vignette none;
  none.Als("2025-11-01");
  care::DeviceRequest(none, kHcpcs, "E0471", "active", "2026-05-30", "urgent");
  CHECK_FALSE(none.Fires(kRule, kAsOf));
}

}  // namespace
}  // namespace als::testing
