#include <gtest/gtest.h>

#include "core/civil_time.hpp"

namespace eb {

TEST(CivilTime, DaysFromCivilRoundTripsOverFourCenturies) {
  for (std::int64_t d = days_from_civil({1900, 1, 1}); d < days_from_civil({2300, 1, 1}); d += 1) {
    const CivilDate c = civil_from_days(d);
    ASSERT_TRUE(is_valid(c));
    ASSERT_EQ(days_from_civil(c), d);
  }
  EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
  EXPECT_EQ(days_from_civil({2000, 3, 1}), 11017);
}

TEST(CivilTime, ValidityKnowsLeapYears) {
  EXPECT_TRUE(is_valid(CivilDate{2020, 2, 29}));
  EXPECT_FALSE(is_valid(CivilDate{2019, 2, 29}));
  EXPECT_FALSE(is_valid(CivilDate{1900, 2, 29}));
  EXPECT_TRUE(is_valid(CivilDate{2000, 2, 29}));
  EXPECT_FALSE(is_valid(CivilDate{2019, 4, 31}));
  EXPECT_FALSE(is_valid(CivilDate{2019, 13, 1}));
  EXPECT_FALSE(is_valid(CivilDateTime{{2019, 1, 1}, 24, 0, 0}));
}

TEST(CivilTime, BeijingIsUtcPlusEightWithoutDaylightSaving) {
  // 2019-01-01 00:00 Beijing = 2018-12-31 16:00 UTC.
  EXPECT_EQ(beijing_to_epoch({{2019, 1, 1}, 0, 0, 0}), 1546272000);
  EXPECT_EQ(format_beijing_iso(1546272000), "2019-01-01T00:00:00+08:00");
  // Midsummer: still +08:00.
  EXPECT_EQ(beijing_to_epoch({{2019, 7, 1}, 12, 0, 0}) - beijing_to_epoch({{2019, 7, 1}, 4, 0, 0}), 8 * 3600);
  EXPECT_EQ(epoch_to_beijing(beijing_to_epoch({{1969, 12, 31}, 23, 59, 59})),
            (CivilDateTime{{1969, 12, 31}, 23, 59, 59}));
}

TEST(CivilTime, ParsesIsoWithAndWithoutOffset) {
  const auto beijing = parse_instant("2019-01-01T08:00:00+08:00");
  ASSERT_TRUE(beijing);
  EXPECT_EQ(beijing->epoch, beijing_to_epoch({{2019, 1, 1}, 8, 0, 0}));
  EXPECT_FALSE(beijing->date_only);
  // No offset means Beijing time; space separator and no seconds are accepted.
  EXPECT_EQ(parse_instant("2019-01-01 08:00")->epoch, beijing->epoch);
  // The same instant in UTC and in another zone.
  EXPECT_EQ(parse_instant("2019-01-01T00:00Z")->epoch, beijing->epoch);
  EXPECT_EQ(parse_instant("2018-12-31T19:00:00-05:00")->epoch, beijing->epoch);
  const auto day = parse_instant("2019-03-01");
  ASSERT_TRUE(day);
  EXPECT_TRUE(day->date_only);
}

TEST(CivilTime, RejectsImpossibleTimestamps) {
  for (const char* bad :
       {"2019-02-29T00:00", "2019-01-01T24:00", "2019-01-01T23:60", "2019-13-01", "2019-1-1", "20190101",
        "2019-01-01T08:00+15:00", "2019-01-01T08:00:00+0800", "2019-01-01X08:00", "tomorrow", ""})
    EXPECT_FALSE(parse_instant(bad)) << bad;
}

TEST(CivilTime, CompactDatesAsCnemcWritesThem) {
  EXPECT_EQ(parse_compact_date("20190630"), (CivilDate{2019, 6, 30}));
  EXPECT_FALSE(parse_compact_date("20190631"));
  EXPECT_FALSE(parse_compact_date("2019063"));
  EXPECT_FALSE(parse_compact_date("2019-06-30"));
}

}  // namespace eb
