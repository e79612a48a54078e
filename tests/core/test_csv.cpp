#include <gtest/gtest.h>

#include "core/csv.hpp"
#include "core/error.hpp"

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

// Throws InputError whose message contains `what`, or fails.
void expect_refused(std::string_view text, std::string_view what) {
  try {
    CsvReader r(text, "f.csv");
    while (r.next()) {
    }
    ADD_FAILURE() << "accepted: " << text.substr(0, 80);
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
  }
}

TEST(Csv, BlankAndCarriageReturnOnlyLinesAreNoRecords) {
  for (const char* blank : {"", "\r\r\r\r", "  \n\t\n\r\n   \r\n", "\n\n"}) {
    CsvReader r(blank);
    EXPECT_FALSE(r.next()) << blank;
  }
  CsvReader r("a,b\n \r\n1,2\n");
  ASSERT_TRUE(r.next());
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 3u);
}

TEST(Csv, AQuotedFieldOpenAtTheEndIsRefusedWithItsLine) {
  expect_refused("a,b\n1,2\n3,\"x", "f.csv:3: a quoted field is still open at the end of the file (field 2)");
  expect_refused("a,b\n\"1,2\n3,4\n", "f.csv:2: a quoted field is still open");
}

TEST(Csv, ATruncatedLastRecordIsRefused) {
  expect_refused("a,b,c\n1,2,3\n4,5", "f.csv:3: the last record has 2 field(s), the header has 3");
  expect_refused("a,b,c\n1,2,3\n4,5\n\n  \n", "f.csv:3: the last record");
  expect_refused("a,b,c\n4\n", "f.csv:2: the last record");
  // A short record in the middle is the reader's to judge, and so is a file whose rows are all short.
  CsvReader middle("a,b,c\n1,2\n3,4,5\n", "f.csv");
  while (middle.next()) {
  }
  CsvReader all_short("a,b,c\n1,2\n3,4\n", "f.csv");
  while (all_short.next()) {
  }
  CsvReader part("1,2,3\n4\n", "f.csv");
  part.allow_short_last();
  while (part.next()) {
  }
}

TEST(Csv, ALineOverTheLimitIsRefused) {
  const std::string long_line = "a,b\n1," + std::string(kMaxRecordBytes, 'x') + "\n";
  expect_refused(long_line, "f.csv:2: line longer than 1048576 bytes");
  const std::string long_quoted =
      "a,b\n1,\"" + std::string(kMaxRecordBytes / 2, 'x') + "\n" + std::string(kMaxRecordBytes / 2, 'x') + "\"\n";
  expect_refused(long_quoted, "f.csv:2: record longer than 1048576 bytes");
}

TEST(Csv, LinesOfAPartCountFromItsFirstLine) {
  CsvReader r("1,2\n3,4\n", "f.csv");
  r.set_first_line(10);
  ASSERT_TRUE(r.next());
  EXPECT_EQ(r.line(), 10u);
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
