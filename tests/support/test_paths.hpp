// Paths of the repository's data for tests, and scratch files that clean up after themselves.
#pragma once

#include <string>

namespace eb::test {

std::string source_path(const std::string& relative);  // under the repository root
std::string demo_path(const std::string& relative);    // under data/demo

// A fresh path in a private temporary directory, removed (with any -journal) when the object dies.
class TempPath {
 public:
  explicit TempPath(const std::string& name);
  ~TempPath();
  const std::string& str() const { return path_; }

 private:
  std::string dir_, path_;
};

}  // namespace eb::test
