#include <gtest/gtest.h>

#include "core/civil_time.hpp"
#include "engine/responsibility/patrols.hpp"

namespace eb::engine::responsibility {
namespace {

std::int64_t day(int y, int m, int d) { return days_from_civil({y, m, d}); }

TEST(Patrols, WindowsOnEdgeDates) {
  // Dekads of February in a leap year: 1-10, 11-20, 21-29.
  const auto dk = windows(Per::dekad, day(2024, 2, 1), day(2024, 2, 29));
  ASSERT_EQ(dk.size(), 3u);
  EXPECT_EQ(dk[2].first, day(2024, 2, 21));
  EXPECT_EQ(dk[2].second, day(2024, 2, 29));
  // A period starting mid-quarter holds only the whole quarters.
  const auto q = windows(Per::quarter, day(2023, 2, 15), day(2023, 12, 31));
  ASSERT_EQ(q.size(), 3u);
  EXPECT_EQ(q[0].first, day(2023, 4, 1));
  // ISO weeks: 2023-01-01 is a Sunday, so the first whole week of 2023 starts on Monday 2 January.
  const auto w = windows(Per::week, day(2023, 1, 1), day(2023, 1, 31));
  ASSERT_EQ(w.size(), 4u);
  EXPECT_EQ(w[0].first, day(2023, 1, 2));
  EXPECT_EQ(w[3].second, day(2023, 1, 29));
  EXPECT_EQ(windows(Per::year, day(2023, 1, 1), day(2023, 12, 30)).size(), 0u);
}

TEST(Patrols, CoverageOverdueUnpatrolledAndResolution) {
  Chief county{"C1", INT64_MIN, INT64_MAX, {1, Per::month}, {"黄河", "大黑河"}};
  Chief newcomer{"C2", day(2023, 3, 15), INT64_MAX, {1, Per::month}, {"昆都仑河"}};
  std::vector<Patrol> patrols;
  for (int m = 1; m <= 12; ++m) {
    if (m == 5) continue;  // May missed
    patrols.push_back({"C1", "黄河", day(2023, m, 28), 5.0, 60, 2, 1, 4.0});
  }
  patrols.push_back({"C2", "昆都仑河", day(2023, 4, 30), 3.0, 30, 1, 1, 10.0});
  patrols.push_back({"C2", "昆都仑河", day(2023, 3, 16), 3.0, 30, 0, 0, std::nullopt});  // before the first whole month
  patrols.push_back({"C1", "黄河", day(2024, 1, 3), 5.0, 60, 0, 0, std::nullopt});       // outside the period
  const auto c = patrol_coverage({county, newcomer}, patrols, day(2023, 1, 1), day(2023, 12, 31), day(2024, 1, 10));
  EXPECT_EQ(c[0].windows, 12);
  EXPECT_EQ(c[0].windows_met, 11);
  EXPECT_EQ(c[0].patrols, 11);
  EXPECT_DOUBLE_EQ(c[0].track_km, 55);
  EXPECT_EQ(c[0].issues_found, 22);
  EXPECT_EQ(c[0].issues_resolved, 11);
  EXPECT_DOUBLE_EQ(c[0].resolution_days_sum / c[0].resolution_days_issues, 4.0);
  EXPECT_EQ(c[0].unpatrolled, std::vector<std::string>{"大黑河"});
  EXPECT_FALSE(c[0].overdue);  // December 2023 was met
  EXPECT_EQ(*c[0].last_patrol, day(2024, 1, 3));
  // Appointed on 15 March: April to December are the whole months served; only April was patrolled.
  EXPECT_EQ(c[1].windows, 9);
  EXPECT_EQ(c[1].windows_met, 1);
  EXPECT_TRUE(c[1].overdue);  // December 2023 unmet
  EXPECT_TRUE(c[1].unpatrolled.empty());
}

}  // namespace
}  // namespace eb::engine::responsibility
