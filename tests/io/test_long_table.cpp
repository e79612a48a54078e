#include <gtest/gtest.h>

#include "core/error.hpp"
#include "io/observation_layouts.hpp"

namespace eb::io {

TEST(LongTable, ColumnsByNameUnitsFlagsAndAveraging) {
  const std::string text =
      "Station,Time,Parameter,Value,Unit,Flag\n"
      "1090A,2019-01-01T08:00+08:00,PM2.5,35,µg/m³,\n"
      "1090A,2019-01-01T00:00Z,CO,1200,ug/m3,H\n"
      "1090A,2019-01-01 08:00,PM2.5_24h,40,ug/m3,\n"
      "1090A,2019-01-01,a34002,80,μg/m³,\n"
      "1090A,2019-01-01 09:00,AQI,50,,\n";
  const ObservationBatch b = read_long_table(text, "l.csv");  // file order
  ASSERT_TRUE(b.rejections.empty()) << b.rejections[0].reason;
  ASSERT_EQ(b.size(), 5u);
  const EpochSeconds eight = beijing_to_epoch({{2019, 1, 1}, 8, 0, 0});
  EXPECT_EQ(b.time(0), eight);
  EXPECT_EQ(b.time(1), eight);        // 00:00Z is 08:00 in Beijing
  EXPECT_DOUBLE_EQ(b.value(1), 1.2);  // converted to mg/m³
  EXPECT_EQ(b.flag(1), "H");
  EXPECT_EQ(b.averaging(2), Averaging::moving24h);  // CNEMC type names carry their averaging
  EXPECT_EQ(b.averaging(3), Averaging::daily);      // a date alone is a daily value
  EXPECT_EQ(b.parameter_info(3).code, "PM10");
}

TEST(LongTable, RejectsEachBadLineWithItsColumn) {
  const std::string text =
      "station,time,parameter,value,unit\n"
      "1090A,2019-02-29T00:00,PM2.5,1,ug/m3\n"  // impossible timestamp
      "1090A,2019-01-01T00:00,PM1,1,ug/m3\n"    // unknown parameter
      "1090A,2019-01-01T00:00,NO2,12,ppb\n"     // wrong unit
      "1090A,2019-01-01T00:00,SO2,x,ug/m3\n"    // unparsable
      "1090A,2019-01-01T00:00,SO2,-1,ug/m3\n"   // negative
      "1090A,2019-01-01T00:00,CO,1,ug/m2\n"     // unknown unit
      ",2019-01-01T00:00,CO,1,mg/m3\n";         // no station
  const ObservationBatch b = read_observations(text, "l.csv", ObservationLayout::long_table);
  EXPECT_EQ(b.size(), 0u);
  ASSERT_EQ(b.rejections.size(), 7u);
  EXPECT_EQ(b.rejections[0].column, 2u);
  EXPECT_NE(b.rejections[0].reason.find("impossible timestamp \"2019-02-29T00:00\""), std::string::npos);
  EXPECT_EQ(b.rejections[1].column, 3u);
  EXPECT_EQ(b.rejections[2].column, 5u);
  EXPECT_NE(b.rejections[2].reason.find("wrong unit \"ppb\" for NO2"), std::string::npos);
  EXPECT_EQ(b.rejections[3].column, 4u);
  EXPECT_EQ(b.rejections[3].raw, "1090A,2019-01-01T00:00,SO2,x,ug/m3");  // the whole line goes to quarantine
  EXPECT_NE(b.rejections[4].reason.find("negative SO2"), std::string::npos);
  EXPECT_EQ(b.rejections[6].column, 1u);
}

TEST(LongTable, HeaderMustNameTheRequiredColumns) {
  EXPECT_THROW(read_observations("station,time,value\n", "l.csv", ObservationLayout::long_table), InputError);
  EXPECT_THROW(read_observations("station,time,parameter,value,colour\n", "l.csv", ObservationLayout::long_table),
               InputError);
}

TEST(LayoutDetection, RecognisesEachHeader) {
  EXPECT_EQ(detect_layout("date,hour,type,1090A\n"), ObservationLayout::cnemc_wide);
  EXPECT_EQ(detect_layout("\"No\",\"year\",\"month\"\n"), ObservationLayout::uci_beijing);
  EXPECT_EQ(detect_layout("city,date,aqi\n"), ObservationLayout::aqistudy_daily);
  EXPECT_EQ(detect_layout("time,station,parameter,value\n"), ObservationLayout::long_table);
  EXPECT_FALSE(detect_layout("a,b,c\n"));
}

}  // namespace eb::io
