#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <random>

#include "engine/raster/coverage.hpp"

namespace eb::engine::raster {
namespace {

// A 4 x 4 grid of unit cells with its north-west corner at (0, 4): cell (row, col) spans x [col, col+1],
// y [3-row, 4-row].
Grid unit_grid(int rows = 4, int cols = 4) { return Grid{0, double(rows), 1, 1, rows, cols}; }

Ring box(double x0, double y0, double x1, double y1) { return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}; }

std::map<std::pair<int, int>, double> cells(const ZoneCoverage& c) {
  std::map<std::pair<int, int>, double> out;
  for (const CoverageRun& run : c.runs) {
    for (int col = run.col_begin; col < run.col_end; ++col) {
      out[{run.row, col}] = c.fraction(run, col);
    }
  }
  return out;
}

TEST(Coverage, CellAlignedSquareCoversItsCellsFully) {
  const auto c = cells(compute_coverage(unit_grid(), {{box(1, 1, 3, 2), {}}}));
  ASSERT_EQ(c.size(), 2u);
  EXPECT_DOUBLE_EQ((c.at({2, 1})), 1.0);
  EXPECT_DOUBLE_EQ((c.at({2, 2})), 1.0);
}

TEST(Coverage, HalfCoveredCellsAtBothEnds) {
  const auto c = cells(compute_coverage(unit_grid(), {{box(0.5, 3, 2.5, 4), {}}}));
  ASSERT_EQ(c.size(), 3u);
  EXPECT_DOUBLE_EQ((c.at({0, 0})), 0.5);
  EXPECT_DOUBLE_EQ((c.at({0, 1})), 1.0);
  EXPECT_DOUBLE_EQ((c.at({0, 2})), 0.5);
}

TEST(Coverage, DiagonalTriangleCoversHalfACellInEitherOrientation) {
  const Ring ccw = {{0, 0}, {1, 0}, {0, 1}};
  const Ring cw = {{0, 0}, {0, 1}, {1, 0}, {0, 0}};
  for (const Ring& ring : {ccw, cw}) {
    const auto c = cells(compute_coverage(unit_grid(), {{ring, {}}}));
    ASSERT_EQ(c.size(), 1u);
    EXPECT_NEAR((c.at({3, 0})), 0.5, 1e-15);
  }
}

TEST(Coverage, HoleRemovesItsCells) {
  const Polygon ring_with_hole{box(0, 0, 3, 3), {box(1, 1, 2, 2)}};
  const ZoneCoverage z = compute_coverage(unit_grid(), {ring_with_hole});
  const auto c = cells(z);
  EXPECT_EQ(c.size(), 8u);
  EXPECT_EQ(c.count({2, 1}), 0u);  // the hole's cell is not reported at all
  EXPECT_DOUBLE_EQ(z.total_fraction(), 8.0);
}

TEST(Coverage, HoleWithTheSameOrientationAsItsExteriorStillSubtracts) {
  Ring hole = box(1.5, 1.5, 2.5, 2.5);  // same (counter-clockwise) orientation as the exterior
  const ZoneCoverage z = compute_coverage(unit_grid(), {{box(0, 0, 4, 4), {hole}}});
  EXPECT_NEAR(z.total_fraction(), 15.0, 1e-12);
  EXPECT_NEAR(cells(z).at({2, 1}), 0.75, 1e-15);
}

TEST(Coverage, MultiPolygonPartsAdd) {
  const ZoneCoverage z = compute_coverage(unit_grid(), {{box(0, 0, 1, 1), {}}, {box(2.5, 2.5, 3.5, 3.5), {}}});
  const auto c = cells(z);
  EXPECT_EQ(c.size(), 5u);
  EXPECT_DOUBLE_EQ((c.at({3, 0})), 1.0);
  EXPECT_DOUBLE_EQ((c.at({0, 2})), 0.25);
  EXPECT_DOUBLE_EQ((c.at({1, 3})), 0.25);
  EXPECT_DOUBLE_EQ(z.total_fraction(), 2.0);
}

TEST(Coverage, ZoneSmallerThanOneCell) {
  const ZoneCoverage z = compute_coverage(unit_grid(), {{box(2.25, 1.25, 2.5, 1.5), {}}});
  ASSERT_EQ(z.cell_count(), 1u);
  EXPECT_DOUBLE_EQ((cells(z).at({2, 2})), 0.0625);
}

TEST(Coverage, ZonePartlyOutsideTheGridCountsOnlyTheInsidePart) {
  // Sticks out west, north and east of the grid.
  const ZoneCoverage z = compute_coverage(unit_grid(), {{box(-2, 3.5, 6, 5), {}}});
  const auto c = cells(z);
  ASSERT_EQ(c.size(), 4u);
  for (int col = 0; col < 4; ++col) EXPECT_DOUBLE_EQ((c.at({0, col})), 0.5);
}

TEST(Coverage, ZoneOutsideTheGridCoversNothing) {
  EXPECT_TRUE(compute_coverage(unit_grid(), {{box(10, 10, 11, 11), {}}}).empty());
  EXPECT_TRUE(compute_coverage(unit_grid(), {{box(-3, 0, -1, 4), {}}}).empty());
}

TEST(Coverage, DegenerateRingsCoverNothing) {
  EXPECT_TRUE(compute_coverage(unit_grid(), {{{{0, 0}, {1, 1}, {2, 2}}, {}}}).empty());
  EXPECT_TRUE(compute_coverage(unit_grid(), {{{{0, 0}, {1, 1}}, {}}}).empty());
}

TEST(Coverage, ProjectedGridWithThirtyMetreCells) {
  // Cells of 30 m; a 45 m x 45 m square starting at a cell corner covers 1 + 2 x 0.5 + 0.25 cells.
  const Grid g{500000, 4400000, 30, 30, 10, 10};
  const ZoneCoverage z = compute_coverage(g, {{box(500030, 4399910, 500075, 4399955), {}}});
  const auto c = cells(z);
  ASSERT_EQ(c.size(), 4u);
  EXPECT_NEAR((c.at({1, 1})), 0.5, 1e-12);
  EXPECT_NEAR((c.at({1, 2})), 0.25, 1e-12);
  EXPECT_NEAR((c.at({2, 1})), 1.0, 1e-12);
  EXPECT_NEAR((c.at({2, 2})), 0.5, 1e-12);
}

// Independent oracle: clip the polygon to each cell (Sutherland-Hodgman, exact for any simple ring against a
// convex window) and take the area. Exteriors add, holes subtract.
double ring_area(const Ring& r) {
  double a = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    const Point& p = r[i];
    const Point& q = r[(i + 1) % r.size()];
    a += p.x * q.y - q.x * p.y;
  }
  return std::abs(a) / 2;
}

