#include "io/water_samples.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/utf8.hpp"
#include "io/layout_support.hpp"
#include "standards/parameters.hpp"
#include "standards/plausibility.hpp"

namespace eb::io {

std::optional<BelowDetection> parse_below_detection(std::string_view name) {
  if (name == "half") return BelowDetection::half_limit;
  if (name == "limit") return BelowDetection::limit;
  if (name == "zero") return BelowDetection::zero;
  return std::nullopt;
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::optional<standards::Waterbody> parse_waterbody(std::string_view s) {
  s = trim(s);
  if (s == "river" || s == "河流" || s == "河") return standards::Waterbody::river;
  if (s == "lake" || s == "reservoir" || s == "湖库" || s == "湖泊" || s == "水库") return standards::Waterbody::lake;
  return std::nullopt;
}

enum class Cell { value, missing, not_detected, rejected };

// A measurement cell: a number, a value below the detection limit ("<0.01", "0.01L"), "ND"/"未检出", or missing.
Cell parse_cell(std::string_view text, BelowDetection rule, double& out, bool& below, double& limit,
                std::string& reason) {
  text = trim(text);
  below = false;
  if (is_missing(text)) return Cell::missing;
  if (text == "ND" || text == "nd" || text == "未检出") return Cell::not_detected;
  std::string_view number = text;
  if (number.front() == '<') {
    below = true;
    number.remove_prefix(1);
  } else if (number.back() == 'L') {
    below = true;
    number.remove_suffix(1);
  }
  const auto v = parse_number(number);
  if (!v) {
    reason = fmt::format("unparsable value \"{}\"", quote_input(text));
    return Cell::rejected;
  }
  if (*v < 0) {
    reason = fmt::format("negative value {} is impossible", text);
    return Cell::rejected;
  }
  limit = below ? *v : 0.0;
  out = !below ? *v : rule == BelowDetection::half_limit ? *v / 2 : rule == BelowDetection::limit ? *v : 0.0;
  return Cell::value;
}

}  // namespace

WaterSamples read_water_samples(std::string_view text, const std::string& file, BelowDetection rule) {
  WaterSamples out;
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
  const bool national = header.size() > 4 && header[0] == "省份" && header[2] == "断面名称" && header[3] == "监测时间";
  const int c_section = national ? 2 : column({"section", "断面", "断面名称"});
  const int c_time = national ? 3 : column({"time", "监测时间", "采样时间"});
  const int c_waterbody = column({"waterbody", "水体类型"});
  const int c_parameter = column({"parameter"}), c_value = column({"value"}), c_unit = column({"unit"});
  if (c_section < 0 || c_time < 0)
    throw InputError(
        detail::header_error(file, 1, 1, "not a water sample file: columns section and time are required"));
  const bool long_layout = c_parameter >= 0 && c_value >= 0;
  out.layout = national ? "national-auto" : long_layout ? "water-long" : "water-wide";

  // Wide layouts: each other column is a parameter (known ones kept; the national file's extra columns, such as
  // water temperature, conductivity and turbidity, are not used for classification and are skipped).
  std::vector<const standards::WaterParameter*> param_of(header.size(), nullptr);
  if (!long_layout) {
    static constexpr std::string_view kNationalExtra[] = {"省份",   "流域", "水质类别", "水温",
                                                          "电导率", "浊度", "藻密度",   "站点情况"};
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (static_cast<int>(i) == c_section || static_cast<int>(i) == c_time || static_cast<int>(i) == c_waterbody)
        continue;
      param_of[i] = standards::find_water_parameter(header[i]);
      if (!param_of[i] && !(national && std::find(std::begin(kNationalExtra), std::end(kNationalExtra), header[i]) !=
                                            std::end(kNationalExtra)))
        throw InputError(
            detail::header_error(file, 1, static_cast<std::uint32_t>(i + 1),
                                 fmt::format("unknown water parameter \"{}\" (docs/formats.md)", header[i])));
    }
  }

