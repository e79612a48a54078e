#include "io/groundwater.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/quantity.hpp"
#include "core/utf8.hpp"
#include "io/layout_support.hpp"
#include "standards/gb14848.hpp"
#include "standards/parameters.hpp"
#include "standards/plausibility.hpp"

namespace eb::io {

namespace {

std::string ascii_lower(std::string_view t) {
  std::string out(t);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

int find_column(const std::vector<std::string>& header, std::initializer_list<std::string_view> names) {
  for (std::size_t i = 0; i < header.size(); ++i)
    for (auto n : names)
      if (ascii_lower(header[i]) == ascii_lower(n)) return static_cast<int>(i);
  return -1;
}

// "As(µg/L)", "砷（mg/L）", "TDS" -> name and unit text (empty when none).
std::pair<std::string_view, std::string_view> name_and_unit(std::string_view h) {
  for (std::string_view open : {"(", "（"}) {
    const auto at = h.find(open);
    if (at == std::string_view::npos) continue;
    std::string_view unit = h.substr(at + open.size());
    for (std::string_view close : {")", "）"})
      if (unit.ends_with(close)) unit.remove_suffix(close.size());
    return {trim(h.substr(0, at)), trim(unit)};
  }
  return {h, {}};
}

// The factor from a unit as written to the item's unit; nothing when it does not convert.
std::optional<double> factor_to_item(std::string_view unit_text, const standards::GroundwaterItem& item) {
  if (unit_text.empty() || unit_text == item.unit) return 1.0;
  const auto from = parse_unit(unit_text), to = parse_unit(item.unit);
  if (!from || !to) return std::nullopt;
  return unit_factor(*from, *to);
}

bool qualitative(const standards::GroundwaterItem& item) {
  const auto lim = standards::groundwater_limits(item.code);
  return lim && lim->rule == standards::GroundwaterRule::qualitative;
}

enum class Cell { value, missing, rejected };

// One measurement cell in the unit written; `factor` takes it to the item's unit.
Cell parse_cell(std::string_view text, const standards::GroundwaterItem& item, double factor,
                GroundwaterSampleValue& out, std::string& reason) {
  text = trim(text);
  if (is_missing(text)) return Cell::missing;
  if (qualitative(item)) {
    const std::string t = ascii_lower(text);
    if (t == "无" || t == "none" || t == "no" || t == "0" || t == "未检出" || t == "nd") {
      out.value = 0;
      return Cell::value;
    }
    if (t == "有" || t == "yes" || t == "present" || t == "1" || t == "检出") {
      out.value = 1;
      return Cell::value;
    }
    reason = fmt::format("\"{}\" is neither 无 (none) nor 有 (present) for {}", quote_input(text), item.code);
    return Cell::rejected;
  }
  if (text == "ND" || text == "nd" || text == "未检出") {
    out.below_detection = true;
    out.value = 0;
    return Cell::value;
  }
  std::string_view number = text;
  if (number.front() == '<') {
    out.below_detection = true;
    number.remove_prefix(1);
  } else if (number.back() == 'L') {
    out.below_detection = true;
    number.remove_suffix(1);
  }
  const auto v = parse_number(trim(number));
  if (!v) {
    reason = fmt::format("unparsable value \"{}\" for {}", quote_input(text), item.code);
    return Cell::rejected;
  }
  if (*v < 0) {
    reason = fmt::format("negative value {} for {} is impossible", text, item.code);
    return Cell::rejected;
  }
  out.value = factor == 1.0 ? *v : *v * factor;
  return Cell::value;
}

}  // namespace

std::string groundwater_level(std::string_view level) {
  const std::string t = ascii_lower(trim(level));
  if (t == "national" || t == "国考" || t == "国家" || t == "国控" || t == "国家级") return "national";
  if (t == "regional" || t == "provincial" || t == "区考" || t == "省考" || t == "区控" || t == "省控" || t == "自治区")
    return "provincial";
  return "other";
}

GroundwaterPointList read_groundwater_points(std::string_view text, const std::string& file) {
  GroundwaterPointList out;
  out.file = file;
  CsvReader csv(text, file);
  if (!csv.next()) throw InputError(file + ": empty file");
  static const std::map<std::string, std::string, std::less<>> kNames = {
      {"code", "code"},      {"点位编码", "code"},    {"name", "name"},       {"点位名称", "name"},
      {"lon", "lon"},        {"经度", "lon"},         {"lat", "lat"},         {"纬度", "lat"},
      {"city", "city"},      {"城市", "city"},        {"aquifer", "aquifer"}, {"含水层", "aquifer"},
      {"type", "type"},      {"点位类型", "type"},    {"level", "level"},     {"monitoring_level", "level"},
      {"考核级别", "level"}, {"well_depth", "depth"}, {"井深", "depth"},      {"well_depth_m", "depth"}};
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < csv.size(); ++i) {
    const auto it = kNames.find(trim(csv[i]));
    if (it == kNames.end())
      throw InputError(detail::header_error(
          file, 1, static_cast<std::uint32_t>(i + 1),
          fmt::format("unknown column \"{}\" in a groundwater point list", quote_input(trim(csv[i])))));
    col[it->second] = i;
  }
  for (const char* required : {"code", "name", "lon", "lat"})
    if (!col.count(required))
      throw InputError(detail::header_error(file, 1, 1, fmt::format("required column \"{}\" is missing", required)));
  const std::size_t n_fields = csv.size();
  std::set<std::string> seen;
  auto field = [&](const char* name) -> std::string_view {
    const auto it = col.find(name);
    return it == col.end() ? std::string_view() : trim(csv[it->second]);
  };
  auto column_of = [&](const char* name) { return static_cast<std::uint32_t>(col.at(name) + 1); };
  while (csv.next()) {
    const auto line = static_cast<std::uint32_t>(csv.line());
    if (csv.size() != n_fields) {
      detail::reject_line(out.rejections, line, 0, csv.raw(),
                          fmt::format("expected {} fields, found {}", n_fields, csv.size()));
      continue;
    }
    GroundwaterPointRecord r;
    r.station.line = line;
    r.station.code = std::string(field("code"));
    r.station.name = std::string(field("name"));
    r.station.city = std::string(field("city"));
    if (r.station.code.empty() || !seen.insert(r.station.code).second) {
      detail::reject_line(out.rejections, line, column_of("code"), csv.raw(),
                          r.station.code.empty() ? "empty point code" : "point " + r.station.code + " is listed twice");
      continue;
    }
    const auto lon = parse_number(field("lon")), lat = parse_number(field("lat"));
    if (!lon || *lon < -180 || *lon > 180 || !lat || *lat < -90 || *lat > 90) {
      detail::reject_line(out.rejections, line, column_of(!lon || *lon < -180 || *lon > 180 ? "lon" : "lat"), csv.raw(),
                          "impossible coordinates");
      continue;
    }
    r.station.lon = *lon;
    r.station.lat = *lat;
    r.aquifer = std::string(field("aquifer"));
    r.point_type = std::string(field("type"));
    r.monitoring_level = std::string(field("level"));
    if (const std::string_view d = field("depth"); !d.empty()) {
      const auto depth = parse_number(d);
      if (!depth || *depth < 0 || *depth > 5000) {
        detail::reject_line(out.rejections, line, column_of("depth"), csv.raw(),
                            fmt::format("well depth \"{}\" is not 0-5000 m", quote_input(d)));
        continue;
      }
      r.well_depth_m = *depth;
    }
    out.points.push_back(std::move(r));
  }
  return out;
}

GroundwaterSamples read_groundwater_samples(std::string_view text, const std::string& file) {
  GroundwaterSamples out;
  out.file = file;
  CsvReader csv(text, file);
  if (!csv.next()) throw InputError(file + ": empty file");
  std::vector<std::string> header;
  for (const auto& f : csv.fields()) header.emplace_back(trim(f));
  const int c_point = find_column(header, {"point", "监测点", "点位编码", "point_code"});
  const int c_time = find_column(header, {"time", "采样时间", "date", "采样日期"});
  const int c_name = find_column(header, {"name", "点位名称"});
  const int c_parameter = find_column(header, {"parameter", "指标"});
  const int c_value = find_column(header, {"value", "监测值"});
  const int c_unit = find_column(header, {"unit", "单位"});
  if (c_point < 0 || c_time < 0)
    throw InputError(
        detail::header_error(file, 1, 1, "not a groundwater sample file: columns point and time are required"));
  const bool long_layout = c_parameter >= 0 && c_value >= 0;
  out.layout = long_layout ? "groundwater-long" : "groundwater-wide";

  struct Column {
    const standards::GroundwaterItem* item = nullptr;
    double factor = 1;
  };
  std::vector<Column> item_of(header.size());
  if (!long_layout) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      const int ii = static_cast<int>(i);
      if (ii == c_point || ii == c_time || ii == c_name) continue;
      const auto [name, unit] = name_and_unit(header[i]);
      const auto col = static_cast<std::uint32_t>(i + 1);
      item_of[i].item = standards::find_groundwater_item(name);
      if (!item_of[i].item)
        throw InputError(detail::header_error(
            file, 1, col,
            fmt::format("unknown groundwater item \"{}\" (GB/T 14848-2017; docs/groundwater.md)", quote_input(name))));
      const auto f = factor_to_item(unit, *item_of[i].item);
      if (!f)
        throw InputError(detail::header_error(
            file, 1, col,
            fmt::format("unit \"{}\" of {} does not convert to {}", quote_input(unit), item_of[i].item->code,
                        item_of[i].item->unit.empty() ? "no unit" : item_of[i].item->unit)));
      item_of[i].factor = *f;
    }
  }

  std::map<std::pair<std::string, EpochSeconds>, std::size_t> sample_of;  // long layout: point + time
  while (csv.next()) {
    const auto line = static_cast<std::uint32_t>(csv.line());
    if (csv.size() != header.size()) {
      detail::reject_line(out.rejections, line, 0, csv.raw(),
                          fmt::format("expected {} fields as in the header, found {}", header.size(), csv.size()));
      continue;
    }
    const std::string point(trim(csv[static_cast<std::size_t>(c_point)]));
    if (point.empty()) {
      detail::reject_line(out.rejections, line, static_cast<std::uint32_t>(c_point + 1), csv.raw(), "empty point");
      continue;
    }
    const std::string_view time_text = trim(csv[static_cast<std::size_t>(c_time)]);
    const auto t = parse_instant(time_text);
    if (!t) {
      detail::reject_line(out.rejections, line, static_cast<std::uint32_t>(c_time + 1), csv.raw(),
                          fmt::format("impossible timestamp \"{}\"", quote_input(time_text)));
      continue;
    }
    auto add_value = [&](GroundwaterSample& s, const standards::GroundwaterItem& item, double factor,
                         std::string_view cell, std::uint16_t col) {
      GroundwaterSampleValue v;
      v.item = item.code;
      v.column = col;
      std::string reason;
      switch (parse_cell(cell, item, factor, v, reason)) {
        case Cell::missing:
          ++out.missing;
          return true;
        case Cell::rejected:
          detail::reject_line(out.rejections, line, col, cell, reason);
          out.rejections.back().station = s.point;
          out.rejections.back().parameter = item.code;
          return false;
        case Cell::value:
          break;
      }
      if (const ParameterInfo* info = standards::find_parameter(item.code, Medium::groundwater))
        if (auto why = standards::implausible_value(*info, v.value)) {
          detail::reject_line(out.rejections, line, col, cell, std::move(*why));
          out.rejections.back().station = s.point;
          out.rejections.back().parameter = item.code;
          return false;
        }
      out.below_detection += v.below_detection;
      out.converted += factor != 1.0;
      s.values.push_back(std::move(v));
      return true;
    };
    if (!long_layout) {
      GroundwaterSample s{point, t->epoch, line, {}};
      bool ok = true;
      for (std::size_t i = 0; i < header.size(); ++i)
        if (item_of[i].item)
          ok &= add_value(s, *item_of[i].item, item_of[i].factor, csv[i], static_cast<std::uint16_t>(i + 1));
      if (ok) out.samples.push_back(std::move(s));
      continue;
    }
    const std::string_view ptext = trim(csv[static_cast<std::size_t>(c_parameter)]);
    const standards::GroundwaterItem* item = standards::find_groundwater_item(ptext);
    if (!item) {
      detail::reject_line(out.rejections, line, static_cast<std::uint32_t>(c_parameter + 1), csv.raw(),
                          fmt::format("unknown groundwater item \"{}\"", quote_input(ptext)));
      continue;
    }
    double factor = 1;
    if (c_unit >= 0) {
      const std::string_view unit = trim(csv[static_cast<std::size_t>(c_unit)]);
      const auto f = factor_to_item(unit, *item);
      if (!f) {
        detail::reject_line(out.rejections, line, static_cast<std::uint32_t>(c_unit + 1), csv.raw(),
                            fmt::format("unit \"{}\" of {} does not convert to {}", quote_input(unit), item->code,
                                        item->unit.empty() ? "no unit" : item->unit));
        continue;
      }
      factor = *f;
    }
    auto [it, fresh] = sample_of.try_emplace({point, t->epoch}, out.samples.size());
    if (fresh) out.samples.push_back({point, t->epoch, line, {}});
    GroundwaterSample& s = out.samples[it->second];
    if (std::any_of(s.values.begin(), s.values.end(),
                    [&](const GroundwaterSampleValue& v) { return v.item == item->code; })) {
      detail::reject_line(out.rejections, line, static_cast<std::uint32_t>(c_parameter + 1), csv.raw(),
                          fmt::format("{} of point {} at {} is given twice", item->code, point, time_text));
      continue;
    }
    add_value(s, *item, factor, csv[static_cast<std::size_t>(c_value)], static_cast<std::uint16_t>(c_value + 1));
  }
  return out;
}

ObservationBatch groundwater_batch(const GroundwaterSamples& w) {
  ObservationBatch b;
  b.file = w.file;
  b.layout = w.layout;
  b.rejections = w.rejections;
  b.missing = w.missing;
  const std::uint32_t below_flag = b.flag_id("L");
  for (const auto& s : w.samples) {
    ++b.rows_read;
    const std::uint32_t station = b.station_id(s.point);
    std::uint32_t plain_row = 0, below_row = 0;
    bool has_plain = false, has_below = false;
    for (const auto& v : s.values) {
      const ParameterInfo* p = standards::find_parameter(v.item, Medium::groundwater);
      if (!p) throw std::logic_error("parameters.csv lacks groundwater item " + v.item);
      std::uint32_t row;
      if (v.below_detection) {
        if (!has_below) below_row = b.add_row(s.time, s.line, below_flag);
        has_below = true;
        row = below_row;
      } else {
        if (!has_plain) plain_row = b.add_row(s.time, s.line);
        has_plain = true;
        row = plain_row;
      }
      b.add(station, row, b.kind_id(*p, Averaging::sample, v.column), v.value);
    }
  }
  return b;
}

}  // namespace eb::io
