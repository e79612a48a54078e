#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <random>

#include "engine/raster/zonal_partial.hpp"

namespace eb::engine::raster {
namespace {

Ring box(double x0, double y0, double x1, double y1) { return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}; }

// Bitwise equality: NaN equals NaN, -0 differs from +0, and 1 ulp is a difference.
bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void expect_identical(const ZonalStats& a, const ZonalStats& b, const std::string& where) {
  EXPECT_EQ(a.cells, b.cells) << where;
  EXPECT_EQ(a.variety, b.variety) << where;
  const std::pair<const char*, std::pair<double, double>> fields[] = {
      {"count", {a.count, b.count}},
      {"sum", {a.sum, b.sum}},
      {"mean", {a.mean, b.mean}},
      {"min", {a.min, b.min}},
      {"max", {a.max, b.max}},
      {"stdev", {a.stdev, b.stdev}},
      {"majority", {a.majority, b.majority}},
      {"minority", {a.minority, b.minority}},
      {"area_m2", {a.area_m2, b.area_m2}},
      {"area_weighted_mean", {a.area_weighted_mean, b.area_weighted_mean}}};
  for (const auto& [name, v] : fields)
    EXPECT_TRUE(same_bits(v.first, v.second)) << where << " " << name << ": " << v.first << " vs " << v.second;
  ASSERT_EQ(a.classes.size(), b.classes.size()) << where;
  for (std::size_t c = 0; c < a.classes.size(); ++c) {
    EXPECT_TRUE(same_bits(a.classes[c].value, b.classes[c].value)) << where;
    EXPECT_TRUE(same_bits(a.classes[c].count, b.classes[c].count)) << where << " class " << a.classes[c].value;
    EXPECT_TRUE(same_bits(a.classes[c].area_m2, b.classes[c].area_m2)) << where << " class " << a.classes[c].value;
  }
  ASSERT_EQ(a.quantiles.size(), b.quantiles.size()) << where;
  for (std::size_t q = 0; q < a.quantiles.size(); ++q)
    EXPECT_TRUE(same_bits(a.quantiles[q], b.quantiles[q])) << where << " quantile " << q;
}

// A raster of `rows` x `cols` unit cells with noisy values (a few per mille nodata), blocks `block_rows` high;
// `classes` > 0 makes it categorical (integer values 1..classes).
struct Fixture {
  Grid grid;
  std::vector<double> values;
  std::vector<Zone> shapes;
  std::vector<ZoneCoverage> zones;
  std::vector<double> row_area;

