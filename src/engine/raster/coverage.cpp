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
// Both are recorded as sparse events at (row, column); one sort and a sweep along each row turn them into runs.
// Every edge is cut exactly at the grid lines it crosses, so the result is the exact area up to floating-point
// rounding, for any ring shape (concave, holes, parts outside the grid). Memory and work grow with the number
// of cells the boundary crosses, not with the zone's area. The sign is fixed per ring from its shoelace area.
namespace {

struct CellPoint {
  double u;
  double v;
};

struct CellRing {
  std::vector<CellPoint> points;  // closed: last == first
  double sign;                    // +1 adds area, -1 removes it (hole), after orientation
};

// At (row, col): `partial` adds to that cell only, `step` to that cell and every cell east of it.
struct Event {
  std::int64_t key;  // row * (cols + 1) + col: raster order
  double partial;
  double step;
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

class EdgeWalker {
 public:
  // Events of rows [row_begin, row_end) only: every piece of an edge is computed as for the whole grid (cut at the
  // grid's lines from the edge's own end points), and the pieces in other rows are left out.
  EdgeWalker(const Grid& grid, int row_begin, int row_end, std::vector<Event>& events)
      : rows_(grid.rows), cols_(grid.cols), row_begin_(row_begin), row_end_(row_end), events_(events) {}

  void add_edge(CellPoint a, CellPoint b, double sign) {
    if (a.v == b.v) return;  // horizontal edges bound no area along a row
    if (std::max(a.v, b.v) <= 0 || std::min(a.v, b.v) >= rows_) return;
    // Every piece's row (floor of its mid v, clamped to the grid) lies within the edge's v span: an edge wholly
    // above or below the rows asked for adds nothing to them.
    if ((row_begin_ > 0 && std::max(a.v, b.v) <= row_begin_) || (row_end_ < rows_ && std::min(a.v, b.v) >= row_end_))
      return;
    if (std::min(a.u, b.u) >= cols_) return;  // wholly east of the grid: adds nothing

    // Parameter cuts: grid top/bottom, and the row and column lines the edge crosses.
    const double du = b.u - a.u, dv = b.v - a.v;
    const double ta = (0 - a.v) / dv, tb = (rows_ - a.v) / dv;
    const double t0 = std::max(0.0, std::min(ta, tb));
    const double t1 = std::min(1.0, std::max(ta, tb));
    if (t1 <= t0) return;
    cuts_.clear();
    cuts_.push_back(t0);
    cuts_.push_back(t1);
    const double v_first = a.v + t0 * dv, v_last = a.v + t1 * dv;
    for (double line = std::floor(std::min(v_first, v_last)) + 1; line < std::max(v_first, v_last); ++line) {
      cuts_.push_back((line - a.v) / dv);
    }
    if (du != 0) {
      const double u_first = a.u + t0 * du, u_last = a.u + t1 * du;
      const double hi = std::max(u_first, u_last);
      for (double line = std::max(0.0, std::floor(std::min(u_first, u_last)) + 1); line < hi && line <= cols_; ++line) {
        cuts_.push_back((line - a.u) / du);
      }
    }
    std::sort(cuts_.begin(), cuts_.end());

    for (std::size_t i = 0; i + 1 < cuts_.size(); ++i) {
      const double s0 = cuts_[i], s1 = cuts_[i + 1];
      if (s1 <= s0) continue;
      const double weight = -(s1 - s0) * dv * sign;
      const double u_mid = a.u + (s0 + s1) / 2 * du;
      const double v_mid = a.v + (s0 + s1) / 2 * dv;
      const std::int64_t r = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor(v_mid)), 0, rows_ - 1);
      if (r < row_begin_ || r >= row_end_) continue;
      const double k = std::floor(u_mid);
      const std::int64_t row_key = r * (std::int64_t{cols_} + 1);
      if (k < 0) {
        events_.push_back({row_key, 0.0, weight});  // west of the grid: a full width in every cell of the row
      } else if (k < cols_) {
        const auto col = static_cast<std::int64_t>(k);
        events_.push_back({row_key + col, weight * ((k + 1) - u_mid), 0.0});
        events_.push_back({row_key + col + 1, 0.0, weight});
      }
    }
  }

