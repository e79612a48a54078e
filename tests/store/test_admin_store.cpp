#include <gtest/gtest.h>

#include <filesystem>

#include "core/error.hpp"
#include "io/admin_features.hpp"
#include "store/admin_store.hpp"
#include "support/test_paths.hpp"

namespace eb::store {

namespace {
const std::map<std::string, UnitNames> kNames = {
    {"150000", {"内蒙古自治区", "Inner Mongolia Autonomous Region"}},
    {"150100", {"呼和浩特市", "Hohhot"}},
    {"150200", {"包头市", "Baotou"}},
};

// The real hierarchy, imported once for the suite.
class AdminStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    path_ = new test::TempPath("admin.gpkg");
    Workspace ws(path_->str(), Workspace::Open::create_if_missing);
    leagues_ = import_admin_units(ws, io::read_admin_features(test::demo_path("boundaries/150000.json")), kNames, "l");
    counties_ = import_admin_units(
        ws, io::read_admin_features(test::demo_path("boundaries/150000_counties_merged.json")), kNames, "c");
  }
  static void TearDownTestSuite() { delete path_; }
  Workspace open() { return Workspace(path_->str(), Workspace::Open::existing); }
  static test::TempPath* path_;
  static AdminImportReport leagues_, counties_;
};
test::TempPath* AdminStoreTest::path_ = nullptr;
AdminImportReport AdminStoreTest::leagues_, AdminStoreTest::counties_;
}  // namespace

TEST(AdminCodes, LevelsParentsAndKinds) {
  EXPECT_EQ(admin_level_of("150000"), 1);
  EXPECT_EQ(admin_level_of("152900"), 2);
  EXPECT_EQ(admin_level_of("150102"), 3);
  EXPECT_EQ(admin_level_of("150102001"), 4);
  EXPECT_EQ(admin_level_of("150102001001"), 5);
  EXPECT_EQ(implied_parent("150102"), "150100");
  EXPECT_EQ(implied_parent("150100"), "150000");
  EXPECT_FALSE(implied_parent("150000"));
  EXPECT_EQ(admin_kind_of("达尔罕茂明安联合旗"), "banner");
  EXPECT_EQ(admin_kind_of("鄂温克族自治旗"), "autonomous_banner");
  EXPECT_EQ(admin_kind_of("兴安盟"), "league");
}

TEST_F(AdminStoreTest, RegionLeaguesAndBanners) {
  EXPECT_EQ(leagues_.added, 12);
  EXPECT_EQ(leagues_.derived, 1);  // the region, dissolved from its leagues
  EXPECT_EQ(counties_.added, 103);
  Workspace ws = open();
  EXPECT_EQ(list_units(ws, 1).size(), 1u);
  EXPECT_EQ(list_units(ws, 2).size(), 12u);
  EXPECT_EQ(list_units(ws, 3).size(), 103u);
  const auto region = find_unit(ws, "150000");
  ASSERT_TRUE(region);
  EXPECT_EQ(region->name_en, "Inner Mongolia Autonomous Region");
  EXPECT_TRUE(region->derived);
  EXPECT_EQ(find_unit(ws, "150100")->name_en, "Hohhot");
}

TEST_F(AdminStoreTest, ChildrenAndAncestors) {
  Workspace ws = open();
  EXPECT_EQ(children_of(ws, "150000").size(), 12u);
  const auto hohhot = children_of(ws, "150100");
  EXPECT_EQ(hohhot.size(), 9u);
  EXPECT_EQ(hohhot.front().code, "150102");
  const auto up = ancestors_of(ws, "150102");
  ASSERT_EQ(up.size(), 2u);
  EXPECT_EQ(up[0].code, "150100");
  EXPECT_EQ(up[1].code, "150000");
  EXPECT_TRUE(ancestors_of(ws, "150000").empty());
}

TEST_F(AdminStoreTest, UnitsAtAPoint) {
  Workspace ws = open();
  // CNEMC station 1090A 呼市一监 (111.6507, 40.7517) lies in 玉泉区, Hohhot.
  const auto units = units_at(ws, 111.6507, 40.7517);
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[0].code, "150000");
  EXPECT_EQ(units[1].code, "150100");
  EXPECT_EQ(units[2].code, "150104");
  EXPECT_TRUE(units_at(ws, 116.4, 39.9).empty());  // Beijing
}

TEST_F(AdminStoreTest, ReimportChangesNothing) {
  Workspace ws = open();
  const auto size_before = std::filesystem::file_size(path_->str());
  const auto r =
      import_admin_units(ws, io::read_admin_features(test::demo_path("boundaries/150000.json")), kNames, "l");
  EXPECT_EQ(r.unchanged, 12);
  EXPECT_EQ(r.added + r.updated, 0);
  EXPECT_EQ(std::filesystem::file_size(path_->str()), size_before);
}

TEST(AdminImport, UnknownParentFailsAndLeavesNothing) {
  test::TempPath p("a.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  try {
    import_admin_units(ws, io::read_admin_features(test::demo_path("boundaries/150000.json")), {}, "leagues.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("parent unit 150000"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(list_units(ws).empty());
}

}  // namespace eb::store
