// The drinking-water source runs in-process: two sources in Hohhot (one without samples), one reservoir in Baotou
// located by its point; typed results checked against hand computation from the limits of GB 3838-2002.
#include <gtest/gtest.h>

#include <filesystem>

#include "app/runs/drinking/drinking.hpp"
#include "app/runs/support/workspace_fixture.hpp"
#include "app/runs/water/sections.hpp"
#include "core/error.hpp"
#include "support/test_paths.hpp"

namespace eb::app::runs {
namespace {

// Points at CNEMC air stations' places (1090A in Hohhot, 1585A-like in Baotou), so each lies in a banner.
constexpr const char* kPoints =
    "code,name,waterbody,lon,lat\n"
    "P1,一号取水口,river,111.6507,40.7517\n"
    "P2,二号取水口,river,111.6572,40.8033\n"
    "L1,水库取水口,lake,109.8756,40.6532\n"
    "P3,备用取水口,river,111.7516,40.8369\n"
    "W1,水源井,river,111.5512,40.7866\n";
// H1 takes P1 and P2 (its unit written); B1 is located by L1; H2 has no samples; H3 has samples but no supply.
constexpr const char* kSources =
    "水源编码,水源名称,水源类型,级别,行政区划代码,取水量,服务人口,监测点位\n"
    "H1,呼市一水源,河流型,地级及以上城市,150100,1000,500000,P1|P2\n"
    "B1,包头水库,湖库型,地级及以上城市,,400,,L1\n"
    "H2,呼市备用,河流型,县级,150100,100,,P3\n"
    "H3,呼市三水源,河流型,地级及以上城市,150100,,,P2\n"
    "G1,呼市地下水源,地下水型,地级及以上城市,150100,50,,W1\n";
// H1 (P1 and P2): March NH3N 0.8 and 1.4 → mean 1.1 > 1.0 (multiple 0.1); June 0.4 and 0.6 → 0.5 meets.
//   Annual mean 0.8 meets. H3 (P2 only): March 1.4 > 1.0 (0.4), June 0.6 meets.
// G1 (W1, groundwater: GB/T 14848 class III): NH3N 0.4 meets 0.5, Mn 0.12 is class IV (multiple 0.2 over 0.10).
// B1 (L1): May TP 0.05 (the lake limit: meets), Mn 0.12 > 0.1 (multiple 0.2), TN 2 reported apart.
constexpr const char* kSamples =
    "section,time,parameter,value\n"
    "P1,2024-03-05,NH3N,0.8\nP2,2024-03-06,NH3N,1.4\nP1,2024-06-05,NH3N,0.4\nP2,2024-06-06,NH3N,0.6\n"
    "L1,2024-05-10,TP,0.05\nL1,2024-05-10,Mn,0.12\nL1,2024-05-10,TN,2\n"
    "W1,2024-07-01,NH3N,0.4\nW1,2024-07-01,Mn,0.12\n";

class DrinkingRuns : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ws_path_ = new test::TempPath("drinking.gpkg");
    const std::string dir = std::filesystem::path(ws_path_->str()).parent_path().string();
    {
      store::Workspace ws(ws_path_->str(), store::Workspace::Open::create_if_missing);
      test::import_demo_units(ws);
    }
    run_water_section_import({ws_path_->str(), {test::write_text(dir, "points.csv", kPoints)}});
    sources_file_ = new std::string(test::write_text(dir, "sources.csv", kSources));
    import_ = new DrinkingSourceImportResult(run_drinking_source_import({ws_path_->str(), {*sources_file_}}));
    store::Workspace ws(ws_path_->str(), store::Workspace::Open::existing);
    test::import_observation_file(ws, test::write_text(dir, "samples.csv", kSamples),
                                  io::ObservationLayout::water_samples);
  }
  static void TearDownTestSuite() {
    delete import_;
    delete sources_file_;
    delete ws_path_;
  }
  static DrinkingAssessResult assess(int level, const std::string& annual = "") {
    return run_drinking_assess(drinking_assess_request(ws_path_->str(), 2024, level, "all", annual, "half"));
  }
  static const DrinkingSourceAssessment& source(const DrinkingAssessResult& r, const std::string& code) {
    for (const auto& s : r.sources)
      if (s.source.code == code) return s;
    throw std::runtime_error("no source " + code);
  }
  static const DrinkingUnitRollup& unit(const DrinkingAssessResult& r, const std::string& code) {
    for (const auto& u : r.units)
      if (u.unit_code == code) return u;
    throw std::runtime_error("no unit " + code);
  }
  static test::TempPath* ws_path_;
  static std::string* sources_file_;
  static DrinkingSourceImportResult* import_;
};
test::TempPath* DrinkingRuns::ws_path_ = nullptr;
std::string* DrinkingRuns::sources_file_ = nullptr;
DrinkingSourceImportResult* DrinkingRuns::import_ = nullptr;

