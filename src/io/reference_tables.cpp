#include "io/reference_tables.hpp"

#include <fmt/format.h>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "io/file_buffer.hpp"

namespace eb::io {

std::map<std::string, std::string> read_key_value_csv(const std::string& path, const std::string& value_column) {
  FileBuffer file(path);
  CsvReader csv(file.text(), path);
  if (!csv.next()) throw InputError(path + ": empty file");
  std::size_t col = 0;
  for (std::size_t i = 1; i < csv.size(); ++i)
    if (trim(csv[i]) == value_column) col = i;
  if (col == 0) throw InputError(fmt::format("{}:1: no column \"{}\"", path, value_column));
  std::map<std::string, std::string> out;
  while (csv.next()) {
    if (csv.size() <= col) throw InputError(fmt::format("{}:{}: too few fields", path, csv.line()));
    const std::string key(trim(csv[0]));
    if (!out.emplace(key, std::string(trim(csv[col]))).second)
      throw InputError(fmt::format("{}:{}: key \"{}\" appears twice", path, csv.line(), key));
  }
  return out;
}

}  // namespace eb::io
