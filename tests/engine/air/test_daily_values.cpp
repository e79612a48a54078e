#include <gtest/gtest.h>

#include <cmath>

#include "engine/air/daily_values.hpp"

namespace eb::engine::air {

namespace {
StationHours one_day() {
  StationHours s("T", {2019, 7, 1}, 1);
  for (std::size_t h = 0; h < 24; ++h)
    for (std::size_t p = 0; p < kPollutants; ++p) s.hourly[p][h] = 10.0 + static_cast<double>(h);
  return s;
}
double o3_8h(const DailyValues& d) { return d.value[static_cast<std::size_t>(DailyItem::O3_8H)][0]; }
}  // namespace

TEST(DailyValues, MeansNeedTwentyHours) {
  StationHours s = one_day();
  for (std::size_t h = 0; h < 4; ++h) s.hourly[0][h] = kMissing;  // PM2.5: 20 hours left
  for (std::size_t h = 0; h < 5; ++h) s.hourly[1][h] = kMissing;  // PM10: 19 hours left
  const DailyValues d = daily_values(s, 160);
  EXPECT_DOUBLE_EQ(d.value[0][0], (14.0 + 33.0) / 2);  // hours 4..23 -> 14..33
  EXPECT_EQ(d.count[0][0], 20);
  EXPECT_FALSE(present(d.value[1][0]));
  EXPECT_EQ(d.count[1][0], 19);
}

TEST(DailyValues, O3EightHourWindowsEndBetweenEightAndMidnight) {
  StationHours s = one_day();
  // O3 rises through the day: the best window is hours 16-23, mean 10 + 19.5.
  const DailyValues d = daily_values(s, 160);
  EXPECT_DOUBLE_EQ(o3_8h(d), 29.5);
  EXPECT_EQ(d.count[static_cast<std::size_t>(DailyItem::O3_8H)][0], 17);
  EXPECT_DOUBLE_EQ(d.value[static_cast<std::size_t>(DailyItem::O3_1H)][0], 33);
  // A spike at hour 23 of the previous evening is not in any window of this day: only windows 0-7 ... 16-23.
}

TEST(DailyValues, EightHourMeanNeedsSixHoursAndTheDayFourteenWindows) {
  StationHours s = one_day();
  auto& o3 = s.hourly[static_cast<std::size_t>(Pollutant::O3)];
  // Hours 0-4 missing: windows starting 0, 1 and 2 have fewer than 6 hours -> 14 valid windows: still valid.
  for (std::size_t h = 0; h < 5; ++h) o3[h] = kMissing;
  DailyValues d = daily_values(s, 160);
  EXPECT_EQ(d.count[static_cast<std::size_t>(DailyItem::O3_8H)][0], 14);
  EXPECT_TRUE(present(o3_8h(d)));
  // One more hour missing: window 3 drops too -> 13 windows -> not valid ...
  o3[5] = kMissing;
  d = daily_values(s, 160);
  EXPECT_EQ(d.count[static_cast<std::size_t>(DailyItem::O3_8H)][0], 13);
  EXPECT_FALSE(present(o3_8h(d)));
  // ... unless the maximum exceeds the limit anyway (HJ 663 exception).
  for (std::size_t h = 16; h < 24; ++h) o3[h] = 200;
  d = daily_values(s, 160);
  EXPECT_DOUBLE_EQ(o3_8h(d), 200);
}

TEST(DailyValues, CityMeanIsTheMeanOfValidSites) {
  DailyValues a("A", {2019, 1, 1}, 2), b("B", {2019, 1, 1}, 2);
  a.value[0] = {10, 20};
  b.value[0] = {30, kMissing};
  b.dust[1] = 1;
  const DailyValues city = mean_of("C", {&a, &b});
  EXPECT_DOUBLE_EQ(city.value[0][0], 20);
  EXPECT_DOUBLE_EQ(city.value[0][1], 20);
  EXPECT_EQ(city.count[0][0], 2);
  EXPECT_EQ(city.count[0][1], 1);
  EXPECT_EQ(city.dust[1], 1);
}

TEST(DailyValues, DailyAqiUsesTheEditionsIndicators) {
  DailyValues d("T", {2019, 1, 1}, 1);
  // The golden 2012 day with O3 8-h 170 / O3 1-h 250 -> AQI 125, primary O3_1h (2012); 2026 drops O3_1h.
  const double v[7] = {40, 70, 8, 25, 0.6, 170, 250};
  for (std::size_t i = 0; i < 7; ++i) d.value[i][0] = v[i];
  const auto a2012 = daily_aqi(d, AqiKernel(standards::AqiEdition::get("hj633-2012")));
  EXPECT_EQ(a2012.aqi[0], 125);
  EXPECT_EQ(a2012.primary[0], 1u << 6);
  const auto a2026 = daily_aqi(d, AqiKernel(standards::AqiEdition::get("hj633-2026")));
  EXPECT_EQ(a2026.aqi[0], 110);  // O3_8h 170 -> 110; PM2.5 40 -> 55 under 2026
  EXPECT_EQ(a2026.primary[0], 1u << 5);
}

TEST(AqiKernel, TablesAgreeWithTheExactPathEverywhere) {
  for (const char* id : {"hj633-2012", "hj633-2026"}) {
    const auto& e = standards::AqiEdition::get(id);
    const AqiKernel k(e);
    for (std::size_t item = 0; item < standards::kAqiItems; ++item) {
      const auto it = static_cast<standards::AqiItem>(item);
      for (double c = 0; c < 1300; c += standards::item_is_co(it) ? 0.05 : 0.5) {
        const double fb = 100;
        EXPECT_EQ(k.iaqi(it, c, fb), e.iaqi(it, *standards::to_scaled(c), standards::to_scaled(fb)).value_or(-1))
            << id << " " << standards::item_code(it) << " " << c;
      }
    }
  }
}

}  // namespace eb::engine::air

