// National-scale assessment benchmark (issue 7): 2,800 counties x 50 indicators scored, ranked, and 10,000 Monte
// Carlo draws of perturbed weights for rank intervals. SYNTHETIC seeded values; prints the time of each step.
// Usage: bench_sensitivity [--units N] [--indicators K] [--draws D]
#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <random>

#include "engine/assessment/scoring.hpp"

namespace as = eb::engine::assessment;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  int units = 2800, indicators = 50, draws = 10000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--units") == 0) units = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--indicators") == 0) indicators = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--draws") == 0) draws = std::atoi(argv[i + 1]);
  }
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u01(0, 1);
  std::vector<as::IndicatorSpec> specs;
  const char* categories[] = {"blue_sky", "clear_water",       "clean_soil",
                              "ecology",  "green_development", "responsibility"};
  for (int i = 0; i < indicators; ++i)
    specs.push_back({fmt::format("I{}", i), categories[i % 6], 0.5 + u01(rng), 0, 100});
  std::vector<std::vector<std::optional<double>>> values(static_cast<std::size_t>(units));
  for (auto& v : values)
    for (int i = 0; i < indicators; ++i) v.push_back(u01(rng) < 0.02 ? std::nullopt : std::optional(100 * u01(rng)));
  auto t = Clock::now();
  const auto scores = as::score_units(specs, values);
  const double score_s = std::chrono::duration<double>(Clock::now() - t).count();
  int ranked = 0;
  for (const auto& s : scores) ranked += s.rank > 0;
  as::SensitivityOptions o;
  o.draws = draws;
  o.seed = 2026;
  t = Clock::now();
  const auto intervals = as::weight_sensitivity(specs, scores, {}, o);
  const double mc_s = std::chrono::duration<double>(Clock::now() - t).count();
  double width = 0;
  for (const auto& r : intervals)
    if (r.base) width += r.high - r.low;
  fmt::print("{} units x {} indicators (SYNTHETIC), {} ranked\n", units, indicators, ranked);
  fmt::print("score and rank          {:8.3f} s\n", score_s);
  fmt::print("{} weight draws        {:8.3f} s   ({:.1f} M unit-scores/s)\n", draws, mc_s,
             static_cast<double>(draws) * ranked * indicators / mc_s / 1e6);
  fmt::print("mean 90 % rank interval width: {:.1f} places\n", width / std::max(ranked, 1));
  return 0;
}
