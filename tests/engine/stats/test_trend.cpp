#include <gtest/gtest.h>

#include "engine/stats/trend.hpp"
#include "support/golden.hpp"

namespace eb::engine {

TEST(Trend, GoldenMannKendallTheilSen) {
  const auto rows = test::read_golden("mk_theilsen.csv");
  ASSERT_EQ(rows.size(), 3u);
  for (const auto& r : rows) {
    std::vector<double> y;
    for (const auto& x : test::split(r.at("annual_ndvi_integral"), ' ')) y.push_back(std::stod(x));
    const Trend t = mann_kendall_sen(y);
    EXPECT_EQ(t.n, std::stoi(r.at("n")));
    EXPECT_EQ(t.s, std::stol(r.at("S"))) << r.at("case");
    EXPECT_NEAR(t.var_s, std::stod(r.at("VarS")), 5e-5) << r.at("case");
    EXPECT_NEAR(t.z, std::stod(r.at("Z")), 5e-7) << r.at("case");
    EXPECT_NEAR(t.sen_slope, std::stod(r.at("sen_slope_per_year")), 5e-7) << r.at("case");
    const std::string cls = r.at("trajectory_class_95pct");
    EXPECT_EQ(t.significant(), cls.rfind("stable", 0) != 0) << r.at("case");
  }
}

TEST(Trend, MissingYearsKeepTheirPlace) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> y{10, nan, 8, 7};
  const Trend t = mann_kendall_sen(y);
  EXPECT_EQ(t.n, 3);
  EXPECT_EQ(t.s, -3);
  EXPECT_DOUBLE_EQ(t.sen_slope, -1);  // slopes -1 (0->2), -1 (0->3), -1 (2->3)
}

}  // namespace eb::engine
