#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <stdexcept>

#include "engine/source/load.hpp"

namespace eb::engine::source {

TEST(SourceLoad, HourlyLoadUnits) {
  // Gas: 100 mg/m³ x 200,000 m³/h x 1 h = 2e7 mg = 20 kg.
  EXPECT_DOUBLE_EQ(hourly_load_kg(100, 200000, FlowUnit::m3_per_hour, Medium::gas), 20.0);
  // Gas: 20 mg/m³ x 50 m³/s x 3600 s = 3.6e6 mg = 3.6 kg.
  EXPECT_DOUBLE_EQ(hourly_load_kg(20, 50, FlowUnit::m3_per_second, Medium::gas), 3.6);
  // Water: 50 mg/L x 100 m³/h x 1000 L/m³ = 5e6 mg = 5 kg.
  EXPECT_DOUBLE_EQ(hourly_load_kg(50, 100, FlowUnit::m3_per_hour, Medium::water), 5.0);
  // Water: 50 mg/L x 10 L/s x 3600 s = 1.8e6 mg = 1.8 kg.
  EXPECT_DOUBLE_EQ(hourly_load_kg(50, 10, FlowUnit::litre_per_second, Medium::water), 1.8);
  EXPECT_TRUE(std::isnan(hourly_load_kg(kNoValue, 10, FlowUnit::m3_per_hour, Medium::gas)));
  EXPECT_TRUE(std::isnan(hourly_load_kg(10, kNoValue, FlowUnit::m3_per_hour, Medium::gas)));
  EXPECT_TRUE(std::isnan(hourly_load_kg(10, -1, FlowUnit::m3_per_hour, Medium::gas)));
  EXPECT_TRUE(std::isnan(hourly_load_kg(-1, 10, FlowUnit::m3_per_hour, Medium::gas)));
  EXPECT_EQ(parse_flow_unit("m³/h"), FlowUnit::m3_per_hour);
  EXPECT_EQ(parse_flow_unit("L/s"), FlowUnit::litre_per_second);
  EXPECT_EQ(parse_flow_unit("m3/s"), FlowUnit::m3_per_second);
  EXPECT_FALSE(parse_flow_unit("t/h"));
}

namespace {
HourlyValue row(CivilDateTime t, std::string pollutant, double value, double flow, char flag = 'N', double o2 = 9) {
  HourlyValue v;
  v.hour = beijing_to_epoch(t);
  v.pollutant = std::move(pollutant);
  v.value = value;
  v.flow = flow;
  v.flag = flag;
  v.o2 = o2;
  return v;
}
}  // namespace

TEST(SourceLoad, AnnualLoadsPerOutlet) {
  std::vector<HourlyValue> s = {
      row({{2019, 12, 31}, 23, 0, 0}, "a21026", 100, 100000),    // 10 kg in 2019 (Beijing year)
      row({{2020, 1, 1}, 0, 0, 0}, "a21026", 50, 200000),        // 10 kg
      row({{2020, 1, 1}, 1, 0, 0}, "02", 80, 150000),            // 12 kg (2005 code)
      row({{2020, 1, 1}, 2, 0, 0}, "a21026", 500, 150000, 'C'),  // calibration: excluded
      row({{2020, 1, 1}, 3, 0, 0}, "a21026", 40, kNoValue),      // no flow: missing
      row({{2020, 1, 1}, 4, 0, 0}, "a21026", 20, 100000, 'T'),   // above range, counts: 2 kg
      row({{2020, 1, 1}, 0, 0, 0}, "a19001", 9, 200000),         // O2: no load
      row({{2020, 1, 1}, 0, 0, 0}, "a34013", 5, 200000),         // 1 kg
  };
  const auto loads = annual_loads("O1", s, Medium::gas, FlowUnit::m3_per_hour);
  ASSERT_EQ(loads.size(), 3u);
  EXPECT_EQ(loads[0].pollutant, "a21026");
  EXPECT_EQ(loads[0].year, 2019);
  EXPECT_DOUBLE_EQ(loads[0].kg, 10.0);
  EXPECT_EQ(loads[0].hours_used, 1);
  EXPECT_EQ(loads[1].pollutant, "a21026");
  EXPECT_EQ(loads[1].year, 2020);
  EXPECT_EQ(loads[1].outlet, "O1");
  EXPECT_DOUBLE_EQ(loads[1].kg, 24.0);  // measured, not converted to reference O2
  EXPECT_EQ(loads[1].hours, 5);
  EXPECT_EQ(loads[1].hours_used, 3);
  EXPECT_EQ(loads[1].hours_excluded, 1);
  EXPECT_EQ(loads[1].hours_missing, 1);
  EXPECT_EQ(loads[2].pollutant, "a34013");
  EXPECT_DOUBLE_EQ(loads[2].kg, 1.0);
}

TEST(SourceLoad, WaterOutletInLitresPerSecond) {
  std::vector<HourlyValue> s = {row({{2021, 5, 1}, 8, 0, 0}, "w01018", 60, 20, 'N', kNoValue),    // 60 x 72,000 L
                                row({{2021, 5, 1}, 9, 0, 0}, "w01018", 40, 25, 'N', kNoValue),    // 40 x 90,000 L
                                row({{2021, 5, 1}, 8, 0, 0}, "w01001", 7.2, 20, 'N', kNoValue)};  // pH: no load
  const auto loads = annual_loads("W1", s, Medium::water, FlowUnit::litre_per_second);
  ASSERT_EQ(loads.size(), 1u);
  EXPECT_DOUBLE_EQ(loads[0].kg, 4.32 + 3.6);
}

TEST(SourceLoad, AggregatesPerEnterprise) {
  std::vector<OutletLoad> loads = {
      {"O1", "a21026", 2020, 24.0, 5, 3, 1, 1}, {"O2", "a21026", 2020, 6.0, 2, 2, 0, 0},
      {"O3", "a21026", 2020, 7.0, 1, 1, 0, 0},  {"O1", "a21026", 2019, 10.0, 1, 1, 0, 0},
      {"O4", "a21026", 2020, 99.0, 1, 1, 0, 0},
  };
  const std::map<std::string, std::string, std::less<>> enterprise = {{"O1", "E1"}, {"O2", "E1"}, {"O3", "E2"}};
  const auto groups = aggregate_loads(loads, [&](std::string_view outlet) {
    const auto it = enterprise.find(outlet);
    return it == enterprise.end() ? std::string() : it->second;
  });
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].group, "E1");
  EXPECT_EQ(groups[0].year, 2019);
  EXPECT_DOUBLE_EQ(groups[0].kg, 10.0);
  EXPECT_EQ(groups[1].group, "E1");
  EXPECT_EQ(groups[1].year, 2020);
  EXPECT_DOUBLE_EQ(groups[1].kg, 30.0);
  EXPECT_EQ(groups[1].outlets, 2);
  EXPECT_EQ(groups[1].hours_used, 5);
  EXPECT_EQ(groups[1].hours_excluded, 1);
  EXPECT_EQ(groups[2].group, "E2");
  EXPECT_DOUBLE_EQ(groups[2].kg, 7.0);
}

