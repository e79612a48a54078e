#include "engine/stats/trend.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace eb::engine {

Trend mann_kendall_sen(std::span<const double> y) {
  TrendScratch scratch;
  return mann_kendall_sen(y, scratch);
}

Trend mann_kendall_sen(std::span<const double> y, TrendScratch& scratch) {
  auto& steps = scratch.steps;
  auto& values = scratch.values;
  steps.clear();
  values.clear();
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (std::isnan(y[i])) continue;
    steps.push_back(static_cast<double>(i));
    values.push_back(y[i]);
  }
  Trend t;
  t.n = static_cast<int>(values.size());
  if (t.n < 2) return t;
  auto& slopes = scratch.slopes;
  slopes.clear();
  for (std::size_t i = 0; i < values.size(); ++i)
    for (std::size_t j = i + 1; j < values.size(); ++j) {
      const double d = values[j] - values[i];
      t.s += (d > 0) - (d < 0);
      slopes.push_back(d / (steps[j] - steps[i]));
    }
  // The median needs only the middle one or two order statistics.
  const std::size_t m = slopes.size();
  std::nth_element(slopes.begin(), slopes.begin() + static_cast<std::ptrdiff_t>(m / 2), slopes.end());
  const double upper = slopes[m / 2];
  t.sen_slope =
      m % 2 ? upper
            : (*std::max_element(slopes.begin(), slopes.begin() + static_cast<std::ptrdiff_t>(m / 2)) + upper) / 2;
  // Var(S) = [n(n-1)(2n+5) - sum over tie groups t(t-1)(2t+5)] / 18
  auto& sorted = scratch.sorted;
  sorted.assign(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  const double n = t.n;
  double var = n * (n - 1) * (2 * n + 5);
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i + 1;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    const double count = static_cast<double>(j - i);
    var -= count * (count - 1) * (2 * count + 5);
    i = j;
  }
  t.var_s = var / 18;
  if (t.var_s > 0 && t.s != 0) t.z = (static_cast<double>(t.s) - (t.s > 0 ? 1 : -1)) / std::sqrt(t.var_s);
  return t;
}

}  // namespace eb::engine
