#include "app/runs/support/workspace_fixture.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <numbers>
#include <stdexcept>

#include "io/admin_features.hpp"
#include "io/file_buffer.hpp"
#include "io/reference_tables.hpp"
#include "store/admin_store.hpp"
#include "store/observation_store.hpp"
#include "support/test_paths.hpp"

namespace eb::test {

void import_demo_units(store::Workspace& ws, const std::map<std::string, store::UnitNames>& names, bool counties) {
  store::import_admin_units(ws, io::read_admin_features(demo_path("boundaries/150000.json")), names, "leagues");
  if (counties) {
    store::import_admin_units(ws, io::read_admin_features(demo_path("boundaries/150000_counties_merged.json")), names,
                              "counties");
  }
}

void import_demo_units(store::Workspace& ws) {
  import_demo_units(ws, {{"150000", {"内蒙古自治区", "Inner Mongolia"}}}, true);
}

std::string write_text(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = (std::filesystem::path(dir) / name).string();
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
  return path;
}

void import_observation_file(store::Workspace& ws, const std::string& path, io::ObservationLayout layout) {
  io::FileBuffer buf(path);
  io::ObservationBatch batch = io::read_observations(buf.text(), path, layout);
  if (!batch.rejections.empty()) throw std::runtime_error(path + ": " + batch.rejections.front().reason);
  std::vector<store::ImportFile> files(1);
  files[0].batch = &batch;
  files[0].sha256 = path;
  files[0].source = "test";
  store::import_observations(ws, files, {});
}

UnitWorkspace::UnitWorkspace(bool counties) : ws_("ws.gpkg") {
  const std::string names_file = source_path("data/reference/admin_units.csv");
  const auto zh = io::read_key_value_csv(names_file, "name_zh");
  const auto en = io::read_key_value_csv(names_file, "name_en");
  std::map<std::string, store::UnitNames> names;
  for (const auto& [code, name] : zh) names[code] = {name, en.at(code)};
  store::Workspace ws(ws_.str(), store::Workspace::Open::create_if_missing);
  import_demo_units(ws, names, counties);
}

std::string UnitWorkspace::write(const std::string& name, const std::string& text) const {
  const std::string path = (std::filesystem::path(ws_.str()).parent_path() / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

double area_to_latitude_m2(double lat_deg) {
  const double a = 6378137.0, f = 1 / 298.257223563;
  const double e2 = f * (2 - f), e = std::sqrt(e2);
  const double s = std::sin(lat_deg * std::numbers::pi / 180);
  const double q = s / (1 - e2 * s * s) + std::log((1 + e * s) / (1 - e * s)) / (2 * e);
  return a * a * (1 - e2) / 2 * q;
}

double box_area_m2(double lon0, double lat0, double lon1, double lat1) {
  return (lon1 - lon0) * std::numbers::pi / 180 * (area_to_latitude_m2(lat1) - area_to_latitude_m2(lat0));
}

std::string box_geometry(double lon0, double lat0, double lon1, double lat1) {
  return fmt::format(R"({{"type":"Polygon","coordinates":[[[{0},{1}],[{2},{1}],[{2},{3}],[{0},{3}],[{0},{1}]]]}})",
                     lon0, lat0, lon1, lat1);
}

}  // namespace eb::test
