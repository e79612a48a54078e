#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "engine/raster/zonal.hpp"

namespace eb::engine::raster {
namespace {

Ring box(double x0, double y0, double x1, double y1) { return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}; }

// 4 x 4 unit cells, north-west corner (0, 4); the value of cell (row, col) is 4 * row + col.
MemoryRaster counting_raster(int block_rows = 16, std::optional<double> nodata = std::nullopt) {
  std::vector<double> v(16);
  for (int i = 0; i < 16; ++i) v[i] = i;
  return MemoryRaster(Grid{0, 4, 1, 1, 4, 4}, v, nodata, block_rows);
}

TEST(Zonal, HalfCoveredCellsWeighByTheirFraction) {
  MemoryRaster r = counting_raster();
  const ZoneCoverage zone = compute_coverage(r.grid(), {{box(0.5, 3, 2.5, 4), {}}});
  const ZonalStats s = zonal_statistics(r, std::span(&zone, 1)).at(0);
  EXPECT_DOUBLE_EQ(s.count, 2.0);  // 0.5 + 1 + 0.5
  EXPECT_DOUBLE_EQ(s.sum, 2.0);    // 0 x 0.5 + 1 x 1 + 2 x 0.5
  EXPECT_DOUBLE_EQ(s.mean, 1.0);
  EXPECT_DOUBLE_EQ(s.min, 0.0);
  EXPECT_DOUBLE_EQ(s.max, 2.0);
  EXPECT_NEAR(s.stdev, std::sqrt(0.5), 1e-15);  // (0.5 x 1 + 1 x 0 + 0.5 x 1) / 2
  EXPECT_EQ(s.cells, 3);
}

TEST(Zonal, NodataCellsAddNothing) {
  MemoryRaster r = counting_raster(16, 1.0);  // cell (0, 1) holds 1: nodata
  const ZoneCoverage zone = compute_coverage(r.grid(), {{box(0.5, 3, 2.5, 4), {}}});
  const ZonalStats s = zonal_statistics(r, std::span(&zone, 1)).at(0);
  EXPECT_DOUBLE_EQ(s.count, 1.0);
  EXPECT_DOUBLE_EQ(s.sum, 1.0);
  EXPECT_DOUBLE_EQ(s.mean, 1.0);
  EXPECT_EQ(s.cells, 2);
}

TEST(Zonal, ZonesWithoutCellsReportZeroCountAndNoMean) {
  MemoryRaster r = counting_raster();
  const std::vector<ZoneCoverage> zones = {compute_coverage(r.grid(), {{box(10, 10, 11, 11), {}}})};
  const ZonalStats s = zonal_statistics(r, zones).at(0);
  EXPECT_EQ(s.count, 0.0);
  EXPECT_EQ(s.sum, 0.0);
  EXPECT_TRUE(std::isnan(s.mean));
  EXPECT_TRUE(std::isnan(s.min));
}

TEST(Zonal, MajorityAndMinorityWeighByCoverage) {
  // Column values 1, 1, 2, 2 in every row; the zone (bottom row from x = 0.5) covers 1.5 cells of class 1, 2 of
  // class 2.
  std::vector<double> v;
  for (int row = 0; row < 4; ++row) v.insert(v.end(), {1, 1, 2, 2});
  MemoryRaster r(Grid{0, 4, 1, 1, 4, 4}, v);
  const ZoneCoverage zone = compute_coverage(r.grid(), {{box(0.5, 0, 4, 1), {}}});
  ZonalOptions options;
  options.categorical = true;
  const ZonalStats s = zonal_statistics(r, std::span(&zone, 1), options).at(0);
  EXPECT_EQ(s.majority, 2.0);
  EXPECT_EQ(s.minority, 1.0);
  EXPECT_EQ(s.variety, 2);
}

TEST(Zonal, ResultsDoNotDependOnTheBlockSize) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> value(-50, 50), coord(-5, 45);
  const Grid g{0, 40, 1, 1, 40, 40};
  std::vector<double> v(static_cast<std::size_t>(g.cell_count()));
  for (double& x : v) x = value(rng);
  std::vector<ZoneCoverage> zones;
  for (int z = 0; z < 12; ++z) {
    const double x0 = coord(rng), y0 = coord(rng);
    zones.push_back(compute_coverage(g, {{box(x0, y0, x0 + 7.3, y0 + 4.9), {}}}));
  }
  // Reference: the same weighted sums straight from the coverage.
  for (int block_rows : {1, 3, 16, 40}) {
    MemoryRaster r(g, v, std::nullopt, block_rows);
    const auto stats = zonal_statistics(r, zones);
    for (std::size_t z = 0; z < zones.size(); ++z) {
      double count = 0, sum = 0;
      for (const CoverageRun& run : zones[z].runs) {
        for (int col = run.col_begin; col < run.col_end; ++col) {
          const double f = zones[z].fraction(run, col);
          count += f;
          sum += f * v[static_cast<std::size_t>(run.row) * g.cols + col];
        }
      }
      EXPECT_NEAR(stats[z].count, count, 1e-9) << "block rows " << block_rows << " zone " << z;
      EXPECT_NEAR(stats[z].sum, sum, 1e-9) << "block rows " << block_rows << " zone " << z;
    }
  }
}

TEST(Zonal, ProgressReachesTheLastRow) {
  MemoryRaster r = counting_raster(3);
  const ZoneCoverage zone = compute_coverage(r.grid(), {{box(0, 0, 4, 4), {}}});
  int last = 0, total = 0, calls = 0;
  zonal_statistics(r, std::span(&zone, 1), {}, [&](int done, int all) {
    last = done;
    total = all;
    ++calls;
  });
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(last, 4);
  EXPECT_EQ(total, 4);
}

}  // namespace
}  // namespace eb::engine::raster

