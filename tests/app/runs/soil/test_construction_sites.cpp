// Construction-land sites in a real GeoPackage workspace with the demo's leagues and counties: import (unchanged
// on re-import, conflicts refused), assessment per unit with membership, the safe-use rate counted by hand, and
// the derived indicator.
#include <gtest/gtest.h>

#include "app/runs/soil/construction_sites.hpp"
#include "app/runs/support/workspace_fixture.hpp"
#include "core/error.hpp"

namespace eb::app::runs {
namespace {

// Hohhot (150100) and Baotou (150200). Key sites reused in 2024: DK01 (above control, remediated with the effect
// evaluation passed before reuse: safe), DK02 (class 2, BaP 1.2 <= 1.5: safe), DK03 (class 1, Cd 25 > 20, the
// evaluation passed after the reuse: not safe), DK05 (no samples, no evaluation: not safe; its unit is the region,
// so it is left out at level 2). DK04 is no key site; DK06 was reused in 2023.
constexpr const char* kSites =
    "code,name,unit_code,lon,lat,planned_use,land_class,key_site,key_basis,status,investigated_on,risk_assessed_on,"
    "effect_evaluated_on,effect_passed,reused_on\n"
    "DK01,化工厂,,111.75,40.84,R2,,yes,listed,reused,2022-03-01,2022-09-01,2024-03-01,yes,2024-06-01\n"
    "DK02,焦化厂,150200,,,M,,yes,suspected,reused,2023-05-01,,,,2024-08-01\n"
    "DK03,电镀厂,150200,,,A33,,yes,listed,remediated,2021-05-01,2021-09-01,2024-09-01,yes,2024-08-01\n"
    "DK04,仓库,150100,,,W,,no,,investigated,2024-04-01,,,,\n"
    "DK05,农机站,150000,,,,,yes,suspected,reused,,,,,2024-02-01\n"
    "DK06,印染厂,150100,,,B,,yes,listed,reused,2022-01-01,,,,2023-05-01\n";
constexpr const char* kSamples =
    "site,sample,depth_m,item,value\n"
    "DK01,S1,0.5,Pb,900\n"
    "DK02,S1,0.5,BaP,1.2\n"
    "DK03,S1,0.5,Cd,25\n"
    "DK04,S1,0.5,As,18\n"
    "DK06,S1,0.5,As,<1\n";

class SoilSites : public ::testing::Test {
 protected:
  test::UnitWorkspace ws{true};
  void SetUp() override {
    const auto sites = run_soil_site_import({ws.path(), {ws.write("sites.csv", kSites)}});
    ASSERT_EQ(sites.at(0).added, 6);
    const auto samples = run_soil_site_sample_import({ws.path(), {ws.write("samples.csv", kSamples)}});
    ASSERT_EQ(samples.at(0).added, 5);
  }
};

TEST_F(SoilSites, ReimportChangesNothingAndAConflictingValueIsRefused) {
  EXPECT_EQ(run_soil_site_import({ws.path(), {ws.write("sites.csv", kSites)}}).at(0).unchanged, 6);
  EXPECT_EQ(run_soil_site_sample_import({ws.path(), {ws.write("samples.csv", kSamples)}}).at(0).unchanged, 5);
  const auto changed =
      ws.write("changed.csv", "site,sample,depth_m,item,value\nDK01,S2,0.5,Pb,10\nDK01,S1,0.5,Pb,901\n");
  try {
    run_soil_site_sample_import({ws.path(), {changed}});
    FAIL() << "a conflicting value was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("changed.csv:3:5: Pb of sample S1 at site DK01 is stored as 900"),
              std::string::npos)
        << e.what();
  }
  const auto r = run_soil_site_assess({ws.path(), 2024, 2});
  EXPECT_EQ(r.sites[0].samples, 1u);  // nothing of the refused file was stored (S2 neither)
  const auto unknown = ws.write("unknown.csv", "site,sample,item,value\nDK99,S1,As,1\n");
  EXPECT_THROW(run_soil_site_sample_import({ws.path(), {unknown}}), InputError);
  const auto bad_unit = ws.write("bad_unit.csv", "code,name,unit_code\nDK07,x,159900\n");
  EXPECT_THROW(run_soil_site_import({ws.path(), {bad_unit}}), InputError);
}

TEST_F(SoilSites, LeaguesCountTheirKeySitesReusedInTheYear) {
  const auto r = run_soil_site_assess({ws.path(), 2024, 2});
  ASSERT_EQ(r.units.size(), 2u);
  const auto& hohhot = r.units[0];
  EXPECT_EQ(hohhot.code, "150100");
  EXPECT_EQ(hohhot.sites, 3u);  // DK01 located by its point, DK04, DK06
  EXPECT_EQ(hohhot.above_control, 1u);
  EXPECT_EQ(hohhot.key_reused, 1u);  // DK06 was reused in 2023
  EXPECT_EQ(hohhot.key_safely_used, 1u);
  EXPECT_EQ(hohhot.safe_use_pct, 100.0);
  const auto& baotou = r.units[1];
  EXPECT_EQ(baotou.key_reused, 2u);
  EXPECT_EQ(baotou.key_safely_used, 1u);
  EXPECT_EQ(baotou.safe_use_pct, 50.0);
  EXPECT_EQ(baotou.above_screening, 1u);
  const auto dk05 = std::find_if(r.sites.begin(), r.sites.end(), [](const auto& s) { return s.code == "DK05"; });
  ASSERT_NE(dk05, r.sites.end());
  EXPECT_NE(dk05->left_out.find("above level 2"), std::string::npos);
  const auto dk03 = std::find_if(r.sites.begin(), r.sites.end(), [](const auto& s) { return s.code == "DK03"; });
  EXPECT_EQ(dk03->safely_used, false);
  EXPECT_EQ(dk03->land_class, 1);  // A33 schools
}

TEST_F(SoilSites, TheRegionCountsEverySiteAndTheIndicatorSaysHow) {
  const auto r = run_soil_site_assess({ws.path(), 2024, 1});
  ASSERT_EQ(r.units.size(), 1u);
  EXPECT_EQ(r.units[0].sites, 6u);
  EXPECT_EQ(r.units[0].key_reused, 4u);  // DK01, DK02, DK03, DK05
  EXPECT_EQ(r.units[0].key_safely_used, 2u);
  EXPECT_EQ(r.units[0].safe_use_pct, 50.0);
  const auto values = derive_soil_construction_indicators(ws.path(), 2024);
  ASSERT_EQ(values.size(), 3u);  // the region, Hohhot, Baotou
  EXPECT_EQ(values[0].indicator, "soil.key_construction_safe_use_pct");
  EXPECT_EQ(values[0].unit_code, "150000");
  EXPECT_EQ(values[0].value, 50.0);
  EXPECT_NE(values[0].source.find("2 of 4 key sites reused in 2024"), std::string::npos) << values[0].source;
  EXPECT_NE(values[0].source.find("soil_site_rules.csv"), std::string::npos);
  EXPECT_TRUE(derive_soil_construction_indicators(ws.path(), 2022).empty());  // no key site reused in 2022
}

TEST_F(SoilSites, BadSiteListsNameTheLineAndColumn) {
  const auto bad = ws.write("bad.csv",
                            "code,name,unit_code,planned_use,land_class,key_site,status,reused_on\n"
                            "DK10,a,150100,R,2,yes,reused,2024-01-01\n"
                            "DK11,b,150100,Z9,,maybe,reused,2024-13-01\n");
  try {
    run_soil_site_import({ws.path(), {bad}});
    FAIL();
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("bad.csv:2:5: the planned use R is class 1 land"), std::string::npos) << m;
    EXPECT_NE(m.find("bad.csv:3:4:"), std::string::npos) << m;
    EXPECT_NE(m.find("bad.csv:3:6: key_site is yes or no"), std::string::npos) << m;
    EXPECT_NE(m.find("bad.csv:3:8:"), std::string::npos) << m;
  }
  EXPECT_EQ(run_soil_site_assess({ws.path(), 2024, 1}).units[0].sites, 6u);  // nothing imported
}

}  // namespace
}  // namespace eb::app::runs
