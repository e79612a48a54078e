#include "app/runs/support/workspace_fixture.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "io/admin_features.hpp"
#include "io/file_buffer.hpp"
#include "store/admin_store.hpp"
#include "store/observation_store.hpp"
#include "support/test_paths.hpp"

namespace eb::test {

void import_demo_units(store::Workspace& ws) {
  const std::map<std::string, store::UnitNames> names = {{"150000", {"内蒙古自治区", "Inner Mongolia"}}};
  store::import_admin_units(ws, io::read_admin_features(demo_path("boundaries/150000.json")), names, "leagues");
  store::import_admin_units(ws, io::read_admin_features(demo_path("boundaries/150000_counties_merged.json")), names,
                            "counties");
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

}  // namespace eb::test
