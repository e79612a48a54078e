#include <gtest/gtest.h>

#include <vector>

#include "engine/capture/capture.hpp"

namespace eb::engine {

TEST(Capture, CountsAgainstTheCalendarNotTheRows) {
  // A day of hourly slots; data only at hours 2, 3 and 10.
  const EpochSeconds day = beijing_to_epoch({{2019, 1, 1}, 0, 0, 0});
  const std::vector<EpochSeconds> t{day + 2 * 3600, day + 3 * 3600, day + 10 * 3600};
  const Capture c = capture(t, day, day + 23 * 3600, 3600);
  EXPECT_EQ(c.expected, 24);
  EXPECT_EQ(c.present, 3);
  EXPECT_EQ(c.longest_gap, 13);  // hours 11 ... 23
  EXPECT_EQ(c.gap_start, day + 11 * 3600);
  EXPECT_DOUBLE_EQ(c.ratio(), 3.0 / 24);
}

TEST(Capture, LeadingGapEmptySeriesAndOffGridTimes) {
  const EpochSeconds d = 0;
  EXPECT_EQ(capture({}, d, d + 9 * 86400, 86400).longest_gap, 10);
  const std::vector<EpochSeconds> t{d + 5 * 86400, d + 5 * 86400 + 60, d + 5 * 86400, d + 11 * 86400};
  const Capture c = capture(t, d, d + 9 * 86400, 86400);
  EXPECT_EQ(c.present, 1);  // off-grid, repeated and out-of-period times do not count
  EXPECT_EQ(c.longest_gap, 5);
  EXPECT_EQ(c.gap_start, d);
}

TEST(Capture, FullSeriesHasNoGap) {
  std::vector<EpochSeconds> t;
  for (int h = 0; h < 48; ++h) t.push_back(h * 3600);
  const Capture c = capture(t, 0, 47 * 3600, 3600);
  EXPECT_EQ(c.present, 48);
  EXPECT_EQ(c.longest_gap, 0);
}

}  // namespace eb::engine
