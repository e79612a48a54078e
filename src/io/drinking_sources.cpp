#include "io/drinking_sources.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/utf8.hpp"
#include "io/layout_support.hpp"

namespace eb::io {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

std::optional<std::string> parse_source_level(std::string_view t) {
  t = trim(t);
  if (t == "city" || t == "地级及以上城市" || t == "地级以上城市" || t == "地级" || t == "市级") return "city";
  if (t == "county" || t == "县级" || t == "县级城市" || t == "县级及以上城市") return "county";
  if (t == "township" || t == "乡镇" || t == "乡镇级" || t == "千吨万人") return "township";
  return std::nullopt;
}

DrinkingSourceList read_drinking_sources(std::string_view text, const std::string& file) {
  DrinkingSourceList out;
  out.file = file;
  CsvReader csv(text, file);
  if (!csv.next()) throw InputError(file + ": empty file");
  std::vector<std::string> header;
  for (const auto& f : csv.fields()) header.emplace_back(trim(f));
  auto column = [&](std::initializer_list<std::string_view> names) -> int {
    for (std::size_t i = 0; i < header.size(); ++i)
      for (auto n : names)
        if (lower(header[i]) == lower(n)) return static_cast<int>(i);
    return -1;
  };
  const int c_code = column({"code", "水源编码", "水源地编码"}), c_name = column({"name", "水源名称", "水源地名称"});
  const int c_kind = column({"kind", "水源类型"}), c_points = column({"points", "监测点位", "监测断面"});
  const int c_level = column({"level", "级别", "水源级别"}), c_unit = column({"unit", "行政区划代码", "unit_code"});
  const int c_supply = column({"supply_10k_m3", "取水量", "供水量"});
  const int c_population = column({"population", "服务人口"});
  for (const auto& [col, name] : {std::pair{c_code, "code"}, {c_name, "name"}, {c_kind, "kind"}, {c_points, "points"}})
    if (col < 0)
      throw InputError(detail::header_error(
          file, 1, 1,
          fmt::format("not a drinking-water source list: column {} is required (docs/drinking-water.md)", name)));

  out.unit_column = static_cast<std::uint32_t>(c_unit + 1);
  out.points_column = static_cast<std::uint32_t>(c_points + 1);
  std::set<std::string> seen;
  while (csv.next()) {
    const auto line = static_cast<std::uint32_t>(csv.line());
    if (csv.size() != header.size()) {
      detail::reject_line(out.rejections, line, 0, csv.raw(),
                          fmt::format("expected {} fields as in the header, found {}", header.size(), csv.size()));
      continue;
    }
    auto cell = [&](int c) { return c < 0 ? std::string_view() : trim(csv[static_cast<std::size_t>(c)]); };
    auto reject = [&](int c, std::string reason) {
      detail::reject_line(out.rejections, line, static_cast<std::uint32_t>(c + 1), cell(c), std::move(reason));
    };
    DrinkingSourceRecord s;
    s.line = line;
    s.code = std::string(cell(c_code));
    s.name = std::string(cell(c_name));
    if (s.code.empty()) {
      reject(c_code, "empty source code");
      continue;
    }
    if (!seen.insert(s.code).second) {
      reject(c_code, fmt::format("source {} is listed twice", s.code));
      continue;
    }
    if (s.name.empty()) {
      reject(c_name, fmt::format("source {} has no name", s.code));
      continue;
    }
    const auto kind = standards::parse_source_kind(cell(c_kind));
    if (!kind) {
      reject(c_kind, fmt::format("kind \"{}\" is none of river, lake, groundwater", quote_input(cell(c_kind))));
      continue;
    }
    s.kind = *kind;
    s.level = "city";
    if (!cell(c_level).empty()) {
      const auto level = parse_source_level(cell(c_level));
      if (!level) {
        reject(c_level, fmt::format("level \"{}\" is none of city, county, township", quote_input(cell(c_level))));
        continue;
      }
      s.level = *level;
    }
    if (!cell(c_unit).empty()) s.unit_code = std::string(cell(c_unit));
    if (!cell(c_supply).empty()) {
      const auto v = parse_number(cell(c_supply));
      if (!v || !(*v >= 0) || !std::isfinite(*v)) {
        reject(c_supply, fmt::format("water supplied \"{}\" is not a number of 10^4 m³ at or above 0",
                                     quote_input(cell(c_supply))));
        continue;
      }
      s.supply_10k_m3 = *v;
    }
    if (!cell(c_population).empty()) {
      const auto v = parse_number(cell(c_population));
      if (!v || !(*v >= 0) || *v != std::floor(*v) || *v > 1e10) {
        reject(c_population, fmt::format("population \"{}\" is not a whole number", quote_input(cell(c_population))));
        continue;
      }
      s.population = static_cast<std::int64_t>(*v);
    }
    const std::string_view points = cell(c_points);
    for (std::size_t at = 0; at <= points.size();) {
      const std::size_t bar = std::min(points.find('|', at), points.size());
      const std::string_view p = trim(points.substr(at, bar - at));
      if (!p.empty() && std::find(s.points.begin(), s.points.end(), p) == s.points.end()) s.points.emplace_back(p);
      at = bar + 1;
    }
    if (s.points.empty()) {
      reject(c_points, fmt::format("source {} names no monitoring point", s.code));
      continue;
    }
    out.sources.push_back(std::move(s));
  }
  return out;
}

}  // namespace eb::io
