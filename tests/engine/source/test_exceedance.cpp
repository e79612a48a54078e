#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "engine/source/exceedance.hpp"

namespace eb::engine::source {

namespace {
// 2020-03-01 00:00 Beijing plus h hours.
EpochSeconds at(int h) { return beijing_to_epoch({{2020, 3, 1}, 0, 0, 0}) + 3600LL * h; }

HourlyValue hv(int h, std::string pollutant, double value, double o2, char flag = 'N') {
  HourlyValue v;
  v.hour = at(h);
  v.pollutant = std::move(pollutant);
  v.value = value;
  v.o2 = o2;
  v.flow = 100000;
  v.flag = flag;
  return v;
}

LimitOf limits_of(std::string standard, std::string category, bool special) {
  return [=](std::string_view pollutant, const CivilDate& day) {
    return standards::EmissionStandards::builtin().limit(standard, category, pollutant, day, special);
  };
}

const PollutantExceedances* find(const std::vector<PollutantExceedances>& all, std::string_view pollutant) {
  for (const auto& p : all)
    if (p.pollutant == pollutant) return &p;
  return nullptr;
}
}  // namespace

// An existing coal boiler under GB 13223-2011 (SO2 200 mg/m³ at 6 % O2), hand-computed hour by hour.
TEST(SourceExceedance, CoalBoilerSo2HourByHour) {
  const double nan = kNoValue;
  std::vector<HourlyValue> s = {
      hv(0, "a21026", 150, 9),        // 150 x 15/12 = 187.5: meets
      hv(1, "a21026", 180, 9),        // 225: exceeds (run 1 starts)
      hv(2, "a21026", 200, 10),       // 200 x 15/11 = 272.727...: exceeds (run 1, peak)
      hv(3, "a21026", 300, 9, 'M'),   // maintenance: excluded
      hv(4, "a21026", 250, 21),       // O2 21 %: no converted value
      hv(5, "a21026", 210, 6),        // 210: exceeds (run 2)
      hv(6, "a21026", nan, 6),        // missing
      hv(7, "a21026", 160, 3),        // 160 x 15/18 = 133.33: meets
      hv(9, "a21026", 240, 6),        // 240: exceeds (run 3; hour 8 absent)
      hv(10, "a21026", 260, 6),       // 260: exceeds (run 3)
      hv(11, "a21026", 500, 6, 'X'),  // unknown flag
      hv(0, "a19001", 9, nan),        // O2 itself has no limit: left out
  };
  // Input order does not matter.
  std::swap(s[0], s[9]);
  const auto all = hourly_exceedances(s, limits_of("gb13223-2011", "coal_boiler_existing", false));
  ASSERT_EQ(all.size(), 1u);
  const PollutantExceedances& p = all[0];
  EXPECT_EQ(p.pollutant, "a21026");
  ASSERT_TRUE(p.limit);
  EXPECT_EQ(p.limit->high, 200);
  EXPECT_EQ(p.hours, 11);
  EXPECT_EQ(p.valid, 7);
  EXPECT_EQ(p.exceeding, 5);
  EXPECT_EQ(p.excluded, 1);
  EXPECT_EQ(p.o2_undefined, 1);
  EXPECT_EQ(p.missing, 1);
  EXPECT_EQ(p.unknown_flag, 1);
  EXPECT_EQ(p.no_limit, 0);
  EXPECT_NEAR(p.max_converted, 3000.0 / 11.0, 1e-9);
  EXPECT_NEAR(p.max_ratio, 3000.0 / 11.0 / 200.0, 1e-12);
  ASSERT_EQ(p.runs.size(), 3u);
  EXPECT_EQ(p.runs[0].first, at(1));
  EXPECT_EQ(p.runs[0].last, at(2));
  EXPECT_EQ(p.runs[0].hours, 2);
  EXPECT_NEAR(p.runs[0].peak, 3000.0 / 11.0, 1e-9);
  EXPECT_EQ(p.runs[1].first, at(5));
  EXPECT_EQ(p.runs[1].hours, 1);
  EXPECT_EQ(p.runs[1].peak, 210);
  EXPECT_EQ(p.runs[2].first, at(9));
  EXPECT_EQ(p.runs[2].last, at(10));
  EXPECT_EQ(p.runs[2].peak, 260);
  ASSERT_EQ(p.detail.size(), 11u);
  EXPECT_EQ(p.detail[0].status, HourStatus::meets);
  EXPECT_DOUBLE_EQ(p.detail[0].converted, 187.5);
  EXPECT_EQ(p.detail[3].status, HourStatus::excluded);
  EXPECT_EQ(p.detail[4].status, HourStatus::o2_undefined);
  EXPECT_TRUE(std::isnan(p.detail[4].converted));
  EXPECT_EQ(p.detail[6].status, HourStatus::missing);
  EXPECT_NEAR(p.detail[7].converted, 400.0 / 3.0, 1e-9);
  EXPECT_EQ(p.detail[10].status, HourStatus::unknown_flag);
  EXPECT_EQ(to_string(p.detail[10].status), "unknown_flag");
}

TEST(SourceExceedance, SpecialLimitsAndTwoPollutants) {
  std::vector<HourlyValue> s = {hv(0, "a21026", 60, 6), hv(1, "a21026", 45, 6), hv(0, "a34013", 25, 6),
                                hv(1, "01", 15, 6)};  // a 2005 code joins its 2017 twin
  const auto all = hourly_exceedances(s, limits_of("gb13223-2011", "coal_boiler_existing", true));
  ASSERT_EQ(all.size(), 2u);
  const auto* so2 = find(all, "a21026");
  const auto* pm = find(all, "a34013");
  ASSERT_TRUE(so2 && pm);
  EXPECT_EQ(so2->limit->high, 50);
  EXPECT_EQ(so2->exceeding, 1);
  EXPECT_EQ(pm->limit->high, 20);
  EXPECT_EQ(pm->hours, 2);
  EXPECT_EQ(pm->exceeding, 1);
  EXPECT_DOUBLE_EQ(pm->max_ratio, 1.25);
}

TEST(SourceExceedance, OutletStandardAsTheRegistryWritesIt) {
  const auto& table = standards::EmissionStandards::builtin();
  std::vector<HourlyValue> s = {hv(0, "a21002", 40, 15), hv(1, "a21002", 60, 15)};
  const auto all =
      hourly_exceedances(s, outlet_limits(table, table.parse_outlet_standard("GB 13223-2011:natgas_turbine_new")));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].limit->high, 50);
  EXPECT_EQ(all[0].exceeding, 1);
  const auto ule = hourly_exceedances(s, outlet_limits(table, table.parse_outlet_standard("ule-2015")));
  EXPECT_EQ(ule[0].limit->high, 50);
  EXPECT_DOUBLE_EQ(ule[0].detail[1].converted, 60.0 * 15.0 / 6.0);  // to 6 % O2: 150
}

