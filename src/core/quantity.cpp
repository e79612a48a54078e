#include "core/quantity.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace eb {

std::string_view unit_symbol(Unit u) {
  switch (u) {
    case Unit::none:
      return "";
    case Unit::ug_m3:
      return "µg/m³";
    case Unit::mg_m3:
      return "mg/m³";
    case Unit::deg_c:
      return "°C";
    case Unit::hpa:
      return "hPa";
    case Unit::mm:
      return "mm";
    case Unit::m_s:
      return "m/s";
    case Unit::mg_l:
      return "mg/L";
    case Unit::count_l:
      return "个/L";
    case Unit::metre:
      return "m";
  }
  return "";
}

std::optional<Unit> parse_unit(std::string_view t) {
  struct Spelling {
    std::string_view text;
    Unit unit;
  };
  static constexpr Spelling kSpellings[] = {
      {"", Unit::none},        {"-", Unit::none},      {"1", Unit::none},      {"µg/m³", Unit::ug_m3},
      {"μg/m³", Unit::ug_m3},  {"µg/m3", Unit::ug_m3}, {"μg/m3", Unit::ug_m3}, {"ug/m3", Unit::ug_m3},
      {"ug/m^3", Unit::ug_m3}, {"ug/m³", Unit::ug_m3}, {"mg/m³", Unit::mg_m3}, {"mg/m3", Unit::mg_m3},
      {"mg/m^3", Unit::mg_m3}, {"°C", Unit::deg_c},    {"degC", Unit::deg_c},  {"C", Unit::deg_c},
      {"hPa", Unit::hpa},      {"mm", Unit::mm},       {"m/s", Unit::m_s},     {"mg/L", Unit::mg_l},
      {"mg/l", Unit::mg_l},    {"个/L", Unit::count_l}, {"MPN/L", Unit::count_l}, {"CFU/L", Unit::count_l},
      {"m", Unit::metre},      {"µg/L", Unit::mg_m3},  {"μg/L", Unit::mg_m3},  {"ug/L", Unit::mg_m3},
  };
  for (const auto& s : kSpellings)
    if (s.text == t) return s.unit;
  return std::nullopt;
}

std::optional<double> unit_factor(Unit from, Unit to) {
  if (from == to) return 1.0;
  if (from == Unit::ug_m3 && to == Unit::mg_m3) return 1e-3;
  if (from == Unit::mg_m3 && to == Unit::ug_m3) return 1e3;
  return std::nullopt;
}

