#include <gtest/gtest.h>

#include "standards/aqi.hpp"
#include "support/golden.hpp"

namespace eb::standards {

namespace {
ScaledConc conc(const std::string& text) { return *to_scaled(std::stod(text)); }
std::string joined(const std::vector<std::string_view>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "|") + std::string(s);
  return out.empty() ? "NONE" : out;
}
}  // namespace

TEST(Aqi, GoldenIaqi2012) {
  const AqiEdition& e = AqiEdition::get("hj633-2012");
  const auto rows = test::read_golden("iaqi_hj633_2012.csv");
  ASSERT_EQ(rows.size(), 20u);
  for (const auto& r : rows) {
    const auto item = parse_item(r.at("item"));
    ASSERT_TRUE(item) << r.at("item");
    const auto fb = r.at("fallback_conc").empty() ? std::nullopt : std::optional(conc(r.at("fallback_conc")));
    EXPECT_EQ(e.iaqi(*item, conc(r.at("conc")), fb), std::stoi(r.at("expected_iaqi")))
        << r.at("item") << " " << r.at("conc");
  }
}

TEST(Aqi, GoldenIaqi2026WithGbt8170Rounding) {
  const AqiEdition& e2026 = AqiEdition::get("hj633-2026");
  const AqiEdition& e2012 = AqiEdition::get("hj633-2012");
  const auto rows = test::read_golden("iaqi_hj633_2026.csv");
  ASSERT_EQ(rows.size(), 11u);
  for (const auto& r : rows) {
    // PM25_1H: hourly PM2.5 goes through the daily-mean breakpoints (HJ 633-2026 §4.2.4).
    const std::string code = r.at("item") == "PM25_1H" ? "PM25_24H" : r.at("item");
    const auto item = *parse_item(code);
    const ScaledConc c = conc(r.at("conc_raw"));
    EXPECT_EQ(from_scaled(e2026.prepare(item, c)), std::stod(r.at("conc_rounded_gbt8170"))) << r.at("conc_raw");
    // SO2 > 800 and O3-8h > 800 need the fallback concentration in 2012: 300 and 1000 as in the 2012 vectors.
    const std::optional<ScaledConc> fb = code == "SO2_1H"  ? std::optional(conc("300"))
                                         : code == "O3_8H" ? std::optional(conc("1000"))
                                                           : std::nullopt;
    EXPECT_EQ(e2026.iaqi(item, c, fb), std::stoi(r.at("expected_iaqi_2026"))) << code << " " << r.at("conc_raw");
    EXPECT_EQ(e2012.iaqi(item, c, fb), std::stoi(r.at("iaqi_2012_same_raw_conc"))) << code << " " << r.at("conc_raw");
  }
}

TEST(Aqi, GoldenDailyReports2012) {
  const AqiEdition& e = AqiEdition::get("hj633-2012");
  const auto rows = test::read_golden("aqi_daily_hj633_2012.csv");
  ASSERT_EQ(rows.size(), 5u);
  for (const auto& r : rows) {
    DailyConcentrations c;
    c.pm25 = std::stod(r.at("pm25_24h"));
    c.pm10 = std::stod(r.at("pm10_24h"));
    c.so2 = std::stod(r.at("so2_24h"));
    c.no2 = std::stod(r.at("no2_24h"));
    c.co = std::stod(r.at("co_24h_mg"));
    c.o3_8h_max = std::stod(r.at("o3_8h_max"));
    c.o3_1h_max = std::stod(r.at("o3_1h_max"));
    const auto subs = daily_subindices(c, e);
    std::string iaqi;
    for (const auto& s : subs) iaqi += (iaqi.empty() ? "" : "|") + std::string(s.name) + "=" + std::to_string(*s.iaqi);
    EXPECT_EQ(iaqi, r.at("iaqi"));
    const AqiResult res = combine(subs, e);
    ASSERT_TRUE(res.aqi);
    EXPECT_EQ(*res.aqi, std::stoi(r.at("aqi")));
    const AqiLevel& level = aqi_level(*res.aqi);
    EXPECT_EQ(level.level, std::stoi(r.at("level")));
    EXPECT_EQ(level.name_zh, r.at("category_cn"));
    EXPECT_EQ(level.name_en, r.at("category_en"));
    EXPECT_EQ(level.rgb_hex, r.at("rgb_hex"));
    EXPECT_EQ(joined(res.primary), r.at("primary"));
    EXPECT_EQ(joined(res.exceeding), r.at("exceeding"));
  }
}

