#include "engine/assessment/scoring.hpp"

#include <tbb/blocked_range.h>
#include <tbb/combinable.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace eb::engine::assessment {

double distance_to_target_score(double value, const IndicatorSpec& spec) {
  if (!(spec.weight > 0)) throw std::invalid_argument("indicator " + spec.id + ": weight must be positive");
  if (spec.worst == spec.target) throw std::invalid_argument("indicator " + spec.id + ": worst equals target");
  const double s = 100 * (value - spec.worst) / (spec.target - spec.worst);
  return std::clamp(s, 0.0, 100.0);
}

namespace {

// Total and category scores of one unit from its indicator scores and the weights to use.
std::optional<double> total_of(const std::vector<std::optional<double>>& scores, const std::vector<double>& weights,
                               const ScoringOptions& options, double& missing_weight) {
  double sum = 0, used = 0, all = 0, missing = 0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    all += weights[i];
    if (scores[i]) {
      sum += weights[i] * *scores[i];
      used += weights[i];
    } else {
      missing += weights[i];
      if (options.missing == MissingRule::zero) used += weights[i];
    }
  }
  missing_weight = all > 0 ? missing / all : 0;
  if (options.missing == MissingRule::exclude && missing > 0) return std::nullopt;
  if (options.missing == MissingRule::renormalize && missing_weight > options.max_missing_weight) return std::nullopt;
  if (used <= 0) return std::nullopt;
  return sum / used;
}

// splitmix64: a counter-based stream per draw, so draws do not depend on which thread runs them.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::vector<UnitScore> score_units(const std::vector<IndicatorSpec>& specs,
                                   const std::vector<std::vector<std::optional<double>>>& values,
                                   const ScoringOptions& options,
                                   const std::vector<std::vector<std::optional<double>>>& unit_targets) {
  if (!unit_targets.empty() && unit_targets.size() != values.size())
    throw std::invalid_argument("unit targets do not match the units");
  std::vector<std::string> categories;
  for (const auto& s : specs)
    if (std::find(categories.begin(), categories.end(), s.category) == categories.end())
      categories.push_back(s.category);
  std::vector<double> weights;
  for (const auto& s : specs) weights.push_back(s.weight);
  std::vector<UnitScore> out(values.size());
  for (std::size_t u = 0; u < values.size(); ++u) {
    if (values[u].size() != specs.size()) throw std::invalid_argument("a unit's values do not match the indicators");
    if (!unit_targets.empty() && unit_targets[u].size() != specs.size())
      throw std::invalid_argument("a unit's targets do not match the indicators");
    UnitScore& us = out[u];
    for (std::size_t i = 0; i < specs.size(); ++i) {
      if (!values[u][i]) {
        us.indicator.push_back(std::nullopt);
        continue;
      }
      IndicatorSpec spec = specs[i];
      if (!unit_targets.empty() && unit_targets[u][i]) spec.target = *unit_targets[u][i];
      us.indicator.push_back(distance_to_target_score(*values[u][i], spec));
    }
    us.total = total_of(us.indicator, weights, options, us.missing_weight);
    for (const auto& c : categories) {
      std::vector<std::optional<double>> scores;
      std::vector<double> w;
      for (std::size_t i = 0; i < specs.size(); ++i) {
        if (specs[i].category != c) continue;
        scores.push_back(us.indicator[i]);
        w.push_back(weights[i]);
      }
      double ignored = 0;
      ScoringOptions within = options;
      within.max_missing_weight = 1;  // a category shows what it has; the total carries the rule
      us.category.emplace_back(c, total_of(scores, w, within, ignored));
    }
  }
  std::vector<std::optional<double>> totals;
  for (const auto& us : out) totals.push_back(us.total);
  const auto ranks = competition_ranks(totals);
  for (std::size_t u = 0; u < out.size(); ++u) out[u].rank = ranks[u];
  return out;
}

