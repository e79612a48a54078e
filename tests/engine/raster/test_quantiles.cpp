#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <span>
#include <stdexcept>

#include "engine/raster/quantiles.hpp"

namespace eb::engine::raster {
namespace {

// Reference: full sort and PERCENTILE.INC.
double sorted_percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1) * p;
  const auto k = static_cast<std::size_t>(std::floor(h));
  return k + 1 < v.size() ? v[k] + (h - static_cast<double>(k)) * (v[k + 1] - v[k]) : v[k];
}

std::vector<double> two_pass(const std::vector<double>& values, const std::vector<std::uint8_t>& valid,
                             const std::vector<double>& p, int bins = 1 << 16, std::size_t block = 1000) {
  TwoPassQuantiles q(p, -1, 1, bins);
  auto each_block = [&](auto fn) {
    for (std::size_t i = 0; i < values.size(); i += block) {
      const std::size_t n = std::min(block, values.size() - i);
      fn(std::span(values).subspan(i, n), std::span(valid).subspan(i, n));
    }
  };
  each_block([&](auto v, auto ok) { q.count(v, ok); });
  if (!q.plan()) return q.result();
  each_block([&](auto v, auto ok) { q.collect(v, ok); });
  return q.result();
}

TEST(Quantiles, EqualAFullSortOnNdviLikeData) {
  std::mt19937 rng(11);
  std::normal_distribution<double> d(0.35, 0.25);
  std::vector<double> values(200000);
  std::vector<std::uint8_t> valid(values.size(), 1);
  for (std::size_t i = 0; i < values.size(); ++i) {
    values[i] = std::round(d(rng) * 1e4) / 1e4;  // many ties, as in scaled integer products
    if (i % 17 == 0) valid[i] = 0;
    if (i % 1001 == 0) values[i] = NAN;  // NaN never counts
    if (i % 5003 == 0) values[i] = 1.7;  // outside the histogram range: still counted
  }
  std::vector<double> ref;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (valid[i] && !std::isnan(values[i])) ref.push_back(values[i]);
  const std::vector<double> p = {0, 0.005, 0.02, 0.05, 0.5, 0.95, 0.98, 0.995, 1};
  for (int bins : {1, 7, 1 << 16}) {
    const auto got = two_pass(values, valid, p, bins);
    for (std::size_t i = 0; i < p.size(); ++i) {
      EXPECT_EQ(got[i], sorted_percentile(ref, p[i])) << "p " << p[i] << " bins " << bins;
    }
  }
}

TEST(Quantiles, SmallAndEmptyInputs) {
  EXPECT_EQ(two_pass({0.3}, {1}, {0.05, 0.95}), (std::vector<double>{0.3, 0.3}));
  EXPECT_DOUBLE_EQ(two_pass({0.1, 0.5}, {1, 1}, {0.5}).at(0), 0.3);
  const auto none = two_pass({0.1, 0.5}, {0, 0}, {0.5});
  ASSERT_EQ(none.size(), 1u);
  EXPECT_TRUE(std::isnan(none[0]));
}

TEST(Quantiles, KeepsOnlyTheNeededBins) {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> d(-1, 1);
  std::vector<double> values(100000);
  for (double& v : values) v = d(rng);
  std::vector<std::uint8_t> valid(values.size(), 1);
  TwoPassQuantiles q({0.05, 0.95});
  q.count(values, valid);
  ASSERT_TRUE(q.plan());
  EXPECT_LT(q.kept(), 50);  // a handful of values per bin, two bins per percentile at most
  q.collect(values, valid);
  const auto got = q.result();
  EXPECT_EQ(got[0], sorted_percentile(values, 0.05));
  EXPECT_EQ(got[1], sorted_percentile(values, 0.95));
}