  Fixture(int rows, int cols, int classes, unsigned seed) : grid{0, double(rows), 1, 1, rows, cols} {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> value(-3, 1000), unit(0, 1);
    std::uniform_int_distribution<int> cls(1, classes > 0 ? classes : 1);
    values.resize(static_cast<std::size_t>(grid.cell_count()));
    for (double& v : values) v = unit(rng) < 0.004 ? -9999 : (classes > 0 ? cls(rng) : value(rng));
    // Zones of every size at non-integer coordinates (partly covered cells), some crossing many leaves, one
    // sticking out of the grid, one with a hole, and one outside it.
    std::uniform_real_distribution<double> x(-3, cols + 1.0), y(-3, rows + 1.0), w(0.3, cols / 2.0), h(0.3, rows * 0.7);
    for (int z = 0; z < 25; ++z) {
      const double x0 = x(rng), y0 = y(rng);
      shapes.push_back({{box(x0, y0, x0 + w(rng), y0 + h(rng)), {}}});
    }
    shapes.push_back({{box(1.5, 0.25, cols - 2.5, rows - 0.75), {box(3.3, 2.2, cols / 2.0, rows / 2.0)}}});
    // A slanted polygon: edges crossing many rows and columns at non-integer points.
    shapes.push_back({{{{0.37, 0.91},
                        {cols * 0.81, rows * 0.13},
                        {cols * 0.93, rows * 0.88},
                        {cols * 0.29, rows * 0.97},
                        {cols * 0.52, rows * 0.55}},
                       {}}});
    shapes.push_back({{box(-10, -10, -5, -5), {}}});
    for (const Zone& shape : shapes) zones.push_back(compute_coverage(grid, shape));
    // Cell areas that differ by row, as on a geographic grid.
    for (int r = 0; r < rows; ++r) row_area.push_back(900.0 * std::cos((30.0 + r * 0.01) * M_PI / 180));
  }
};

ZonalOptions full_options(const Fixture& f, bool categorical, int leaf_rows) {
  ZonalOptions o;
  o.categorical = categorical;
  o.row_area_m2 = f.row_area;
  o.quantiles = {0, 0.1, 0.5, 0.987, 1};
  o.leaf_rows = leaf_rows;
  return o;
}

// Windows of `leaves_per_window` leaves from row 0 to the end.
std::vector<std::pair<int, int>> windows_of(int rows, int leaf_rows, int leaves_per_window) {
  std::vector<std::pair<int, int>> out;
  for (int r = 0; r < rows; r += leaf_rows * leaves_per_window)
    out.emplace_back(r, std::min(rows, r + leaf_rows * leaves_per_window));
  return out;
}

TEST(ZonalPartial, MergedWindowsEqualTheWholeRasterBitForBit) {
  for (bool categorical : {false, true}) {
    const Fixture f(97, 61, categorical ? 7 : 0, categorical ? 11u : 12u);
    for (int block_rows : {1, 4}) {
      MemoryRaster raster(f.grid, f.values, -9999.0, block_rows);
      const int leaf_rows = 8;  // small leaves, so that this small raster has many
      const ZonalOptions options = full_options(f, categorical, leaf_rows);
      const auto whole = zonal_statistics(raster, f.zones, options);
      std::mt19937 rng(block_rows);
      for (int leaves_per_window : {1, 2, 3, 13}) {
        // Windows summed, shipped as bytes, and merged in a random order and grouping.
        std::vector<ZonalPartial> parts;
        for (const auto& [begin, end] : windows_of(f.grid.rows, leaf_rows, leaves_per_window)) {
          const std::string bytes = zonal_window(raster, f.zones, options, begin, end).serialise();
          parts.push_back(ZonalPartial::deserialise(bytes));
        }
        std::shuffle(parts.begin(), parts.end(), rng);
        while (parts.size() > 1) {
          std::uniform_int_distribution<std::size_t> pick(0, parts.size() - 1);
          const std::size_t a = pick(rng);
          std::size_t b = pick(rng);
          if (a == b) continue;
          parts[a].merge(std::move(parts[b]));
          parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(b));
        }
        ASSERT_TRUE(parts.front().complete());
        const auto merged = std::move(parts.front()).finish(options.quantiles);
        ASSERT_EQ(merged.size(), whole.size());
        for (std::size_t z = 0; z < whole.size(); ++z) {
          expect_identical(merged[z], whole[z],
                           "categorical " + std::to_string(categorical) + " blocks " + std::to_string(block_rows) +
                               " leaves/window " + std::to_string(leaves_per_window) + " zone " + std::to_string(z));
        }
      }
    }
  }
}

TEST(ZonalPartial, TasksCoveringTheirOwnRowsGiveTheSameWindows) {
  // A task gets the zones' polygons as bytes and covers only its window's rows: its partial is the one summed
  // from the whole coverage, and the zones that cover no cell anywhere are counted once merged.
  const Fixture f(64, 40, 0, 3);
  MemoryRaster raster(f.grid, f.values, -9999.0, 4);
  ZonalOptions options = full_options(f, false, 16);
  const std::vector<Zone> shipped = deserialise_zones(serialise_zones(f.shapes));
  ASSERT_EQ(shipped.size(), f.shapes.size());
  std::optional<ZonalPartial> merged;
  for (const auto& [begin, end] : windows_of(f.grid.rows, 16, 1)) {
    std::vector<ZoneCoverage> rows;
    for (const Zone& zone : shipped) rows.push_back(compute_coverage(f.grid, zone, begin, end));
    for (const ZoneCoverage& z : rows)
      for (const CoverageRun& run : z.runs) EXPECT_TRUE(run.row >= begin && run.row < end);
    ZonalPartial window = zonal_window(raster, rows, options, begin, end);
    EXPECT_EQ(window.serialise(), zonal_window(raster, f.zones, options, begin, end).serialise());
    if (merged) {
      merged->merge(std::move(window));
    } else {
      merged = std::move(window);
    }
  }
  const auto empty = static_cast<std::size_t>(
      std::count_if(f.zones.begin(), f.zones.end(), [](const ZoneCoverage& z) { return z.empty(); }));
  EXPECT_GE(empty, 1u);
  EXPECT_EQ(merged->zones_without_cells(), empty);
}