 private:
  int rows_, cols_, row_begin_, row_end_;
  std::vector<Event>& events_;
  std::vector<double> cuts_;
};

class RunBuilder {
 public:
  explicit RunBuilder(ZoneCoverage& out) : out_(out) {}
  // Cells [col_begin, col_end) of `row`, each covered by `f` (before rounding cleanup).
  void add(int row, int col_begin, int col_end, double f) {
    if (col_end <= col_begin) return;
    // Rounding leaves values a few ulps off: below 1e-12 of a cell is no coverage, within 1e-12 of a whole cell
    // is full coverage.
    if (f <= 1e-12) return;
    const bool whole = f >= 1 - 1e-12;
    CoverageRun* last = out_.runs.empty() ? nullptr : &out_.runs.back();
    if (last == nullptr || last->row != row || last->col_end != col_begin || last->full != whole) {
      out_.runs.push_back({row, col_begin, col_begin, out_.fractions.size(), whole});
      last = &out_.runs.back();
    }
    if (!whole) out_.fractions.insert(out_.fractions.end(), static_cast<std::size_t>(col_end - col_begin), f);
    last->col_end = col_end;
  }

 private:
  ZoneCoverage& out_;
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

ZoneCoverage compute_coverage(const Grid& grid, const Zone& zone) { return compute_coverage(grid, zone, 0, grid.rows); }

ZoneCoverage compute_coverage(const Grid& grid, const Zone& zone, int row_begin, int row_end) {
  assert(grid.cell_width > 0 && grid.cell_height > 0);
  ZoneCoverage out;
  row_begin = std::max(row_begin, 0);
  row_end = std::min(row_end, grid.rows);
  if (row_begin >= row_end || grid.cols <= 0) return out;
  std::vector<CellRing> rings;
  for (const Polygon& polygon : zone) {
    add_ring(grid, polygon.exterior, false, rings);
    for (const Ring& hole : polygon.holes) add_ring(grid, hole, true, rings);
  }

  thread_local std::vector<Event> events;  // reused: zones come one after another
  events.clear();
  EdgeWalker walker(grid, row_begin, row_end, events);
  for (const CellRing& ring : rings) {
    for (std::size_t i = 0; i + 1 < ring.points.size(); ++i)
      walker.add_edge(ring.points[i], ring.points[i + 1], ring.sign);
  }
  // Stable: the events of one cell are added up in the order the edges produced them, whatever else is in the
  // array. So a cell's fraction does not depend on which rows were asked for (the rows of a window equal those
  // of the whole grid, bit for bit), nor on the sort's internals.
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) { return a.key < b.key; });

  // Sweep each row: between events the coverage is constant (the running sum of steps).
  RunBuilder runs(out);
  const std::int64_t stride = std::int64_t{grid.cols} + 1;
  std::size_t i = 0;
  while (i < events.size()) {
    const int row = static_cast<int>(events[i].key / stride);
    double running = 0;
    int next_col = 0;  // first column not yet emitted in this row
    while (i < events.size() && events[i].key / stride == row) {
      const int col = static_cast<int>(events[i].key % stride);
      double partial = 0, step = 0;
      for (; i < events.size() && events[i].key == std::int64_t{row} * stride + col; ++i) {
        partial += events[i].partial;
        step += events[i].step;
      }
      if (col >= grid.cols) break;  // steps east of the last column change nothing inside the grid
      runs.add(row, next_col, col, running);
      running += step;
      runs.add(row, col, col + 1, partial + running);
      next_col = col + 1;
    }
    // Anything after a step at the east edge, then the rest of the row (zero for a closed zone).
    while (i < events.size() && events[i].key / stride == row) ++i;
    runs.add(row, next_col, grid.cols, running);
  }
  return out;
}

}  // namespace eb::engine::raster
