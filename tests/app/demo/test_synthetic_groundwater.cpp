// The SYNTHETIC groundwater files: seeded (the same bytes twice), marked, readable without a rejection, with points
// in every league of the demo and every class present.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "app/demo/synthetic_groundwater.hpp"
#include "app/runs/groundwater/classify.hpp"
#include "io/groundwater.hpp"
#include "support/test_paths.hpp"

namespace eb::app {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

TEST(SyntheticGroundwater, SeededMarkedAndReadable) {
  test::TempPath a("gw-a"), b("gw-b");
  const auto fa = write_synthetic_groundwater(a.str(), 7, 2020, 2024);
  const auto fb = write_synthetic_groundwater(b.str(), 7, 2020, 2024);
  EXPECT_EQ(slurp(fa.points), slurp(fb.points));
  EXPECT_EQ(slurp(fa.samples), slurp(fb.samples));
  const auto other = write_synthetic_groundwater(b.str(), 8, 2020, 2024);
  EXPECT_NE(slurp(fa.samples), slurp(other.samples));

  const auto points = io::read_groundwater_points(slurp(fa.points), fa.points);
  ASSERT_TRUE(points.rejections.empty());
  ASSERT_EQ(points.points.size(), 36u);
  std::set<std::string> cities;
  for (const auto& p : points.points) {
    EXPECT_NE(p.station.name.find("SYNTHETIC"), std::string::npos);
    EXPECT_EQ(p.station.code.rfind("SYN-GW-", 0), 0u);
    cities.insert(p.station.city);
  }
  EXPECT_EQ(cities.size(), 12u);

  const auto samples = io::read_groundwater_samples(slurp(fa.samples), fa.samples);
  ASSERT_TRUE(samples.rejections.empty()) << samples.rejections[0].reason;
  EXPECT_EQ(samples.samples.size(), 36u * 2 * 5);
  EXPECT_GT(samples.below_detection, 0u);
  std::set<int> classes;
  for (const auto& s : samples.samples) classes.insert(runs::classify_groundwater(s).result.cls);
  // The region's natural pattern puts samples in III, IV and V (F, As, TDS, hardness).
  EXPECT_TRUE(classes.count(3) && classes.count(4) && classes.count(5));
}

}  // namespace
}  // namespace eb::app