TEST(SourceLoad, ReductionTargets) {
  const auto met = target_progress(1000, 850, 15);  // exactly at the target
  EXPECT_NEAR(met.achieved_pct, 15.0, 1e-12);
  EXPECT_TRUE(met.met);
  EXPECT_DOUBLE_EQ(met.target_kg, 850);
  EXPECT_DOUBLE_EQ(met.remaining_kg, 0);
  const auto short_of = target_progress(1000, 900, 15);
  EXPECT_NEAR(short_of.achieved_pct, 10.0, 1e-12);
  EXPECT_FALSE(short_of.met);
  EXPECT_NEAR(short_of.remaining_kg, 50.0, 1e-9);
  const auto decimal = target_progress(0.7, 0.56, 20);  // 0.7 x 0.8 = 0.5599999999999999 in binary
  EXPECT_TRUE(decimal.met);
  const auto grew = target_progress(1000, 1200, 10);
  EXPECT_NEAR(grew.achieved_pct, -20.0, 1e-12);
  EXPECT_FALSE(grew.met);
  EXPECT_NEAR(grew.remaining_kg, 300.0, 1e-9);
  EXPECT_TRUE(target_progress(1000, 0, 100).met);
  EXPECT_THROW(target_progress(0, 10, 10), std::invalid_argument);
  EXPECT_THROW(target_progress(100, -1, 10), std::invalid_argument);
  EXPECT_THROW(target_progress(100, 10, 120), std::invalid_argument);
  EXPECT_THROW(target_progress(std::nan(""), 10, 10), std::invalid_argument);
}

TEST(SourceLoad, RejectsDuplicateHours) {
  std::vector<HourlyValue> s = {row({{2020, 1, 1}, 0, 0, 0}, "w01018", 1, 1),
                                row({{2020, 1, 1}, 0, 0, 0}, "011", 2, 1)};
  EXPECT_THROW(annual_loads("W", s, Medium::water, FlowUnit::m3_per_hour), std::invalid_argument);
}

}  // namespace eb::engine::source

namespace eb::engine::source {

// Hours data review invalidated add nothing to the load and are counted apart from flagged ones.
TEST(SourceLoad, ReviewInvalidatedHoursAddNothing) {
  std::vector<HourlyValue> s = {row({{2021, 5, 1}, 0, 0, 0}, "a21026", 100, 200000),
                                row({{2021, 5, 1}, 1, 0, 0}, "a21026", 100, 200000),
                                row({{2021, 5, 1}, 2, 0, 0}, "a21026", 100, 200000, 'M')};
  s[1].invalidated = true;
  const auto loads = annual_loads("E/DA001", s, Medium::gas, FlowUnit::m3_per_hour);
  ASSERT_EQ(loads.size(), 1u);
  EXPECT_DOUBLE_EQ(loads[0].kg, 20.0);
  EXPECT_EQ(loads[0].hours, 3);
  EXPECT_EQ(loads[0].hours_used, 1);
  EXPECT_EQ(loads[0].hours_invalidated, 1);
  EXPECT_EQ(loads[0].hours_excluded, 1);
  const auto groups = aggregate_loads(loads, [](std::string_view) { return std::string("E"); });
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].hours_invalidated, 1);
}

}  // namespace eb::engine::source
