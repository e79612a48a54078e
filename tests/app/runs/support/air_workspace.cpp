#include "app/runs/support/air_workspace.hpp"

#include <fmt/format.h>

#include <array>
#include <map>

#include "app/runs/support/workspace_fixture.hpp"
#include "io/observation_layouts.hpp"
#include "io/station_list.hpp"
#include "store/admin_store.hpp"
#include "store/observation_store.hpp"
#include "store/station_store.hpp"
#include "store/workspace.hpp"
#include "support/test_paths.hpp"

namespace eb::test {

namespace {

// A value cell, empty for a missing value.
std::string cell(double v) { return v < 0 ? "" : fmt::format("{}", v); }

std::string hourly_rows() {
  // Per station: PM10, SO2, NO2, CO, O3 (constant).
  const std::array<std::array<double, 5>, 3> constant = {
      {{70, 10, 20, 1.0, 80}, {90, 20, 40, 1.4, 100}, {60, 30, 20, 0.8, 70}}};
  const std::array<const char*, 5> types = {"PM10", "SO2", "NO2", "CO", "O3"};
  std::string rows;
  for (int day = 1; day <= 3; ++day)
    for (int hour = 0; hour < 24; ++hour) {
      const std::array<double, 3> pm25 = {day == 1 ? 10.0 + hour : (day == 2 ? 40.0 : 61.0),
                                          day == 1 ? 20.0 : (day == 2 ? 30.0 : -1.0), 20.0};
      rows += fmt::format("2019010{},{},PM2.5,{},{},{}\n", day, hour, cell(pm25[0]), cell(pm25[1]), cell(pm25[2]));
      for (std::size_t t = 0; t < types.size(); ++t)
        rows += fmt::format("2019010{},{},{},{},{},{}\n", day, hour, types[t], cell(constant[0][t]),
                            cell(constant[1][t]), cell(constant[2][t]));
    }
  return rows;
}

}  // namespace

std::string cnemc_wide_text(const std::string& header_codes, const std::string& rows) {
  return "date,hour,type," + header_codes + "\n" + rows;
}

void make_air_workspace(const std::string& path) {
  store::Workspace ws(path, store::Workspace::Open::create_if_missing);
  const std::map<std::string, store::UnitNames> names = {{"150000", {"内蒙古自治区", "Inner Mongolia"}},
                                                         {"150100", {"呼和浩特市", "Hohhot"}},
                                                         {"150200", {"包头市", "Baotou"}}};
  import_demo_units(ws, names, /*counties=*/false);
  store::import_stations(ws,
                         io::read_station_list("code,name,city,lon,lat\n"
                                               "1001A,站甲,呼和浩特,111.70,40.82\n"
                                               "1002A,站乙,呼和浩特,111.60,40.85\n"
                                               "2001A,站丙,包头,109.84,40.66\n",
                                               "stations.csv"),
                         "air");
  io::ObservationBatch batch = io::read_observations(cnemc_wide_text("1001A,1002A,2001A", hourly_rows()), "hours.csv",
                                                     io::ObservationLayout::cnemc_wide);
  std::vector<store::ImportFile> files{{&batch, "sha", "test", store::StationKeys::code, nullptr}};
  store::import_observations(ws, files, {});
}

}  // namespace eb::test
