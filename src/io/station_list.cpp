#include "io/station_list.hpp"

#include <fmt/format.h>

#include <unordered_map>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/utf8.hpp"
#include "io/layout_support.hpp"

namespace eb::io {

StationList read_station_list(std::string_view text, const std::string& file) {
  using detail::reject_line;
  StationList out;
  out.file = file;
  CsvReader csv(text, file);
  if (!csv.next()) throw InputError(file + ": empty file");
  std::vector<std::string> header;
  for (const auto& f : csv.fields()) header.emplace_back(trim(f));
  auto starts = [&](std::initializer_list<std::string_view> names) {
    if (header.size() < names.size()) return false;
    std::size_t i = 0;
    for (auto n : names)
      if (header[i++] != n) return false;
    return true;
  };
  int control_col = -1;
  if (starts({"监测点编码", "监测点名称", "城市", "经度", "纬度"})) {
    out.layout = "cnemc-2022";
    if (header.size() > 5 && header[5] == "对照点") control_col = 5;
  } else if (starts({"stationcode", "positionname", "area", "longitude", "latitude"})) {
    out.layout = "cnemc-2018";
  } else if (starts({"code", "name", "city", "lon", "lat"})) {
    out.layout = "plain";
    if (header.size() > 5 && header[5] == "control") control_col = 5;
  } else {
    throw InputError(
        detail::header_error(file, 1, 1,
                             "not a station list: expected a header 监测点编码,监测点名称,城市,经度,纬度[,对照点] or "
                             "stationcode,positionname,area,longitude,latitude or code,name,city,lon,lat[,control]"));
  }
  std::unordered_map<std::string, std::size_t> seen;  // code -> index in out.stations
  while (csv.next()) {
    const auto line = static_cast<std::uint32_t>(csv.line());
    if (csv.size() != header.size()) {
      reject_line(out.rejections, line, 0, csv.raw(),
                  fmt::format("expected {} fields as in the header, found {}", header.size(), csv.size()));
      continue;
    }
    StationRecord s;
    s.line = line;
    s.code = std::string(trim(csv[0]));
    s.name = std::string(trim(csv[1]));
    s.city = std::string(trim(csv[2]));
    if (s.code.empty()) {
      reject_line(out.rejections, line, 1, csv.raw(), "empty station code");
      continue;
    }
    const auto lon = parse_number(csv[3]);
    const auto lat = parse_number(csv[4]);
    if (!lon || *lon < -180 || *lon > 180) {
      reject_line(out.rejections, line, 4, csv.raw(), fmt::format("impossible longitude \"{}\"", quote_input(csv[3])));
      continue;
    }
    if (!lat || *lat < -90 || *lat > 90) {
      reject_line(out.rejections, line, 5, csv.raw(), fmt::format("impossible latitude \"{}\"", quote_input(csv[4])));
      continue;
    }
    s.lon = *lon;
    s.lat = *lat;
    if (control_col >= 0) {
      const auto flag = trim(csv[static_cast<std::size_t>(control_col)]);
      if (flag == "Y" || flag == "是" || flag == "1") {
        s.control_site = true;
      } else if (flag == "N" || flag == "否" || flag == "0") {
        s.control_site = false;
      } else if (!flag.empty()) {
        reject_line(out.rejections, line, static_cast<std::uint32_t>(control_col + 1), csv.raw(),
                    fmt::format("control-site flag \"{}\" is not Y or N", quote_input(flag)));
        continue;
      }
    }
    if (auto it = seen.find(s.code); it != seen.end()) {
      const StationRecord& first = out.stations[it->second];
      if (first.name != s.name || first.city != s.city || first.lon != s.lon || first.lat != s.lat)
        reject_line(out.rejections, line, 1, csv.raw(),
                    fmt::format("station {} is listed again on line {} with different details", s.code, first.line));
      continue;
    }
    seen.emplace(s.code, out.stations.size());
    out.stations.push_back(std::move(s));
  }
  return out;
}

}  // namespace eb::io