// A job in windows (ecobarrier.dask.fvc): each window counts into its own object, the counts are added into one,
// every window collects under the plan of the summed counts, and the kept values are added in a shuffled order:
// the same percentiles as one pass over everything, exactly.
TEST(Quantiles, WindowsCountedAndCollectedApartEqualOnePass) {
  std::mt19937_64 rng(15);
  std::normal_distribution<double> ndvi(0.35, 0.25);
  std::vector<double> values(50000);
  for (double& v : values) v = ndvi(rng);  // some fall outside [-1, 1): the overflow bins count too
  std::vector<std::uint8_t> valid(values.size(), 1);
  for (std::size_t i = 0; i < valid.size(); i += 7) valid[i] = 0;
  const std::vector<double> p = {0.02, 0.5, 0.98};
  TwoPassQuantiles whole(p);
  whole.count(values, valid);
  ASSERT_TRUE(whole.plan());
  whole.collect(values, valid);
  const auto expected = whole.result();

  const std::vector<std::size_t> cuts = {0, 1234, 20000, 20001, 41000, values.size()};
  const auto window = [&](std::size_t w) {
    return std::pair(std::span<const double>(values).subspan(cuts[w], cuts[w + 1] - cuts[w]),
                     std::span<const std::uint8_t>(valid).subspan(cuts[w], cuts[w + 1] - cuts[w]));
  };
  TwoPassQuantiles merged(p);
  for (std::size_t w = 0; w + 1 < cuts.size(); ++w) {
    TwoPassQuantiles part(p);
    const auto [v, ok] = window(w);
    part.count(v, ok);
    merged.add_counts(part.counts());
  }
  ASSERT_TRUE(merged.plan());
  std::vector<std::size_t> order = {3, 0, 4, 2, 1};
  for (const std::size_t w : order) {
    TwoPassQuantiles part(p);
    part.add_counts(merged.counts());
    ASSERT_TRUE(part.plan());
    const auto [v, ok] = window(w);
    part.collect(v, ok);
    for (std::size_t slot = 0; slot < part.kept_values().size(); ++slot)
      merged.add_kept(slot, part.kept_values()[slot]);
  }
  EXPECT_EQ(merged.n(), whole.n());
  EXPECT_EQ(merged.result(), expected);
  EXPECT_THROW(merged.add_counts(std::vector<std::int64_t>(3)), std::invalid_argument);
}

TEST(WeightedQuantiles, EqualWeightsArePercentileInc) {
  std::vector<WeightedValue> v = {{4, 1}, {1, 1}, {3, 1}, {2, 1}};
  const auto q = weighted_quantiles(v, {0, 0.25, 0.5, 0.9, 1});
  // numpy.percentile([1, 2, 3, 4], [0, 25, 50, 90, 100]) = 1, 1.75, 2.5, 3.7, 4
  EXPECT_DOUBLE_EQ(q[0], 1);
  EXPECT_DOUBLE_EQ(q[1], 1.75);
  EXPECT_DOUBLE_EQ(q[2], 2.5);
  EXPECT_DOUBLE_EQ(q[3], 3.7);
  EXPECT_DOUBLE_EQ(q[4], 4);
  // Scaling every weight changes nothing.
  for (auto& x : v) x.weight = 0.3;
  EXPECT_DOUBLE_EQ(weighted_quantiles(v, {0.9})[0], 3.7);
}

TEST(WeightedQuantiles, WeightsStretchTheIntervalsByHand) {
  // Values 1, 2, 3 with weights 1, 0.5, 1: S = 0, 0.5 + 2 x 1 = 2.5, 2 x 1 + 2 x 1.5 = 5.
  std::vector<WeightedValue> v = {{3, 1}, {2, 0.5}, {1, 1}};
  const auto q = weighted_quantiles(v, {0.25, 0.5, 0.75, 0.1});
  EXPECT_DOUBLE_EQ(q[0], 1.5);  // target 1.25 between S_1 = 0 and S_2 = 2.5
  EXPECT_DOUBLE_EQ(q[1], 2);    // target 2.5 = S_2
  EXPECT_DOUBLE_EQ(q[2], 2.5);  // target 3.75 between 2.5 and 5
  EXPECT_DOUBLE_EQ(q[3], 1.2);  // target 0.5
  // A heavier top value pulls the median towards it: S = 0, 3, 12, the median's target 6 lies a third of the way
  // from 2 to 3 (the unweighted median is 2).
  std::vector<WeightedValue> heavy = {{1, 1}, {2, 1}, {3, 4}};
  EXPECT_DOUBLE_EQ(weighted_quantiles(heavy, {0.5})[0], 2 + 1.0 / 3);
}

TEST(WeightedQuantiles, EmptyAndSingle) {
  std::vector<WeightedValue> none;
  EXPECT_TRUE(std::isnan(weighted_quantiles(none, {0.5})[0]));
  std::vector<WeightedValue> one = {{7, 0.2}};
  EXPECT_EQ(weighted_quantiles(one, {0, 0.5, 1}), (std::vector<double>{7, 7, 7}));
}

}  // namespace
}  // namespace eb::engine::raster
