#include <gtest/gtest.h>

#include "io/admin_features.hpp"
#include "support/test_paths.hpp"

namespace eb::io {

TEST(AdminFeatures, ReadsDataVLeagues) {
  const auto f = read_admin_features(test::demo_path("boundaries/150000.json"));
  ASSERT_EQ(f.size(), 12u);
  EXPECT_EQ(f[0].code, "150100");
  EXPECT_EQ(f[0].name_zh, "呼和浩特市");
  EXPECT_EQ(f[0].parent_code, "150000");  // from the JSON object {"adcode": 150000}
  ASSERT_TRUE(f[0].center_lon);
  EXPECT_NEAR(*f[0].center_lon, 111.670801, 1e-9);
  EXPECT_EQ(f[0].wkb[0], 1);  // little-endian
  EXPECT_EQ(f[0].wkb[1], 6);  // MultiPolygon
}

TEST(AdminFeatures, ReadsDataVCounties) {
  const auto f = read_admin_features(test::demo_path("boundaries/150000_counties_merged.json"));
  ASSERT_EQ(f.size(), 103u);
  for (const auto& a : f) {
    EXPECT_EQ(a.code.size(), 6u);
    EXPECT_EQ(a.parent_code->substr(4), "00");
  }
}

}  // namespace eb::io
