#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <tuple>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "io/file_buffer.hpp"
#include "io/observation_layouts.hpp"
#include "standards/parameters.hpp"
#include "support/test_paths.hpp"

namespace eb::io {

namespace {
const ParameterInfo& param(const ObservationBatch& b, std::size_t i) { return b.parameter_info(i); }
}  // namespace

TEST(CnemcWide, ParsesValuesWithTheirQuantity) {
  const std::string text =
      "date,hour,type,1090A,1091A\n"
      "20190101,0,PM2.5,14,\n"
      "20190101,0,PM2.5_24h,44,47\n"
      "20190101,23,CO,0.7,1.25\n"
      "20190101,5,O3_8h_24h,60,61\n";
  const ObservationBatch b = read_cnemc_wide(text, "t.csv");  // file order
  ASSERT_EQ(b.size(), 7u);
  EXPECT_TRUE(b.rejections.empty());
  EXPECT_EQ(b.missing, 1u);
  EXPECT_EQ(b.station_keys[b.station(0)], "1090A");
  EXPECT_EQ(param(b, 0).code, "PM2.5");
  EXPECT_EQ(b.averaging(0), Averaging::hour1);
  EXPECT_EQ(b.time(0), beijing_to_epoch({{2019, 1, 1}, 0, 0, 0}));
  EXPECT_EQ(b.averaging(1), Averaging::moving24h);
  EXPECT_EQ(param(b, 3).code, "CO");
  EXPECT_EQ(b.value(4), 1.25);
  EXPECT_EQ(b.time(3), beijing_to_epoch({{2019, 1, 1}, 23, 0, 0}));
  EXPECT_EQ(b.averaging(5), Averaging::max8h_24h);
  EXPECT_EQ(b.line(4), 4u);
  EXPECT_EQ(b.column(4), 5u);
}

TEST(CnemcWide, RejectsBadCellsAndLinesWithPositions) {
  const std::string text =
      "date,hour,type,1090A,1091A\n"
      "20190101,0,PM2.5,abc,-4\n"  // unparsable; negative
      "20190230,0,PM2.5,1,2\n"     // impossible date
      "20190101,24,PM2.5,1,2\n"    // impossible hour
      "20190101,1,PM1,1,2\n"       // unknown type
      "20190101,1,PM2.5,1\n"       // short line
      "20190101,2,PM2.5,8,9\n";
  const ObservationBatch b = read_observations(text, "t.csv", ObservationLayout::cnemc_wide);
  EXPECT_EQ(b.size(), 2u);
  ASSERT_EQ(b.rejections.size(), 6u);
  EXPECT_EQ(b.rejections[0].line, 2u);
  EXPECT_EQ(b.rejections[0].column, 4u);
  EXPECT_EQ(b.rejections[0].station, "1090A");
  EXPECT_EQ(b.rejections[0].time, "2019-01-01T00:00:00+08:00");
  EXPECT_NE(b.rejections[0].reason.find("unparsable number \"abc\""), std::string::npos);
  EXPECT_EQ(b.rejections[1].column, 5u);
  EXPECT_NE(b.rejections[1].reason.find("negative PM2.5"), std::string::npos);
  EXPECT_NE(b.rejections[2].reason.find("impossible date \"20190230\""), std::string::npos);
  EXPECT_EQ(b.rejections[2].column, 1u);
  EXPECT_NE(b.rejections[3].reason.find("impossible hour \"24\""), std::string::npos);
  EXPECT_NE(b.rejections[4].reason.find("unknown type \"PM1\""), std::string::npos);
  EXPECT_NE(b.rejections[5].reason.find("expected 5 fields"), std::string::npos);
}

TEST(CnemcWide, ReadObservationsOrdersBySeriesAndTime) {
  const std::string text =
      "date,hour,type,1090A,1091A\n"
      "20190101,1,PM2.5,2,20\n"
      "20190101,0,PM2.5,1,10\n"
      "20190101,0,CO,0.1,0.2\n";
  const ObservationBatch b = read_observations(text, "t.csv", ObservationLayout::cnemc_wide);
  ASSERT_EQ(b.size(), 6u);
  // 1090A: PM2.5 (parameter 0) at 0 h, 1 h; then CO; then 1091A.
  const std::vector<double> expected{1, 2, 0.1, 10, 20, 0.2};
  for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(b.value(i), expected[i]) << i;
  EXPECT_EQ(b.line(0), 3u);
  EXPECT_EQ(b.station_keys[b.station(5)], "1091A");
}

TEST(CnemcWide, ConflictingDuplicatesAreAllRejectedExactRepeatsKeptOnce) {
  const std::string text =
      "date,hour,type,1090A\n"
      "20190101,0,PM2.5,14\n"
      "20190101,0,PM2.5,14\n"
      "20190101,1,PM2.5,15\n"
      "20190101,1,PM2.5,16\n";
  const ObservationBatch b = read_observations(text, "t.csv", ObservationLayout::cnemc_wide);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b.value(0), 14);
  ASSERT_EQ(b.rejections.size(), 2u);
  EXPECT_NE(b.rejections[0].reason.find("conflicting duplicate"), std::string::npos);
  EXPECT_NE(b.rejections[0].reason.find("line 5"), std::string::npos);
}

