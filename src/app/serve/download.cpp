#include "app/serve/download.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "app/table/xlsx.hpp"

namespace eb::app::serve {

namespace {

// Digits after the decimal point in the shortest form of `v`; -1 (shown as it is) for an exponent form.
int fraction_digits(double v) {
  const std::string text = fmt::format("{}", v);
  if (text.find_first_of("eEn") != std::string::npos) return -1;
  const auto dot = text.find('.');
  return dot == std::string::npos ? 0 : static_cast<int>(text.size() - dot - 1);
}

// A table of the result's JSON (columns with key and both labels; rows keyed by column key). With
// `infer_decimals`, a column of real numbers gets the most decimals its values carry as its display precision;
// otherwise numbers are written in their shortest form, as the JSON has them.
Table table_of(const json& title, const json& columns, const json& rows, bool infer_decimals) {
  Table t;
  t.title_zh = t.title_en = title.is_string() ? title.get<std::string>() : std::string();
  for (const auto& c : columns) {
    Column col{c.value("key", ""), c.value("label_zh", ""), c.value("label_en", "")};
    int decimals = -2;  // no real number seen
    for (const auto& row : infer_decimals ? rows : json::array())
      if (const auto v = row.find(col.key); v != row.end() && v->is_number_float())
        decimals = decimals == -1 ? -1 : std::max(decimals, fraction_digits(v->get<double>()));
    col.decimals = decimals < -1 ? -1 : decimals;
    t.columns.push_back(std::move(col));
  }
  for (const auto& row : rows) {
    std::vector<Cell> cells;
    for (const auto& col : t.columns) {
      const auto v = row.find(col.key);
      if (v == row.end() || v->is_null())
        cells.emplace_back();
      else if (v->is_string())
        cells.emplace_back(v->get<std::string>());
      else if (v->is_number_integer())
        cells.emplace_back(v->get<std::int64_t>());
      else if (v->is_number_float())
        cells.emplace_back(v->get<double>());
      else
        cells.emplace_back(v->dump());
    }
    t.add(std::move(cells));
  }
  return t;
}

}  // namespace

std::string download_format(const Query& q) {
  const auto f = q.find("format");
  return f != q.end() && (f->second == "csv" || f->second == "xlsx") ? f->second : std::string();
}

std::string download_body(const Result& result, const std::string& format, const std::string& route_path,
                          const Query& q) {
  const Lang lang = lang_of(q);
  Document doc(table_of(result.title, result.columns, result.rows, format == "xlsx"));
  if (format == "csv") {
    std::ostringstream out;
    out << "\xEF\xBB\xBF";
    write_table(out, doc.parts.front().second, Format::csv, lang);
    return out.str();
  }
  for (const auto& other : result.also)
    doc.parts.emplace_back(other.value("key", ""), table_of(other["title"], other["columns"], other["rows"], true));
  for (const auto& n : result.notes)
    if (n.is_string()) doc.note(n.get<std::string>());
  std::string request = route_path;
  char separator = '?';
  for (const auto& [k, v] : q) {
    request += separator + k + "=" + v;
    separator = '&';
  }
  return xlsx_workbook(doc, lang, "GET " + request);
}

std::string download_content_type(const std::string& format) {
  return format == "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                          : "text/csv; charset=utf-8";
}

std::string download_disposition(const std::string& format, const std::string& route_path, const Query& q) {
  std::string name = route_path.starts_with("/api/") ? route_path.substr(5) : route_path;
  std::replace(name.begin(), name.end(), '/', '-');
  if (const auto period = q.find("period"); period != q.end()) name += "-" + period->second;
  // Only characters that need no quoting in a header (a period is digits, Q, - and ..).
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
  return "attachment; filename=\"" + name + "." + format + "\"";
}

}  // namespace eb::app::serve
