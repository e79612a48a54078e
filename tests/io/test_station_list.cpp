#include <gtest/gtest.h>

#include "core/error.hpp"
#include "io/file_buffer.hpp"
#include "io/station_list.hpp"
#include "support/test_paths.hpp"

namespace eb::io {

TEST(StationList, Cnemc2022List) {
  FileBuffer f(test::demo_path("air/cnemc_station_list_2022-02-13_innermongolia.csv"));
  const StationList l = read_station_list(f.text(), f.path());
  EXPECT_EQ(l.layout, "cnemc-2022");
  ASSERT_EQ(l.stations.size(), 60u);
  EXPECT_TRUE(l.rejections.empty());
  EXPECT_EQ(l.stations[0].code, "1090A");
  EXPECT_EQ(l.stations[0].city, "呼和浩特");
  EXPECT_DOUBLE_EQ(l.stations[0].lon, 111.6507);
  EXPECT_EQ(l.stations[0].control_site, false);
  EXPECT_EQ(l.stations[2].control_site, true);
}

TEST(StationList, Cnemc2018National) {
  FileBuffer f(test::demo_path("air/cnemc_stations_2018.csv"));
  const StationList l = read_station_list(f.text(), f.path());
  EXPECT_EQ(l.layout, "cnemc-2018");
  EXPECT_EQ(l.stations.size(), 1495u);
  EXPECT_FALSE(l.stations[0].control_site.has_value());
}

TEST(StationList, BadRows) {
  const StationList l = read_station_list(
      "code,name,city,lon,lat\nA1,x,c,200,40\nA2,x,c,110,abc\n,x,c,1,1\nA3,x,c,110,40\nA3,y,c,110,40\n", "s.csv");
  EXPECT_EQ(l.stations.size(), 1u);
  ASSERT_EQ(l.rejections.size(), 4u);
  EXPECT_NE(l.rejections[0].reason.find("impossible longitude"), std::string::npos);
  EXPECT_NE(l.rejections[1].reason.find("impossible latitude"), std::string::npos);
  EXPECT_NE(l.rejections[3].reason.find("listed again on line 5"), std::string::npos);
  EXPECT_THROW(read_station_list("a,b\n", "s.csv"), InputError);
}

}  // namespace eb::io
