#include <gtest/gtest.h>

#include <cmath>

#include "standards/hj663.hpp"
#include "support/golden.hpp"

namespace eb::standards {

TEST(Hj663, GoldenPercentiles) {
  const auto rows = test::read_golden("percentile_hj663.csv");
  ASSERT_EQ(rows.size(), 8u);
  for (const auto& r : rows) {
    std::vector<double> v;
    for (const auto& x : test::split(r.at("values_space_separated"), ' ')) v.push_back(std::stod(x));
    ASSERT_EQ(v.size(), std::stoul(r.at("n")));
    const auto p = hj663_percentile(v, std::stoi(r.at("p")));
    ASSERT_TRUE(p);
    EXPECT_NEAR(*p, std::stod(r.at("expected")), 5e-5) << r.at("dataset") << " p" << r.at("p");
  }
  // Addendum §1.3 worked example: {3, 4, 8, 2, 5, 4}, p90 -> 6.5.
  EXPECT_DOUBLE_EQ(*hj663_percentile({3, 4, 8, 2, 5, 4}, 90), 6.5);
  EXPECT_FALSE(hj663_percentile({}, 90));
}

TEST(Hj663, GoldenCompositeIndex) {
  const auto rows = test::read_golden("composite_index_hj663.csv");
  ASSERT_EQ(rows.size(), 3u);
  const Gb3095& limits = Gb3095::get("gb3095-2012");
  for (const auto& r : rows) {
    const std::array<double, 6> c = {std::stod(r.at("so2_annual")),  std::stod(r.at("no2_annual")),
                                     std::stod(r.at("pm10_annual")), std::stod(r.at("pm25_annual")),
                                     std::stod(r.at("co_p95_mg")),   std::stod(r.at("o3_8h_p90"))};
    const CompositeIndex ci = composite_index(c, limits, AssessmentRules::get("hj663-2013"));
    std::string sub;
    for (std::size_t i = 0; i < 6; ++i) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.4f", ci.sub[i]);
      sub += (i ? "|" : "") + std::string(kCompositePollutants[i]) + "=" + buf;
    }
    EXPECT_EQ(sub, r.at("Ii"));
    EXPECT_NEAR(ci.sum, std::stod(r.at("Isum_unweighted")), 5e-5);
    EXPECT_DOUBLE_EQ(ci.reported, std::stod(r.at("Isum_reported_2dp")));
    std::string largest;
    for (const auto& p : ci.largest) largest += (largest.empty() ? "" : "|") + std::string(p);
    EXPECT_EQ(largest, r.at("max_Ii_pollutant"));
    const CompositeIndex w = composite_index(c, limits, AssessmentRules::get("weighted"));
    EXPECT_NEAR(w.sum, std::stod(r.at("Isum_weighted_3_2_2_UNCERTAIN")), 5e-5);
  }
}

TEST(Hj663, GoldenGoodDayRatio) {
  const auto rows = test::read_golden("good_day_ratio.csv");
  ASSERT_EQ(rows.size(), 3u);
  for (const auto& r : rows) {
    std::vector<std::optional<int>> aqi;
    for (const auto& x : test::split(r.at("daily_aqi"), ' '))
      aqi.push_back(x == "NA" ? std::nullopt : std::optional(std::stoi(x)));
    const DayCounts d = count_days(aqi);
    EXPECT_EQ(d.valid, std::stoi(r.at("valid_days")));
    EXPECT_EQ(d.good, std::stoi(r.at("good_days")));
    EXPECT_DOUBLE_EQ(round_report(d.good_ratio_pct(), 1), std::stod(r.at("good_ratio_pct_1dp")));
    EXPECT_EQ(d.heavy, std::stoi(r.at("heavy_or_worse_days")));
    EXPECT_DOUBLE_EQ(round_report(d.heavy_ratio_pct(), 1), std::stod(r.at("heavy_ratio_pct")));
    EXPECT_EQ(d.severe, std::stoi(r.at("severe_days")));
  }
}

TEST(Hj663, GoldenWho2021Levels) {
  const auto rows = test::read_golden("who2021_level.csv");
  ASSERT_EQ(rows.size(), 9u);
  for (const auto& r : rows) {
    const std::string metric = r.at("metric");
    const auto underscore = metric.find('_');
    std::string pollutant = metric.substr(0, underscore), stat = metric.substr(underscore + 1);
    if (pollutant == "PM25") pollutant = "PM2.5";
    if (stat == "annual") stat = "annual_mean";
    if (stat == "24h" || stat == "24h_mg") stat = "24h_p99";
    if (stat == "8h") stat = "8h_p99";
    EXPECT_EQ(who2021_level(pollutant, stat, std::stod(r.at("conc"))), r.at("best_level_met")) << metric;
  }
}

TEST(Hj663, LimitsByEditionAndDate) {
  EXPECT_EQ(Gb3095::get("gb3095-2012").limit("PM2.5", "year", 2), 35);
  EXPECT_EQ(Gb3095::get("gb3095-2026-transition").limit("PM2.5", "year", 2), 30);
  EXPECT_EQ(Gb3095::get("gb3095-2026-final").limit("PM2.5", "24h", 2), 50);
  EXPECT_EQ(Gb3095::get("gb3095-2012").limit("O3", "8h", 1), 100);
  EXPECT_EQ(Gb3095::in_force({2026, 2, 28}).id(), "gb3095-2012");
  EXPECT_EQ(Gb3095::in_force({2026, 3, 1}).id(), "gb3095-2026-transition");
  EXPECT_EQ(Gb3095::in_force({2031, 1, 1}).id(), "gb3095-2026-final");
  EXPECT_EQ(AssessmentRules::in_force({2019, 6, 1}).id, "hj663-2013");
  EXPECT_EQ(AssessmentRules::in_force({2027, 1, 1}).id, "hj663-2026");
}

TEST(Hj663, ReportRoundingIsHalfEven) {
  EXPECT_EQ(round_report(70.5, 0), 70);
  EXPECT_EQ(round_report(71.5, 0), 72);
  EXPECT_EQ(round_report(0.35, 1), 0.4);
  EXPECT_EQ(round_report(0.25, 1), 0.2);
  EXPECT_EQ(round_report(42.857, 1), 42.9);
}

}  // namespace eb::standards
