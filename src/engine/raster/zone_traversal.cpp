#include "engine/raster/zone_traversal.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

namespace eb::engine::raster {

void for_each_zone_run(std::span<RasterSource* const> rasters, std::span<const ZoneCoverage> zones, const ZoneRunFn& fn,
                       const std::function<void(int, int)>& on_progress, StripBuffers* buffers) {
  if (rasters.empty()) throw std::invalid_argument("for_each_zone_run: no raster");
  const Grid& grid = rasters.front()->grid();  // for_each_window checks that the others share it
  const int strip_rows = std::max(1, rasters.front()->block_rows());
  const int strips = (grid.rows + strip_rows - 1) / strip_rows;

  // Per strip, known before anything is read: the columns its zones touch and which zones have runs in it, with
  // the first of those runs. Reading then runs ahead of the accumulation.
  struct StripZones {
    int col_lo = 0, col_hi = 0;
    std::vector<std::pair<std::size_t, std::size_t>> zones;  // (zone, index of its first run in the strip)
  };
  std::vector<StripZones> plan(static_cast<std::size_t>(strips));
  for (auto& p : plan) p.col_lo = grid.cols;
  for (std::size_t z = 0; z < zones.size(); ++z) {
    const auto& runs = zones[z].runs;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      StripZones& p = plan[static_cast<std::size_t>(runs[i].row / strip_rows)];
      if (p.zones.empty() || p.zones.back().first != z) p.zones.emplace_back(z, i);
      p.col_lo = std::min(p.col_lo, runs[i].col_begin);
      p.col_hi = std::max(p.col_hi, runs[i].col_end);
    }
  }

  // The windows of the strips with cells, narrowed to the columns their zones touch.
  std::vector<Window> windows;
  std::vector<int> strip_of;
  for (int strip = 0; strip < strips; ++strip) {
    const StripZones& p = plan[static_cast<std::size_t>(strip)];
    if (p.col_hi <= p.col_lo) continue;
    const int row0 = strip * strip_rows;
    windows.push_back(Window{row0, p.col_lo, std::min(strip_rows, grid.rows - row0), p.col_hi - p.col_lo});
    strip_of.push_back(strip);
  }
  int reported = 0;
  for_each_window(
      rasters, windows,
      [&](Strip& current, std::size_t index) {
        const int strip = strip_of[index];
        const StripZones& p = plan[static_cast<std::size_t>(strip)];
        const int row_end = current.window.row + current.window.rows;
        // Zones are independent: their runs in this strip are handed over on the worker threads.
        tbb::parallel_for(
            tbb::blocked_range<std::size_t>(0, p.zones.size()), [&](const tbb::blocked_range<std::size_t>& r) {
              std::vector<const double*> value_ptr(rasters.size());
              std::vector<const std::uint8_t*> valid_ptr(rasters.size());
              for (std::size_t k = r.begin(); k < r.end(); ++k) {
                const auto [z, first] = p.zones[k];
                const ZoneCoverage& zone = zones[z];
                for (std::size_t i = first; i < zone.runs.size() && zone.runs[i].row < row_end; ++i) {
                  const CoverageRun& run = zone.runs[i];
                  const std::size_t at = static_cast<std::size_t>(run.row - current.window.row) *
                                             static_cast<std::size_t>(current.window.cols) +
                                         static_cast<std::size_t>(run.col_begin - current.window.col);
                  for (std::size_t ra = 0; ra < rasters.size(); ++ra) {
                    value_ptr[ra] = &current.values[ra][at];
                    valid_ptr[ra] = &current.valid[ra][at];
                  }
                  fn(z, run, RunCells{value_ptr, valid_ptr, run.full ? nullptr : &zone.fractions[run.first_fraction]});
                }
              }
            });
        reported = std::min(grid.rows, (strip + 1) * strip_rows);
        if (on_progress) on_progress(reported, grid.rows);
      },
      buffers);
  if (on_progress && reported < grid.rows) on_progress(grid.rows, grid.rows);
}

}  // namespace eb::engine::raster
