// The assessment of the units of a level in a year (docs/assessment.md): distance-to-target scores 0-100 per
// indicator of the registry, weighted by category and overall under a stated missing-data rule, competition ranks,
// and rank intervals under perturbed weights (seeded Monte Carlo).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "engine/assessment/scoring.hpp"

namespace eb::app::runs {

struct AssessScoreRequest {
  std::string ws, registry, missing = "renormalize";  // missing: renormalize, zero or exclude
  std::string unit_targets;                           // optional CSV of targets assigned to single units
  int year = 0, level = 2, draws = 1000;
  std::uint64_t seed = 1;
  double spread = 0.25, max_missing = 0.2;
};

// A registry indicator as scored in the year.
struct AssessIndicator {
  std::string id, name_zh, name_en, unit, category;
  bool higher_is_better = true;
  double weight = 1;
  double worst = 0;   // the score-0 bound
  double target = 0;  // the registry's target of the year (the score-100 bound)
};

struct AssessUnitScore {
  std::string code, name_zh, name_en;
  std::vector<std::optional<double>> values;       // per indicator: the year's value; nothing when missing
  std::vector<std::optional<double>> own_targets;  // per indicator: the unit's own target, when it has one
  // Per indicator and category scores, the total (nothing when unscored), the missing share of the weight and the
  // competition rank (0: not ranked).
  engine::assessment::UnitScore score;
  engine::assessment::RankInterval interval;  // ranks under perturbed weights (all 0 when not ranked)

  double missing_weight_pct() const { return 100 * score.missing_weight; }
};

struct AssessScoreResult {
  int year = 0, level = 2;
  std::string registry;                     // the registry file
  std::vector<AssessIndicator> indicators;  // in registry order
  std::vector<AssessUnitScore> units;       // by rank; the unranked after them, in unit order
  engine::assessment::MissingRule missing = engine::assessment::MissingRule::renormalize;
  double max_missing = 0.2;  // share of the weight (renormalize)
  int draws = 0;             // the rank intervals' Monte Carlo ...
  std::uint64_t seed = 0;
  double spread = 0;                          // ... weights times a factor in [1 - spread, 1 + spread]
  std::string unit_targets;                   // the unit-targets file; empty: none
  std::size_t own_targets = 0;                // (unit, indicator) targets taken from it
  std::vector<std::string> outside_registry;  // stored indicators the registry lacks (not used)
  std::vector<std::string> other_level;       // units of the unit-targets file of another level (not used)
};
// InputError when an indicator of the registry has no target for the year or the level has no units.
AssessScoreResult run_assess_score(const AssessScoreRequest& req, const RunEnv& env);
// What the scores rest on, as sentences: inputs left unused, the missing-data rule, targets from the unit targets.
std::vector<std::string> assess_score_notes(const AssessScoreResult& r, Lang lang);
// The scores and ranks by unit, with assess_score_notes.
Document assess_score_document(const AssessScoreResult& r, Lang lang);

}  // namespace eb::app::runs
