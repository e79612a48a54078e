// Small reference tables kept as CSV in data/reference (names, code maps).
#pragma once

#include <map>
#include <string>

namespace eb::io {

// Reads a two-or-more column CSV with a header into key (first column) -> the named column.
// Throws IoError/InputError naming the file and line.
std::map<std::string, std::string> read_key_value_csv(const std::string& path, const std::string& value_column);

}  // namespace eb::io