Ring clip(const Ring& ring, double x0, double y0, double x1, double y1) {
  Ring out = ring;
  auto clip_side = [&](auto inside, auto cross) {
    Ring in = out;
    out.clear();
    for (std::size_t i = 0; i < in.size(); ++i) {
      const Point& p = in[i];
      const Point& q = in[(i + 1) % in.size()];
      if (inside(q)) {
        if (!inside(p)) out.push_back(cross(p, q));
        out.push_back(q);
      } else if (inside(p)) {
        out.push_back(cross(p, q));
      }
    }
  };
  auto at_x = [](double x) {
    return [x](const Point& p, const Point& q) { return Point{x, p.y + (q.y - p.y) * (x - p.x) / (q.x - p.x)}; };
  };
  auto at_y = [](double y) {
    return [y](const Point& p, const Point& q) { return Point{p.x + (q.x - p.x) * (y - p.y) / (q.y - p.y), y}; };
  };
  clip_side([&](const Point& p) { return p.x >= x0; }, at_x(x0));
  clip_side([&](const Point& p) { return p.x <= x1; }, at_x(x1));
  clip_side([&](const Point& p) { return p.y >= y0; }, at_y(y0));
  clip_side([&](const Point& p) { return p.y <= y1; }, at_y(y1));
  return out;
}

Ring star(std::mt19937& rng, double cx, double cy, double r_min, double r_max, int n) {
  std::uniform_real_distribution<double> radius(r_min, r_max);
  Ring ring;
  for (int i = 0; i < n; ++i) {
    const double a = 2 * M_PI * i / n;
    const double r = radius(rng);
    ring.push_back({cx + r * std::cos(a), cy + r * std::sin(a)});
  }
  return ring;
}

