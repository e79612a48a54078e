// GB 3838 classes of many samples at once, column by column (one item over all samples), branch-free so the
// compiler vectorises it. Gives exactly standards::item_class for decimal data (tested).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "standards/gb3838.hpp"

namespace eb::engine::water {

class ClassKernel {
 public:
  ClassKernel(std::string_view item, standards::Waterbody waterbody);  // throws std::out_of_range if unknown
  // class per value: 1..6, 0 for a missing value (NaN).
  void classify(std::span<const double> values, std::span<std::uint8_t> classes) const;
  // The same, folded into a running maximum (the section class over items).
  void classify_max(std::span<const double> values, std::span<std::uint8_t> running_max) const;

  // The section class of n samples over several items at once (columns[k] holds item k for every sample):
  // one pass over the samples instead of one per item.
  static void section_classes(std::span<const ClassKernel> kernels, std::span<const double* const> columns,
                              std::size_t n, std::span<std::uint8_t> out);

 private:
  enum class Rule { at_most, at_least, range } rule_;
  double t_[5] = {};
  double lo_ = 0, hi_ = 0;
};

}  // namespace eb::engine::water
