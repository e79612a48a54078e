#include "app/report/bulletin_tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <set>

namespace eb::app::report {

namespace {

// What the bulletin prints for "no figure".
bool is_dash(const std::string& s) { return s.empty() || s == "–" || s == "—" || s == "-"; }

// A plain decimal number ("12", "-3.45"): its value; anything else (marks, units, intervals) is not one.
std::optional<Cell> number_of(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  if (s.find_first_of(".eE") == std::string::npos) {
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (end == s.c_str() + s.size()) return Cell(static_cast<std::int64_t>(v));
    return std::nullopt;
  }
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() + s.size() && std::isdigit(static_cast<unsigned char>(s.back()))) return Cell(v);
  return std::nullopt;
}

const std::string& text_of(const Span& cell) { return cell.text; }

Table table_of(const TableBlock& tb) {
  Table t;
  t.title_zh = t.title_en = tb.caption;
  const bool per_unit = !tb.unit_codes.empty() && tb.unit_codes.size() == tb.rows.size();
  if (per_unit) {
    t.columns.push_back({"code", "代码", "code"});
    t.geometry = GeometryJoin{GeometryLayer::unit, "code"};
  }
  std::set<std::string> keys{per_unit ? "code" : ""};
  for (const auto& header : tb.header) {
    std::string key = header.empty() ? fmt::format("column_{}", t.columns.size() + 1) : header;
    for (int n = 2; keys.count(key); ++n) key = fmt::format("{}_{}", header, n);
    keys.insert(key);
    t.columns.push_back({key, header, header});
  }
  // A column holds numbers only when every one of its cells is a number or a dash.
  std::vector<bool> numbers(tb.header.size(), false);
  for (std::size_t c = 0; c < tb.header.size(); ++c) {
    if (c >= tb.numeric.size() || !tb.numeric[c]) continue;
    numbers[c] = std::all_of(tb.rows.begin(), tb.rows.end(), [&](const auto& row) {
      const std::string s = c < row.size() ? text_of(row[c]) : std::string();  // a short row: none
      return is_dash(s) || number_of(s).has_value();
    });
  }
  for (std::size_t r = 0; r < tb.rows.size(); ++r) {
    std::vector<Cell> row;
    if (per_unit) row.push_back(tb.unit_codes[r].empty() ? Cell() : Cell(tb.unit_codes[r]));
    for (std::size_t c = 0; c < tb.header.size(); ++c) {
      const std::string s = c < tb.rows[r].size() ? text_of(tb.rows[r][c]) : std::string();
      if (numbers[c])
        row.push_back(is_dash(s) ? Cell() : *number_of(s));
      else
        row.push_back(s.empty() ? Cell() : Cell(s));
    }
    t.add(std::move(row));
  }
  return t;
}

}  // namespace

std::vector<std::pair<std::string, Table>> bulletin_tables(const Bulletin& b) {
  std::vector<std::pair<std::string, Table>> out;
  for (const auto& section : b.sections) {
    int n = 0;
    for (const auto& block : section.blocks)
      if (const auto* tb = std::get_if<TableBlock>(&block))
        out.emplace_back(fmt::format("{}_{}", section.id, ++n), table_of(*tb));
  }
  return out;
}

}  // namespace eb::app::report
