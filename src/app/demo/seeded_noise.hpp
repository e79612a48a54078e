// Deterministic random numbers for the SYNTHETIC demo data: uniform and normal variates from the raw 64-bit
// Mersenne Twister (Box-Muller), independent of the standard library's distribution implementations, so a seed
// gives the same files on every machine.
#pragma once

#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>

namespace eb::app {

class SeededNoise {
 public:
  explicit SeededNoise(std::uint64_t seed) : engine_(seed) {}
  double uniform() { return (static_cast<double>(engine_() >> 11) + 0.5) / 9007199254740992.0; }  // (0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  double normal() {
    const double u = uniform(), v = uniform();
    return std::sqrt(-2 * std::log(u)) * std::cos(2 * std::numbers::pi * v);
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace eb::app
