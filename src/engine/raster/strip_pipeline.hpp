// The one strip reader of the raster engine: rasters on one grid read window by window in raster order (whole
// block rows, so each block is read once), the next window read on another thread while the current one is
// processed. Per-cell jobs (NDVI, FVC, classify, RSEI, change, trend) walk full-width strips; the zone traversal
// walks the strips its zones touch, narrowed to their columns.
#pragma once

#include <tbb/blocked_range.h>
#include <tbb/combinable.h>
#include <tbb/parallel_for.h>

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "engine/raster/raster_source.hpp"

namespace eb::engine::raster {

// The cells of one window of every source: values[s] and valid[s] of source s, row-major.
struct Strip {
  Window window;
  std::vector<std::vector<double>> values;
  std::vector<std::vector<std::uint8_t>> valid;
};

// The two strips of a traversal (the one processed, the one being read), kept by a caller that runs many short
// traversals one after another (a cluster worker summing window after window): their buffers are then allocated
// once, not faulted in and zero-filled afresh for every traversal.
struct StripBuffers {
  Strip current, ahead;
};

// Reads `windows` of every source in order and calls fn(strip, index) on the calling thread for each; window i + 1
// is read while fn runs on window i. A read error or an exception from fn stops the traversal (rethrown, after the
// reader has finished with its buffers). The sources must share the first one's grid. `buffers`: the strips to
// reuse (null: allocated for this traversal).
void for_each_window(std::span<RasterSource* const> sources, std::span<const Window> windows,
                     const std::function<void(Strip&, std::size_t)>& fn, StripBuffers* buffers = nullptr);

struct StripPlan {
  int rows = 1;            // rows per strip
  std::int64_t bytes = 0;  // estimated peak memory of the job
};

// Plans the full-width strips of a per-cell job over `sources` sources on `grid` whose first source has blocks
// `block_rows` high, when outputs and working buffers take `bytes_per_cell` more per cell of a strip (8 per double
// output, 1 per flag, ...) besides `fixed_bytes`. About 2 M cells per strip; when that would exceed
// `memory_limit`, one block row at a time. The caller compares `bytes` with its limit.
StripPlan plan_strips(const Grid& grid, int block_rows, std::size_t sources, std::int64_t bytes_per_cell,
                      std::int64_t fixed_bytes, std::int64_t memory_limit);

// Every full-width strip of `plan` in order; on_progress(done_rows, total_rows) after each when given.
void for_each_strip(std::span<RasterSource* const> sources, const StripPlan& plan,
                    const std::function<void(Strip&)>& fn, const std::function<void(int, int)>& on_progress = {});

// Runs fn(row, state) for every row of the strip on the worker threads, each thread with its own `State`, merged
// by the caller through `combine(state)`: per-cell work is independent across rows.
template <class State, class Fn, class Combine>
void parallel_rows(const Strip& strip, Fn&& fn, Combine&& combine) {
  tbb::combinable<State> states;
  tbb::parallel_for(tbb::blocked_range<int>(0, strip.window.rows, 8), [&](const tbb::blocked_range<int>& r) {
    State& state = states.local();
    for (int row = r.begin(); row < r.end(); ++row) fn(row, state);
  });
  states.combine_each(combine);
}

}  // namespace eb::engine::raster
