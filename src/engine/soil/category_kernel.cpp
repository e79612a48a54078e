#include "engine/soil/category_kernel.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace eb::engine::soil {

CategoryKernel::CategoryKernel(std::span<const std::string> items, standards::CategoryItems rule) {
  for (const auto& code : items) {
    const standards::FarmlandItem* item = standards::find_farmland_item(code);
    if (!item || item->code != code) throw std::out_of_range("no GB 15618 limits for " + code);
    Limits l;
    l.decides = rule == standards::CategoryItems::all || item->has_control;
    for (int use = 0; use < standards::kFarmlandUses; ++use)
      for (int band = 0; band < standards::kPhBands; ++band) {
        const auto key = static_cast<std::size_t>(use * standards::kPhBands + band);
        l.screening[key] = *standards::screening_value(code, static_cast<standards::FarmlandUse>(use), band);
        l.control[key] = standards::control_value(code, band).value_or(std::numeric_limits<double>::infinity());
      }
    limits_.push_back(l);
  }
}

namespace {

// Samples go through in blocks that stay in L1: the (use, band) key of each sample once, then each item over
// the block (one column streamed at a time), its level folded into the block's running worst.
constexpr std::size_t kBlock = 512;

}  // namespace

void CategoryKernel::classify(const double* ph, const std::uint8_t* use, std::span<const double* const> columns,
                              std::size_t n, std::uint8_t* category) const {
  if (columns.size() != limits_.size()) throw std::invalid_argument("CategoryKernel: one column per item");
  alignas(64) std::uint8_t key[kBlock];
  alignas(64) std::uint8_t worst[kBlock];
  alignas(64) std::uint8_t present[kBlock];
  for (std::size_t start = 0; start < n; start += kBlock) {
    const std::size_t m = std::min(kBlock, n - start);
    const double* p = ph + start;
    const std::uint8_t* u = use + start;
    for (std::size_t i = 0; i < m; ++i) {
      const double x = p[i];
      const int band =
          (x > standards::kPhBandUpper[0]) + (x > standards::kPhBandUpper[1]) + (x > standards::kPhBandUpper[2]);
      key[i] = static_cast<std::uint8_t>(((u[i] & 3) << 2) | band);
      worst[i] = 0;
      present[i] = 0;
    }
    for (std::size_t k = 0; k < limits_.size(); ++k) {
      const double* v = columns[k] + start;
      const double* s = limits_[k].screening.data();
      const double* c = limits_[k].control.data();
      const std::uint8_t decides = limits_[k].decides ? 0xff : 0;
      for (std::size_t i = 0; i < m; ++i) {
        const double x = v[i];
        const auto level = static_cast<std::uint8_t>(((x > s[key[i]]) + (x > c[key[i]])) & decides);
        worst[i] = std::max(worst[i], level);
        present[i] |= static_cast<std::uint8_t>(x == x);
      }
    }
    std::uint8_t* out = category + start;
    for (std::size_t i = 0; i < m; ++i) out[i] = static_cast<std::uint8_t>(present[i] * (1 + worst[i]));
  }
}

}  // namespace eb::engine::soil
