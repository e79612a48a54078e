#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "engine/raster/rsei.hpp"
#include "standards/grade_scheme.hpp"
#include "support/golden.hpp"

namespace eb::engine::raster {
namespace {

TEST(Rsei, GoldenTinyPca) {
  const auto rows = test::read_golden("rsei_pca_tiny.csv");
  ASSERT_EQ(rows.size(), 6u);
  std::array<std::vector<double>, kRseiLayers> layers;
  static constexpr const char* kColumns[] = {"NDVI", "WET", "LST_C", "NDBSI"};
  for (const auto& r : rows)
    for (std::size_t k = 0; k < kRseiLayers; ++k) layers[k].push_back(std::stod(r.at(kColumns[k])));
  const std::vector<std::uint8_t> use(rows.size(), 1);
  RseiFit fit;
  // Two batches, to exercise the merge.
  fit.add({layers[0].data(), layers[1].data(), layers[2].data(), layers[3].data()}, use.data(), 2);
  fit.add({layers[0].data() + 2, layers[1].data() + 2, layers[2].data() + 2, layers[3].data() + 2}, use.data() + 2, 4);
  const RseiModel m = fit.model();
  EXPECT_EQ(m.cells, 6);
  // STANDARDS.md 6.3: loadings (0.5075, 0.4964, -0.4927, -0.5033), PC1 explains 99.48 %.
  const std::array<double, 4> loadings = {0.5075, 0.4964, -0.4927, -0.5033};
  for (std::size_t k = 0; k < kRseiLayers; ++k) EXPECT_NEAR(m.loadings[k], loadings[k], 5e-5) << k;
  EXPECT_NEAR(m.pc1_share, 0.9948, 5e-5);
  std::vector<double> pc1;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    pc1.push_back(m.pc1({layers[0][i], layers[1][i], layers[2][i], layers[3][i]}));
    static constexpr const char* kNormalised[] = {"nNDVI", "nWET", "nLST", "nNDBSI"};
    for (int k = 0; k < kRseiLayers; ++k)
      EXPECT_NEAR(m.normalised(k, layers[static_cast<std::size_t>(k)][i]), std::stod(rows[i].at(kNormalised[k])), 5e-7);
    EXPECT_NEAR(pc1.back(), std::stod(rows[i].at("PC1_oriented")), 5e-7) << i;
  }
  const auto [lo, hi] = std::minmax_element(pc1.begin(), pc1.end());
  const auto& grades = standards::grade_scheme("rsei5");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double v = rsei(pc1[i], *lo, *hi);
    EXPECT_NEAR(v, std::stod(rows[i].at("RSEI")), 5e-7) << i;
    EXPECT_EQ(grades.find(*grades.classify(v))->name_zh, rows[i].at("grade")) << i;
  }
}

TEST(Rsei, CellsNotUsedAreLeftOut) {
  // The fourth cell is masked (water): with it, the ranges would change.
  const std::vector<double> ndvi = {0.8, 0.4, 0.1, -0.5}, wet = {-0.02, -0.1, -0.2, 0.3}, lst = {24, 31, 38, 10},
                            ndbsi = {-0.3, 0.0, 0.25, -0.6};
  const std::vector<std::uint8_t> use = {1, 1, 1, 0};
  RseiFit fit;
  fit.add({ndvi.data(), wet.data(), lst.data(), ndbsi.data()}, use.data(), 4);
  const RseiModel m = fit.model();
  EXPECT_EQ(m.cells, 3);
  EXPECT_EQ(m.min[0], 0.1);
  EXPECT_EQ(m.max[1], -0.02);
  EXPECT_GT(m.loadings[0], 0);
}

TEST(Rsei, ConstantLayerIsAnError) {
  const std::vector<double> a = {0.1, 0.2, 0.3}, flat = {1, 1, 1};
  const std::vector<std::uint8_t> use(3, 1);
  RseiFit fit;
  fit.add({a.data(), a.data(), flat.data(), a.data()}, use.data(), 3);
  try {
    (void)fit.model();
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("LST"), std::string::npos);
  }
  RseiFit empty;
  EXPECT_THROW((void)empty.model(), std::invalid_argument);
}

}  // namespace
}  // namespace eb::engine::raster
