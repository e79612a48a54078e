// The SYNTHETIC farmland soil files: seeded (same files for the same seed), labelled, readable by the soil
// readers, and giving the mix of categories they intend (mostly priority protection, some safe use, a few strict
// control) when classified by GB 15618.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/demo/synthetic_soil.hpp"
#include "app/runs/soil/farmland_classify.hpp"
#include "io/soil_samples.hpp"

namespace eb::app {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

TEST(SyntheticSoil, SeededLabelledAndClassifiable) {
  const auto dir = std::filesystem::temp_directory_path() / "eb_synthetic_soil_test";
  std::filesystem::remove_all(dir);
  const auto a = write_synthetic_soil((dir / "a").string(), 7, 2023, 2024);
  const auto b = write_synthetic_soil((dir / "b").string(), 7, 2023, 2024);
  const auto c = write_synthetic_soil((dir / "c").string(), 8, 2023, 2024);
  EXPECT_EQ(slurp(a.samples), slurp(b.samples));
  EXPECT_EQ(slurp(a.plots), slurp(b.plots));
  EXPECT_NE(slurp(a.samples), slurp(c.samples));

  const auto plots = io::read_farmland_plots(slurp(a.plots), a.plots);
  EXPECT_TRUE(plots.rejections.empty());
  ASSERT_EQ(plots.plots.size(), 154u);
  for (const auto& p : plots.plots) EXPECT_NE(p.name.find("SYNTHETIC"), std::string::npos);
  EXPECT_NE(slurp(a.measures).find("SYNTHETIC"), std::string::npos);

  const auto samples = runs::soil_sample_file(a.samples);
  ASSERT_GT(samples.samples.size(), 2 * plots.plots.size());
  runs::SoilClassifyRequest req;
  req.files.push_back(samples);
  std::array<int, 4> count{};
  int alkaline = 0;
  for (const auto& s : runs::run_soil_classify(req).samples) {
    ++count[static_cast<std::size_t>(s.result.category)];
    alkaline += s.ph > 7.5;
  }
  const int n = static_cast<int>(samples.samples.size());
  EXPECT_EQ(count[0], 0);
  EXPECT_GT(count[1], n * 3 / 4);  // priority protection: most
  EXPECT_GT(count[2], 10);         // safe use: some
  EXPECT_GT(count[3], 2);          // strict control: a few
  EXPECT_LT(count[3], count[2]);
  EXPECT_GT(alkaline, n / 2);  // Inner Mongolia's soils are mostly alkaline
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace eb::app
