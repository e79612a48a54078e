// The energy-and-carbon runs on a real workspace (the demo's leagues and cities): imports (one transaction,
// idempotent, conflicts refused), the account with hand-worked figures, the region's roll-up with its membership,
// the derived indicators and the sink estimate over small rasters.
#include <gtest/gtest.h>

#include <cmath>

#include "app/runs/carbon/carbon_account.hpp"
#include "app/runs/carbon/carbon_sink.hpp"
#include "app/runs/support/raster_fixture.hpp"
#include "app/runs/support/workspace_fixture.hpp"
#include "core/error.hpp"

namespace eb::app::runs {
namespace {

// Hohhot (150100, North China grid) in both years; Chifeng (150400, Northeast grid) in both; Baotou only in 2020.
const char* kEnergy =
    "unit_code,year,fuel,amount,unit,source\n"
    "150100,2020,raw_coal,100,t,test\n"
    "150100,2020,electricity,1000,MWh,test\n"
    "150100,2025,raw_coal,90,t,test\n"
    "150100,2025,electricity,100,万千瓦时,test\n"
    "150400,2020,electricity,500,MWh,test\n"
    "150400,2020,natural_gas,10,10^4 m3,test\n"
    "150400,2025,electricity,0.005,10^8 kWh,test\n"  // 0.005 x 10^8 kWh = 5 x 10^5 kWh = 500 MWh
    "150400,2025,natural_gas,100000,m3,test\n"
    "150200,2020,raw_coal,5,10^4 t,test\n";
const char* kGdp =
    "unit_code,year,gdp,unit,basis,price_index,source\n"
    "150100,2020,100,10^4 yuan,constant_2020,,test\n"
    "150100,2025,132,万元,nominal,110,test\n"
    "150400,2020,50,10^4 yuan,constant_2020,,test\n"
    "150400,2025,60,10^4 yuan,constant_2020,,test\n"
    "150200,2020,0.01,10^8 yuan,constant_2020,,test\n";
const char* kTargets =
    "unit_code,indicator,base_year,target_year,drop_pct,source\n"
    "150100,energy_intensity,2020,2025,15,SYNTHETIC test target\n";

class CarbonRuns : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto [kind, name, text] : {std::tuple{CarbonImportKind::energy, "energy.csv", kEnergy},
                                    std::tuple{CarbonImportKind::gdp, "gdp.csv", kGdp},
                                    std::tuple{CarbonImportKind::targets, "targets.csv", kTargets}}) {
      CarbonImportRequest req{ws.path(), kind, {ws.write(name, text)}};
      const CarbonImportResult r = run_carbon_import(req, RunEnv{});
      ASSERT_GT(r.files.at(0).added, 0);
    }
  }
  const CarbonAccountRow& row(const CarbonAccountResult& r, const std::string& code) {
    for (const auto& u : r.units)
      if (u.code == code) return u;
    throw std::runtime_error("no row " + code);
  }
  test::UnitWorkspace ws;
};