TEST(SourceExceedance, LimitComesIntoForceMidSeries) {
  // Existing coal units: GB 13223-2011 limits from 2014-07-01 00:00 Beijing.
  const EpochSeconds t0 = beijing_to_epoch({{2014, 6, 30}, 23, 0, 0});
  HourlyValue a;
  a.hour = t0;
  a.pollutant = "a21026";
  a.value = 500;
  a.o2 = 6;
  HourlyValue b = a;
  b.hour = t0 + 3600;
  std::vector<HourlyValue> s = {a, b};
  const auto all = hourly_exceedances(s, limits_of("gb13223-2011", "coal_boiler_existing", false));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].no_limit, 1);
  EXPECT_EQ(all[0].exceeding, 1);
  EXPECT_EQ(all[0].detail[0].status, HourStatus::no_limit);
  EXPECT_EQ(all[0].detail[1].status, HourStatus::exceeds);
}

TEST(SourceExceedance, WastewaterPhRangeWithoutOxygen) {
  const double nan = kNoValue;
  std::vector<HourlyValue> s = {hv(0, "w01001", 5.5, nan), hv(1, "w01001", 9.8, nan), hv(2, "w01001", 7, nan),
                                hv(0, "w01018", 120, nan), hv(1, "w01018", 90, nan)};
  const auto all = hourly_exceedances(s, limits_of("gb8978-1996", "class1_new", false));
  ASSERT_EQ(all.size(), 2u);
  const auto* ph = find(all, "w01001");
  const auto* cod = find(all, "w01018");
  ASSERT_TRUE(ph && cod);
  EXPECT_EQ(ph->exceeding, 2);
  ASSERT_EQ(ph->runs.size(), 1u);
  EXPECT_EQ(ph->runs[0].hours, 2);
  EXPECT_DOUBLE_EQ(ph->runs[0].peak, 9.8);  // 0.8 beyond the range against 0.5
  EXPECT_TRUE(std::isnan(ph->max_ratio));   // a range has no ratio
  EXPECT_EQ(cod->exceeding, 1);
  EXPECT_DOUBLE_EQ(cod->detail[0].converted, 120);  // no reference O2: compared as measured
  EXPECT_DOUBLE_EQ(cod->max_ratio, 1.2);
}

TEST(SourceExceedance, RejectsDuplicatesAndOffHourStamps) {
  std::vector<HourlyValue> dup = {hv(0, "a21026", 1, 6), hv(0, "02", 2, 6)};
  EXPECT_THROW(hourly_exceedances(dup, limits_of("gb13223-2011", "coal_boiler_new", false)), std::invalid_argument);
  std::vector<HourlyValue> off = {hv(0, "a21026", 1, 6)};
  off[0].hour += 60;
  try {
    hourly_exceedances(off, limits_of("gb13223-2011", "coal_boiler_new", false));
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("2020-03-01T00:01:00+08:00"), std::string::npos) << e.what();
  }
}

}  // namespace eb::engine::source

namespace eb::engine::source {

// A value data review invalidated is neither judged nor taken for a device flag; it ends a run of exceedances.
TEST(SourceExceedance, ReviewInvalidatedHoursAreCountedApart) {
  std::vector<HourlyValue> s = {hv(0, "a21026", 240, 6), hv(1, "a21026", 260, 6), hv(2, "a21026", 250, 6, 'D'),
                                hv(3, "a21026", 230, 6)};
  s[1].invalidated = true;
  s[2].invalidated = true;  // both: review wins, counted once
  const auto all = hourly_exceedances(s, limits_of("gb13223-2011", "coal_boiler_existing", false));
  ASSERT_EQ(all.size(), 1u);
  const PollutantExceedances& p = all[0];
  EXPECT_EQ(p.hours, 4);
  EXPECT_EQ(p.valid, 2);
  EXPECT_EQ(p.exceeding, 2);
  EXPECT_EQ(p.invalidated, 2);
  EXPECT_EQ(p.excluded, 0);
  ASSERT_EQ(p.runs.size(), 2u);
  EXPECT_EQ(p.detail[1].status, HourStatus::invalidated);
  EXPECT_EQ(to_string(HourStatus::invalidated), "invalidated");
}

}  // namespace eb::engine::source
