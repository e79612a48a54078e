// Values outside their parameter's plausible range (data/standards/plausibility.csv) are rejected by every layout
// that stores measured values, with line, column and the rule named; real extremes pass.
#include <gtest/gtest.h>

#include <string>

#include "io/air_grid.hpp"
#include "io/layout_support.hpp"
#include "io/observation_layouts.hpp"
#include "io/water_samples.hpp"

namespace eb::io {

namespace {
bool names_rule(const Rejection& r) {
  return r.reason.find("outside plausible range") != std::string::npos &&
         r.reason.find("data/standards/plausibility.csv") != std::string::npos;
}
}  // namespace

TEST(PlausibleValues, CnemcWideRejectsBothTheFastAndTheGeneralPath) {
  const std::string text =
      "date,hour,type,1090A,1091A\n"
      "20190101,0,PM2.5,999999999999999,14\n"  // 15 plain digits: the fast path
      "20190101,1,PM2.5,1e308,9000\n"          // the general path; 9000 µg/m³ is a real dust-storm hour
      "20190101,1,CO,0.7,1500\n";              // CO in mg/m³: 1500 is impossible
  for (const ObservationBatch& b :
       {read_cnemc_wide(text, "w.csv"), read_observations(text, "w.csv", ObservationLayout::cnemc_wide)}) {
    ASSERT_EQ(b.rejections.size(), 3u);
    EXPECT_EQ(b.size(), 3u);
    EXPECT_EQ(b.rejections[0].line, 2u);
    EXPECT_EQ(b.rejections[0].column, 4u);
    EXPECT_EQ(b.rejections[1].reason,
              "PM2.5 1h 1e+308 µg/m³ outside plausible range 0–10000 µg/m³ (data/standards/plausibility.csv)");
    EXPECT_EQ(b.rejections[1].line, 3u);
    EXPECT_EQ(b.rejections[2].column, 5u);
    for (const auto& r : b.rejections) EXPECT_TRUE(names_rule(r)) << r.reason;
  }
  // The day-grid path of `air aqi` applies the same rule.
  std::size_t rejected = 0;
  for_each_cnemc_day_grid(
      text, "w.csv", [&](DayGrid& g) { rejected += g.rejections.size(); }, false);
  EXPECT_EQ(rejected, 3u);
}

TEST(PlausibleValues, LongTableJudgesTheValueInTheCanonicalUnit) {
  const std::string text =
      "station,time,parameter,value,unit\n"
      "1090A,2019-01-01T00:00,CO,2000000,ug/m3\n"  // 2000 mg/m³
      "1090A,2019-01-01T01:00,CO,2000,ug/m3\n"     // 2 mg/m³
      "1090A,2019-01-01T02:00,TEMP,-120,°C\n"
      "1090A,2019-01-01,PM10,1e300,ug/m3\n";
  const ObservationBatch b = read_observations(text, "l.csv", ObservationLayout::long_table);
  ASSERT_EQ(b.rejections.size(), 3u);
  EXPECT_EQ(b.size(), 1u);
  EXPECT_EQ(b.rejections[0].column, 4u);
  EXPECT_EQ(b.rejections[0].reason,
            "CO 1h 2000 mg/m³ outside plausible range 0–1000 mg/m³ (data/standards/plausibility.csv)");
  EXPECT_TRUE(names_rule(b.rejections[1]));
  EXPECT_NE(b.rejections[2].reason.find("PM10 day"), std::string::npos) << b.rejections[2].reason;
}

TEST(PlausibleValues, UciAndAqistudyLayoutsRejectToo) {
  const std::string uci =
      "\"No\",\"year\",\"month\",\"day\",\"hour\",\"PM2.5\",\"PM10\",\"SO2\",\"NO2\",\"CO\",\"O3\",\"TEMP\",\"PRES\","
      "\"DEWP\",\"RAIN\",\"wd\",\"WSPM\",\"station\"\n"
      "1,2013,3,1,0,9,9,3,17,300,89,-0.5,1e308,-21.4,0,\"NNW\",5.7,\"Dongsi\"\n";
  const ObservationBatch u = read_observations(uci, "u.csv", ObservationLayout::uci_beijing);
  ASSERT_EQ(u.rejections.size(), 1u);
  EXPECT_EQ(u.rejections[0].column, 13u);
  EXPECT_NE(u.rejections[0].reason.find("PRES 1h 1e+308 hPa"), std::string::npos) << u.rejections[0].reason;

  const std::string aqistudy =
      "city,date,aqi,aqi_range,quality_level,pm25,pm10,so2,co,no2,o3_8h,rank\n"
      "呼和浩特,2013-12-02,119,109~127,轻度污染,101.5,225.2,82.8,4.08,38.2,1e308,42\n";
  const ObservationBatch a = read_observations(aqistudy, "a.csv", ObservationLayout::aqistudy_daily);
  ASSERT_EQ(a.rejections.size(), 1u);
  EXPECT_EQ(a.rejections[0].column, 11u);
  EXPECT_TRUE(names_rule(a.rejections[0])) << a.rejections[0].reason;
}

TEST(PlausibleValues, WaterSamplesRejectImpossibleValues) {
  const std::string text =
      "section,time,pH,DO,TP\n"
      "S1,2023-01-05,7.5,1e308,0.1\n"
      "S2,2023-01-05,15,8,0.1\n"
      "S3,2023-01-05,7.5,8,<1e300\n"  // a detection limit is judged too
      "S4,2023-01-05,7.5,22,0.1\n";   // supersaturated: real
  const WaterSamples w = read_water_samples(text, "s.csv", BelowDetection::half_limit);
  ASSERT_EQ(w.rejections.size(), 3u);
  EXPECT_EQ(w.samples.size(), 1u);
  EXPECT_EQ(w.rejections[0].line, 2u);
  EXPECT_EQ(w.rejections[0].column, 4u);
  EXPECT_EQ(w.rejections[0].station, "S1");
  EXPECT_EQ(w.rejections[0].reason,
            "DO 1e+308 mg/L outside plausible range 0–50 mg/L (data/standards/plausibility.csv)");
  EXPECT_NE(w.rejections[1].reason.find("pH 15 outside plausible range 0–14"), std::string::npos);
  EXPECT_TRUE(names_rule(w.rejections[2])) << w.rejections[2].reason;
}

}  // namespace eb::io
