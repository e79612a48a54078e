// Groundwater monitoring points and samples from CSV (GB/T 14848-2017 items; docs/groundwater.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_time.hpp"
#include "io/observation_batch.hpp"
#include "io/station_list.hpp"

namespace eb::io {

struct GroundwaterPointRecord {
  StationRecord station;         // code, name, city, lon, lat
  std::string aquifer;           // 潜水 / 承压水 / karst ... as written
  std::string point_type;        // 监测井 / 民井 / 泉 ... as written
  std::string monitoring_level;  // 国考 / national / regional ... as written
  std::optional<double> well_depth_m;
};
struct GroundwaterPointList {
  std::string file;
  std::vector<GroundwaterPointRecord> points;
  std::vector<Rejection> rejections;
};
// Header (any order, English or Chinese): code|点位编码, name|点位名称, lon|经度, lat|纬度 (required);
// city|城市, aquifer|含水层, type|点位类型, level|monitoring_level|考核级别, well_depth|井深 (m).
GroundwaterPointList read_groundwater_points(std::string_view text, const std::string& file);

// "national" for 国考/国家/national/国控, "provincial" for 区考/省考/regional/provincial/区控/省控 (the region is
// provincial-level), else "other" — the words of the water assessment sets.
std::string groundwater_level(std::string_view monitoring_level);

struct GroundwaterSampleValue {
  std::string item;              // GB/T 14848 code (standards/gb14848)
  double value = 0;              // in the item's unit; for a value below the detection limit: the limit (0 for ND)
  bool below_detection = false;  // "<0.01", "0.01L", "ND"/"未检出"
  std::uint16_t column = 0;
};
struct GroundwaterSample {
  std::string point;
  EpochSeconds time = 0;
  std::uint32_t line = 0;
  std::vector<GroundwaterSampleValue> values;
};
struct GroundwaterSamples {
  std::string file, layout;  // groundwater-wide, groundwater-long
  std::vector<GroundwaterSample> samples;
  std::vector<Rejection> rejections;
  std::size_t below_detection = 0, converted = 0, missing = 0;
};
// Wide layout: point|监测点|点位编码, time|采样时间|date, then one column per item, named by code or alias, with an
// optional unit in brackets ("As(µg/L)", "砷（mg/L）"); long layout: point, time, parameter, value[, unit].
// A value in another unit of the same kind is converted to the item's unit (core/quantity); a unit that does not
// convert is an InputError naming file:line:column (the header in the wide layout, a rejection in the long one).
// Cells: a number; "<x" or "xL" (below the detection limit x); "ND"/"未检出" (not detected, no limit: kept as
// below a limit of 0); for 嗅和味 and 肉眼可见物 无/none/no -> 0 and 有/yes/present -> 1. Bad records become
// rejections (file:line:column), the header an InputError.
GroundwaterSamples read_groundwater_samples(std::string_view text, const std::string& file);

// The samples as observations (medium groundwater, averaging "sample"); a value below the detection limit is stored
// as its limit with flag "L", as water samples are.
ObservationBatch groundwater_batch(const GroundwaterSamples& samples);

}  // namespace eb::io
