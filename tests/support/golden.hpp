// Reading golden-vector CSV files (tests/golden) as rows of named string fields.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace eb::test {

using GoldenRow = std::map<std::string, std::string>;
std::vector<GoldenRow> read_golden(const std::string& file_name);  // tests/golden/<file_name>
std::vector<std::string> split(const std::string& text, char sep);

}  // namespace eb::test
