#include "io/soil_samples.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
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

bool is_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  const int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace

std::optional<SoilCell> parse_soil_cell(std::string_view text, std::string& error) {
  text = trim(text);
  SoilCell c;
  if (is_missing(text)) {
    c.missing = true;
    return c;
  }
  if (text == "ND" || text == "nd" || text == "未检出") {
    c.below_detection = true;
    return c;
  }
  std::string_view number = text;
  if (number.front() == '<') {
    c.below_detection = true;
    number.remove_prefix(1);
  } else if (number.back() == 'L') {
    c.below_detection = true;
    number.remove_suffix(1);
  }
  const auto v = parse_number(trim(number));
  if (!v) {
    error = fmt::format("unparsable value \"{}\"", quote_input(text));
    return std::nullopt;
  }
  if (*v < 0 || !(*v <= kMaxSoilConcentration)) {
    error = fmt::format("value {} outside 0..{} mg/kg", text, kMaxSoilConcentration);
    return std::nullopt;
  }
  c.value = *v;
  return c;
}

SoilSamples read_soil_samples(std::string_view text, const std::string& file) {
  SoilSamples out;
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
  const int c_sample = column({"sample", "sample_id", "样品编号", "样品", "点位编号", "点位"});
  const int c_ph = column({"pH", "ph", "土壤pH", "pH值", "酸碱度"});
  const int c_use = column({"land_use", "土地利用类型", "土地利用", "用地类型"});
  const int c_date = column({"date", "采样日期", "日期"});
  const int c_plot = column({"plot", "地块编码", "地块"});
  if (c_sample < 0 || c_ph < 0 || c_use < 0)
    throw InputError(detail::header_error(
        file, 1, 1, "not a farmland soil sample file: columns sample, pH and land_use are required (docs/soil.md)"));
  std::vector<const standards::FarmlandItem*> item_of(header.size(), nullptr);
  std::set<std::string> seen_items;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const int ci = static_cast<int>(i);
    if (ci == c_sample || ci == c_ph || ci == c_use || ci == c_date || ci == c_plot) continue;
    std::string_view name = header[i];
    // "Cd (mg/kg)" / "镉(mg/kg)": a unit in brackets must be mg/kg.
    const auto open = std::min(name.find('('), name.find("（"));
    if (open != std::string_view::npos) {
      const std::string_view unit = trim(name.substr(open));
      if (unit.find("mg/kg") == std::string_view::npos)
        throw InputError(detail::header_error(file, 1, static_cast<std::uint32_t>(i + 1),
                                              fmt::format("column \"{}\": soil values are in mg/kg", header[i])));
      name = trim(name.substr(0, open));
    }
    item_of[i] = standards::find_farmland_item(name);
    if (!item_of[i]) {
      out.ignored_columns.push_back(header[i]);
      continue;
    }
    if (!seen_items.insert(item_of[i]->code).second)
      throw InputError(detail::header_error(file, 1, static_cast<std::uint32_t>(i + 1),
                                            fmt::format("item {} has two columns", item_of[i]->code)));
    out.items.push_back(item_of[i]->code);
  }
  if (out.items.empty())
    throw InputError(detail::header_error(file, 1, 1, "no GB 15618 item column (Cd, Hg, As, Pb, Cr, Cu, Ni, Zn…)"));

  std::set<std::string> ids;
  while (csv.next()) {
    const auto line = static_cast<std::uint32_t>(csv.line());
    if (csv.size() != header.size()) {
      detail::reject_line(out.rejections, line, 0, csv.raw(),
                          fmt::format("expected {} fields as in the header, found {}", header.size(), csv.size()));
      continue;
    }
    auto col = [](int c) { return static_cast<std::uint32_t>(c + 1); };
    SoilSample s;
    s.line = line;
    s.sample = std::string(trim(csv[static_cast<std::size_t>(c_sample)]));
    if (s.sample.empty()) {
      detail::reject_line(out.rejections, line, col(c_sample), csv.raw(), "empty sample id");
      continue;
    }
    if (!ids.insert(s.sample).second) {
      detail::reject_line(out.rejections, line, col(c_sample), csv.raw(),
                          fmt::format("sample \"{}\" is given twice", quote_input(s.sample)));
      continue;
    }
    const std::string_view ph_text = trim(csv[static_cast<std::size_t>(c_ph)]);
    const auto ph = parse_number(ph_text);
    if (!ph || !(*ph >= 0 && *ph <= 14)) {
      detail::reject_line(
          out.rejections, line, col(c_ph), csv.raw(),
          fmt::format("pH \"{}\" is not a number from 0 to 14 (the category needs it)", quote_input(ph_text)));
      continue;
    }
    s.ph = *ph;
    const std::string_view use_text = trim(csv[static_cast<std::size_t>(c_use)]);
    const auto use = standards::parse_farmland_use(use_text);
    if (!use) {
      detail::reject_line(out.rejections, line, col(c_use), csv.raw(),
                          fmt::format("land use \"{}\" is none of paddy, other, orchard, rotation (水田, 其他, 果园, "
                                      "水旱轮作)",
                                      quote_input(use_text)));
      continue;
    }
    s.use = *use;
    if (c_date >= 0) {
      const std::string_view d = trim(csv[static_cast<std::size_t>(c_date)]);
      if (!d.empty() && !is_date(d)) {
        detail::reject_line(out.rejections, line, col(c_date), csv.raw(),
                            fmt::format("date \"{}\" is not YYYY-MM-DD", quote_input(d)));
        continue;
      }
      s.date = std::string(d);
    }
    if (c_plot >= 0) s.plot = std::string(trim(csv[static_cast<std::size_t>(c_plot)]));
    bool ok = true;
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (!item_of[i]) continue;
      std::string error;
      const auto cell = parse_soil_cell(csv[i], error);
      if (!cell) {
        detail::reject_line(out.rejections, line, static_cast<std::uint32_t>(i + 1), csv.raw(),
                            error + " for " + item_of[i]->code);
        ok = false;
        continue;
      }
      if (cell->missing) {
        ++out.missing;
        continue;
      }
      out.below_detection += cell->below_detection;
      s.values.push_back({item_of[i]->code, cell->value, cell->below_detection, std::string(trim(csv[i]))});
    }
    if (ok) out.samples.push_back(std::move(s));
  }
  return out;
}