namespace {
struct AveragingName {
  Averaging value;
  std::string_view code;
  int step;
};
constexpr std::array<AveragingName, 9> kAveraging = {{
    {Averaging::hour1, "1h", 3600},
    {Averaging::moving24h, "24h", 3600},
    {Averaging::moving8h, "8h", 3600},
    {Averaging::max1h_24h, "24h_max_1h", 3600},
    {Averaging::max8h_24h, "24h_max_8h", 3600},
    {Averaging::daily, "day", 86400},
    {Averaging::daily_max8h, "day_max_8h", 86400},
    {Averaging::daily_max1h, "day_max_1h", 86400},
    {Averaging::sample, "sample", 0},
}};

constexpr std::array<ParameterInfo, 37> kParameters = {{
    {"PM2.5", "细颗粒物", "PM2.5", Unit::ug_m3, true},
    {"PM10", "可吸入颗粒物", "PM10", Unit::ug_m3, true},
    {"SO2", "二氧化硫", "SO2", Unit::ug_m3, true},
    {"NO2", "二氧化氮", "NO2", Unit::ug_m3, true},
    {"O3", "臭氧", "O3", Unit::ug_m3, true},
    {"CO", "一氧化碳", "CO", Unit::mg_m3, true},
    {"AQI", "空气质量指数", "AQI", Unit::none, true},
    {"TEMP", "气温", "air temperature", Unit::deg_c, false},
    {"PRES", "气压", "air pressure", Unit::hpa, true},
    {"DEWP", "露点温度", "dew point", Unit::deg_c, false},
    {"RAIN", "降水量", "precipitation", Unit::mm, true},
    {"WSPM", "风速", "wind speed", Unit::m_s, true},
    // Surface water (GB 3838-2002 Table 1; chla and SD for the trophic state). Chinese names and aliases:
    // data/standards/water_parameters.csv.
    {"pH", "pH值", "pH", Unit::none, true},
    {"DO", "溶解氧", "dissolved oxygen", Unit::mg_l, true},
    {"CODMn", "高锰酸盐指数", "permanganate index", Unit::mg_l, true},
    {"COD", "化学需氧量", "chemical oxygen demand", Unit::mg_l, true},
    {"BOD5", "五日生化需氧量", "5-day biochemical oxygen demand", Unit::mg_l, true},
    {"NH3N", "氨氮", "ammonia nitrogen", Unit::mg_l, true},
    {"TP", "总磷", "total phosphorus", Unit::mg_l, true},
    {"TN", "总氮", "total nitrogen", Unit::mg_l, true},
    {"Cu", "铜", "copper", Unit::mg_l, true},
    {"Zn", "锌", "zinc", Unit::mg_l, true},
    {"F", "氟化物", "fluoride", Unit::mg_l, true},
    {"Se", "硒", "selenium", Unit::mg_l, true},
    {"As", "砷", "arsenic", Unit::mg_l, true},
    {"Hg", "汞", "mercury", Unit::mg_l, true},
    {"Cd", "镉", "cadmium", Unit::mg_l, true},
    {"Cr6", "铬（六价）", "chromium (VI)", Unit::mg_l, true},
    {"Pb", "铅", "lead", Unit::mg_l, true},
    {"CN", "氰化物", "cyanide", Unit::mg_l, true},
    {"phenol", "挥发酚", "volatile phenol", Unit::mg_l, true},
    {"petroleum", "石油类", "petroleum", Unit::mg_l, true},
    {"LAS", "阴离子表面活性剂", "anionic surfactants", Unit::mg_l, true},
    {"sulfide", "硫化物", "sulfide", Unit::mg_l, true},
    {"fecal_coliform", "粪大肠菌群", "fecal coliform", Unit::count_l, true},
    {"chla", "叶绿素a", "chlorophyll a", Unit::mg_m3, true},
    {"SD", "透明度", "transparency (Secchi depth)", Unit::metre, true},
}};

struct Alias {
  std::string_view alias;
  std::string_view code;
};
// HJ 212-2017 pollutant codes and common spellings.
constexpr Alias kAliases[] = {
    {"a34004", "PM2.5"}, {"a34002", "PM10"}, {"a21026", "SO2"},  {"a21004", "NO2"},  {"a05024", "O3"},
    {"a21005", "CO"},    {"pm25", "PM2.5"},  {"pm2_5", "PM2.5"}, {"pm2.5", "PM2.5"}, {"pm10", "PM10"},
    {"so2", "SO2"},      {"no2", "NO2"},     {"o3", "O3"},       {"co", "CO"},       {"aqi", "AQI"},
};
}  // namespace

std::string_view averaging_code(Averaging a) {
  for (const auto& n : kAveraging)
    if (n.value == a) return n.code;
  return "?";
}

std::optional<Averaging> parse_averaging(std::string_view code) {
  for (const auto& n : kAveraging)
    if (n.code == code) return n.value;
  return std::nullopt;
}

int averaging_step_seconds(Averaging a) {
  for (const auto& n : kAveraging)
    if (n.value == a) return n.step;
  return 3600;
}

std::span<const ParameterInfo> parameters() { return kParameters; }

const ParameterInfo* find_parameter(std::string_view code) {
  for (const auto& p : kParameters)
    if (p.code == code) return &p;
  for (const auto& a : kAliases)
    if (a.alias == code) return find_parameter(a.code);
  return nullptr;
}

}  // namespace eb
