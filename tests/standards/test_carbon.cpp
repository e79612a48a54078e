// Energy and carbon rules: every expected value below is worked by hand from the tables in data/standards
// (carbon_standard_coal.csv = GB/T 2589-2020 Appendix A, carbon_fuel_co2.csv, carbon_grid_factors.csv,
// carbon_stock_density.csv); the arithmetic is in the comments, so a changed table row fails here.
#include <gtest/gtest.h>

#include <cmath>

#include "standards/carbon.hpp"

namespace eb::standards {
namespace {

const Fuel& fuel(std::string_view code) {
  const Fuel* f = find_fuel(code);
  EXPECT_NE(f, nullptr) << code;
  return *f;
}

TEST(CarbonUnits, ConvertToBaseUnits) {
  // 1 万吨 = 10^4 t = 10^7 kg; 1 亿立方米 = 10^8 m³; 1 万千瓦时 = 10^4 kWh; 1 GJ = 1000 MJ.
  EXPECT_EQ(find_energy_unit("万吨")->per_base, 1e7);
  EXPECT_EQ(find_energy_unit("10^4 t")->per_base, 1e7);
  EXPECT_EQ(find_energy_unit("亿立方米")->per_base, 1e8);
  EXPECT_EQ(find_energy_unit("10^4 kWh")->dimension, EnergyDimension::electricity);
  EXPECT_EQ(find_energy_unit("MWh")->per_base, 1e3);
  EXPECT_EQ(find_energy_unit("GJ")->per_base, 1e3);
  EXPECT_FALSE(find_energy_unit("tce"));  // standard coal is a result, never an activity unit
  EXPECT_FALSE(find_energy_unit("T"));    // units are case-sensitive: T is tesla, not tonnes
}

TEST(CarbonStandardCoal, GbT2589Coefficients) {
  struct Case {
    const char* fuel;
    double amount_base, tce;
  };
  // tce = amount (base unit) x kgce per base unit / 1000.
  const Case cases[] = {
      {"raw_coal", 1e7, 7143},        // 10^4 t = 10^7 kg x 0.7143 kgce/kg / 1000 = 7143 tce
      {"cleaned_coal", 1e6, 900},     // 1000 t x 0.9000 = 900 tce
      {"coke", 1e6, 971.4},           // 1000 t x 0.9714 = 971.4 tce
      {"crude_oil", 1e6, 1428.6},     // 1000 t x 1.4286
      {"gasoline", 1e6, 1471.4},      // 1000 t x 1.4714
      {"kerosene", 1e6, 1471.4},      // 1000 t x 1.4714
      {"diesel", 1e6, 1457.1},        // 1000 t x 1.4571
      {"fuel_oil", 1e6, 1428.6},      // 1000 t x 1.4286
      {"lpg", 1e6, 1714.3},           // 1000 t x 1.7143
      {"natural_gas", 1e8, 121430},   // 10^8 m³ x 1.2143 kgce/m³ / 1000 = 121 430 tce
      {"coke_oven_gas", 1e4, 5.921},  // 10^4 m³ x 0.5921 = 5.921 tce
      {"electricity", 1e8, 12290},    // 10^8 kWh x 0.1229 kgce/kWh (calorific equivalent) = 12 290 tce
      {"heat", 1e6, 34.12},           // 10^6 MJ (= 1000 GJ) x 0.03412 kgce/MJ = 34.12 tce
  };
  for (const auto& c : cases) EXPECT_NEAR(to_tce(fuel(c.fuel), c.amount_base), c.tce, 1e-9 * c.tce) << c.fuel;
  // The natural-gas point value lies inside the standard's range 1.1000-1.3300.
  const Fuel& gas = fuel("natural_gas");
  EXPECT_EQ(*gas.kgce_min, 1.1);
  EXPECT_EQ(*gas.kgce_max, 1.33);
  // 1 kgce = 29307.6 kJ: 20908 kJ/kg / 29307.6 = 0.71340 -> the table's 0.7143 is GB/T 2589's 5000 kcal/kg / 7000.
  EXPECT_NEAR(5000.0 / 7000.0, fuel("raw_coal").kgce_per_base, 5e-5);
}

TEST(CarbonCombustion, Co2FromNcvCarbonContentOxidation) {
  // Raw coal, 1 t = 1000 kg: 20.908 GJ/t / 1000 = 0.020908 TJ x 26.37 tC/TJ x 0.94 x 44/12
  //   = 0.020908 x 26.37 = 0.55134396 tC; x 0.94 = 0.518263322; x 3.666667 = 1.900298848 t CO2/t.
  EXPECT_NEAR(combustion_co2_t(fuel("raw_coal"), 1000), 1.900298848, 1e-8);
  // Diesel, 1 t: 0.042652 TJ x 20.2 x 0.98 x 44/12 = 0.8615704 x 0.98 = 0.844338992 x 3.666667 = 3.095909637.
  EXPECT_NEAR(combustion_co2_t(fuel("diesel"), 1000), 3.095909637, 1e-8);
  // Natural gas, 10^4 m³: 355.88 GJ = 0.35588 TJ x 15.3 x 0.99 x 44/12 = 5.444964 x 0.99 = 5.39051436
  //   x 3.666667 = 19.76521932 t CO2 per 10^4 m³.
  EXPECT_NEAR(combustion_co2_t(fuel("natural_gas"), 1e4), 19.76521932, 1e-7);
  // Electricity and heat are indirect: no combustion CO2 in the unit.
  EXPECT_EQ(combustion_co2_t(fuel("electricity"), 1e6), 0);
  EXPECT_EQ(combustion_co2_t(fuel("heat"), 1e6), 0);
  for (const auto& f : fuels()) {
    EXPECT_FALSE(f.coal_source.empty()) << f.code;
    if (f.kind == EnergyKind::fossil) {
      EXPECT_NE(f.co2_source.find('['), std::string::npos) << f.code;  // a confidence tag
    }
  }
}

TEST(CarbonGrid, PublishedFactorOfTheYearOrTheNearestEarlier) {
  // 2021 is published: North China 0.7120 t CO2/MWh.
  const GridFactor g2021 = grid_factor("north_china", 2021);
  EXPECT_EQ(g2021.year, 2021);
  EXPECT_TRUE(g2021.exact);
  EXPECT_EQ(g2021.t_co2_per_mwh, 0.7120);
  // 2025 has none: the latest before it (2022) applies.
  const GridFactor g2025 = grid_factor("northeast", 2025);
  EXPECT_EQ(g2025.year, 2022);
  EXPECT_FALSE(g2025.exact);
  EXPECT_EQ(g2025.t_co2_per_mwh, 0.5646);
  // 2020 is before the first publication: the earliest published year (2021) applies.
  EXPECT_EQ(grid_factor("north_china", 2020).year, 2021);
  EXPECT_THROW(grid_factor("atlantis", 2021), std::invalid_argument);
  // Inner Mongolia's west (Mengxi) is in the North China grid, the four eastern leagues in the Northeast grid.
  EXPECT_EQ(*unit_grid("150600"), "north_china");  // Ordos
  EXPECT_EQ(*unit_grid("152500"), "north_china");  // Xilingol
  EXPECT_EQ(*unit_grid("150700"), "northeast");    // Hulunbuir
  EXPECT_EQ(*unit_grid("150400"), "northeast");    // Chifeng
  EXPECT_FALSE(unit_grid("110000"));
  EXPECT_EQ(heat_factor().t_co2_per_gj, 0.11);
}

TEST(CarbonStandardCoal, ElectricityEqualValueByYear) {
  // 2020: 305.5 gce/kWh = 0.3055 kgce/kWh; 2025 has none: 2022's 300.7; 2010 is before the table: 2019's 306.4.
  EXPECT_EQ(electricity_equal_value(2020).kgce_per_kwh, 0.3055);
  EXPECT_EQ(electricity_equal_value(2025).year, 2022);
  EXPECT_NEAR(electricity_equal_value(2025).kgce_per_kwh, 0.3007, 1e-15);
  EXPECT_EQ(electricity_equal_value(2010).year, 2019);
}

TEST(CarbonIntensity, ChangeAndTargetProgress) {
  // 0.80 -> 0.70 tce per 10^4 yuan: change (0.70 / 0.80 - 1) x 100 = -12.5 %, drop 12.5 %.
  EXPECT_NEAR(change_pct(0.80, 0.70), -12.5, 1e-12);
  EXPECT_NEAR(drop_pct(0.80, 0.70), 12.5, 1e-12);
  EXPECT_TRUE(std::isnan(drop_pct(0, 1)));
  // Target 13.5 % from 2020 to 2025, year 2023: linear pace 13.5 x 3 / 5 = 8.1 %; achieved 8.1 is on track (at the
  // pace meets it), 8.0999 is not; progress 8.1 / 13.5 = 60 %.
  const TargetProgress at = target_progress(8.1, 13.5, 2020, 2025, 2023);
  EXPECT_NEAR(at.expected_drop_pct, 8.1, 1e-12);
  EXPECT_NEAR(at.progress_pct, 60.0, 1e-12);
  EXPECT_TRUE(at.on_track);
  EXPECT_FALSE(target_progress(8.0999, 13.5, 2020, 2025, 2023).on_track);
  // After the target year the pace stays the full target: 2026, achieved 13.5 -> on track, 100 %.
  const TargetProgress end = target_progress(13.5, 13.5, 2020, 2025, 2026);
  EXPECT_NEAR(end.expected_drop_pct, 13.5, 1e-12);
  EXPECT_NEAR(end.progress_pct, 100.0, 1e-12);
  EXPECT_TRUE(end.on_track);
}

TEST(CarbonSink, StockDensitiesAndStockDifference) {
  // CLCD 2 is forest, 4 grassland.
  EXPECT_EQ(find_landcover_class("clcd", 2)->cls, "forest");
  EXPECT_EQ(find_landcover_class("clcd", 4)->cls, "grassland");
  EXPECT_EQ(find_landcover_class("clcd", 10), nullptr);
  // Forest: 69.4 + 27.0 + 50.0 = 146.4 tC/ha; grassland 2.9 + 0 + 50 = 52.9 tC/ha.
  EXPECT_NEAR(find_stock_density("forest")->total(), 146.4, 1e-12);
  EXPECT_NEAR(find_stock_density("grassland")->total(), 52.9, 1e-12);
  // 100 ha of grassland becoming forest over 10 years: (146.4 - 52.9) x 100 = 9350 tC; / 10 yr x 44/12
  //   = 935 x 3.666667 = 3428.333333 t CO2/yr.
  EXPECT_NEAR(sink_t_co2_per_year(52.9 * 100, 146.4 * 100, 10), 3428.333333333, 1e-6);
  EXPECT_THROW(sink_t_co2_per_year(1, 2, 0), std::invalid_argument);
}

}  // namespace
}  // namespace eb::standards
