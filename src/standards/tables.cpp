#include "standards/tables.hpp"

#include <memory>
#include <mutex>
#include <stdexcept>

#include "core/csv.hpp"

namespace eb::embedded {
std::string_view standards_file(std::string_view name);  // generated from data/standards (cmake/EmbedFiles.cmake)
}

namespace eb::standards {

const DataTable& DataTable::get(std::string_view name) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<DataTable>, std::less<>> cache;
  std::lock_guard lock(mutex);
  if (auto it = cache.find(name); it != cache.end()) return *it->second;
  const std::string_view text = embedded::standards_file(name);
  if (text.empty()) throw std::logic_error("standards table not embedded: " + std::string(name));
  auto t = std::make_unique<DataTable>();
  t->name_ = name;
  CsvReader csv(text, name);
  if (!csv.next()) throw std::logic_error("empty standards table " + std::string(name));
  for (const auto& f : csv.fields()) t->columns_.emplace_back(trim(f));
  while (csv.next()) {
    if (csv.size() != t->columns_.size())
      throw std::logic_error("standards table " + std::string(name) + " line " + std::to_string(csv.line()) +
                             ": wrong number of fields");
    std::vector<std::string> row;
    for (const auto& f : csv.fields()) row.emplace_back(trim(f));
    t->rows_.push_back(std::move(row));
  }
  return *cache.emplace(std::string(name), std::move(t)).first->second;
}

std::string_view DataTable::text(std::string_view name) {
  const std::string_view text = embedded::standards_file(name);
  if (text.empty()) throw std::logic_error("standards table not embedded: " + std::string(name));
  return text;
}

bool DataTable::has_column(std::string_view column) const {
  for (const auto& c : columns_)
    if (c == column) return true;
  return false;
}

const std::string& DataTable::at(std::size_t row, std::string_view column) const {
  for (std::size_t i = 0; i < columns_.size(); ++i)
    if (columns_[i] == column) return rows_.at(row)[i];
  throw std::logic_error("standards table " + name_ + " has no column " + std::string(column));
}

double DataTable::number(std::size_t row, std::string_view column) const {
  const auto v = parse_number(at(row, column));
  if (!v) throw std::logic_error("standards table " + name_ + ": not a number in column " + std::string(column));
  return *v;
}

}  // namespace eb::standards