TEST(ZonalPartial, DefaultLeavesAreWholeBlocksOfAtLeast256Rows) {
  EXPECT_EQ(zonal_leaf_rows({}, 256), 256);
  EXPECT_EQ(zonal_leaf_rows({}, 512), 512);
  EXPECT_EQ(zonal_leaf_rows({}, 1), 256);
  EXPECT_EQ(zonal_leaf_rows({}, 100), 300);
  ZonalOptions o;
  o.leaf_rows = 7;
  EXPECT_EQ(zonal_leaf_rows(o, 256), 7);
}

TEST(ZonalPartial, MissingOrRepeatedWindowsAreRefused) {
  const Fixture f(40, 20, 0, 5);
  MemoryRaster raster(f.grid, f.values, -9999.0, 1);
  ZonalOptions options;
  options.leaf_rows = 10;
  ZonalPartial first = zonal_window(raster, f.zones, options, 0, 20);
  ZonalPartial last = zonal_window(raster, f.zones, options, 30, 40);
  first.merge(std::move(last));
  EXPECT_FALSE(first.complete());
  EXPECT_THROW(ZonalPartial(first).finish({}), std::logic_error);  // rows 20..30 never summed
  EXPECT_THROW(first.merge(zonal_window(raster, f.zones, options, 10, 30)), std::invalid_argument);  // 10..20 twice
  first.merge(zonal_window(raster, f.zones, options, 20, 30));
  EXPECT_TRUE(first.complete());
  // Windows must be whole leaves, and partials of one job.
  EXPECT_THROW(zonal_window(raster, f.zones, options, 5, 20), std::invalid_argument);
  ZonalOptions other = options;
  other.categorical = true;
  EXPECT_THROW(first.merge(zonal_window(raster, f.zones, other, 0, 10)), std::invalid_argument);
}

TEST(ZonalPartial, DamagedBytesAreRefused) {
  const Fixture f(20, 20, 0, 9);
  MemoryRaster raster(f.grid, f.values, -9999.0, 1);
  ZonalOptions options = full_options(f, true, 10);
  const std::string bytes = zonal_window(raster, f.zones, options, 0, 10).serialise();
  EXPECT_NO_THROW(ZonalPartial::deserialise(bytes));
  for (std::size_t cut : {std::size_t{0}, std::size_t{3}, std::size_t{20}, bytes.size() / 2, bytes.size() - 1})
    EXPECT_THROW(ZonalPartial::deserialise(bytes.substr(0, cut)), std::invalid_argument) << cut;
  EXPECT_THROW(ZonalPartial::deserialise(bytes + "x"), std::invalid_argument);
  std::string other_order = bytes;
  std::swap(other_order[8], other_order[11]);  // the byte-order mark
  EXPECT_THROW(ZonalPartial::deserialise(other_order), std::invalid_argument);
  const std::string zones = serialise_zones(f.shapes);
  EXPECT_THROW(deserialise_zones(zones.substr(0, zones.size() - 1)), std::invalid_argument);
  EXPECT_THROW(deserialise_zones(bytes), std::invalid_argument);  // a partial is no zone list
}

}  // namespace
}  // namespace eb::engine::raster
