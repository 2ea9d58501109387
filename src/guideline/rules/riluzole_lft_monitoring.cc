// R05 riluzole-lft-monitoring: ALT/AST on riluzole monthly for 3 months, then
// 3-monthly to month 12, then 6-monthly (rules.md Q2).
#include "disease_modifying_common.h"

namespace als::guideline {
namespace {

using dmt::Date;

std::vector<Finding> Evaluate(RuleContext& context) {
  const PatientRecord& record = context.record();
  std::vector<const MedicationUse*> uses = CurrentUses(record, "riluzole");
  if (uses.empty()) return {};
  const Day now = context.now();
  const int tier_a_end = static_cast<int>(context.Param("tier_a_max_days"));
  const int tier_b_end = static_cast<int>(context.Param("tier_b_max_days"));

  std::optional<Day> start = DrugStart(record, "riluzole");
  // Unknown start: treated as a new course (the strictest interval), and said so.
  const int days_on = start ? now - *start : 0;
  int interval = 0;
  Priority priority = Priority::kLow;
  std::string phase;
  if (!start || days_on <= tier_a_end) {
    interval = static_cast<int>(context.Param("tier_a_interval_days"));
    priority = Priority::kMedium;
    phase = "in the first 3 months of treatment (monthly checks)";
  } else if (days_on <= tier_b_end) {
    interval = static_cast<int>(context.Param("tier_b_interval_days"));
    phase = "in months 4-12 of treatment (3-monthly checks)";
  } else {
    interval = static_cast<int>(context.Param("tier_c_interval_days"));
    phase = "after the first year of treatment (6-monthly checks)";
  }

  const Sample* alt = record.LatestWithin(Measure::kAlt, now, interval);
  const Sample* ast = record.LatestWithin(Measure::kAst, now, interval);
  if (alt != nullptr || ast != nullptr) return {};
  if (dmt::PendingOrRefusedLiverTests(context) != nullptr) return {};

  std::string started = start ? "started " + Date(*start) + ", " + std::to_string(days_on) + " days ago"
                              : "start date not recorded, so the first-3-months interval is applied";
  const Sample* last_alt = record.Latest(Measure::kAlt);
  const Sample* last_ast = record.Latest(Measure::kAst);
  const Sample* last = last_alt == nullptr ? last_ast
                       : last_ast == nullptr ? last_alt
                       : (last_alt->day >= last_ast->day ? last_alt : last_ast);
  std::string previous = last == nullptr ? "no ALT/AST result on file"
                                         : "last result " + DescribeSample(*last, last == last_alt ? Measure::kAlt
                                                                                                   : Measure::kAst);
  std::string description = "On riluzole (" + started + "), " + phase + ": no ALT or AST in the last " +
                            std::to_string(interval) + " days (" + previous +
                            "). Order ALT, AST and total bilirubin; monitor for signs of hepatic injury." +
                            dmt::LiverUnusableNote(record);
  std::vector<std::string> evidence = dmt::SourcesOf(uses);
  if (last != nullptr) evidence.push_back(last->source);
  return {Activity("liver-function-tests", priority, description, evidence)};
}

}  // namespace

extern const Rule kRiluzoleLftMonitoring{
    {"riluzole-lft-monitoring", "R05", Domain::kDiseaseModifying, "CarePlan activity", Priority::kMedium,
     "Liver tests on riluzole: monthly for 3 months, 3-monthly to month 12, then 6-monthly",
     "ON_DRUG(riluzole); t = NOW - start(riluzole): (a) t <= 92 d and no ALT/AST in 35 d (Medium); (b) 92 < t <= 365 d "
     "and none in 100 d (Low); (c) t > 365 d and none in 190 d (Low). Unknown start is treated as (a)",
     "Seed 000_2fbc9b5cc989d561.txt (\"Measure serum aminotransferases before and during riluzole treatment\"); US "
     "riluzole label (\"every month for the first 3 months of treatment, and periodically thereafter\"); rules.md Q2",
     {ParameterSpec{"tier_a_max_days", 92, "days", "End of the first (monthly) monitoring phase"},
      ParameterSpec{"tier_a_interval_days", 35, "days", "Phase (a): an ALT/AST at most this old is current"},
      ParameterSpec{"tier_b_max_days", 365, "days", "End of the 3-monthly phase (EU SmPC wording, UNVERIFIED)"},
      ParameterSpec{"tier_b_interval_days", 100, "days", "Phase (b): an ALT/AST at most this old is current"},
      ParameterSpec{"tier_c_interval_days", 190, "days", "Phase (c): an ALT/AST at most this old is current [design]"}}},
    &Evaluate};

}  // namespace als::guideline