TEST(Aqi, FloatingPointTrapAndBoundaries) {
  const AqiEdition& e = AqiEdition::get("hj633-2012");
  EXPECT_EQ(e.iaqi(AqiItem::CO_24H, *to_scaled(2.2)), 55);  // naive ceil(25*(2.2-2)+50) gives 56
  EXPECT_EQ(e.iaqi(AqiItem::PM25_24H, *to_scaled(75)), 100);
  EXPECT_EQ(e.iaqi(AqiItem::PM25_24H, *to_scaled(75.0001)), 101);
  EXPECT_EQ(e.iaqi(AqiItem::PM25_24H, *to_scaled(600)), 500);  // above the table: capped
  EXPECT_FALSE(e.iaqi(AqiItem::SO2_1H, *to_scaled(900)));      // SO2 > 800 without a 24-h value
  EXPECT_FALSE(to_scaled(-1));
}

TEST(Aqi, LevelsAndEditionsByDate) {
  EXPECT_EQ(aqi_level(0).level, 1);
  EXPECT_EQ(aqi_level(50).level, 1);
  EXPECT_EQ(aqi_level(51).level, 2);
  EXPECT_EQ(aqi_level(300).level, 5);
  EXPECT_EQ(aqi_level(301).name_zh, "严重污染");
  EXPECT_EQ(aqi_level(500).rgb_hex, "#7E0023");
  EXPECT_EQ(AqiEdition::in_force({2026, 2, 28}).id(), "hj633-2012");
  EXPECT_EQ(AqiEdition::in_force({2026, 3, 1}).id(), "hj633-2026");
  EXPECT_EQ(AqiEdition::in_force({2005, 1, 1}).id(), "hj633-2012");  // before any edition: the first
}

// The table the dashboard's calendar colours by (meta.aqi_levels): six levels, each starting one above the last's top,
// the top one open, and every AQI at a bound falls in the level the table says.
TEST(Aqi, LevelTableIsContiguousAndAgreesWithTheLookup) {
  const auto& levels = aqi_levels();
  ASSERT_EQ(levels.size(), 6u);
  EXPECT_EQ(levels.front().aqi_min, 0);
  EXPECT_FALSE(levels.back().aqi_max.has_value());
  for (std::size_t i = 0; i < levels.size(); ++i) {
    EXPECT_EQ(levels[i].level, static_cast<int>(i) + 1);
    EXPECT_EQ(aqi_level(levels[i].aqi_min).level, levels[i].level);
    if (i + 1 < levels.size()) {
      ASSERT_TRUE(levels[i].aqi_max.has_value());
      EXPECT_EQ(levels[i + 1].aqi_min, *levels[i].aqi_max + 1);
      EXPECT_EQ(aqi_level(*levels[i].aqi_max).level, levels[i].level);
    }
  }
}

TEST(Aqi, MissingPollutantsUnderEachEdition) {
  HourlyConcentrations c;
  c.pm25 = 40;  // IAQI 57
  c.no2 = 50;
  const auto& e2012 = AqiEdition::get("hj633-2012");
  const auto& e2026 = AqiEdition::get("hj633-2026");
  const AqiResult r2012 = combine(hourly_subindices(c, e2012), e2012);
  EXPECT_EQ(r2012.aqi, 57);
  EXPECT_EQ(r2012.available, 2);
  // 2026 §5.3.1: with pollutants missing, an AQI of 100 or less is not published ...
  EXPECT_FALSE(combine(hourly_subindices(c, e2026), e2026).aqi);
  // ... but one above 100 is.
  c.pm25 = 90;
  EXPECT_EQ(combine(hourly_subindices(c, e2026), e2026).aqi, 128);
}

TEST(Aqi, RoundHalfEven) {
  EXPECT_EQ(round_half_even(*to_scaled(70.5), 0), *to_scaled(70));
  EXPECT_EQ(round_half_even(*to_scaled(71.5), 0), *to_scaled(72));
  EXPECT_EQ(round_half_even(*to_scaled(2.25), 1), *to_scaled(2.2));
  EXPECT_EQ(round_half_even(*to_scaled(2.35), 1), *to_scaled(2.4));
  EXPECT_EQ(round_half_even(*to_scaled(2.251), 1), *to_scaled(2.3));
}

}  // namespace eb::standards
