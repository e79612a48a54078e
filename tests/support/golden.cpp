#include "support/golden.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/test_paths.hpp"

namespace eb::test {

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string part; std::getline(ss, part, sep);) out.push_back(part);
  if (!text.empty() && text.back() == sep) out.emplace_back();
  return out;
}

std::vector<GoldenRow> read_golden(const std::string& file_name) {
  std::ifstream in(source_path("tests/golden/" + file_name));
  if (!in) throw std::runtime_error("missing golden file " + file_name);
  std::string line;
  auto next_line = [&] {
    if (!std::getline(in, line)) return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();  // the vectors use CRLF line ends
    return true;
  };
  next_line();
  const auto header = split(line, ',');
  std::vector<GoldenRow> rows;
  while (next_line()) {
    if (line.empty()) continue;
    const auto cells = split(line, ',');
    GoldenRow row;
    for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = i < cells.size() ? cells[i] : "";
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace eb::test
