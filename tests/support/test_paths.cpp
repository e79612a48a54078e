#include "support/test_paths.hpp"

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>

namespace eb::test {

std::string source_path(const std::string& relative) { return std::string(EB_SOURCE_DIR) + "/" + relative; }
std::string demo_path(const std::string& relative) { return source_path("data/demo/" + relative); }

TempPath::TempPath(const std::string& name) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "ebtest-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  path_ = dir_ + "/" + name;
}

TempPath::~TempPath() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

}  // namespace eb::test