TEST(CnemcWide, QuotedFilesAndOverlongLinesGiveTheSameResult) {
  const std::string plain =
      "date,hour,type,1090A,1091A\n20190101,0,PM2.5,14,8.5\n20190101,1,PM2.5,1,2,3\n20190101,2,CO,0.25,\n";
  const std::string quoted =
      "date,hour,type,1090A,1091A\n20190101,0,\"PM2.5\",14,8.5\n20190101,1,PM2.5,1,2,3\n20190101,2,CO,\"0.25\",\n";
  for (const auto& text : {plain, quoted}) {
    const ObservationBatch b = read_cnemc_wide(text, "t.csv");
    ASSERT_EQ(b.size(), 3u) << text;
    EXPECT_EQ(b.value(1), 8.5);
    EXPECT_EQ(b.value(2), 0.25);
    EXPECT_EQ(b.line(2), 4u);
    EXPECT_EQ(b.missing, 1u);
    ASSERT_EQ(b.rejections.size(), 1u);
    EXPECT_EQ(b.rejections[0].line, 3u);
    EXPECT_NE(b.rejections[0].reason.find("expected 5 fields as in the header, found 6"), std::string::npos);
  }
}

TEST(CnemcWide, PlainDecimalsMatchTheGeneralParserExactly) {
  for (const char* text : {"0.1", "0.7", "2.2", "123.456", "1.25", "999999999999999", "0.00000000000001", "7."}) {
    double fast = 0;
    ASSERT_TRUE(parse_plain_decimal(text, fast)) << text;
    EXPECT_EQ(fast, std::stod(text)) << text;
  }
  double v;
  EXPECT_FALSE(parse_plain_decimal("1234567890123456", v));  // 16 digits: general parser
  EXPECT_FALSE(parse_plain_decimal("1.2.3", v));
  EXPECT_FALSE(parse_plain_decimal("-1", v));
}

TEST(CnemcWide, HeaderProblemsAreFatal) {
  EXPECT_THROW(read_observations("day,hour,type,1090A\n", "t.csv", ObservationLayout::cnemc_wide), InputError);
  EXPECT_THROW(read_observations("date,hour,type,1090A,1090A\n", "t.csv", ObservationLayout::cnemc_wide), InputError);
}

