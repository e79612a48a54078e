// Station lists: the CNEMC lists as published (2022 Chinese header, 2018 snapshot) and a plain layout.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/observation_batch.hpp"

namespace eb::io {

struct StationRecord {
  std::string code;
  std::string name;
  std::string city;  // the city or league as the list names it (may be a short name: 呼和浩特)
  double lon = 0;
  double lat = 0;
  std::optional<bool> control_site;  // 对照点 (background/control site) when the list says
  std::uint32_t line = 0;
};

struct StationList {
  std::string file;
  std::string layout;  // cnemc-2022, cnemc-2018, plain
  std::vector<StationRecord> stations;
  std::vector<Rejection> rejections;
};

// Layouts by header:
//   cnemc-2022: 监测点编码,监测点名称,城市,经度,纬度,对照点
//   cnemc-2018: stationcode,positionname,area,longitude,latitude
//   plain:      code,name,city,lon,lat[,control]
StationList read_station_list(std::string_view text, const std::string& file);

}  // namespace eb::io
