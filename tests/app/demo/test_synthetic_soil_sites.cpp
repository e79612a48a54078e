// The SYNTHETIC construction-land files: the same seed gives the same bytes, every file says SYNTHETIC, and the
// files import and assess through the real runs (sites in several leagues, some above screening, a safe-use rate).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app/demo/synthetic_soil_sites.hpp"
#include "app/runs/soil/construction_sites.hpp"
#include "app/runs/support/workspace_fixture.hpp"

namespace eb::app {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(SyntheticSoilSites, SeededSaysSyntheticAndAssesses) {
  test::TempPath dir("synthetic_soil");
  const auto a = write_synthetic_soil_sites(dir.str() + "/a", 7, 2022, 2024);
  const auto b = write_synthetic_soil_sites(dir.str() + "/b", 7, 2022, 2024);
  const auto c = write_synthetic_soil_sites(dir.str() + "/c", 8, 2022, 2024);
  EXPECT_EQ(slurp(a.sites), slurp(b.sites));
  EXPECT_EQ(slurp(a.samples), slurp(b.samples));
  EXPECT_NE(slurp(a.samples), slurp(c.samples));
  EXPECT_NE(a.sites.find("synthetic"), std::string::npos);
  EXPECT_NE(a.samples.find("synthetic"), std::string::npos);
  EXPECT_NE(slurp(a.sites).find("SYNTHETIC"), std::string::npos);
  EXPECT_NE(slurp(a.samples).find("SYN-"), std::string::npos);

  test::UnitWorkspace ws(true);
  const auto sites = runs::run_soil_site_import({ws.path(), {a.sites}});
  EXPECT_EQ(sites.at(0).added, 48);
  EXPECT_TRUE(sites.at(0).unlocated.empty());
  runs::run_soil_site_sample_import({ws.path(), {a.samples}});
  const auto region = runs::run_soil_site_assess({ws.path(), 2024, 1});
  ASSERT_EQ(region.units.size(), 1u);
  const auto& u = region.units[0];
  EXPECT_EQ(u.sites, 48u);
  EXPECT_EQ(u.sites_with_samples, 48u);
  EXPECT_GT(u.above_screening + u.above_control, 0u);
  EXPECT_GT(u.at_or_below_screening, 0u);
  ASSERT_TRUE(u.safe_use_pct);
  EXPECT_GT(*u.safe_use_pct, 0.0);
  EXPECT_LE(*u.safe_use_pct, 100.0);
  EXPECT_GE(runs::run_soil_site_assess({ws.path(), 2024, 2}).units.size(), 6u);
}

}  // namespace
}  // namespace eb::app
