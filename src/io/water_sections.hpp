// Water monitoring sections (断面) from CSV: location plus river/lake, basin, control level and target class.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/file_buffer.hpp"
#include "io/observation_batch.hpp"
#include "io/station_list.hpp"
#include "standards/gb3838.hpp"

namespace eb::io {

struct WaterSectionRecord {
  StationRecord station;  // code, name, city, lon, lat
  standards::Waterbody waterbody = standards::Waterbody::river;
  std::string river, basin, control_level;
  std::optional<int> target_class;  // 1..6
};

struct WaterSectionList {
  std::string file;
  std::vector<WaterSectionRecord> sections;
  std::vector<Rejection> rejections;
};

// Header (any order, English or Chinese): code|断面编码, name|断面名称, waterbody|水体类型, lon|经度, lat|纬度
// (required); river|河流, basin|流域, control_level|级别, target_class|目标类别 (I..V, 劣V or 1..6), city|城市.
WaterSectionList read_water_sections(std::string_view text, const std::string& file);

// The same from a vector file (GeoJSON, GeoPackage, Shapefile: point features, WGS 84 or transformed to it) with
// the same attribute names; positions in messages are feature ids.
WaterSectionList read_water_sections_vector(const std::string& path, const ReadOptions& options = {});

// The assessment level of a control level as written ("国控", "省考", "national", ...): "national", "provincial" or
// "other", from data/standards/water_assessment_levels.csv (trimmed, ASCII case ignored); an empty or unlisted
// value is "other".
std::string water_assessment_level(std::string_view control_level);
// The section sets of `water assess --set` (data/standards/water_section_sets.csv), in table order.
std::vector<std::string> water_section_sets();
// Whether a section of that assessment level belongs to the set; a set not in the table holds nothing.
bool water_section_in_set(std::string_view assessment_level, std::string_view set);

// "I".."V", "劣V", "1".."6"; nothing otherwise.
std::optional<int> parse_water_class(std::string_view text);

}  // namespace eb::io
