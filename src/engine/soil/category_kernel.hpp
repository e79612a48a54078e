// GB 15618 categories of many farmland samples at once (priority protection, safe use, strict control), free of
// branches: the sample's level per item is (value > screening) + (value > control), its category 1 + the worst
// level (a control value is always above the screening value it goes with). Gives exactly
// standards::classify_farmland_sample's category for decimal data (tested).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "standards/gb15618.hpp"

namespace eb::engine::soil {

class CategoryKernel {
 public:
  // `items`: the farmland item of each column, in the order the columns are given; throws std::out_of_range for
  // an item GB 15618 does not have. Under CategoryItems::control_only the items without a control value are read
  // but do not decide.
  explicit CategoryKernel(std::span<const std::string> items,
                          standards::CategoryItems rule = standards::category_items_rule());

  // The category of n samples (1..3 = standards::FarmlandCategory; 0 when the sample has no value at all) from
  // their pH, land use (standards::FarmlandUse as a byte) and one column per item (columns[k][i]: item k of sample
  // i in mg/kg; NaN: not measured; a value below the detection limit as a negative number, e.g. minus the limit,
  // so that it counts as measured and exceeds nothing).
  void classify(const double* ph, const std::uint8_t* use, std::span<const double* const> columns, std::size_t n,
                std::uint8_t* category) const;

 private:
  static constexpr std::size_t kKeys = standards::kFarmlandUses * standards::kPhBands;  // use * 4 + band
  struct Limits {
    std::array<double, kKeys> screening{}, control{};  // control: +inf where the item has none
    bool decides = true;
  };
  std::vector<Limits> limits_;
};

}  // namespace eb::engine::soil
