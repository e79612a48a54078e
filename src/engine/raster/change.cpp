#include "engine/raster/change.hpp"

#include <cmath>

namespace eb::engine::raster {

namespace {
constexpr std::size_t kSide = TransitionMatrix::kMaxClass + 1;

bool is_class(double v) { return v >= 0 && v <= TransitionMatrix::kMaxClass && std::floor(v) == v; }
}  // namespace

TransitionMatrix::TransitionMatrix() : cells_(kSide * kSide, 0), area_(kSide * kSide, 0.0) {}

int TransitionMatrix::add_row(const double* from, const double* to, const std::uint8_t* valid_from,
                              const std::uint8_t* valid_to, int n, double cell_area_m2) {
  for (int i = 0; i < n; ++i) {
    if (!valid_from[i] || !valid_to[i]) continue;
    if (!is_class(from[i]) || !is_class(to[i])) return i;
    const std::size_t k = static_cast<std::size_t>(from[i]) * kSide + static_cast<std::size_t>(to[i]);
    ++cells_[k];
    area_[k] += cell_area_m2;
  }
  return -1;
}

std::vector<TransitionMatrix::Entry> TransitionMatrix::entries() const {
  std::vector<Entry> out;
  for (std::size_t k = 0; k < cells_.size(); ++k) {
    if (cells_[k] == 0) continue;
    out.push_back({static_cast<int>(k / kSide), static_cast<int>(k % kSide), cells_[k], area_[k]});
  }
  return out;
}

}  // namespace eb::engine::raster
