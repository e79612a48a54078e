#include "support/golden.hpp"

#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "core/csv.hpp"
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
  std::ifstream in(source_path("tests/golden/" + file_name), std::ios::binary);
  if (!in) throw std::runtime_error("missing golden file " + file_name);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The project's own CSV reader: quoted headers, CRLF line ends.
  CsvReader csv(text);
  csv.next();
  std::vector<std::string> header;
  for (const auto& f : csv.fields()) header.emplace_back(f);
  std::vector<GoldenRow> rows;
  while (csv.next()) {
    GoldenRow row;
    for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = i < csv.size() ? std::string(csv[i]) : "";
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace eb::test
