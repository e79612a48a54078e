#include "app/demo/synthetic_ndvi.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <limits>

#include "app/demo/seeded_noise.hpp"
#include "io/gdal_raster.hpp"
#include "io/raster_writer.hpp"

namespace eb::app {

namespace {

namespace raster = engine::raster;

// A Gaussian bump in lon/lat: amplitude, centre, spread (degrees).
struct Bump {
  double amplitude, lon, lat, sx, sy;
  double at(double x, double y) const {
    const double dx = (x - lon) / sx, dy = (y - lat) / sy;
    return amplitude * std::exp(-0.5 * (dx * dx + dy * dy));
  }
};

// Real places, made-up magnitudes.
constexpr std::array<Bump, 9> kLandscape = {{
    {0.14, 121.5, 49.8, 1.8, 2.2},    // Greater Khingan forest (Hulunbuir)
    {0.32, 107.8, 40.85, 1.1, 0.3},   // Hetao irrigation district (Bayannur)
    {-0.26, 121.2, 43.3, 1.6, 0.6},   // Horqin sandy land (Tongliao, Chifeng)
    {-0.22, 115.6, 42.8, 1.5, 0.4},   // Hunshandake sandy land (Xilin Gol)
    {-0.12, 108.5, 40.2, 1.4, 0.25},  // Kubuqi desert (Ordos)
    {-0.12, 108.9, 38.9, 1.0, 0.6},   // Mu Us sandy land (Ordos)
}};
// Second epoch: "green advancing, sand retreating" in the sandy lands, and an overgrazed patch.
constexpr std::array<Bump, 5> kChange = {{
    {0.11, 121.2, 43.3, 1.5, 0.6},
    {0.08, 115.6, 42.8, 1.4, 0.4},
    {0.09, 108.5, 40.2, 1.3, 0.3},
    {0.10, 108.9, 38.9, 1.0, 0.6},
    {-0.07, 113.2, 44.2, 1.2, 0.7},
}};

// Smooth random relief: a few seeded bumps.
std::vector<Bump> random_bumps(SeededNoise& noise, int n, double amplitude, double west, double east, double south,
                               double north) {
  std::vector<Bump> out;
  for (int i = 0; i < n; ++i) {
    out.push_back({amplitude * (2 * noise.uniform() - 1), noise.uniform(west, east), noise.uniform(south, north),
                   noise.uniform(0.6, 2.5), noise.uniform(0.4, 1.5)});
  }
  return out;
}

}  // namespace

SyntheticNdviFiles write_synthetic_ndvi(const std::string& dir, const std::vector<raster::Zone>& region,
                                        const SyntheticNdviOptions& options) {
  std::filesystem::create_directories(dir);
  // The grid: the region's extent, snapped outwards to whole cells.
  double west = std::numeric_limits<double>::infinity(), east = -west, south = west, north = -west;
  for (const auto& zone : region)
    for (const auto& part : zone)
      for (const auto& p : part.exterior) {
        west = std::min(west, p.x), east = std::max(east, p.x);
        south = std::min(south, p.y), north = std::max(north, p.y);
      }
  const double d = options.cell_degrees;
  raster::Grid grid;
  grid.x_min = std::floor(west / d) * d;
  grid.y_max = std::ceil(north / d) * d;
  grid.cell_width = grid.cell_height = d;
  grid.cols = static_cast<int>(std::ceil((east - grid.x_min) / d));
  grid.rows = static_cast<int>(std::ceil((grid.y_max - south) / d));

  // Inside: any cell the region touches.
  std::vector<std::uint8_t> inside(static_cast<std::size_t>(grid.cell_count()), 0);
  for (const auto& zone : region) {
    const raster::ZoneCoverage c = raster::compute_coverage(grid, zone);
    for (const auto& run : c.runs)
      for (int col = run.col_begin; col < run.col_end; ++col)
        inside[static_cast<std::size_t>(run.row) * static_cast<std::size_t>(grid.cols) +
               static_cast<std::size_t>(col)] = 1;
  }

  SeededNoise noise(options.seed);
  const auto relief = random_bumps(noise, 40, 0.06, west, east, south, north);
  const auto relief_change = random_bumps(noise, 25, 0.025, west, east, south, north);
  const std::string crs = io::crs_wkt_from_epsg(4326);
  SyntheticNdviFiles files{fmt::format("{}/synthetic_ndvi_{}.tif", dir, options.first_year),
                           fmt::format("{}/synthetic_ndvi_{}.tif", dir, options.second_year)};
  const std::string what = "SYNTHETIC growing-season NDVI (ecobarrier demo generator, seed {}); not a measurement";
  io::RasterWriter first(files.first, grid, crs, io::RasterType::float32,
                         fmt::format(fmt::runtime(what), options.seed));
  io::RasterWriter second(files.second, grid, crs, io::RasterType::float32,
                          fmt::format(fmt::runtime(what), options.seed));
  std::vector<double> a(static_cast<std::size_t>(grid.cols)), b(a.size());
  std::vector<std::uint8_t> ok(a.size());
  for (int row = 0; row < grid.rows; ++row) {
    const double lat = grid.y_max - (row + 0.5) * d;
    for (int col = 0; col < grid.cols; ++col) {
      const auto i = static_cast<std::size_t>(col);
      const double lon = grid.x_min + (col + 0.5) * d;
      ok[i] = inside[static_cast<std::size_t>(row) * a.size() + i];
      // Noise is drawn for every cell, inside or not, so the field does not depend on the boundary.
      const double pixel_a = noise.normal(), pixel_b = noise.normal();
      if (!ok[i]) continue;
      // Moisture: from desert in the west (~0.07) through steppe (~0.5 at 116°E) to forest-steppe in the east.
      double v = 0.06 + 0.70 / (1 + std::exp(-(lon - 113.5) / 3.5));
      for (const Bump& bump : kLandscape) v += bump.at(lon, lat);
      for (const Bump& bump : relief) v += bump.at(lon, lat) * std::min(1.0, v / 0.2);  // little relief in deserts
      double w = v + 0.01;
      for (const Bump& bump : kChange) w += bump.at(lon, lat);
      for (const Bump& bump : relief_change) w += bump.at(lon, lat);
      a[i] = std::clamp(v + 0.015 * pixel_a, -0.05, 0.92);
      b[i] = std::clamp(w + 0.015 * pixel_b, -0.05, 0.92);
    }
    const raster::Window window{row, 0, 1, grid.cols};
    first.write(window, a, ok);
    second.write(window, b, ok);
  }
  first.commit();
  second.commit();
  return files;
}

}  // namespace eb::app