std::vector<int> competition_ranks(const std::vector<std::optional<double>>& totals) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < totals.size(); ++i)
    if (totals[i]) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return *totals[a] > *totals[b]; });
  std::vector<int> ranks(totals.size(), 0);
  for (std::size_t k = 0; k < order.size(); ++k) {
    const bool tied = k > 0 && *totals[order[k]] == *totals[order[k - 1]];
    ranks[order[k]] = tied ? ranks[order[k - 1]] : static_cast<int>(k) + 1;
  }
  return ranks;
}

std::vector<RankInterval> weight_sensitivity(const std::vector<IndicatorSpec>& specs,
                                             const std::vector<UnitScore>& base, const ScoringOptions& scoring,
                                             const SensitivityOptions& options) {
  if (options.draws < 1) throw std::invalid_argument("draws must be at least 1");
  if (!(options.spread >= 0 && options.spread < 1)) throw std::invalid_argument("spread must be in [0, 1)");
  const std::size_t units = base.size(), n = specs.size();
  // Units ranked under the published weights take part; their indicator scores are fixed, only weights move.
  std::vector<std::size_t> ranked;
  for (std::size_t u = 0; u < units; ++u)
    if (base[u].rank > 0) ranked.push_back(u);
  const std::size_t m = ranked.size();
  // Histogram of ranks per unit: counts[u * (m + 1) + rank].
  tbb::combinable<std::vector<std::int64_t>> counts([&] { return std::vector<std::int64_t>(m * (m + 1), 0); });
  tbb::parallel_for(tbb::blocked_range<int>(0, options.draws, 16), [&](const tbb::blocked_range<int>& r) {
    std::vector<std::int64_t>& local = counts.local();
    std::vector<double> weights(n);
    std::vector<std::optional<double>> totals(m);
    for (int d = r.begin(); d < r.end(); ++d) {
      std::uint64_t state = mix(options.seed * 0x100000001b3ULL + static_cast<std::uint64_t>(d));
      for (std::size_t i = 0; i < n; ++i) {
        state = mix(state);
        const double u01 = static_cast<double>(state >> 11) / 9007199254740992.0;
        weights[i] = specs[i].weight * (1 - options.spread + 2 * options.spread * u01);
      }
      for (std::size_t k = 0; k < m; ++k) {
        double ignored = 0;
        ScoringOptions keep = scoring;
        keep.max_missing_weight = 1;  // ranked under the published weights: keep them in every draw
        totals[k] = total_of(base[ranked[k]].indicator, weights, keep, ignored);
      }
      const auto ranks = competition_ranks(totals);
      for (std::size_t k = 0; k < m; ++k) ++local[k * (m + 1) + static_cast<std::size_t>(ranks[k])];
    }
  });
  std::vector<std::int64_t> total(m * (m + 1), 0);
  counts.combine_each([&](const std::vector<std::int64_t>& c) {
    for (std::size_t i = 0; i < c.size(); ++i) total[i] += c[i];
  });
  std::vector<RankInterval> out(units);
  for (std::size_t k = 0; k < m; ++k) {
    RankInterval& ri = out[ranked[k]];
    ri.base = base[ranked[k]].rank;
    // The rank at cumulative share p of the draws (nearest rank).
    auto at = [&](double p) {
      const auto need = static_cast<std::int64_t>(std::ceil(p * options.draws));
      std::int64_t seen = 0;
      for (std::size_t rank = 1; rank <= m; ++rank) {
        seen += total[k * (m + 1) + rank];
        if (seen >= std::max<std::int64_t>(need, 1)) return static_cast<int>(rank);
      }
      return static_cast<int>(m);
    };
    ri.best = at(0);
    ri.low = at(0.05);
    ri.median = at(0.5);
    ri.high = at(0.95);
    ri.worst = at(1.0);
  }
  return out;
}

}  // namespace eb::engine::assessment