namespace eb::engine::air {

// The hourly kernel (grid lookups) against the standard's own report, on values on and off the grid.
TEST(AqiKernel, HourlyReportsEqualTheStandardsReport) {
  for (const char* id : {"hj633-2012", "hj633-2026"}) {
    const auto& e = standards::AqiEdition::get(id);
    StationHours s("T", {2019, 1, 1}, 40);
    std::uint64_t x = 88172645463325252ull;  // xorshift: deterministic pseudo-random values
    auto next = [&] {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      return x;
    };
    const double scale[6] = {600, 700, 1000, 3000, 60, 1300};
    for (std::size_t h = 0; h < s.hours(); ++h) {
      for (std::size_t p = 0; p < kPollutants; ++p) {
        const std::uint64_t r = next();
        double v = static_cast<double>(r % 1000000) / 1000000 * scale[p];
        if (r % 3 == 0) v = std::round(v);                      // on the µg grid
        if (p == 4 && r % 3 == 1) v = std::round(v * 10) / 10;  // on the CO grid
        if (r % 11 == 0) v = kMissing;
        s.hourly[p][h] = v;
      }
      s.so2_24h[h] = static_cast<double>(next() % 2000);
    }
    const AqiColumns a = AqiKernel::of(e).hourly(s);
    for (std::size_t h = 0; h < s.hours(); ++h) {
      standards::HourlyConcentrations c;
      auto opt = [](double v) { return present(v) ? std::optional(v) : std::nullopt; };
      c.pm25 = opt(s.hourly[0][h]);
      c.pm10 = opt(s.hourly[1][h]);
      c.so2 = opt(s.hourly[2][h]);
      c.no2 = opt(s.hourly[3][h]);
      c.co = opt(s.hourly[4][h]);
      c.o3 = opt(s.hourly[5][h]);
      c.so2_24h = s.so2_24h[h];
      const auto subs = standards::hourly_subindices(c, e);
      const auto expected = standards::combine(subs, e);
      ASSERT_EQ(a.aqi[h], expected.aqi.value_or(-1)) << id << " hour " << h;
      for (std::size_t p = 0; p < kPollutants; ++p) ASSERT_EQ(a.iaqi[h][p], subs[p].iaqi.value_or(-1));
    }
  }
}

}  // namespace eb::engine::air
