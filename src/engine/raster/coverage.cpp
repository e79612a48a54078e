#include "engine/raster/coverage.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

namespace eb::engine::raster {

// The method (docs/raster.md, "Exact coverage"): in cell coordinates (u east, v south; a cell is a unit
// square) a ring's inside along a row line is a sum of steps, one per edge, so the area of the ring inside cell
// [k, k+1] x [r, r+1] is a sum over the pieces of its edges that lie in row r:
//   - a piece inside column k adds  -dv * ((k + 1) - u_mid)   to cell k   (the part of the cell east of it), and
//   - it adds  -dv  (a whole cell width) to every cell east of column k.
// The second term is kept as a difference array and summed along the row once. Every edge is cut exactly at
// the grid lines it crosses, so the result is the exact area up to floating-point rounding, for any ring shape
// (concave, self-touching, holes, parts outside the grid). The sign is fixed per ring from its shoelace area.
namespace {

struct CellPoint {
  double u;
  double v;
};

struct CellRing {
  std::vector<CellPoint> points;  // closed: last == first
  double sign;                    // +1 adds area, -1 removes it (hole), after orientation
};

double shoelace(const std::vector<CellPoint>& p) {
  double twice_area = 0;
  const CellPoint o = p.front();
  for (std::size_t i = 0; i + 1 < p.size(); ++i) {
    twice_area += (p[i].u - o.u) * (p[i + 1].v - o.v) - (p[i + 1].u - o.u) * (p[i].v - o.v);
  }
  return twice_area / 2;
}

void add_ring(const Grid& grid, const Ring& ring, bool is_hole, std::vector<CellRing>& out) {
  if (ring.size() < 3) return;
  CellRing cr;
  cr.points.reserve(ring.size() + 1);
  for (const Point& p : ring) cr.points.push_back({grid.u_of(p.x), grid.v_of(p.y)});
  if (cr.points.front().u != cr.points.back().u || cr.points.front().v != cr.points.back().v) {
    cr.points.push_back(cr.points.front());
  }
  const double area = shoelace(cr.points);
  if (area == 0) return;  // degenerate ring: covers nothing
  // The edge sum below yields +shoelace area for the ring; exteriors must add, holes subtract.
  cr.sign = (area > 0 ? 1.0 : -1.0) * (is_hole ? -1.0 : 1.0);
  out.push_back(std::move(cr));
}

class Band {
 public:
  // The accumulators live in `scratch` (reused across bands and zones: fresh allocations of this size cost
  // page faults that dominate the work), zeroed for the band's extent only.
  Band(int row0, int rows, int col0, int cols, std::vector<double>& scratch)
      : row0_(row0), rows_(rows), col0_(col0), cols_(cols) {
    const std::size_t n_partial = static_cast<std::size_t>(rows) * cols;
    const std::size_t n_full = static_cast<std::size_t>(rows) * (cols + 1);
    if (scratch.size() < n_partial + n_full) scratch.resize(n_partial + n_full);
    std::fill_n(scratch.begin(), n_partial + n_full, 0.0);
    partial_ = scratch.data();
    full_ = scratch.data() + n_partial;
  }

  void add_edge(CellPoint a, CellPoint b, double sign, std::vector<double>& cuts) {
    const double v_lo = row0_, v_hi = row0_ + rows_;
    if (a.v == b.v) return;  // horizontal edges bound no area along a row
    if (std::max(a.v, b.v) <= v_lo || std::min(a.v, b.v) >= v_hi) return;
    if (std::min(a.u, b.u) >= col0_ + cols_) return;  // wholly east of the window: adds nothing

    // Parameter cuts: band limits, row lines and column lines the edge crosses.
    const double du = b.u - a.u, dv = b.v - a.v;
    double t0 = 0, t1 = 1;
    const double ta = (v_lo - a.v) / dv, tb = (v_hi - a.v) / dv;
    t0 = std::max(t0, std::min(ta, tb));
    t1 = std::min(t1, std::max(ta, tb));
    if (t1 <= t0) return;
    cuts.clear();
    cuts.push_back(t0);
    cuts.push_back(t1);
    const double v_first = a.v + t0 * dv, v_last = a.v + t1 * dv;
    for (double line = std::floor(std::min(v_first, v_last)) + 1; line < std::max(v_first, v_last); ++line) {
      cuts.push_back((line - a.v) / dv);
    }
    if (du != 0) {
      const double u_first = a.u + t0 * du, u_last = a.u + t1 * du;
      const double lo = std::max<double>(col0_, std::floor(std::min(u_first, u_last)) + 1);
      const double hi = std::max(u_first, u_last);
      for (double line = lo; line < hi && line <= col0_ + cols_; ++line) cuts.push_back((line - a.u) / du);
    }
    std::sort(cuts.begin(), cuts.end());

    for (std::size_t i = 0; i + 1 < cuts.size(); ++i) {
      const double s0 = cuts[i], s1 = cuts[i + 1];
      if (s1 <= s0) continue;
      const double piece_dv = (s1 - s0) * dv;
      const double u_mid = a.u + (s0 + s1) / 2 * du;
      const double v_mid = a.v + (s0 + s1) / 2 * dv;
      const int r = std::clamp(static_cast<int>(std::floor(v_mid)) - row0_, 0, rows_ - 1);
      const double weight = -piece_dv * sign;
      const double k = std::floor(u_mid);
      double* full_row = &full_[static_cast<std::size_t>(r) * (cols_ + 1)];
      if (k < col0_) {
        full_row[0] += weight;  // west of the window (only west of the grid): a full width in every cell
      } else if (k < col0_ + cols_) {
        const int j = static_cast<int>(k) - col0_;
        partial_[static_cast<std::size_t>(r) * cols_ + j] += weight * ((k + 1) - u_mid);
        full_row[j + 1] += weight;
      }
    }
  }

