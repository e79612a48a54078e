// The SYNTHETIC drinking-water generator: seeded (the same seed gives the same bytes), labelled, and readable by the
// real readers without a rejection; some months exceed a limit, so the demo's rates are not trivially 100 %.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/demo/synthetic_drinking.hpp"
#include "io/drinking_sources.hpp"
#include "io/water_samples.hpp"
#include "standards/drinking_water.hpp"
#include "support/test_paths.hpp"

namespace eb::app {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(SyntheticDrinking, SeededLabelledAndReadable) {
  test::TempPath a("drink_a"), b("drink_b");
  std::filesystem::create_directories(a.str());
  std::filesystem::create_directories(b.str());
  const auto fa = write_synthetic_drinking(a.str(), 7, 2023, 2024);
  const auto fb = write_synthetic_drinking(b.str(), 7, 2023, 2024);
  EXPECT_EQ(slurp(fa.samples), slurp(fb.samples));
  EXPECT_EQ(slurp(fa.sources), slurp(fb.sources));

  const auto sources = io::read_drinking_sources(slurp(fa.sources), fa.sources);
  EXPECT_TRUE(sources.rejections.empty());
  ASSERT_EQ(sources.sources.size(), 36u);  // 12 leagues × 3
  for (const auto& s : sources.sources) {
    EXPECT_NE(s.name.find("SYNTHETIC"), std::string::npos) << s.code;
    EXPECT_TRUE(s.unit_code && s.supply_10k_m3) << s.code;
  }
  EXPECT_NE(slurp(fa.points).find("SYNTHETIC"), std::string::npos);

  const auto samples = io::read_water_samples(slurp(fa.samples), fa.samples, io::BelowDetection::half_limit);
  EXPECT_TRUE(samples.rejections.empty());
  EXPECT_GT(samples.samples.size(), 36u * 24 * 9 / 10);
  EXPECT_GT(samples.below_detection, 0u);
  int over = 0;
  for (const auto& s : samples.samples)
    for (const auto& v : s.values)
      if (const auto j = standards::judge_source_item(v.item, v.value, standards::SourceKind::river); j && !j->meets)
        ++over;
  EXPECT_GT(over, 0);
}

}  // namespace
}  // namespace eb::app