TEST(Coverage, MatchesCellByCellClippingOnRandomConcavePolygons) {
  std::mt19937 rng(20261129);
  const Grid g{-3.3, 17.1, 0.7, 0.9, 19, 23};  // non-square cells, offset origin
  for (int trial = 0; trial < 40; ++trial) {
    const Ring outer = star(rng, 5, 8, 1.5, 9, 7 + trial);  // often pokes out of the grid
    const Ring hole = star(rng, 5, 8, 0.3, 1.2, 5);         // inside every outer ring (outer r >= 1.5)
    const ZoneCoverage z = compute_coverage(g, {{outer, {hole}}});
    auto got = cells(z);
    for (int row = 0; row < g.rows; ++row) {
      for (int col = 0; col < g.cols; ++col) {
        const double x0 = g.x_min + col * g.cell_width, x1 = x0 + g.cell_width;
        const double y1 = g.y_max - row * g.cell_height, y0 = y1 - g.cell_height;
        const double expected = (ring_area(clip(outer, x0, y0, x1, y1)) - ring_area(clip(hole, x0, y0, x1, y1))) /
                                (g.cell_width * g.cell_height);
        const auto it = got.find({row, col});
        const double actual = it == got.end() ? 0.0 : it->second;
        ASSERT_NEAR(actual, expected, 1e-9) << "trial " << trial << " cell " << row << "," << col;
      }
    }
  }
}

TEST(Coverage, RunsAreInRasterOrder) {
  std::mt19937 rng(7);
  const ZoneCoverage z = compute_coverage(unit_grid(40, 40), {{star(rng, 20, 20, 5, 19, 31), {}}});
  for (std::size_t i = 1; i < z.runs.size(); ++i) {
    const CoverageRun& a = z.runs[i - 1];
    const CoverageRun& b = z.runs[i];
    EXPECT_TRUE(a.row < b.row || (a.row == b.row && a.col_end <= b.col_begin));
    EXPECT_EQ(b.first_fraction, a.first_fraction + (a.full ? 0u : std::size_t(a.size())));
  }
}

TEST(Coverage, RowsOfAWindowEqualTheWholeCoverageBitForBit) {
  // A task covers only its window's rows: every run and fraction of those rows must be the whole coverage's,
  // including cells where several edges meet (the star's many vertices) and edges spanning windows.
  std::mt19937 rng(20261207);
  const Grid g{-3.3, 57.1, 0.7, 0.9, 61, 53};
  for (int trial = 0; trial < 30; ++trial) {
    const Zone zone{{star(rng, 17, 30, 2, 40, 5 + 3 * trial), {star(rng, 17, 30, 0.3, 1.9, 9)}}};
    const ZoneCoverage whole = compute_coverage(g, zone);
    ZoneCoverage joined;
    for (int begin = -4; begin < g.rows; begin += 1 + trial % 7) {
      const ZoneCoverage part = compute_coverage(g, zone, begin, begin + 1 + trial % 7);
      for (CoverageRun run : part.runs) {
        ASSERT_TRUE(run.row >= begin && run.row < begin + 1 + trial % 7);
        if (!run.full) {
          const auto first = part.fractions.begin() + static_cast<std::ptrdiff_t>(run.first_fraction);
          run.first_fraction = joined.fractions.size();
          joined.fractions.insert(joined.fractions.end(), first, first + run.size());
        }
        joined.runs.push_back(run);
      }
    }
    ASSERT_EQ(joined.runs.size(), whole.runs.size()) << "trial " << trial;
    for (std::size_t i = 0; i < whole.runs.size(); ++i) {
      EXPECT_EQ(joined.runs[i].row, whole.runs[i].row);
      EXPECT_EQ(joined.runs[i].col_begin, whole.runs[i].col_begin);
      EXPECT_EQ(joined.runs[i].col_end, whole.runs[i].col_end);
      EXPECT_EQ(joined.runs[i].full, whole.runs[i].full);
      if (!whole.runs[i].full) {
        EXPECT_EQ(joined.runs[i].first_fraction, whole.runs[i].first_fraction);
      }
    }
    ASSERT_EQ(joined.fractions.size(), whole.fractions.size());
    EXPECT_EQ(0, std::memcmp(joined.fractions.data(), whole.fractions.data(), whole.fractions.size() * sizeof(double)))
        << "trial " << trial;
  }
  EXPECT_TRUE(compute_coverage(g, {{box(0, 0, 5, 5), {}}}, 10, 10).empty());
}

}  // namespace
}  // namespace eb::engine::raster
