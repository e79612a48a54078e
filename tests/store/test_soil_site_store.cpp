// Construction-land sites and sample values in a real GeoPackage: located by unit code or by point, read back as
// written (below-detection flag, depth text), an audit entry per changing import, nothing on an unchanged one.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "io/admin_features.hpp"
#include "store/admin_store.hpp"
#include "store/database.hpp"
#include "store/soil_site_store.hpp"
#include "support/test_paths.hpp"

namespace eb::store {

TEST(SoilSiteStore, SitesAndValuesRoundTrip) {
  test::TempPath p("soil.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  const std::map<std::string, UnitNames> names = {{"150000", {"内蒙古自治区", ""}}};
  import_admin_units(ws, io::read_admin_features(test::demo_path("boundaries/150000.json")), names, "l");
  const auto list = io::read_soil_site_list(
      "code,name,unit_code,lon,lat,planned_use,key_site,status,effect_evaluated_on,effect_passed,reused_on\n"
      "A,甲,,111.70,40.82,R2,yes,reused,2024-01-02,yes,2024-03-04\n"
      "B,乙,150200,,,M,no,registered,,,\n"
      "C,丙,,80.0,30.0,,no,registered,,,\n",
      "sites.csv");
  ASSERT_TRUE(list.rejections.empty());
  const auto r = import_soil_sites(ws, list);
  EXPECT_EQ(r.added, 3);
  EXPECT_EQ(r.unlocated, std::vector<std::string>{"C"});  // outside Inner Mongolia
  const auto sites = soil_sites(ws);
  ASSERT_EQ(sites.size(), 3u);
  EXPECT_EQ(sites[0].unit_code, "150100");  // Hohhot by its point
  EXPECT_EQ(sites[0].record.land_class, 1);
  EXPECT_EQ(sites[0].record.effect_passed, true);
  EXPECT_EQ(sites[0].record.reused_on, "2024-03-04");
  EXPECT_EQ(sites[1].unit_code, "150200");
  EXPECT_EQ(sites[1].record.land_class, 2);
  EXPECT_EQ(sites[2].record.planned_use, "unknown");  // 5.3.1: class 1
  const auto audits = ws.db().query_int("SELECT count(*) FROM audit_log");
  EXPECT_EQ(import_soil_sites(ws, list).unchanged, 3);
  EXPECT_EQ(ws.db().query_int("SELECT count(*) FROM audit_log"), audits);  // nothing changed, nothing logged

  const auto samples = io::read_soil_site_samples(
      "site,sample,depth_m,item,value\nA,S1,0.5,As,12\nA,S1,0.5,BaP,<0.05\nB,S1,,Pb,ND\n", "samples.csv");
  EXPECT_EQ(import_soil_site_values(ws, samples).added, 3);
  const auto values = soil_site_values(ws);
  ASSERT_EQ(values.size(), 3u);
  EXPECT_EQ(values[1].item, "BaP");
  EXPECT_EQ(values[1].depth, "0.5");
  EXPECT_TRUE(values[1].below_detection);
  EXPECT_EQ(values[1].value, 0.05);
  EXPECT_EQ(values[2].depth, "");
  EXPECT_EQ(values[2].value, 0.0);
  EXPECT_GT(ws.db().query_int("SELECT count(*) FROM audit_log"), audits);
}

}  // namespace eb::store
