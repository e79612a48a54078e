#include <gtest/gtest.h>

#include "io/admin_features.hpp"
#include "io/file_buffer.hpp"
#include "store/admin_store.hpp"
#include "store/station_store.hpp"
#include "support/test_paths.hpp"

namespace eb::store {

TEST(StationStore, AttachesStationsToLeagueAndBanner) {
  test::TempPath p("s.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  const std::map<std::string, UnitNames> names = {{"150000", {"内蒙古自治区", ""}}};
  import_admin_units(ws, io::read_admin_features(test::demo_path("boundaries/150000.json")), names, "l");
  import_admin_units(ws, io::read_admin_features(test::demo_path("boundaries/150000_counties_merged.json")), names,
                     "c");
  io::FileBuffer f(test::demo_path("air/cnemc_station_list_2022-02-13_innermongolia.csv"));
  const auto list = io::read_station_list(f.text(), f.path());
  const auto r = import_stations(ws, list, "air");
  EXPECT_EQ(r.added, 60);
  EXPECT_EQ(r.located + static_cast<int>(r.unlocated.size()), 60);
  const auto s = find_station(ws, "1090A");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->league_code, "150100");
  EXPECT_EQ(s->admin_code, "150104");
  EXPECT_FALSE(s->location_note);
  // 锡林郭勒 in the list is 锡林郭勒盟 in the boundaries.
  EXPECT_EQ(league_by_name(ws, "锡林郭勒"), "152500");
  EXPECT_EQ(league_by_name(ws, "兴安"), "152200");
  EXPECT_FALSE(league_by_name(ws, "北京"));
  // Importing again changes nothing.
  const auto again = import_stations(ws, list, "air");
  EXPECT_EQ(again.unchanged, 60);
}

TEST(StationStore, StationOutsideEveryPolygonIsKeptAndReported) {
  test::TempPath p("s.gpkg");
  Workspace ws(p.str(), Workspace::Open::create_if_missing);
  import_admin_units(ws, io::read_admin_features(test::demo_path("boundaries/150000.json")),
                     {{"150000", {"内蒙古自治区", ""}}}, "l");
  const auto list = io::read_station_list(
      "code,name,city,lon,lat\n1003A,东四,北京市,116.434,39.9522\n1090A,呼市一监,呼和浩特,111.6507,40.7517\n", "s.csv");
  const auto r = import_stations(ws, list, "air");
  EXPECT_EQ(r.added, 2);
  ASSERT_EQ(r.unlocated.size(), 2u);  // no banner polygons imported: neither is in a banner
  const auto beijing = find_station(ws, "1003A");
  ASSERT_TRUE(beijing);
  EXPECT_FALSE(beijing->league_code);
  EXPECT_NE(beijing->location_note->find("outside every unit"), std::string::npos);
  EXPECT_EQ(find_station(ws, "1090A")->league_code, "150100");
}

}  // namespace eb::store
