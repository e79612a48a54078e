// Scoring and ranking of administrative units on indicators with targets (issue 7): distance-to-target scores
// 0-100 between published bounds, weighted aggregation by category and overall with a stated missing-data rule,
// competition ranks with ties, and the sensitivity of ranks to the weights (seeded Monte Carlo, reproducible
// whatever the number of threads). Engine code: no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eb::engine::assessment {

struct IndicatorSpec {
  std::string id, category;
  double weight = 1;  // > 0
  // The score is 0 at `worst` and 100 at `target`, linear between and clamped outside: it works for either
  // direction (for lower-is-better indicators worst > target).
  double worst = 0, target = 1;
};

// Throws std::invalid_argument when worst == target or the weight is not positive.
double distance_to_target_score(double value, const IndicatorSpec& spec);

enum class MissingRule {
  renormalize,  // leave the indicator out and rescale the other weights; no rank when more than
                // `max_missing_weight` of the weight is missing
  zero,         // a missing indicator scores 0
  exclude,      // a unit with any missing indicator gets no total and no rank
};

struct ScoringOptions {
  MissingRule missing = MissingRule::renormalize;
  double max_missing_weight = 0.2;  // share of the total weight (renormalize only)
};

struct UnitScore {
  std::vector<std::optional<double>> indicator;                         // per spec; nullopt when missing
  std::vector<std::pair<std::string, std::optional<double>>> category;  // categories in first-seen order
  std::optional<double> total;
  double missing_weight = 0;  // share of the total weight without data
  int rank = 0;               // 1 = best; 0 when unranked
};

// values[u][i]: unit u's value of indicator i (nullopt when missing). unit_targets, when not empty, holds per unit
// and indicator a target assigned to that unit (a responsibility agreement's figure) that replaces the spec's
// target for it; nullopt keeps the spec's. The worst bound stays the published one, so every unit is scored on
// the same scale of failure. Throws std::invalid_argument for mismatched sizes or a target equal to the bound.
std::vector<UnitScore> score_units(const std::vector<IndicatorSpec>& specs,
                                   const std::vector<std::vector<std::optional<double>>>& values,
                                   const ScoringOptions& options = {},
                                   const std::vector<std::vector<std::optional<double>>>& unit_targets = {});

// Competition ranks ("1224"): the highest total is 1, equal totals share the best rank, nullopt gets 0.
std::vector<int> competition_ranks(const std::vector<std::optional<double>>& totals);

struct RankInterval {
  int base = 0;                                            // the rank with the published weights
  int best = 0, low = 0, median = 0, high = 0, worst = 0;  // low/high: 5th and 95th percentiles of the draws
};

struct SensitivityOptions {
  int draws = 1000;
  std::uint64_t seed = 1;
  double spread = 0.25;  // each weight times a uniform factor in [1 - spread, 1 + spread], then renormalised
};

// Ranks under perturbed weights, from the scores under the published weights (score_units with the same specs
// and options). Units without a total there stay unranked (all 0).
std::vector<RankInterval> weight_sensitivity(const std::vector<IndicatorSpec>& specs,
                                             const std::vector<UnitScore>& base, const ScoringOptions& scoring,
                                             const SensitivityOptions& options);

}  // namespace eb::engine::assessment
