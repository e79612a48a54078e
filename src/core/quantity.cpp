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
    case Unit::mg_kg:
      return "mg/kg";
    case Unit::ug_l:
      return "µg/L";
    case Unit::mpn_100ml:
      return "MPN/100mL";
    case Unit::cfu_ml:
      return "CFU/mL";
    case Unit::bq_l:
      return "Bq/L";
    case Unit::ntu:
      return "NTU";
    case Unit::pt_co:
      return "铂钴色度单位";
  }
  return "";
}

std::optional<Unit> parse_unit(std::string_view t) {
  struct Spelling {
    std::string_view text;
    Unit unit;
  };
  static constexpr Spelling kSpellings[] = {
      {"", Unit::none},
      {"-", Unit::none},
      {"1", Unit::none},
      {"µg/m³", Unit::ug_m3},
      {"μg/m³", Unit::ug_m3},
      {"µg/m3", Unit::ug_m3},
      {"μg/m3", Unit::ug_m3},
      {"ug/m3", Unit::ug_m3},
      {"ug/m^3", Unit::ug_m3},
      {"ug/m³", Unit::ug_m3},
      {"mg/m³", Unit::mg_m3},
      {"mg/m3", Unit::mg_m3},
      {"mg/m^3", Unit::mg_m3},
      {"°C", Unit::deg_c},
      {"degC", Unit::deg_c},
      {"C", Unit::deg_c},
      {"hPa", Unit::hpa},
      {"mm", Unit::mm},
      {"m/s", Unit::m_s},
      {"mg/L", Unit::mg_l},
      {"mg/l", Unit::mg_l},
      {"个/L", Unit::count_l},
      {"MPN/L", Unit::count_l},
      {"CFU/L", Unit::count_l},
      {"m", Unit::metre},
      {"µg/L", Unit::ug_l},
      {"μg/L", Unit::ug_l},
      {"ug/L", Unit::ug_l},
      {"ug/l", Unit::ug_l},
      {"µg/l", Unit::ug_l},
      {"mg/kg", Unit::mg_kg},
      {"MPN/100mL", Unit::mpn_100ml},
      {"MPN/100ml", Unit::mpn_100ml},
      {"CFU/100mL", Unit::mpn_100ml},
      {"CFU/100ml", Unit::mpn_100ml},
      {"个/100mL", Unit::mpn_100ml},
      {"CFU/mL", Unit::cfu_ml},
      {"CFU/ml", Unit::cfu_ml},
      {"个/mL", Unit::cfu_ml},
      {"Bq/L", Unit::bq_l},
      {"Bq/l", Unit::bq_l},
      {"NTU", Unit::ntu},
      {"铂钴色度单位", Unit::pt_co},
      {"度", Unit::pt_co},
      {"Pt-Co", Unit::pt_co},
      {"PCU", Unit::pt_co},
  };
  for (const auto& s : kSpellings)
    if (s.text == t) return s.unit;
  return std::nullopt;
}

std::optional<double> unit_factor(Unit from, Unit to) {
  if (from == to) return 1.0;
  if (from == Unit::ug_m3 && to == Unit::mg_m3) return 1e-3;
  if (from == Unit::mg_m3 && to == Unit::ug_m3) return 1e3;
  // Mass per volume of water: mg/L, µg/L, and mg/m³ (the same as µg/L).
  auto per_mg_l = [](Unit u) -> std::optional<double> {  // how many of `u` make 1 mg/L
    if (u == Unit::mg_l) return 1.0;
    if (u == Unit::ug_l || u == Unit::mg_m3) return 1e3;
    return std::nullopt;
  };
  if (const auto f = per_mg_l(from), t = per_mg_l(to); f && t) return *t / *f;
  // Counts per volume: how many of `u` make 1 per litre.
  auto per_count_l = [](Unit u) -> std::optional<double> {
    if (u == Unit::count_l) return 1.0;
    if (u == Unit::mpn_100ml) return 0.1;
    if (u == Unit::cfu_ml) return 1e-3;
    return std::nullopt;
  };
  if (const auto f = per_count_l(from), t = per_count_l(to); f && t) return *t / *f;
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

std::string_view medium_code(Medium m) {
  switch (m) {
    case Medium::air:
      return "air";
    case Medium::water:
      return "water";
    case Medium::soil:
      return "soil";
    case Medium::groundwater:
      return "groundwater";
    case Medium::emission:
      return "emission";
  }
  return "?";
}

std::optional<Medium> parse_medium(std::string_view code) {
  for (auto m : {Medium::air, Medium::water, Medium::soil, Medium::groundwater, Medium::emission})
    if (medium_code(m) == code) return m;
  return std::nullopt;
}

}  // namespace eb
