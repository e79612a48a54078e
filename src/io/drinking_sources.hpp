// Centralised drinking-water sources (集中式生活饮用水水源地) from CSV: code, name, kind, level, the unit they belong
// to, the water they supply and the people they serve, and the monitoring points whose samples count for them
// (docs/drinking-water.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/observation_batch.hpp"
#include "standards/drinking_water.hpp"

namespace eb::io {

// The tier of a source: city (地级及以上城市), county (县级城市) or township (乡镇/千吨万人).
std::optional<std::string> parse_source_level(std::string_view text);

struct DrinkingSourceRecord {
  std::string code, name;
  standards::SourceKind kind = standards::SourceKind::river;
  std::string level;                     // city, county, township
  std::optional<std::string> unit_code;  // admin_unit.code; none: the unit of its points
  std::optional<double> supply_10k_m3;   // water supplied per year (design or actual), 10^4 m³
  std::optional<std::int64_t> population;
  std::vector<std::string> points;  // station codes, in the order written
  std::uint32_t line = 0;
};
struct DrinkingSourceList {
  std::string file;
  std::vector<DrinkingSourceRecord> sources;
  std::vector<Rejection> rejections;                 // line and column of each bad field
  std::uint32_t unit_column = 0, points_column = 0;  // 1-based, for errors found against the workspace (0: none)
};

// Header (any order, English or Chinese): code|水源编码, name|水源名称, kind|水源类型 (river, lake, groundwater;
// 河流型, 湖库型, 地下水型), points|监测点位 (station codes separated by |) required; level|级别 (city, county,
// township; 地级及以上城市, 县级, 乡镇; default city), unit|行政区划代码, supply_10k_m3|取水量, population|服务人口
// optional. Throws InputError for a header it cannot read; bad rows become rejections (a code given twice too).
DrinkingSourceList read_drinking_sources(std::string_view text, const std::string& file);

}  // namespace eb::io
