// Energy, GDP and target files: units converted, every bad field named file:line:column.
#include <gtest/gtest.h>

#include <fstream>

#include "core/error.hpp"
#include "io/carbon_activity.hpp"
#include "support/test_paths.hpp"

namespace eb::io {
namespace {

std::string file_with(const test::TempPath& p, const std::string& text) {
  std::ofstream(p.str()) << text;
  return p.str();
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(CarbonActivity, EnergyUnitsConvertedToTheFuelsBaseUnit) {
  test::TempPath p("energy.csv");
  const auto rows = read_energy_csv(file_with(p,
                                              "单位代码,年份,能源品种,消费量,计量单位\n"
                                              "150100,2020,raw_coal,2.5,万吨\n"
                                              "150100,2020,natural_gas,3,亿立方米\n"
                                              "150100,2020,electricity,-120,10^4 kWh\n"
                                              "150100,2020,heat,7,TJ\n"));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].amount_base, 2.5e7);   // 2.5 x 10^4 t = 2.5 x 10^7 kg
  EXPECT_EQ(rows[1].amount_base, 3e8);     // 3 x 10^8 m³
  EXPECT_EQ(rows[2].amount_base, -1.2e6);  // net exporter: -120 x 10^4 kWh
  EXPECT_EQ(rows[3].amount_base, 7e6);     // 7 TJ = 7 x 10^6 MJ
  EXPECT_EQ(rows[3].line, 5u);
}

TEST(CarbonActivity, EnergyErrorsNameFileLineColumn) {
  test::TempPath p("e.csv");
  const std::string head = "unit_code,year,fuel,amount,unit\n";
  EXPECT_NE(error_of([&] {
              read_energy_csv(file_with(p, head + "150100,2020,peat,1,t\n"));
            }).find("e.csv:2:3: fuel: unknown fuel \"peat\""),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              read_energy_csv(file_with(p, head + "150100,2020,natural_gas,1,t\n"));
            }).find("e.csv:2:5: unit: t is not a unit of natural_gas"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              read_energy_csv(file_with(p, head + "150100,2020,coke,1,tonnes\n"));
            }).find("e.csv:2:5: unit: unknown unit \"tonnes\""),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              read_energy_csv(file_with(p, head + "150100,2020,coke,-1,t\n"));
            }).find("e.csv:2:4: amount: a fuel's consumption cannot be negative"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              read_energy_csv(file_with(p, head + "150100,2020,coke,1,t\n150100,2020,coke,2,t\n"));
            }).find("e.csv:3:3: fuel: 150100 2020 coke is given again (first on line 2)"),
            std::string::npos);
  EXPECT_NE(error_of([&] { read_energy_csv(file_with(p, "unit_code,year,fuel,unit\n")); }).find("no column \"amount\""),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              read_energy_csv(file_with(p, head + "15A100,2020,coke,1,t\n"));
            }).find("e.csv:2:1: unit_code: not an administrative code"),
            std::string::npos);
}

TEST(CarbonActivity, NominalGdpDeflatedToConstant2020Prices) {
  test::TempPath p("gdp.csv");
  const auto rows = read_gdp_csv(file_with(p,
                                           "unit_code,year,gdp,unit,basis,price_index\n"
                                           "150100,2020,2800,亿元,constant_2020,\n"
                                           "150100,2025,3300,10^8 yuan,nominal,110\n"));
  EXPECT_EQ(rows[0].gdp_10k_yuan_2020, 2.8e7);  // 2800 亿元 = 2.8 x 10^7 万元
  // 3300 x 10^4 x 100 / 110 = 3 x 10^7
  EXPECT_NEAR(rows[1].gdp_10k_yuan_2020, 3e7, 1e-6);
  EXPECT_EQ(rows[1].method, "nominal x 100 / price index 110 (2020 = 100)");
  EXPECT_NE(error_of([&] {
              read_gdp_csv(file_with(p, "unit_code,year,gdp,unit,basis\n150100,2025,1,万元,nominal\n"));
            }).find("price_index"),
            std::string::npos);
}

TEST(CarbonActivity, TargetsNeedASourceAndAKnownIndicator) {
  test::TempPath p("t.csv");
  const std::string head = "unit_code,indicator,base_year,target_year,drop_pct,source\n";
  EXPECT_EQ(read_carbon_targets_csv(file_with(p, head + "150000,carbon_intensity,2020,2025,15,plan\n"))[0].drop_pct,
            15);
  EXPECT_NE(error_of([&] {
              read_carbon_targets_csv(file_with(p, head + "150000,co2,2020,2025,15,plan\n"));
            }).find("t.csv:2:2: indicator: unknown indicator"),
            std::string::npos);
  EXPECT_NE(error_of([&] {
              read_carbon_targets_csv(file_with(p, head + "150000,carbon_intensity,2020,2025,15,\n"));
            }).find("t.csv:2:6: source: every target names its source"),
            std::string::npos);
}

}  // namespace
}  // namespace eb::io
