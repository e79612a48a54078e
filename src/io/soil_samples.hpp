// Farmland soil samples (GB 15618) in the wide layout: sample,pH,land_use,Cd,Hg,As,Pb,Cr,Cu,Ni,Zn (mg/kg) and
// optionally HCH, DDT, BaP (Table 2) and a date; Chinese headers accepted (样品编号, 土壤pH, 土地利用类型, 镉, 汞…).
// A value below the detection limit ("<0.01", "0.01L") or not detected ("ND", "未检出") is kept as such.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/observation_batch.hpp"
#include "standards/gb15618.hpp"

namespace eb::io {

struct SoilSampleValue {
  std::string item;  // GB 15618 item code
  double value = 0;  // mg/kg; the detection limit written when below detection (0 for ND without one)
  bool below_detection = false;
  std::string text;  // the cell as written ("<0.01", "ND", "0.32")
};
struct SoilSample {
  std::string sample;
  std::string date;  // as written (YYYY-MM-DD), empty when the file has none
  std::string plot;  // the farmland plot (workspace imports), empty when the file has no plot column
  double ph = 0;
  standards::FarmlandUse use = standards::FarmlandUse::other;
  std::vector<SoilSampleValue> values;  // in the file's column order
  std::uint32_t line = 0;
};
struct SoilSamples {
  std::string file;
  std::vector<std::string> items;  // the item columns found, in the file's order
  std::vector<std::string> ignored_columns;
  std::vector<SoilSample> samples;
  std::vector<Rejection> rejections;  // every bad cell of the file, file:line:column
  std::size_t below_detection = 0, missing = 0;
};

// The highest concentration accepted (mg/kg): 10 % by mass. Above it a value is a unit mix-up or a fill value.
inline constexpr double kMaxSoilConcentration = 100000;

// Throws InputError for a header it cannot understand (file:1:column); bad records become rejections. A sample
// id given twice is rejected.
SoilSamples read_soil_samples(std::string_view text, const std::string& file);

// Farmland plots: code,name,land_use,area,area_unit and optionally unit_code, lon, lat (地块编码, 地块名称,
// 土地利用类型, 面积, 面积单位, 行政区划代码, 经度, 纬度). The area is kept as written with its unit (亩/mu, ha, km2…).
struct FarmlandPlotRow {
  std::string code, name, unit_code, area_text, area_unit;
  standards::FarmlandUse use = standards::FarmlandUse::other;
  std::optional<double> lon, lat;
  std::uint32_t line = 0;
};
struct FarmlandPlotRows {
  std::string file;
  std::vector<FarmlandPlotRow> plots;
  std::vector<Rejection> rejections;
};
FarmlandPlotRows read_farmland_plots(std::string_view text, const std::string& file);

// A measurement cell: value, below detection (limit, or 0 for ND), or missing (nothing); `error` set when it is
// neither.
struct SoilCell {
  bool missing = false;
  double value = 0;
  bool below_detection = false;
};
std::optional<SoilCell> parse_soil_cell(std::string_view text, std::string& error);

}  // namespace eb::io
