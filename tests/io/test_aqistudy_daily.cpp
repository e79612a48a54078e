#include <gtest/gtest.h>

#include "io/file_buffer.hpp"
#include "io/observation_layouts.hpp"
#include "support/test_paths.hpp"

namespace eb::io {

TEST(AqistudyDaily, RealFileGivesDailyValuesPerCity) {
  FileBuffer file(test::demo_path("air/aqistudy_daily_innermongolia_2013-12_2017-01.csv"));
  const ObservationBatch b = read_aqistudy_daily(file.text(), file.path());
  EXPECT_TRUE(b.rejections.empty());
  EXPECT_EQ(b.rows_read, 10699u);
  EXPECT_EQ(b.station_keys.size(), 12u);
  // 呼和浩特,2013-12-02,119,...,pm25 101.5,pm10 225.2,so2 82.8,co 4.08,no2 38.2,o3_8h 166
  EXPECT_EQ(b.station_keys[b.station(0)], "呼和浩特");
  EXPECT_EQ(b.time(0), beijing_to_epoch({{2013, 12, 2}, 0, 0, 0}));
  for (std::size_t i = 0; i < 7; ++i) {
    const auto code = b.parameter_info(i).code;
    if (code == "O3") {
      EXPECT_EQ(b.averaging(i), Averaging::daily_max8h);
      EXPECT_EQ(b.value(i), 166);
    } else {
      EXPECT_EQ(b.averaging(i), Averaging::daily);
    }
    if (code == "CO") {
      EXPECT_EQ(b.value(i), 4.08);
    }
  }
}

}  // namespace eb::io
