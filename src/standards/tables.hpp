// The standards' tables, kept as CSV in data/standards and compiled into the program (one source of truth).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace eb::standards {

// A small CSV table with a header: rows of named fields.
class DataTable {
 public:
  // Parses an embedded table by file name (data/standards/<name>); throws std::logic_error if it is missing
  // or malformed, since a broken embedded table is a build defect, not user input.
  static const DataTable& get(std::string_view name);
  // The embedded file's text, for tables a user may also supply in the same format.
  static std::string_view text(std::string_view name);

  std::size_t size() const { return rows_.size(); }
  const std::string& at(std::size_t row, std::string_view column) const;
  bool has_column(std::string_view column) const;
  const std::vector<std::string>& columns() const { return columns_; }
  double number(std::size_t row, std::string_view column) const;  // throws on empty or non-numeric

 private:
  std::string name_;
  std::vector<std::string> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace eb::standards