TEST(CnemcWide, DayByDayGivesTheSameValuesAsTheWholeFile) {
  FileBuffer file(test::demo_path("air/cnemc_hourly_2019H1_innermongolia.csv"));
  const ObservationBatch whole = read_observations(file.text(), file.path(), ObservationLayout::cnemc_wide);
  std::size_t values = 0, days = 0, rows = 0;
  double sum = 0;
  std::uint32_t last_line = 0;
  for_each_cnemc_day(file.text(), file.path(), [&](ObservationBatch& b) {
    ++days;
    values += b.size();
    rows += b.rows_read;
    for (std::size_t i = 0; i < b.size(); ++i) {
      sum += b.value(i);
      EXPECT_EQ(epoch_to_beijing(b.time(i)).date, epoch_to_beijing(b.time(0)).date);  // one day per batch
      last_line = std::max(last_line, b.line(i));
    }
  });
  double whole_sum = 0;
  for (std::size_t i = 0; i < whole.size(); ++i) whole_sum += whole.value(i);
  EXPECT_EQ(days, 180u);  // 181 days less the missing 2019-04-08
  EXPECT_EQ(values, whole.size());
  EXPECT_EQ(rows, whole.rows_read);
  EXPECT_NEAR(sum, whole_sum, 1e-9 * whole_sum);  // summation order differs
  EXPECT_EQ(last_line, 64431u);                   // line numbers continue across days
}

// A fact of the real data that fixes the meaning of the stamped hour: CNEMC's PM2.5_24h at hour h is the mean of
// the 24 hourly values ending at hour h (h-23 ... h), so hours 0-23 of a date make up that date's day.
TEST(CnemcWide, RealData24hMeanEndsAtTheStampedHour) {
  FileBuffer file(test::demo_path("air/cnemc_hourly_2019H1_innermongolia.csv"));
  const ObservationBatch b = read_observations(file.text(), file.path(), ObservationLayout::cnemc_wide);
  EXPECT_TRUE(b.rejections.empty());
  EXPECT_EQ(b.rows_read, 64430u);
  EXPECT_EQ(b.station_keys.size(), 48u);
  const std::uint8_t pm25 = parameter_id(*standards::find_parameter("PM2.5"));
  std::map<std::tuple<std::uint32_t, EpochSeconds>, double> hourly;
  for (std::size_t i = 0; i < b.size(); ++i)
    if (b.parameter(i) == pm25 && b.averaging(i) == Averaging::hour1) hourly[{b.station(i), b.time(i)}] = b.value(i);
  auto agreement = [&](int shift_hours) {
    std::size_t agree = 0, compared = 0;
    for (std::size_t i = 0; i < b.size(); ++i) {
      if (b.parameter(i) != pm25 || b.averaging(i) != Averaging::moving24h) continue;
      double sum = 0;
      int n = 0;
      for (int k = 0; k < 24; ++k) {
        const auto it = hourly.find({b.station(i), b.time(i) - (k + shift_hours) * 3600});
        if (it != hourly.end()) {
          sum += it->second;
          ++n;
        }
      }
      if (n != 24) continue;
      ++compared;
      if (std::abs(sum / 24 - b.value(i)) <= 0.5 + 1e-9) ++agree;  // published values are rounded to integers
    }
    return static_cast<double>(agree) / static_cast<double>(compared);
  };
  EXPECT_GT(agreement(0), 0.999);  // window h-23 ... h
  EXPECT_LT(agreement(1), 0.6);    // not h-24 ... h-1
}

// Found by fuzz_observation_layouts (heap use-after-free under ASan): a quoted date field lives in the CSV
// reader's scratch space, which the next quoted record reuses; the reader kept a view of it to skip re-parsing
// the date. Each line must still get its own day.
TEST(CnemcWide, QuotedDatesOnConsecutiveLinesKeepTheirOwnDay) {
  const std::string text =
      "date,hour,type,1090A\n"
      "\"20190101\",0,PM2.5,14\n"
      "\"20190102\",0,PM2.5,15\n"
      "\"20190102\",1,PM2.5,16\n";
  const ObservationBatch b = read_cnemc_wide(text, "q.csv");
  ASSERT_EQ(b.size(), 3u);
  EXPECT_TRUE(b.rejections.empty());
  EXPECT_EQ(b.time(1) - b.time(0), 86400);
  EXPECT_EQ(b.time(2) - b.time(1), 3600);
}

}  // namespace eb::io
