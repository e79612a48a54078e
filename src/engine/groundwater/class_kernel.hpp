// GB/T 14848-2017 classes of many groundwater samples at once, column by column (one item over all samples),
// branch-free so that it vectorises (SSE2 where there). Gives exactly standards::groundwater_item_class for every
// value (tested on the golden vectors and on random decimals).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace eb::engine::groundwater {

class ClassKernel {
 public:
  explicit ClassKernel(std::string_view item);  // throws std::out_of_range for an item not in GB/T 14848
  // Class per value: 1..5 (I..V), 0 for a missing value (NaN).
  void classify(std::span<const double> values, std::span<std::uint8_t> classes) const;
  // The same, folded into a running maximum (the sample's class over its items).
  void classify_max(std::span<const double> values, std::span<std::uint8_t> running_max) const;

  // The class of n samples over several items at once (columns[k] holds item k for every sample; NaN where a
  // sample lacks the item): one pass over the samples instead of one per item. 0: no item given.
  static void sample_classes(std::span<const ClassKernel> kernels, std::span<const double* const> columns,
                             std::size_t n, std::span<std::uint8_t> out);

 private:
  // at_most: class = 1 + limits exceeded (an open class IV is +infinity; the qualitative items are at_most 0);
  // ph: inside I-III -> 1, inside IV only -> 4, outside -> 5.
  enum class Rule { at_most, ph } rule_ = Rule::at_most;
  double t_[4] = {};
};

}  // namespace eb::engine::groundwater
