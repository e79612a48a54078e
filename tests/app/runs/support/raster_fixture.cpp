#include "app/runs/support/raster_fixture.hpp"

#include <cpl_vsi.h>
#include <fmt/format.h>

#include <cmath>
#include <cstdint>

#include "io/gdal_raster.hpp"
#include "io/raster_writer.hpp"

namespace eb::test {

engine::raster::Grid utm_grid(int rows, int cols) {
  engine::raster::Grid g;
  g.x_min = 500000;
  g.y_max = 4500000;
  g.cell_width = 10;
  g.cell_height = 10;
  g.rows = rows;
  g.cols = cols;
  return g;
}

std::string memory_raster(const std::string& name, const engine::raster::Grid& grid,
                          const std::vector<double>& values) {
  const std::string path = "/vsimem/runs_test/" + name + ".tif";
  io::RasterWriter writer(path, grid, io::crs_wkt_from_epsg(32650), io::RasterType::float32, "test raster");
  std::vector<std::uint8_t> valid(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) valid[i] = !std::isnan(values[i]);
  writer.write({0, 0, grid.rows, grid.cols}, values, valid);
  writer.commit();
  return path;
}

std::string memory_zones(const std::string& name,
                         const std::vector<std::pair<std::string, std::vector<double>>>& rings) {
  std::string features;
  for (const auto& [id, xy] : rings) {
    std::string coords;
    for (std::size_t i = 0; i + 1 < xy.size(); i += 2)
      coords += fmt::format("{}[{},{}]", coords.empty() ? "" : ",", xy[i], xy[i + 1]);
    coords += fmt::format(",[{},{}]", xy[0], xy[1]);
    features += fmt::format(
        R"({}{{"type":"Feature","properties":{{"id":"{}"}},"geometry":{{"type":"Polygon","coordinates":[[{}]]}}}})",
        features.empty() ? "" : ",", id, coords);
  }
  const std::string text = fmt::format(
      R"({{"type":"FeatureCollection","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:EPSG::32650"}}}},"features":[{}]}})",
      features);
  const std::string path = "/vsimem/runs_test/" + name + ".geojson";
  VSILFILE* f = VSIFOpenL(path.c_str(), "wb");
  VSIFWriteL(text.data(), 1, text.size(), f);
  VSIFCloseL(f);
  return path;
}

bool raster_exists(const std::string& path) {
  VSIStatBufL st;
  return VSIStatL(path.c_str(), &st) == 0;
}

}  // namespace eb::test