  void emit(ZoneCoverage& out) const {
    for (int r = 0; r < rows_; ++r) {
      const double* partial = &partial_[static_cast<std::size_t>(r) * cols_];
      const double* full = &full_[static_cast<std::size_t>(r) * (cols_ + 1)];
      double running = 0;
      CoverageRun* open = nullptr;
      for (int j = 0; j < cols_; ++j) {
        running += full[j];
        double f = partial[j] + running;
        // Rounding leaves values a few ulps off: below 1e-12 of a cell is no coverage, within 1e-12 of a whole
        // cell is full coverage.
        if (f <= 1e-12) {
          open = nullptr;
          continue;
        }
        const bool whole = f >= 1 - 1e-12;
        if (open == nullptr || open->full != whole) {
          out.runs.push_back({row0_ + r, col0_ + j, col0_ + j, out.fractions.size(), whole});
          open = &out.runs.back();
        }
        if (!whole) out.fractions.push_back(f);
        open->col_end = col0_ + j + 1;
      }
    }
  }

 private:
  int row0_, rows_, col0_, cols_;
  double* partial_;
  double* full_;
};

}  // namespace

double ZoneCoverage::total_fraction() const {
  double total = std::accumulate(fractions.begin(), fractions.end(), 0.0);
  for (const CoverageRun& run : runs) {
    if (run.full) total += run.size();
  }
  return total;
}

std::size_t ZoneCoverage::cell_count() const {
  std::size_t n = 0;
  for (const CoverageRun& run : runs) n += static_cast<std::size_t>(run.size());
  return n;
}

ZoneCoverage compute_coverage(const Grid& grid, const Zone& zone, std::int64_t max_band_cells) {
  assert(grid.cell_width > 0 && grid.cell_height > 0);
  std::vector<CellRing> rings;
  for (const Polygon& polygon : zone) {
    add_ring(grid, polygon.exterior, false, rings);
    for (const Ring& hole : polygon.holes) add_ring(grid, hole, true, rings);
  }
  ZoneCoverage out;
  if (rings.empty() || grid.rows <= 0 || grid.cols <= 0) return out;

  double u_min = INFINITY, u_max = -INFINITY, v_min = INFINITY, v_max = -INFINITY;
  for (const CellRing& ring : rings) {
    for (const CellPoint& p : ring.points) {
      u_min = std::min(u_min, p.u);
      u_max = std::max(u_max, p.u);
      v_min = std::min(v_min, p.v);
      v_max = std::max(v_max, p.v);
    }
  }
  const int col0 = static_cast<int>(std::clamp(std::floor(u_min), 0.0, double(grid.cols)));
  const int col1 = static_cast<int>(std::clamp(std::ceil(u_max), 0.0, double(grid.cols)));
  const int row0 = static_cast<int>(std::clamp(std::floor(v_min), 0.0, double(grid.rows)));
  const int row1 = static_cast<int>(std::clamp(std::ceil(v_max), 0.0, double(grid.rows)));
  if (col1 <= col0 || row1 <= row0) return out;  // no overlap with the grid

  const int window_cols = col1 - col0;
  const int band_rows = static_cast<int>(std::clamp<std::int64_t>(max_band_cells / (window_cols + 1), 1, row1 - row0));
  std::vector<double> cuts;
  thread_local std::vector<double> scratch;
  for (int band_row = row0; band_row < row1; band_row += band_rows) {
    Band band(band_row, std::min(band_rows, row1 - band_row), col0, window_cols, scratch);
    for (const CellRing& ring : rings) {
      for (std::size_t i = 0; i + 1 < ring.points.size(); ++i) {
        band.add_edge(ring.points[i], ring.points[i + 1], ring.sign, cuts);
      }
    }
    band.emit(out);
  }
  return out;
}

}  // namespace eb::engine::raster