FarmlandPlotRows read_farmland_plots(std::string_view text, const std::string& file) {
  FarmlandPlotRows out;
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
  const int c_code = column({"code", "地块编码"}), c_name = column({"name", "地块名称"});
  const int c_use = column({"land_use", "土地利用类型", "土地利用"});
  const int c_area = column({"area", "面积"}), c_unit = column({"area_unit", "面积单位"});
  const int c_admin = column({"unit_code", "行政区划代码"});
  const int c_lon = column({"lon", "经度"}), c_lat = column({"lat", "纬度"});
  if (c_code < 0 || c_name < 0 || c_use < 0 || c_area < 0 || c_unit < 0 || (c_lon >= 0) != (c_lat >= 0))
    throw InputError(detail::header_error(
        file, 1, 1,
        "not a farmland plot file: columns code, name, land_use, area, area_unit (and lon with lat) are required"));
  std::set<std::string> codes;
  while (csv.next()) {
    const auto line = static_cast<std::uint32_t>(csv.line());
    if (csv.size() != header.size()) {
      detail::reject_line(out.rejections, line, 0, csv.raw(),
                          fmt::format("expected {} fields as in the header, found {}", header.size(), csv.size()));
      continue;
    }
    auto cell = [&](int c) { return c < 0 ? std::string() : std::string(trim(csv[static_cast<std::size_t>(c)])); };
    auto col = [](int c) { return static_cast<std::uint32_t>(c + 1); };
    FarmlandPlotRow p;
    p.line = line;
    p.code = cell(c_code);
    p.name = cell(c_name);
    p.unit_code = cell(c_admin);
    p.area_text = cell(c_area);
    p.area_unit = cell(c_unit);
    if (p.code.empty() || !codes.insert(p.code).second) {
      detail::reject_line(out.rejections, line, col(c_code), csv.raw(),
                          p.code.empty() ? "empty plot code" : "plot " + quote_input(p.code) + " is given twice");
      continue;
    }
    const auto use = standards::parse_farmland_use(cell(c_use));
    if (!use) {
      detail::reject_line(
          out.rejections, line, col(c_use), csv.raw(),
          fmt::format("land use \"{}\" is none of paddy, other, orchard, rotation", quote_input(cell(c_use))));
      continue;
    }
    p.use = *use;
    if (c_lon >= 0 && !(cell(c_lon).empty() && cell(c_lat).empty())) {
      const auto lon = parse_number(cell(c_lon)), lat = parse_number(cell(c_lat));
      if (!lon || !lat || *lon < -180 || *lon > 180 || *lat < -90 || *lat > 90) {
        detail::reject_line(out.rejections, line, col(!lon || *lon < -180 || *lon > 180 ? c_lon : c_lat), csv.raw(),
                            "longitude/latitude not a point in degrees");
        continue;
      }
      p.lon = lon;
      p.lat = lat;
    }
    out.plots.push_back(std::move(p));
  }
  return out;
}

}  // namespace eb::io
