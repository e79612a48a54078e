#include "engine/water/class_kernel.hpp"

#include <stdexcept>
#include <string>

namespace eb::engine::water {

ClassKernel::ClassKernel(std::string_view item, standards::Waterbody waterbody) {
  const auto limits = standards::item_limits(item, waterbody);
  if (!limits) throw std::out_of_range("no GB 3838 limits for " + std::string(item));
  rule_ = limits->rule == "range" ? Rule::range : limits->rule == "min" ? Rule::at_least : Rule::at_most;
  for (std::size_t k = 0; k < 5; ++k) t_[k] = limits->limit[k];
  lo_ = limits->lo;
  hi_ = limits->hi;
}

namespace {
// Class of one value; NaN gives 0 because every comparison with NaN is false.
inline std::uint8_t one(double v, int rule, const double* t, double lo, double hi) {
  const std::uint8_t present = v == v;
  std::uint8_t c;
  if (rule == 0)  // at most: one class worse per limit exceeded (equal to a shared limit keeps the better)
    c = static_cast<std::uint8_t>(1 + (v > t[0]) + (v > t[1]) + (v > t[2]) + (v > t[3]) + (v > t[4]));
  else if (rule == 1)  // at least (DO)
    c = static_cast<std::uint8_t>(1 + (v < t[0]) + (v < t[1]) + (v < t[2]) + (v < t[3]) + (v < t[4]));
  else
    c = (v >= lo && v <= hi) ? 1 : 6;
  return static_cast<std::uint8_t>(c * present);
}
}  // namespace

void ClassKernel::classify(std::span<const double> values, std::span<std::uint8_t> classes) const {
  const int rule = static_cast<int>(rule_);
  for (std::size_t i = 0; i < values.size(); ++i) classes[i] = one(values[i], rule, t_, lo_, hi_);
}

void ClassKernel::classify_max(std::span<const double> values, std::span<std::uint8_t> running_max) const {
  const int rule = static_cast<int>(rule_);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::uint8_t c = one(values[i], rule, t_, lo_, hi_);
    running_max[i] = c > running_max[i] ? c : running_max[i];
  }
}

}  // namespace eb::engine::water
