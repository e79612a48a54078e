#include "engine/raster/zone_traversal.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace eb::engine::raster {

void for_each_zone_run(std::span<RasterSource* const> rasters, std::span<const ZoneCoverage> zones, const ZoneRunFn& fn,
                       const std::function<void(int, int)>& on_progress) {
  if (rasters.empty()) throw std::invalid_argument("for_each_zone_run: no raster");
  const Grid& grid = rasters.front()->grid();
  for (RasterSource* r : rasters) {
    if (r->grid().rows != grid.rows || r->grid().cols != grid.cols)
      throw std::invalid_argument("for_each_zone_run: rasters on different grids");
  }
  std::vector<std::size_t> cursor(zones.size(), 0);  // next run of each zone not yet consumed

  // Only zones with cells take part; order them by first row so each strip visits just the live zones.
  std::vector<std::size_t> pending;
  for (std::size_t z = 0; z < zones.size(); ++z) {
    if (!zones[z].empty()) pending.push_back(z);
  }
  std::sort(pending.begin(), pending.end(),
            [&](std::size_t a, std::size_t b) { return zones[a].runs.front().row < zones[b].runs.front().row; });
  std::size_t next_pending = 0;
  std::vector<std::size_t> live;

  const int strip_rows = std::max(1, rasters.front()->block_rows());
  std::vector<std::vector<double>> values(rasters.size());
  std::vector<std::vector<std::uint8_t>> valid(rasters.size());
  std::vector<const double*> value_ptr(rasters.size());
  std::vector<const std::uint8_t*> valid_ptr(rasters.size());
  for (int row0 = 0; row0 < grid.rows; row0 += strip_rows) {
    const int rows = std::min(strip_rows, grid.rows - row0);
    const int row_end = row0 + rows;
    while (next_pending < pending.size() && zones[pending[next_pending]].runs.front().row < row_end) {
      live.push_back(pending[next_pending++]);
    }
    if (!live.empty()) {
      // Read only the columns the live zones touch in this strip, once.
      int col_lo = grid.cols, col_hi = 0;
      for (std::size_t z : live) {
        const auto& runs = zones[z].runs;
        for (std::size_t i = cursor[z]; i < runs.size() && runs[i].row < row_end; ++i) {
          col_lo = std::min(col_lo, runs[i].col_begin);
          col_hi = std::max(col_hi, runs[i].col_end);
        }
      }
      if (col_hi > col_lo) {
        const Window window{row0, col_lo, rows, col_hi - col_lo};
        for (std::size_t r = 0; r < rasters.size(); ++r) {
          values[r].resize(static_cast<std::size_t>(window.cell_count()));
          valid[r].resize(values[r].size());
          rasters[r]->read(window, values[r], valid[r]);
        }
        for (std::size_t z : live) {
          const ZoneCoverage& zone = zones[z];
          std::size_t& i = cursor[z];
          for (; i < zone.runs.size() && zone.runs[i].row < row_end; ++i) {
            const CoverageRun& run = zone.runs[i];
            const std::size_t k = static_cast<std::size_t>(run.row - row0) * static_cast<std::size_t>(window.cols) +
                                  static_cast<std::size_t>(run.col_begin - col_lo);
            for (std::size_t r = 0; r < rasters.size(); ++r) {
              value_ptr[r] = &values[r][k];
              valid_ptr[r] = &valid[r][k];
            }
            fn(z, run, RunCells{value_ptr, valid_ptr, run.full ? nullptr : &zone.fractions[run.first_fraction]});
          }
        }
        std::erase_if(live, [&](std::size_t z) { return cursor[z] >= zones[z].runs.size(); });
      }
    }
    if (on_progress) on_progress(row_end, grid.rows);
  }
}

}  // namespace eb::engine::raster
