#include <gtest/gtest.h>

#include "core/csv.hpp"

namespace eb {

TEST(Csv, SplitsPlainRecordsAndTracksLines) {
  CsvReader r("a,b,c\r\n1,,3\n\n4,5,6");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 1u);
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 2u);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[1], "");
  EXPECT_EQ(r[2], "3");
  ASSERT_TRUE(r.next());  // the blank line is skipped but counted
  EXPECT_EQ(r.line(), 4u);
  EXPECT_EQ(r[2], "6");
  EXPECT_FALSE(r.next());
}

TEST(Csv, QuotedFieldsWithCommasQuotesAndLineBreaks) {
  CsvReader r("\xEF\xBB\xBF\"No\",\"name\"\n1,\"a, \"\"b\"\"\nc\"\n2,x\n");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r[0], "No");  // BOM skipped, quotes removed
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 2u);
  EXPECT_EQ(r[1], "a, \"b\"\nc");
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 4u);  // the quoted line break took a line
  EXPECT_EQ(r[1], "x");
}

TEST(Csv, NumbersAndMissingMarkers) {
  EXPECT_EQ(parse_number("42"), 42.0);
  EXPECT_EQ(parse_number(" 0.7 "), 0.7);
  EXPECT_EQ(parse_number("-3.5"), -3.5);
  EXPECT_EQ(parse_number("+2"), 2.0);
  EXPECT_EQ(parse_number("1e3"), 1000.0);
  for (const char* bad : {"", "abc", "12a", "1,5", "nan", "inf", "--1"}) EXPECT_FALSE(parse_number(bad)) << bad;
  for (const char* m : {"", "NA", "N/A", "-", "—", " "}) EXPECT_TRUE(is_missing(m)) << m;
  EXPECT_FALSE(is_missing("0"));
}

}  // namespace eb

TEST(ExactInt, WholeNumbersInRangeOnly) {
  EXPECT_EQ(eb::exact_int(2019.0), 2019);
  EXPECT_EQ(eb::exact_int(-7.0), -7);
  EXPECT_FALSE(eb::exact_int(2.5));
  EXPECT_FALSE(eb::exact_int(5.55556e48));  // found by fuzz_observation_layouts: was cast to int (UB)
  EXPECT_FALSE(eb::exact_int(-1e300));
  EXPECT_FALSE(eb::exact_int(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(eb::exact_int(std::numeric_limits<double>::infinity()));
}