  std::map<std::pair<std::string, EpochSeconds>, std::size_t> sample_of;  // long layout: one sample per section+time
  while (csv.next()) {
    const auto line = static_cast<std::uint32_t>(csv.line());
    if (csv.size() != header.size()) {
      detail::reject_line(out.rejections, line, 0, csv.raw(),
                          fmt::format("expected {} fields as in the header, found {}", header.size(), csv.size()));
      continue;
    }
    const std::string section(trim(csv[static_cast<std::size_t>(c_section)]));
    if (section.empty()) {
      detail::reject_line(out.rejections, line, static_cast<std::uint32_t>(c_section + 1), csv.raw(), "empty section");
      continue;
    }
    const std::string_view time_text = trim(csv[static_cast<std::size_t>(c_time)]);
    const auto t = parse_instant(time_text);
    if (!t) {
      detail::reject_line(out.rejections, line, static_cast<std::uint32_t>(c_time + 1), csv.raw(),
                          fmt::format("impossible timestamp \"{}\"", quote_input(time_text)));
      continue;
    }
    std::optional<standards::Waterbody> wb;
    if (c_waterbody >= 0) {
      const std::string_view w = trim(csv[static_cast<std::size_t>(c_waterbody)]);
      wb = parse_waterbody(w);
      if (!wb && !w.empty()) {
        detail::reject_line(out.rejections, line, static_cast<std::uint32_t>(c_waterbody + 1), csv.raw(),
                            fmt::format("waterbody \"{}\" is neither river nor lake", quote_input(w)));
        continue;
      }
    }
    auto add_value = [&](WaterSample& s, const standards::WaterParameter& p, std::string_view cell, std::uint16_t col) {
      double v = 0, limit = 0;
      bool below = false;
      std::string reason;
      switch (parse_cell(cell, rule, v, below, limit, reason)) {
        case Cell::missing:
          ++out.missing;
          return true;
        case Cell::not_detected:
          ++out.not_detected;
          return true;
        case Cell::rejected:
          detail::reject_line(out.rejections, line, col, cell, reason + " for " + p.code);
          out.rejections.back().station = s.section;
          out.rejections.back().parameter = p.code;
          return false;
        case Cell::value:
          break;
      }
      // The plausible range (pH 0-14, concentrations up to 10 % by mass, ...); a value below the detection limit
      // is judged by the limit written.
      if (const ParameterInfo* info = standards::find_parameter(p.code, Medium::water)) {
        if (auto why = standards::implausible_value(*info, below ? limit : v)) {
          detail::reject_line(out.rejections, line, col, cell, std::move(*why));
          out.rejections.back().station = s.section;
          out.rejections.back().parameter = p.code;
          return false;
        }
      }
      out.below_detection += below;
      s.values.push_back({p.code, v, below, limit, col});
      return true;
    };
    if (!long_layout) {
      WaterSample s{section, t->epoch, wb, line, {}};
      bool ok = true;
      for (std::size_t i = 0; i < header.size(); ++i)
        if (param_of[i]) ok &= add_value(s, *param_of[i], csv[i], static_cast<std::uint16_t>(i + 1));
      if (ok) out.samples.push_back(std::move(s));
      continue;
    }
    const std::string_view ptext = trim(csv[static_cast<std::size_t>(c_parameter)]);
    const standards::WaterParameter* p = standards::find_water_parameter(ptext);
    if (!p) {
      detail::reject_line(out.rejections, line, static_cast<std::uint32_t>(c_parameter + 1), csv.raw(),
                          fmt::format("unknown water parameter \"{}\"", quote_input(ptext)));
      continue;
    }
    if (c_unit >= 0) {
      const std::string_view unit = trim(csv[static_cast<std::size_t>(c_unit)]);
      const bool same = unit == p->unit ||
                        (p->unit == "mg/m³" && (unit == "mg/m3" || unit == "µg/L" || unit == "ug/L")) ||
                        (p->unit == "个/L" && (unit == "MPN/L" || unit == "CFU/L"));
      if (!same && !(unit.empty() && p->unit.empty())) {
        detail::reject_line(out.rejections, line, static_cast<std::uint32_t>(c_unit + 1), csv.raw(),
                            fmt::format("wrong unit \"{}\" for {} (expected {})", unit, p->code,
                                        p->unit.empty() ? "no unit" : p->unit));
        continue;
      }
    }
    auto [it, fresh] = sample_of.try_emplace({section, t->epoch}, out.samples.size());
    if (fresh) out.samples.push_back({section, t->epoch, wb, line, {}});
    WaterSample& s = out.samples[it->second];
    if (std::any_of(s.values.begin(), s.values.end(), [&](const WaterValue& v) { return v.item == p->code; })) {
      detail::reject_line(out.rejections, line, static_cast<std::uint32_t>(c_parameter + 1), csv.raw(),
                          fmt::format("{} of section {} at {} is given twice", p->code, section, time_text));
      continue;
    }
    add_value(s, *p, csv[static_cast<std::size_t>(c_value)], static_cast<std::uint16_t>(c_value + 1));
  }
  return out;
}

ObservationBatch water_batch(const WaterSamples& w) {
  ObservationBatch b;
  b.file = w.file;
  b.layout = w.layout;
  b.rejections = w.rejections;
  b.missing = w.missing + w.not_detected;
  const std::uint32_t below_flag = b.flag_id("L");
  for (const auto& s : w.samples) {
    ++b.rows_read;
    const std::uint32_t station = b.station_id(s.section);
    std::uint32_t plain_row = 0, below_row = 0;
    bool has_plain = false, has_below = false;
    for (const auto& v : s.values) {
      const ParameterInfo* p = standards::find_parameter(v.item);
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
      b.add(station, row, b.kind_id(*p, Averaging::sample, v.column), v.below_detection ? v.limit : v.value);
    }
  }
  return b;
}

}  // namespace eb::io
