#include "engine/stats/trend.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace eb::engine {

Trend mann_kendall_sen(std::span<const double> y) {
  std::vector<std::pair<double, double>> pts;  // (step, value)
  for (std::size_t i = 0; i < y.size(); ++i)
    if (!std::isnan(y[i])) pts.emplace_back(static_cast<double>(i), y[i]);
  Trend t;
  t.n = static_cast<int>(pts.size());
  if (t.n < 2) return t;
  std::vector<double> slopes;
  for (std::size_t i = 0; i < pts.size(); ++i)
    for (std::size_t j = i + 1; j < pts.size(); ++j) {
      const double d = pts[j].second - pts[i].second;
      t.s += (d > 0) - (d < 0);
      slopes.push_back(d / (pts[j].first - pts[i].first));
    }
  std::sort(slopes.begin(), slopes.end());
  const std::size_t m = slopes.size();
  t.sen_slope = m % 2 ? slopes[m / 2] : (slopes[m / 2 - 1] + slopes[m / 2]) / 2;
  // Var(S) = [n(n-1)(2n+5) - sum over tie groups t(t-1)(2t+5)] / 18
  std::map<double, int> ties;
  for (const auto& p : pts) ++ties[p.second];
  const double n = t.n;
  double var = n * (n - 1) * (2 * n + 5);
  for (const auto& [value, count] : ties) var -= static_cast<double>(count) * (count - 1) * (2 * count + 5);
  t.var_s = var / 18;
  if (t.var_s > 0 && t.s != 0) t.z = (static_cast<double>(t.s) - (t.s > 0 ? 1 : -1)) / std::sqrt(t.var_s);
  return t;
}

}  // namespace eb::engine