TEST_F(DrinkingRuns, ImportIsIdempotent) {
  ASSERT_EQ(import_->files.size(), 1u);
  EXPECT_EQ(import_->files[0].added, 5);
  const auto again = run_drinking_source_import({ws_path_->str(), {*sources_file_}});
  EXPECT_EQ(again.files[0].unchanged, 5);
  EXPECT_EQ(again.files[0].added + again.files[0].updated, 0);
}

TEST_F(DrinkingRuns, MonthsAreTheMeansOfTheSourcesPoints) {
  const auto r = assess(2);
  const auto& h1 = source(r, "H1");
  ASSERT_EQ(h1.months.size(), 2u);
  EXPECT_EQ(h1.months[0].month, 3);
  EXPECT_EQ(h1.months[0].samples, 2);
  EXPECT_FALSE(h1.months[0].compliant);
  ASSERT_EQ(h1.months[0].exceedances.size(), 1u);
  EXPECT_EQ(h1.months[0].exceedances[0].item, "NH3N");
  EXPECT_NEAR(*h1.months[0].exceedances[0].judgement.times, 0.1, 1e-12);
  EXPECT_TRUE(h1.months[1].compliant);
  EXPECT_EQ(h1.compliant, false);
  EXPECT_EQ(h1.months_compliant, 1);
  const auto& b1 = source(r, "B1");
  EXPECT_EQ(b1.source.league_code, "150200");  // located by its point
  EXPECT_EQ(b1.compliant, false);
  ASSERT_EQ(b1.exceedances.size(), 1u);
  EXPECT_EQ(b1.exceedances[0].item, "Mn");  // GB 3838 Table 2: 0.1
  EXPECT_NEAR(*b1.exceedances[0].judgement.times, 0.2, 1e-12);
  ASSERT_EQ(b1.months[0].reported_apart.size(), 1u);
  EXPECT_EQ(b1.months[0].reported_apart[0].item, "TN");
  EXPECT_FALSE(source(r, "H2").compliant);  // no samples: no verdict
  const auto& g1 = source(r, "G1");
  EXPECT_EQ(g1.compliant, false);
  ASSERT_EQ(g1.exceedances.size(), 1u);
  EXPECT_EQ(g1.exceedances[0].judgement.standard, "GB/T 14848-2017");
  EXPECT_EQ(g1.exceedances[0].judgement.item_class, 4);
  EXPECT_NEAR(*g1.exceedances[0].judgement.times, 0.2, 1e-12);
  EXPECT_EQ(g1.months[0].evaluated, 2);
}

TEST_F(DrinkingRuns, RatesPerUnitStateTheirMembership) {
  auto r = assess(2);
  const auto& hohhot = unit(r, "150100");
  EXPECT_EQ(hohhot.not_compliant, (std::vector<std::string>{"G1", "H1", "H3"}));
  EXPECT_EQ(hohhot.unsampled, (std::vector<std::string>{"H2"}));
  EXPECT_EQ(hohhot.without_supply, (std::vector<std::string>{"H3"}));
  EXPECT_EQ(hohhot.sources_pct(), 0.0);
  EXPECT_EQ(hohhot.supply_assessed, 1050);
  // The annual mean rule: H1's NH3N mean 0.8 meets, H3's 1.0 meets (at the limit); G1 still exceeds.
  r = assess(2, "annual_mean");
  EXPECT_EQ(unit(r, "150100").compliant, (std::vector<std::string>{"H1", "H3"}));
  EXPECT_NEAR(*unit(r, "150100").sources_pct(), 200.0 / 3, 1e-12);
  EXPECT_NEAR(*unit(r, "150100").supply_pct(), 100.0 * 1000 / 1050, 1e-12);
  r = assess(1);
  ASSERT_EQ(r.units.size(), 1u);
  EXPECT_EQ(r.units[0].unit_code, "150000");
  EXPECT_EQ(r.units[0].sources_pct(), 0.0);
}

TEST_F(DrinkingRuns, DerivedIndicatorsCarryTheirProvenance) {
  const auto values = derive_drinking_water_indicators(ws_path_->str(), 2024, 2);
  bool hohhot = false;
  for (const auto& v : values) {
    EXPECT_EQ(v.year, 2024);
    if (v.unit_code == "150100" && v.indicator == "drinking.compliant_sources_pct") {
      hohhot = true;
      EXPECT_EQ(v.value, 0.0);
      EXPECT_NE(v.source.find("without samples, not counted: H2"), std::string::npos) << v.source;
    }
  }
  EXPECT_TRUE(hohhot);
}

TEST_F(DrinkingRuns, BadOptionsAreUsageErrors) {
  EXPECT_THROW(drinking_assess_request(ws_path_->str(), 2024, 3, "all", "", "half"), UsageError);
  EXPECT_THROW(drinking_assess_request(ws_path_->str(), 2024, 2, "village", "", "half"), UsageError);
  EXPECT_THROW(drinking_assess_request(ws_path_->str(), 2024, 2, "all", "mean", "half"), UsageError);
}

}  // namespace
}  // namespace eb::app::runs
