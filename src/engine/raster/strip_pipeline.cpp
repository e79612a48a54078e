#include "engine/raster/strip_pipeline.hpp"

#include <tbb/task_group.h>

#include <algorithm>
#include <stdexcept>

namespace eb::engine::raster {

void for_each_window(std::span<RasterSource* const> sources, std::span<const Window> windows,
                     const std::function<void(Strip&, std::size_t)>& fn, StripBuffers* buffers) {
  if (sources.empty()) throw std::invalid_argument("for_each_window: no raster");
  const Grid& grid = sources.front()->grid();
  for (RasterSource* s : sources) {
    if (s->grid().rows != grid.rows || s->grid().cols != grid.cols)
      throw std::invalid_argument("for_each_window: rasters on different grids");
  }
  if (windows.empty()) return;
  auto read = [&](Strip& strip, const Window& window) {
    strip.window = window;
    const auto n = static_cast<std::size_t>(window.cell_count());
    strip.values.resize(sources.size());
    strip.valid.resize(sources.size());
    for (std::size_t s = 0; s < sources.size(); ++s) {
      // Reused buffers keep their capacity: only cells beyond the previous size are zero-filled.
      strip.values[s].resize(n);
      strip.valid[s].resize(n);
      sources[s]->read(window, strip.values[s], strip.valid[s]);
    }
  };
  StripBuffers local;
  StripBuffers& strips = buffers ? *buffers : local;
  Strip& current = strips.current;
  Strip& ahead = strips.ahead;
  read(current, windows.front());
  tbb::task_group reader;
  for (std::size_t i = 0; i < windows.size(); ++i) {
    if (i + 1 < windows.size()) reader.run([&, i] { read(ahead, windows[i + 1]); });
    try {
      fn(current, i);
    } catch (...) {
      reader.wait();  // the reader fills `ahead`: let it finish before the buffers go
      throw;
    }
    reader.wait();  // rethrows a read error
    std::swap(current, ahead);
  }
}

StripPlan plan_strips(const Grid& grid, int block_rows, std::size_t sources, std::int64_t bytes_per_cell,
                      std::int64_t fixed_bytes, std::int64_t memory_limit) {
  block_rows = std::max(1, block_rows);
  // About 2 M cells per strip: big enough that per-call costs vanish, small enough to stay in cache-friendly MiBs.
  constexpr std::int64_t kTargetCells = 1 << 21;
  const std::int64_t blocks = std::max<std::int64_t>(1, kTargetCells / (std::int64_t{block_rows} * grid.cols));
  // Two strips of every source (the one processed, the one being read: 8-byte value + validity flag per cell).
  auto estimate = [&](std::int64_t rows) {
    const std::int64_t cells = rows * grid.cols;
    return fixed_bytes + cells * (2 * 9 * static_cast<std::int64_t>(sources) + bytes_per_cell);
  };
  StripPlan plan;
  plan.rows = static_cast<int>(std::min<std::int64_t>(grid.rows, blocks * block_rows));
  plan.bytes = estimate(plan.rows);
  if (plan.bytes > memory_limit && plan.rows > block_rows) {
    plan.rows = std::min(grid.rows, block_rows);  // one block row at a time
    plan.bytes = estimate(plan.rows);
  }
  return plan;
}

void for_each_strip(std::span<RasterSource* const> sources, const StripPlan& plan,
                    const std::function<void(Strip&)>& fn, const std::function<void(int, int)>& on_progress) {
  if (sources.empty()) throw std::invalid_argument("for_each_strip: no raster");
  const Grid& grid = sources.front()->grid();
  const int rows = std::max(1, plan.rows);
  std::vector<Window> windows;
  for (int row0 = 0; row0 < grid.rows; row0 += rows)
    windows.push_back({row0, 0, std::min(rows, grid.rows - row0), grid.cols});
  for_each_window(sources, windows, [&](Strip& strip, std::size_t) {
    fn(strip);
    if (on_progress) on_progress(strip.window.row + strip.window.rows, grid.rows);
  });
}

}  // namespace eb::engine::raster
