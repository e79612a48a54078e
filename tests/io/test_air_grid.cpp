// The official hourly AQI published by CNEMC (the AQI rows of the wide file) must be reproduced exactly by
// the HJ 633-2012 real-time report computed from the published 1-hour concentrations.
#include <gtest/gtest.h>

#include <map>

#include "engine/air/aqi_kernel.hpp"
#include "io/air_grid.hpp"
#include "io/file_buffer.hpp"
#include "io/observation_layouts.hpp"
#include "support/test_paths.hpp"

namespace eb::io {

TEST(AirGrid, ReproducesEveryOfficialHourlyAqiOfTheRealCnemcFile) {
  FileBuffer file(test::demo_path("air/cnemc_hourly_2019H1_innermongolia.csv"));
  const ObservationBatch b = read_observations(file.text(), file.path(), ObservationLayout::cnemc_wide);
  std::map<std::pair<std::string, EpochSeconds>, double> official;
  for (std::size_t i = 0; i < b.size(); ++i)
    if (b.parameter_info(i).code == std::string_view("AQI"))
      official[{b.station_keys[b.station(i)], b.time(i)}] = b.value(i);
  const engine::air::AqiKernel kernel(standards::AqiEdition::get("hj633-2012"));
  std::size_t compared = 0, agree = 0;
  for (const auto& g : station_hours(b)) {
    const auto aqi = kernel.hourly(g);
    for (std::size_t h = 0; h < g.hours(); ++h) {
      bool all_six = true;
      for (const auto& col : g.hourly) all_six &= engine::air::present(col[h]);
      const auto it = official.find({g.station, g.time_of(h)});
      if (!all_six || it == official.end()) continue;
      ++compared;
      if (aqi.aqi[h] == it->second)
        ++agree;
      else
        ADD_FAILURE() << g.station << " " << format_beijing_iso(g.time_of(h)) << ": official " << it->second
                      << ", computed " << aqi.aqi[h];
    }
  }
  EXPECT_EQ(compared, 167153u);
  EXPECT_EQ(agree, compared);
}

}  // namespace eb::io
