#include <gtest/gtest.h>

#include "core/period.hpp"

namespace eb {

TEST(Period, YearMonthQuarterRange) {
  EXPECT_EQ(parse_period("2019")->days(), 365);
  EXPECT_EQ(parse_period("2020")->days(), 366);
  EXPECT_EQ(parse_period("2019-02")->days(), 28);
  EXPECT_EQ(parse_period("2020-02")->days(), 29);
  const auto q1 = parse_period("2019Q1");
  EXPECT_EQ(q1->first, (CivilDate{2019, 1, 1}));
  EXPECT_EQ(q1->last, (CivilDate{2019, 3, 31}));
  EXPECT_EQ(parse_period("2019-Q4")->last, (CivilDate{2019, 12, 31}));
  const auto h1 = parse_period("2019-01-01..2019-06-30");
  EXPECT_EQ(h1->days(), 181);
  EXPECT_EQ(h1->end() - h1->begin(), 181 * 86400);
  EXPECT_EQ(format_beijing_iso(h1->begin()), "2019-01-01T00:00:00+08:00");
}

TEST(Period, RejectsMalformed) {
  for (const char* bad : {"19", "2019Q5", "2019-13", "2019-06-30..2019-01-01", "2019-02-30..2019-03-01", "last year"})
    EXPECT_FALSE(parse_period(bad)) << bad;
}

}  // namespace eb