namespace eb::engine::raster {
namespace {

TEST(Zonal, AreaStatisticsWeighEachRowByItsCellArea) {
  // Two rows; the northern cells are half the area of the southern ones (as on a geographic grid).
  MemoryRaster r(Grid{0, 2, 1, 1, 2, 1}, {10, 40});
  const ZoneCoverage zone = compute_coverage(r.grid(), {{box(0, 0, 1, 2), {}}});
  const std::vector<double> row_area = {100, 200};
  ZonalOptions options;
  options.row_area_m2 = row_area;
  const ZonalStats s = zonal_statistics(r, std::span(&zone, 1), options).at(0);
  EXPECT_DOUBLE_EQ(s.mean, 25.0);
  EXPECT_DOUBLE_EQ(s.area_m2, 300.0);
  EXPECT_DOUBLE_EQ(s.area_weighted_mean, 30.0);                                     // (10 x 100 + 40 x 200) / 300
  EXPECT_TRUE(std::isnan(zonal_statistics(r, std::span(&zone, 1)).at(0).area_m2));  // not asked for
}

}  // namespace
}  // namespace eb::engine::raster

namespace eb::engine::raster {
namespace {

TEST(Zonal, ClassSharesCarryFractionsAndAreas) {
  // Row 0: classes 1, 1; row 1: classes 2, 1. The zone covers all of row 0 and half of row 1.
  MemoryRaster r(Grid{0, 2, 1, 1, 2, 2}, {1, 1, 2, 1});
  const ZoneCoverage zone = compute_coverage(r.grid(), {{box(0, 0.5, 2, 2), {}}});
  const std::vector<double> row_area = {100, 200};
  ZonalOptions options;
  options.categorical = true;
  options.row_area_m2 = row_area;
  const ZonalStats s = zonal_statistics(r, std::span(&zone, 1), options).at(0);
  ASSERT_EQ(s.classes.size(), 2u);
  EXPECT_EQ(s.classes[0].value, 1.0);
  EXPECT_DOUBLE_EQ(s.classes[0].count, 2.5);
  EXPECT_DOUBLE_EQ(s.classes[0].area_m2, 300.0);  // 2 x 100 + 0.5 x 200
  EXPECT_EQ(s.classes[1].value, 2.0);
  EXPECT_DOUBLE_EQ(s.classes[1].area_m2, 100.0);
  EXPECT_DOUBLE_EQ(s.classes[0].area_m2 + s.classes[1].area_m2, s.area_m2);
}

TEST(Zonal, StackOfRastersSharesOneTraversal) {
  // Two rasters, one categorical with areas, one continuous without: each gets its own options.
  const Grid grid{0, 2, 1, 1, 2, 2};
  MemoryRaster classes(grid, {1, 2, 2, 2}), values(grid, {0.5, 1.5, 2.5, 3.5});
  const Zone zone = {Polygon{{{0, 0}, {1.5, 0}, {1.5, 2}, {0, 2}}, {}}};  // column 0 and half of column 1
  const std::vector<ZoneCoverage> coverage = {compute_coverage(grid, zone)};
  const std::vector<double> row_area = {100, 100};
  std::vector<ZonalOptions> options(2);
  options[0].categorical = true;
  options[0].row_area_m2 = row_area;
  RasterSource* const rasters[] = {&classes, &values};
  const auto stats = zonal_statistics(rasters, coverage, options);
  ASSERT_EQ(stats.size(), 2u);
  EXPECT_DOUBLE_EQ(stats[0][0].count, 3.0);
  ASSERT_EQ(stats[0][0].classes.size(), 2u);
  EXPECT_DOUBLE_EQ(stats[0][0].classes[1].area_m2, 200.0);  // class 2: half of (0,1), all of (1,0), half of (1,1)
  EXPECT_DOUBLE_EQ(stats[1][0].sum, 0.5 + 0.5 * 1.5 + 2.5 + 0.5 * 3.5);
  EXPECT_TRUE(std::isnan(stats[1][0].area_m2));
  // The same as one raster at a time.
  EXPECT_DOUBLE_EQ(zonal_statistics(values, coverage).at(0).mean, stats[1][0].mean);
}

TEST(Zonal, QuantilesAreWeightedByCoverage) {
  // Values 1..4 in one row; the zone covers cells 0-2 fully and half of cell 3.
  const Grid grid{0, 1, 1, 1, 1, 4};
  MemoryRaster r(grid, {1, 2, 3, 4});
  const Zone zone = {Polygon{{{0, 0}, {3.5, 0}, {3.5, 1}, {0, 1}}, {}}};
  const std::vector<ZoneCoverage> coverage = {compute_coverage(grid, zone)};
  ZonalOptions options;
  options.quantiles = {0.5, 1.0};
  const ZonalStats s = zonal_statistics(r, coverage, options).at(0);
  std::vector<WeightedValue> expected = {{1, 1}, {2, 1}, {3, 1}, {4, 0.5}};
  EXPECT_DOUBLE_EQ(s.quantiles.at(0), weighted_quantiles(expected, {0.5})[0]);
  EXPECT_DOUBLE_EQ(s.quantiles.at(1), 4);
  // A zone with no valid cell reports NaN quantiles.
  const Zone far = {Polygon{{{10, 10}, {11, 10}, {11, 11}, {10, 11}}, {}}};
  const std::vector<ZoneCoverage> none = {compute_coverage(grid, far)};
  EXPECT_TRUE(std::isnan(zonal_statistics(r, none, options).at(0).quantiles.at(0)));
}

}  // namespace
}  // namespace eb::engine::raster
