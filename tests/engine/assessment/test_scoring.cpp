#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <stdexcept>

#include "engine/assessment/scoring.hpp"

namespace eb::engine::assessment {
namespace {

std::vector<IndicatorSpec> specs() {
  return {{"pm25", "air", 2, 75, 35},       // lower is better: worst 75, target 35 µg/m³
          {"good_days", "air", 1, 60, 90},  // higher is better, %
          {"fvc", "ecology", 1, 0.2, 0.6}};
}

using Values = std::vector<std::vector<std::optional<double>>>;
const Values kValues = {{35.0, 75.0, 0.4},           // A: 100, 50, 50 -> 75
                        {55.0, 90.0, 0.6},           // B: 50, 100, 100 -> 75 (tie)
                        {80.0, std::nullopt, 0.2}};  // C: 0 (clamped), missing, 0

TEST(Scoring, DistanceToTargetBothDirections) {
  EXPECT_DOUBLE_EQ(distance_to_target_score(55, specs()[0]), 50);
  EXPECT_DOUBLE_EQ(distance_to_target_score(20, specs()[0]), 100);  // better than target: capped
  EXPECT_DOUBLE_EQ(distance_to_target_score(99, specs()[0]), 0);
  EXPECT_DOUBLE_EQ(distance_to_target_score(75, specs()[1]), 50);
  EXPECT_THROW(distance_to_target_score(1, IndicatorSpec{"x", "c", 1, 5, 5}), std::invalid_argument);
  EXPECT_THROW(distance_to_target_score(1, IndicatorSpec{"x", "c", 0, 0, 5}), std::invalid_argument);
}

TEST(Scoring, HandComputedTotalsCategoriesAndTies) {
  const auto s = score_units(specs(), kValues);
  EXPECT_DOUBLE_EQ(*s[0].total, 75);
  EXPECT_DOUBLE_EQ(*s[1].total, 75);
  EXPECT_EQ(s[0].rank, 1);
  EXPECT_EQ(s[1].rank, 1);  // tied
  ASSERT_EQ(s[0].category.size(), 2u);
  EXPECT_EQ(s[0].category[0].first, "air");
  EXPECT_NEAR(*s[0].category[0].second, 250.0 / 3, 1e-12);
  EXPECT_DOUBLE_EQ(*s[0].category[1].second, 50);
  // C misses a quarter of the weight: more than the 20 % the default rule tolerates, so no total, no rank.
  EXPECT_DOUBLE_EQ(s[2].missing_weight, 0.25);
  EXPECT_FALSE(s[2].total.has_value());
  EXPECT_EQ(s[2].rank, 0);
  EXPECT_FALSE(s[2].indicator[1].has_value());
}

TEST(Scoring, MissingDataRulesAreExplicit) {
  ScoringOptions tolerant;
  tolerant.max_missing_weight = 0.3;
  auto s = score_units(specs(), kValues, tolerant);
  EXPECT_DOUBLE_EQ(*s[2].total, 0);  // (2 x 0 + 1 x 0) / 3
  EXPECT_EQ(s[2].rank, 3);
  ScoringOptions zero;
  zero.missing = MissingRule::zero;
  s = score_units(specs(), {{35.0, std::nullopt, 0.6}}, zero);
  EXPECT_DOUBLE_EQ(*s[0].total, 75);  // (200 + 0 + 100) / 4: the missing one counts as 0
  ScoringOptions exclude;
  exclude.missing = MissingRule::exclude;
  s = score_units(specs(), kValues, exclude);
  EXPECT_FALSE(s[2].total.has_value());
  EXPECT_EQ(s[0].rank, 1);
}

TEST(Scoring, UnitTargetsReplaceTheRegionalTargetOnTheSameWorstBound) {
  // B's PM2.5 target is 45 instead of 35: 55 is two thirds of the way from the worst bound 75 to it.
  Values targets = {{std::nullopt, std::nullopt, std::nullopt}, {45.0, std::nullopt, 0.5}, {}};
  targets[2].assign(3, std::nullopt);
  const auto s = score_units(specs(), kValues, {}, targets);
  EXPECT_DOUBLE_EQ(*s[0].total, 75);                        // A keeps the regional targets
  EXPECT_NEAR(*s[1].indicator[0], 100.0 * 20 / 30, 1e-12);  // 66.67
  EXPECT_DOUBLE_EQ(*s[1].indicator[2], 100);                // 0.6 beyond its 0.5 target: capped
  EXPECT_NEAR(*s[1].total, (2 * 100.0 * 20 / 30 + 100 + 100) / 4, 1e-12);
  EXPECT_EQ(s[1].rank, 1);  // the tie under the regional targets is broken by B's own, laxer, PM2.5 target
  EXPECT_EQ(s[0].rank, 2);
  EXPECT_THROW(score_units(specs(), kValues, {}, {{}}), std::invalid_argument);
}

TEST(Scoring, CompetitionRanks) {
  EXPECT_EQ(competition_ranks({5.0, 7.0, 7.0, std::nullopt, 1.0}), (std::vector<int>{3, 1, 1, 0, 4}));
  EXPECT_EQ(competition_ranks({}), std::vector<int>{});
}

TEST(Sensitivity, NoSpreadGivesTheBaseRank) {
  SensitivityOptions o;
  o.spread = 0;
  o.draws = 50;
  const auto r = weight_sensitivity(specs(), score_units(specs(), kValues), {}, o);
  EXPECT_EQ(r[0].base, 1);
  EXPECT_EQ(r[0].best, 1);
  EXPECT_EQ(r[0].worst, 1);
  EXPECT_EQ(r[2].base, 0);  // unranked stays unranked
  EXPECT_EQ(r[2].worst, 0);
}

TEST(Sensitivity, TiesBreakUnderPerturbedWeightsAndDrawsAreReproducible) {
  SensitivityOptions o;
  o.draws = 2000;
  o.seed = 42;
  const auto a = weight_sensitivity(specs(), score_units(specs(), kValues), {}, o);
  // A and B tie at 75 only at the published weights: perturbed, either can lead.
  EXPECT_EQ(a[0].best, 1);
  EXPECT_EQ(a[0].worst, 2);
  EXPECT_EQ(a[1].best, 1);
  EXPECT_EQ(a[1].worst, 2);
  // The same seed gives the same intervals, on one thread or many.
  std::vector<RankInterval> b;
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    b = weight_sensitivity(specs(), score_units(specs(), kValues), {}, o);
  }
  for (std::size_t u = 0; u < a.size(); ++u) {
    EXPECT_EQ(a[u].low, b[u].low);
    EXPECT_EQ(a[u].median, b[u].median);
    EXPECT_EQ(a[u].high, b[u].high);
  }
  // A unit ahead on every indicator keeps rank 1 under any weights.
  const Values dominant = {{35.0, 90.0, 0.6}, {55.0, 75.0, 0.4}, {70.0, 70.0, 0.3}};
  const auto d = weight_sensitivity(specs(), score_units(specs(), dominant), {}, o);
  EXPECT_EQ(d[0].best, 1);
  EXPECT_EQ(d[0].worst, 1);
  EXPECT_EQ(d[2].best, 3);
}

}  // namespace
}  // namespace eb::engine::assessment