TEST_F(CarbonRuns, AccountOfALeagueWorkedByHand) {
  CarbonAccountRequest req;
  req.workspace = ws.path();
  req.year = 2025;
  const CarbonAccountResult r = run_carbon_account(req);
  ASSERT_EQ(r.units.size(), 12u);
  const CarbonAccountRow& h = row(r, "150100");
  ASSERT_TRUE(h.current && h.base);
  EXPECT_EQ(h.basis, "own");
  // 2020: raw coal 100 t = 10^5 kg x 0.7143 / 1000 = 71.43 tce; electricity 1000 MWh = 10^6 kWh x 0.1229 / 1000
  // = 122.9 tce; 194.33 tce / GDP 100 (10^4 yuan) = 1.9433 tce per 10^4 yuan.
  EXPECT_NEAR(h.base->energy_tce, 194.33, 1e-9);
  EXPECT_NEAR(h.base->energy_intensity(), 1.9433, 1e-12);
  // CO2 2020: coal 100 t x 1.9002988488 (standards test) = 190.02988488; electricity 1000 MWh x 0.7120 (no 2020
  // factor: the earliest published, 2021, North China) = 712; 902.02988488 t / 100 = 9.0202988488.
  EXPECT_NEAR(h.base->co2_combustion_t, 190.02988488, 1e-7);
  EXPECT_NEAR(h.base->co2_electricity_t, 712.0, 1e-9);
  EXPECT_NEAR(h.base->carbon_intensity(), 9.0202988488, 1e-9);
  // 2025: 90 t coal = 64.287 tce + 100 万千瓦时 = 10^6 kWh = 122.9 tce -> 187.187 tce; GDP nominal 132 x 100 / 110
  // = 120 -> 1.5598916667; change (1.5598916667 / 1.9433 - 1) x 100 = -19.7297552274 %.
  EXPECT_NEAR(h.current->gdp_10k_yuan, 120.0, 1e-12);
  EXPECT_NEAR(h.current->energy_intensity(), 1.5598916666667, 1e-12);
  EXPECT_NEAR(*h.energy_intensity_change_pct, -19.7297552274, 1e-9);
  // CO2 2025: 90 x 1.9002988488 = 171.026896392 + 1000 MWh x 0.6776 (2022, the latest published before 2025)
  // = 848.626896392 / 120 = 7.0718908033; change (7.0718908033 / 9.0202988488 - 1) x 100 = -21.6002604591 %.
  EXPECT_NEAR(h.current->co2_electricity_t, 677.6, 1e-9);
  EXPECT_NEAR(*h.carbon_intensity_change_pct, -21.6002604591, 1e-8);
  // Target: 15 % drop 2020-2025; achieved 19.7297552274 -> progress 131.5317015157 %, on track.
  ASSERT_EQ(h.targets.size(), 1u);
  EXPECT_NEAR(h.targets[0].progress.progress_pct, 131.5317015157, 1e-8);
  EXPECT_TRUE(h.targets[0].progress.on_track);
  // Baotou lacks 2025: no figures, and why.
  const CarbonAccountRow& b = row(r, "150200");
  EXPECT_FALSE(b.current);
  ASSERT_EQ(b.missing.size(), 1u);
  EXPECT_EQ(b.missing[0].second, "no energy or GDP data for 2025");
  // Electricity at its equal value: 2025 takes 2022's 300.7 gce/kWh: 10^6 kWh x 0.3007 / 1000 = 300.7 tce, + 64.287
  // coal = 364.987 tce.
  req.electricity_equal_value = true;
  EXPECT_NEAR(row(run_carbon_account(req), "150100").current->energy_tce, 364.987, 1e-9);
  req.electricity_equal_value = false;
  // One fixed factor year for both years: 2021's 0.7120 for 2025 too.
  req.grid_factor_year = 2021;
  EXPECT_NEAR(row(run_carbon_account(req), "150100").current->co2_electricity_t, 712.0, 1e-9);
}

TEST_F(CarbonRuns, RegionIsTheSumOfItsLeaguesWithDataInBothYears) {
  CarbonAccountRequest req;
  req.workspace = ws.path();
  req.year = 2025;
  req.level = 1;
  const CarbonAccountResult r = run_carbon_account(req);
  ASSERT_EQ(r.units.size(), 1u);
  const CarbonAccountRow& region = r.units[0];
  EXPECT_EQ(region.basis, "members");
  EXPECT_EQ(region.members, (std::vector<std::string>{"150100", "150400"}));
  EXPECT_EQ(region.missing.size(), 10u);  // Baotou (2025 missing) and the nine leagues without data
  // 2020: Hohhot 194.33 + Chifeng 500 MWh (61.45 tce) + 10^5 m³ gas x 1.2143 / 1000 (121.43) = 377.21 tce.
  EXPECT_NEAR(region.base->energy_tce, 377.21, 1e-9);
  // 2025 CO2: Hohhot 848.626896392 + Chifeng 500 MWh x 0.5646 (Northeast 2022) = 282.3 + 10^4 m³ x 10 of gas
  // x 19.76521932 per 10^4 m³ = 197.6521932 -> 1328.579089592 t over GDP 180.
  EXPECT_NEAR(region.current->co2_t(), 1328.579089592, 1e-7);
  // Energy intensity 370.067 / 180 = 2.0559277778 vs 377.21 / 150 = 2.5147333333: -18.2447001228 %.
  EXPECT_NEAR(*region.energy_intensity_change_pct, -18.2447001228, 1e-8);
  EXPECT_EQ(region.current->grid_factors.size(), 2u);  // North China and Northeast
}

TEST_F(CarbonRuns, RegionOwnRowsWinOverItsLeagues) {
  // The region's own energy and GDP for both years: its figures are its own, whatever its leagues hold.
  for (auto [kind, name, text] :
       {std::tuple{CarbonImportKind::energy, "region_energy.csv",
                   "unit_code,year,fuel,amount,unit\n150000,2020,coke,1000,t\n150000,2025,coke,1000,t\n"},
        std::tuple{CarbonImportKind::gdp, "region_gdp.csv",
                   "unit_code,year,gdp,unit,basis\n150000,2020,1000,10^4 yuan,constant_2020\n"
                   "150000,2025,1250,10^4 yuan,constant_2020\n"}})
    run_carbon_import({ws.path(), kind, {ws.write(name, text)}}, RunEnv{});
  CarbonAccountRequest req;
  req.workspace = ws.path();
  req.year = 2025;
  req.level = 1;
  const CarbonAccountResult result = run_carbon_account(req);
  const CarbonAccountRow& region = result.units.at(0);
  EXPECT_EQ(region.basis, "own");
  EXPECT_TRUE(region.members.empty());
  // 1000 t coke = 10^6 kg x 0.9714 / 1000 = 971.4 tce; intensity 971.4 / 1250 vs 971.4 / 1000: change -20 %.
  EXPECT_NEAR(region.current->energy_tce, 971.4, 1e-9);
  EXPECT_NEAR(*region.energy_intensity_change_pct, -20.0, 1e-9);
}

