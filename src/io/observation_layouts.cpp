#include "io/observation_layouts.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/csv.hpp"
#include "io/water_samples.hpp"

namespace eb::io {

namespace {

bool first_two(const std::vector<std::string_view>& h, std::string_view a, std::string_view b) {
  return h.size() >= 2 && h[0] == a && h[1] == b;
}

bool has_field(const std::vector<std::string_view>& h, std::initializer_list<std::string_view> names) {
  return std::any_of(h.begin(), h.end(),
                     [&](std::string_view f) { return std::find(names.begin(), names.end(), f) != names.end(); });
}

ObservationBatch read_water(std::string_view text, const std::string& file, const ByteProgress&) {
  return water_batch(read_water_samples(text, file, BelowDetection::limit));
}

}  // namespace

const std::vector<LayoutInfo>& observation_layouts() {
  // Detection order matters: water samples before the long layout (both may have a station column).
  static const std::vector<LayoutInfo> layouts = {
      {ObservationLayout::cnemc_wide, "cnemc-wide", "CNEMC hourly files (date,hour,type,<station codes>...)",
       "CNEMC national real-time air quality publication", StationKeying::code, true,
       [](const auto& h) { return first_two(h, "date", "hour"); }, read_cnemc_wide},
      {ObservationLayout::uci_beijing, "uci-beijing", "UCI Beijing Multi-Site files (No,year,month,day,hour,...)",
       "UCI Beijing Multi-Site Air-Quality data set (CC BY 4.0)", StationKeying::mapped, true,
       [](const auto& h) { return first_two(h, "No", "year"); }, read_uci_beijing},
      {ObservationLayout::aqistudy_daily, "aqistudy-daily", "aqistudy.cn daily city values (city,date,...)",
       "aqistudy.cn daily city values", StationKeying::city_name, true,
       [](const auto& h) { return first_two(h, "city", "date"); }, read_aqistudy_daily},
      {ObservationLayout::water_samples, "water", "surface-water samples (section,time,<parameters>...)",
       "water samples (user file)", StationKeying::code, false,
       [](const auto& h) {
         return has_field(h, {"section", "断面名称", "断面"});
       },
       read_water},
      {ObservationLayout::long_table, "long", "one value per row (station,time,parameter,value[,unit,...])",
       "user file", StationKeying::code, true,
       [](const auto& h) {
         return has_field(h, {"station", "Station"});
       },
       read_long_table},
  };
  return layouts;
}

const LayoutInfo& layout_info(ObservationLayout l) {
  for (const auto& info : observation_layouts())
    if (info.id == l) return info;
  throw std::logic_error("layout without registry entry");
}

const LayoutInfo* find_layout(std::string_view name) {
  for (const auto& info : observation_layouts())
    if (info.name == name) return &info;
  return nullptr;
}

std::string layout_choices(bool air_only) {
  // In the order people meet them: the air publications, then the generic ones.
  std::string out;
  for (auto l : {ObservationLayout::cnemc_wide, ObservationLayout::long_table, ObservationLayout::uci_beijing,
                 ObservationLayout::aqistudy_daily, ObservationLayout::water_samples}) {
    const LayoutInfo& info = layout_info(l);
    if (air_only && !info.air) continue;
    out += (out.empty() ? "" : "|") + std::string(info.name);
  }
  return out;
}

std::string_view layout_name(ObservationLayout l) { return layout_info(l).name; }

std::optional<ObservationLayout> parse_layout_name(std::string_view name) {
  const LayoutInfo* info = find_layout(name);
  return info ? std::optional(info->id) : std::nullopt;
}

std::optional<ObservationLayout> detect_layout(std::string_view text) {
  CsvReader csv(text);
  if (!csv.next() || csv.size() < 2) return std::nullopt;
  std::vector<std::string_view> header;
  for (const auto& f : csv.fields()) header.push_back(trim(f));
  for (const auto& info : observation_layouts())
    if (info.matches(header)) return info.id;
  return std::nullopt;
}

ObservationBatch read_observations(std::string_view text, const std::string& file, ObservationLayout layout,
                                   const ByteProgress& progress) {
  ObservationBatch b = layout_info(layout).read(text, file, progress);
  reject_conflicting_duplicates(b);
  return b;
}

}  // namespace eb::io
