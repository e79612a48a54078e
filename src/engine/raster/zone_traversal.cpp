#include "engine/raster/zone_traversal.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_group.h>

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

  struct Buffers {
    Window window;
    std::vector<std::vector<double>> values;
    std::vector<std::vector<std::uint8_t>> valid;
  };
  auto read = [&](Buffers& b, int strip) {
    const StripZones& p = plan[static_cast<std::size_t>(strip)];
    const int row0 = strip * strip_rows;
    b.window = Window{row0, p.col_lo, std::min(strip_rows, grid.rows - row0), p.col_hi - p.col_lo};
    b.values.resize(rasters.size());
    b.valid.resize(rasters.size());
    for (std::size_t r = 0; r < rasters.size(); ++r) {
      b.values[r].resize(static_cast<std::size_t>(b.window.cell_count()));
      b.valid[r].resize(b.values[r].size());
      rasters[r]->read(b.window, b.values[r], b.valid[r]);
    }
  };
  auto next_with_cells = [&](int from) {
    while (from < strips && plan[static_cast<std::size_t>(from)].col_hi <= plan[static_cast<std::size_t>(from)].col_lo)
      ++from;
    return from;
  };

  Buffers current, ahead;
  int strip = next_with_cells(0);
  if (strip < strips) read(current, strip);
  tbb::task_group reader;
  int reported = 0;
  while (strip < strips) {
    const int following = next_with_cells(strip + 1);
    if (following < strips) reader.run([&, following] { read(ahead, following); });
    try {
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
    } catch (...) {
      reader.wait();  // the reader fills `ahead`: let it finish before the buffers go
      throw;
    }
    reader.wait();  // rethrows a read error
    reported = std::min(grid.rows, (strip + 1) * strip_rows);
    if (on_progress) on_progress(reported, grid.rows);
    std::swap(current, ahead);
    strip = following;
  }
  if (on_progress && reported < grid.rows) on_progress(grid.rows, grid.rows);
}

}  // namespace eb::engine::raster
