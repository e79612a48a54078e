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

namespace eb::io {

TEST(AirGrid, DayGridsHoldTheSameHoursAsTheWholeFileGrids) {
  FileBuffer file(test::demo_path("air/cnemc_hourly_2019H1_innermongolia.csv"));
  const ObservationBatch b = read_observations(file.text(), file.path(), ObservationLayout::cnemc_wide);
  std::map<std::string, engine::air::StationHours> whole;
  for (auto& g : station_hours(b)) whole.emplace(g.station, std::move(g));
  std::size_t days = 0, compared = 0;
  for (bool prefetch : {false, true}) {
    for_each_cnemc_day_grid(
        file.text(), file.path(),
        [&](DayGrid& g) {
          ++days;
          ASSERT_TRUE(g.valid_date);
          EXPECT_TRUE(g.rejections.empty());
          for (std::size_t s = 0; s < g.stations.size(); ++s) {
            const auto it = whole.find(g.stations[s]);
            for (std::size_t h = 0; h < 24; ++h) {
              const long slot =
                  it == whole.end() ? -1 : it->second.slot_of(beijing_to_epoch({g.date, static_cast<int>(h), 0, 0}));
              for (std::size_t p = 0; p < engine::air::kPollutants; ++p) {
                const double day_value = g.hourly[p][s * 24 + h];
                const double file_value =
                    slot < 0 ? engine::air::kMissing : it->second.hourly[p][static_cast<std::size_t>(slot)];
                ASSERT_EQ(engine::air::present(day_value), engine::air::present(file_value));
                if (engine::air::present(day_value)) {
                  ASSERT_EQ(day_value, file_value);
                  ++compared;
                }
              }
            }
          }
        },
        prefetch);
  }
  EXPECT_EQ(days, 2u * 180u);
  EXPECT_GT(compared, 1000000u);
}

TEST(AirGrid, RepeatedLinesAreCheckedAndConflictsRejected) {
  const std::string text =
      "date,hour,type,A,B\n"
      "20190101,0,PM2.5,10,20\n"
      "20190101,0,PM2.5,10,21\n"  // B conflicts with the line above; A repeats the same value
      "20190101,1,PM2.5,x,5\n"    // unparsable cell
      "20190102,0,PM2.5,7,8\n";
  std::vector<DayGrid> seen;
  for_each_cnemc_day_grid(
      text, "t.csv", [&](DayGrid& g) { seen.push_back(g); }, false);
  ASSERT_EQ(seen.size(), 2u);
  const DayGrid& d1 = seen[0];
  EXPECT_EQ(d1.hourly[0][0 * 24 + 0], 10);                       // A, hour 0: kept once
  EXPECT_FALSE(engine::air::present(d1.hourly[0][1 * 24 + 0]));  // B, hour 0: both values rejected
  EXPECT_EQ(d1.hourly[0][1 * 24 + 1], 5);
  ASSERT_EQ(d1.rejections.size(), 3u);
  EXPECT_EQ(seen[1].date, (CivilDate{2019, 1, 2}));
  EXPECT_EQ(seen[1].hourly[0][1 * 24 + 0], 8);
}

}  // namespace eb::io
