#include "engine/raster/quantiles.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace eb::engine::raster {

TwoPassQuantiles::TwoPassQuantiles(std::vector<double> probabilities, double lo, double hi, int bins)
    : p_(std::move(probabilities)),
      lo_(lo),
      hi_(hi),
      scale_(bins / (hi - lo)),
      bins_(bins),
      counts_(static_cast<std::size_t>(bins) + 2, 0) {
  assert(hi > lo && bins > 0);
}

int TwoPassQuantiles::bin_of(double v) const {
  if (v < lo_) return 0;
  if (v >= hi_) return bins_ + 1;
  // min(): rounding at the top edge could give `bins_`, which is still inside.
  return 1 + std::min(bins_ - 1, static_cast<int>((v - lo_) * scale_));
}

void TwoPassQuantiles::count(std::span<const double> values, std::span<const std::uint8_t> valid) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!valid[i] || std::isnan(values[i])) continue;
    ++counts_[static_cast<std::size_t>(bin_of(values[i]))];
    ++n_;
  }
}

bool TwoPassQuantiles::plan() {
  slot_.assign(counts_.size(), -1);
  kept_values_.clear();
  kept_offset_.clear();
  kept_ = 0;
  if (n_ == 0) return false;
  // Rank -> bin by the cumulative counts.
  std::vector<std::int64_t> first_rank(counts_.size());
  std::int64_t running = 0;
  for (std::size_t b = 0; b < counts_.size(); ++b) {
    first_rank[b] = running;
    running += counts_[b];
  }
  auto keep_rank = [&](std::int64_t rank) {
    const auto it = std::upper_bound(first_rank.begin(), first_rank.end(), rank);
    std::size_t b = static_cast<std::size_t>(it - first_rank.begin()) - 1;
    while (counts_[b] == 0) --b;  // empty bins share their first rank with the next; take the one holding it
    if (slot_[b] < 0) {
      slot_[b] = static_cast<std::int32_t>(kept_values_.size());
      kept_values_.emplace_back();
      kept_values_.back().reserve(static_cast<std::size_t>(counts_[b]));
      kept_offset_.push_back(first_rank[b]);
      kept_ += counts_[b];
    }
  };
  for (double p : p_) {
    const double h = (static_cast<double>(n_) - 1) * p;
    const auto k = static_cast<std::int64_t>(std::floor(h));
    keep_rank(k);
    if (k + 1 < n_) keep_rank(k + 1);
  }
  return true;
}

void TwoPassQuantiles::collect(std::span<const double> values, std::span<const std::uint8_t> valid) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!valid[i] || std::isnan(values[i])) continue;
    const std::int32_t s = slot_[static_cast<std::size_t>(bin_of(values[i]))];
    if (s >= 0) kept_values_[static_cast<std::size_t>(s)].push_back(values[i]);
  }
}

void TwoPassQuantiles::add_counts(std::span<const std::int64_t> counts) {
  if (counts.size() != counts_.size()) throw std::invalid_argument("quantile counts of another histogram");
  for (std::size_t b = 0; b < counts.size(); ++b) {
    counts_[b] += counts[b];
    n_ += counts[b];
  }
}

void TwoPassQuantiles::add_kept(std::size_t slot, std::span<const double> values) {
  if (slot >= kept_values_.size()) throw std::invalid_argument("kept quantile values of another plan");
  kept_values_[slot].insert(kept_values_[slot].end(), values.begin(), values.end());
}

std::vector<double> TwoPassQuantiles::result() {
  std::vector<double> out;
  if (n_ == 0) {
    out.assign(p_.size(), std::numeric_limits<double>::quiet_NaN());
    return out;
  }
  for (auto& v : kept_values_) std::sort(v.begin(), v.end());
  auto order_statistic = [&](std::int64_t rank) {
    for (std::size_t s = 0; s < kept_values_.size(); ++s) {
      const std::int64_t offset = rank - kept_offset_[s];
      if (offset >= 0 && offset < static_cast<std::int64_t>(kept_values_[s].size())) {
        return kept_values_[s][static_cast<std::size_t>(offset)];
      }
    }
    assert(false && "rank planned but not kept: pass 2 saw different data than pass 1");
    return std::numeric_limits<double>::quiet_NaN();
  };
  for (double p : p_) {
    const double h = (static_cast<double>(n_) - 1) * p;
    const auto k = static_cast<std::int64_t>(std::floor(h));
    const double x0 = order_statistic(k);
    out.push_back(k + 1 < n_ ? x0 + (h - static_cast<double>(k)) * (order_statistic(k + 1) - x0) : x0);
  }
  return out;
}

std::vector<double> weighted_quantiles(std::vector<WeightedValue>& values, const std::vector<double>& probabilities) {
  std::vector<double> out(probabilities.size(), std::numeric_limits<double>::quiet_NaN());
  if (values.empty()) return out;
  // By value, then weight: a total order, so the result does not depend on the order the cells came in (a
  // distributed job gathers them in any order).
  std::sort(values.begin(), values.end(), [](const WeightedValue& a, const WeightedValue& b) {
    return a.value < b.value || (a.value == b.value && a.weight < b.weight);
  });
  const std::size_t n = values.size();
  if (n == 1) {
    std::fill(out.begin(), out.end(), values.front().value);
    return out;
  }
  // S_k for every k (0-based: S_i = i w_i + (n - 1) Σ_{j<i} w_j).
  std::vector<double> s(n);
  double before = 0;
  for (std::size_t i = 0; i < n; ++i) {
    s[i] = static_cast<double>(i) * values[i].weight + static_cast<double>(n - 1) * before;
    before += values[i].weight;
  }
  for (std::size_t q = 0; q < probabilities.size(); ++q) {
    const double target = probabilities[q] * s[n - 1];
    // The last k with S_k <= target.
    const auto it = std::upper_bound(s.begin(), s.end(), target);
    if (it == s.begin()) {
      out[q] = values.front().value;
      continue;
    }
    const auto k = static_cast<std::size_t>(it - s.begin()) - 1;
    if (k + 1 >= n) {
      out[q] = values.back().value;
      continue;
    }
    const double t = (target - s[k]) / (s[k + 1] - s[k]);
    out[q] = values[k].value + t * (values[k + 1].value - values[k].value);
  }
  return out;
}

}  // namespace eb::engine::raster
