#include "engine/raster/change.hpp"

#include <fmt/format.h>

#include <cmath>

#include "engine/raster/zone_traversal.hpp"

namespace eb::engine::raster {

namespace {
bool is_class(double v) { return v >= 0 && v <= TransitionMatrix::kMaxClass && std::floor(v) == v; }
}  // namespace

void TransitionMatrix::grow(int side) {
  const auto old = static_cast<std::size_t>(side_), now = static_cast<std::size_t>(side);
  std::vector<std::int64_t> cells(now * now, 0);
  std::vector<double> weight(now * now, 0.0), area(now * now, 0.0);
  for (std::size_t a = 0; a < old; ++a) {
    for (std::size_t b = 0; b < old; ++b) {
      cells[a * now + b] = cells_[a * old + b];
      weight[a * now + b] = weight_[a * old + b];
      area[a * now + b] = area_[a * old + b];
    }
  }
  cells_.swap(cells);
  weight_.swap(weight);
  area_.swap(area);
  side_ = side;
}

int TransitionMatrix::add_cells(const double* from, const double* to, const std::uint8_t* valid_from,
                                const std::uint8_t* valid_to, const double* fractions, int n, double cell_area_m2) {
  for (int i = 0; i < n; ++i) {
    if (!valid_from[i] || !valid_to[i]) continue;
    if (!is_class(from[i]) || !is_class(to[i])) return i;
    const int a = static_cast<int>(from[i]), b = static_cast<int>(to[i]);
    if (a >= side_ || b >= side_) grow(std::max(a, b) + 1);
    const std::size_t k = static_cast<std::size_t>(a) * static_cast<std::size_t>(side_) + static_cast<std::size_t>(b);
    const double f = fractions ? fractions[i] : 1.0;
    ++cells_[k];
    weight_[k] += f;
    area_[k] += f * cell_area_m2;
  }
  return -1;
}

std::vector<TransitionMatrix::Entry> TransitionMatrix::entries() const {
  std::vector<Entry> out;
  const auto side = static_cast<std::size_t>(side_);
  for (std::size_t k = 0; k < cells_.size(); ++k) {
    if (cells_[k] == 0) continue;
    out.push_back({static_cast<int>(k / side), static_cast<int>(k % side), cells_[k], weight_[k], area_[k]});
  }
  return out;
}

NotAClassCode::NotAClassCode(int r, int c, double f, double t)
    : std::invalid_argument(
          fmt::format("row {}, column {}: values {} and {} are not class codes (integers 0-254)", r, c, f, t)),
      row(r),
      col(c),
      from(f),
      to(t) {}

std::vector<TransitionMatrix> zonal_transitions(RasterSource& before, RasterSource& after,
                                                std::span<const ZoneCoverage> zones,
                                                std::span<const double> row_area_m2,
                                                const std::function<void(int, int)>& on_progress) {
  std::vector<TransitionMatrix> out(zones.size());
  RasterSource* const rasters[] = {&before, &after};
  for_each_zone_run(
      rasters, zones,
      [&](std::size_t z, const CoverageRun& run, const RunCells& cells) {
        const int bad = out[z].add_cells(cells.values[0], cells.values[1], cells.valid[0], cells.valid[1],
                                         cells.fractions, run.size(), row_area_m2[static_cast<std::size_t>(run.row)]);
        if (bad >= 0) {
          throw NotAClassCode(run.row, run.col_begin + bad, cells.values[0][bad], cells.values[1][bad]);
        }
      },
      on_progress);
  return out;
}

}  // namespace eb::engine::raster