TEST_F(CarbonRuns, ImportsAreIdempotentAndConflictsStoreNothing) {
  CarbonImportRequest again{ws.path(), CarbonImportKind::energy, {ws.write("energy2.csv", kEnergy)}};
  const CarbonImportResult r = run_carbon_import(again, RunEnv{});
  EXPECT_EQ(r.files[0].added, 0);
  EXPECT_EQ(r.files[0].unchanged, 9);
  // A new row and a conflicting one in one file: nothing of it is stored.
  const std::string bad = ws.write("bad.csv",
                                   "unit_code,year,fuel,amount,unit\n"
                                   "150500,2020,raw_coal,1,t\n"
                                   "150100,2020,raw_coal,101,t\n");
  try {
    run_carbon_import({ws.path(), CarbonImportKind::energy, {bad}}, RunEnv{});
    FAIL() << "conflict not refused";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.csv:3: 150100 2020 raw_coal is stored as 100000"), std::string::npos)
        << e.what();
  }
  CarbonAccountRequest req;
  req.workspace = ws.path();
  req.year = 2020;
  EXPECT_FALSE(row(run_carbon_account(req), "150500").current);  // the new row of the failed file was not kept
  // A unit the workspace does not have.
  const std::string stranger = ws.write("stranger.csv", "unit_code,year,fuel,amount,unit\n110000,2020,coke,1,t\n");
  EXPECT_THROW(run_carbon_import({ws.path(), CarbonImportKind::energy, {stranger}}, RunEnv{}), InputError);
}

TEST_F(CarbonRuns, DerivedIndicatorsCarryProvenance) {
  const auto values = derive_carbon_indicators(ws.path(), 2025);
  std::map<std::string, double> by;
  for (const auto& v : values) {
    by[v.indicator + "/" + v.unit_code] = v.value;
    EXPECT_FALSE(v.source.empty());
  }
  EXPECT_NEAR(by.at("energy.intensity_drop_vs_2020_pct/150100"), 19.7297552274, 1e-9);
  EXPECT_NEAR(by.at("carbon.intensity_drop_vs_2020_pct/150100"), 21.6002604591, 1e-8);
  EXPECT_FALSE(by.count("energy.intensity_drop_vs_2020_pct/150200"));
}

TEST(CarbonSink, StockDifferenceOverTwoLandCoverRasters) {
  // 2 x 2 cells of 100 m² each (0.01 ha): before grassland (4) x 4; after forest (2) x 2, grassland x 1, cropland
  // (1) x 1. Forest stock: 0 -> 2 x 0.01 x 146.4 = 2.928 tC; grassland 4 x 0.01 x 52.9 = 2.116 -> 0.529 tC;
  // cropland 0 -> 0.4 tC. Over 10 years x 44/12: forest 2.928 / 10 x 3.6666667 = 1.0736 t CO2/yr, grassland
  // (0.529 - 2.116) / 10 x 3.6666667 = -0.5819, total (3.857 - 2.116) / 10 x 3.6666667 = 0.6383667.
  const auto grid = test::utm_grid(2, 2);
  CarbonSinkRequest req;
  req.before = test::memory_raster("lc_before", grid, {4, 4, 4, 4});
  req.after = test::memory_raster("lc_after", grid, {2, 2, 4, 1});
  req.years = {2015, 2025};
  req.zones =
      test::memory_zones("lc_zone", {{"150100", {500000, 4499980, 500020, 4499980, 500020, 4500000, 500000, 4500000}}});
  req.id_field = "id";
  const CarbonSinkResult r = run_carbon_sink(req, RunEnv{});
  ASSERT_EQ(r.zones.size(), 1u);
  EXPECT_NEAR(r.zones[0].forest_sink_t_co2_per_year, 1.0736, 1e-9);
  EXPECT_NEAR(r.zones[0].grassland_sink_t_co2_per_year, -0.5819, 1e-9);
  EXPECT_NEAR(r.zones[0].total_sink_t_co2_per_year, 0.6383666667, 1e-9);
  EXPECT_NEAR(r.total.total_sink_t_co2_per_year, 0.6383666667, 1e-9);
  // A class code CLCD does not have is refused, naming the raster.
  req.after = test::memory_raster("lc_after_bad", grid, {2, 2, 4, 12});
  EXPECT_THROW(run_carbon_sink(req, RunEnv{}), InputError);
}

}  // namespace
}  // namespace eb::app::runs
