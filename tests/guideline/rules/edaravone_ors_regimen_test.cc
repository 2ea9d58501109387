#include <catch2/catch.hpp>

#include "guideline/rules/disease_modifying_vignettes.h"

namespace als::testing {
namespace {

using namespace dmt;  // NOLINT
using guideline::OutputKind;
using guideline::Priority;

Vignette OnOrs(const Dose& dose) {
  Vignette v;
  v.Als("2025-01-10");
  Order(v, kEdaravone, "active", "2026-05-01", dose);
  return v;
}

TEST_CASE("edaravone-ors-regimen: administration instructions for Radicava ORS", "[rules][edaravone-ors-regimen]") {
  Vignette v = OnOrs({105, {}, 1, kOral});
  auto findings = v.FindingsOf("edaravone-ors-regimen", kAsOf);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].action == "edaravone-administration");
  CHECK(findings[0].priority == Priority::kLow);
  const std::string text = Own(findings[0]);
  CHECK(Has(text, "105 mg (5 mL) by mouth or by feeding tube"));
  CHECK(Has(text, "after an overnight fast"));
  CHECK(Has(text, "no food for 1 h after"));
  CHECK(Has(text, "8 h after a high-fat meal, 4 h after a low-fat meal, or 2 h after a caloric supplement"));
  CHECK(Has(text, "contains sodium bisulfite"));
  CHECK(findings[0].evidence == std::vector<std::string>{"MedicationRequest/medicationrequest-2"});
}

TEST_CASE("edaravone-ors-regimen does not fire for IV edaravone", "[rules][edaravone-ors-regimen]") {
  Vignette iv = OnOrs({60, {}, 1, kIv, 60});
  CHECK_FALSE(iv.Fires("edaravone-ors-regimen", kAsOf));
}

TEST_CASE("edaravone-ors-regimen: dose other than 105 mg / 5 mL is a Medium Flag", "[rules][edaravone-ors-regimen]") {
  Vignette wrong = OnOrs({120, {}, 1, kGastrostomyRoute});  // via PEG
  auto flags = OfKind(wrong.FindingsOf("edaravone-ors-regimen", kAsOf), OutputKind::kFlag);
  REQUIRE(flags.size() == 1);
  CHECK(flags[0].priority == Priority::kMedium);
  CHECK(Has(Own(flags[0]), "ordered dose 120 mg"));
  Vignette five_ml = OnOrs({{}, 5, 1, kOral});
  CHECK(OfKind(five_ml.FindingsOf("edaravone-ors-regimen", kAsOf), OutputKind::kFlag).empty());
  Vignette ten_ml = OnOrs({{}, 10, 1, kOral});
  flags = OfKind(ten_ml.FindingsOf("edaravone-ors-regimen", kAsOf), OutputKind::kFlag);
  REQUIRE(flags.size() == 1);
  CHECK(Has(Own(flags[0]), "ordered dose 10 mL"));
  Vignette dosing = OnOrs({105, {}, 1, kOral});  // ORS also follows the cycles
  for (int i = 0; i < 14; ++i) Given(dosing, kEdaravone, Plus("2026-05-10", i), {105, {}, {}, kOral});
  Given(dosing, kEdaravone, "2026-05-27", {105, {}, {}, kOral});
  flags = OfKind(dosing.FindingsOf("edaravone-ors-regimen", kAsOf), OutputKind::kFlag);
  REQUIRE(flags.size() == 1);
  CHECK(Has(Own(flags[0]), "drug-free period"));
}

}  // namespace
}  // namespace als::testing
