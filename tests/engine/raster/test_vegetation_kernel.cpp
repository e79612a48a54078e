#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "engine/raster/vegetation_kernel.hpp"
#include "standards/grade_scheme.hpp"
#include "standards/vegetation.hpp"

namespace eb::engine::raster {
namespace {

TEST(VegetationKernel, NdviEqualsTheStandardFormula) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> r(0, 0.6);
  const std::size_t n = 1001;  // not a multiple of any vector width
  std::vector<double> red(n), nir(n), ndvi(n);
  std::vector<std::uint8_t> valid_red(n, 1), valid_nir(n, 1), ok(n);
  for (std::size_t i = 0; i < n; ++i) red[i] = r(rng), nir[i] = r(rng);
  red[5] = nir[5] = 0;    // zero sum
  valid_nir[7] = 0;       // nodata
  red[9] = std::nan("");  // NaN that slipped through
  ndvi_row(red.data(), nir.data(), valid_red.data(), valid_nir.data(), n, ndvi.data(), ok.data());
  for (std::size_t i = 0; i < n; ++i) {
    const double expected = standards::ndvi(red[i], nir[i]);
    if (i == 5 || i == 7 || i == 9) {
      EXPECT_FALSE(ok[i]) << i;
      continue;
    }
    ASSERT_TRUE(ok[i]) << i;
    EXPECT_EQ(ndvi[i], expected) << i;  // bit for bit
  }
}

void check_fvc_row(const standards::GradeScheme& scheme) {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> r(-0.2, 1.0);
  const std::size_t n = 1003;
  std::vector<double> ndvi(n), fvc(n), grade(n);
  std::vector<std::uint8_t> use(n, 1);
  for (std::size_t i = 0; i < n; ++i) ndvi[i] = r(rng);
  // Cells exactly on the class limits (FVC 0.1 and 0.5 for soil 0, veg 1), a masked cell and a NaN.
  ndvi[0] = 0.1;
  ndvi[1] = 0.5;
  use[2] = 0;
  ndvi[3] = std::nan("");
  const FvcParameters p{0.0, 1.0};
  const GradeLookup lookup(scheme);
  CoverSums sums;
  fvc_row(ndvi.data(), use.data(), n, p, lookup, 2.0, fvc.data(), grade.data(), sums);
  std::array<double, 255> area{};
  double fvc_sum = 0;
  std::int64_t cells = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!use[i] || std::isnan(ndvi[i])) continue;
    const double f = standards::fvc(ndvi[i], p.ndvi_soil, p.ndvi_veg);
    EXPECT_EQ(fvc[i], f) << i;
    const int g = scheme.classify(f).value();
    EXPECT_EQ(grade[i], g) << i;
    area[static_cast<std::size_t>(g)] += 2.0;
    fvc_sum += f * 2.0;
    ++cells;
  }
  EXPECT_EQ(sums.cells, cells);
  EXPECT_DOUBLE_EQ(sums.area_m2, 2.0 * static_cast<double>(cells));
  EXPECT_NEAR(sums.fvc_area_sum, fvc_sum, 1e-9);
  for (std::size_t g = 0; g < area.size(); ++g) EXPECT_DOUBLE_EQ(sums.grade_area_m2[g], area[g]) << g;
  EXPECT_EQ(lookup.classify(0.3), scheme.classify(0.3).value());
}

TEST(VegetationKernel, FvcAndGradesEqualTheStandardForTheDefaultScheme) {
  check_fvc_row(standards::grade_scheme(standards::kDefaultFvcScheme));
}

TEST(VegetationKernel, NonConsecutiveCodes) {
  standards::GradeScheme s = standards::scheme_from_breaks({0.2, 0.6});
  s.grades[0].code = 2;
  s.grades[1].code = 7;
  s.grades[2].code = 40;
  check_fvc_row(s);
}

TEST(VegetationKernel, SumsMerge) {
  CoverSums a, b;
  a.grade_area_m2[3] = 1.5;
  a.cells = 2;
  b.grade_area_m2[3] = 2.5;
  b.fvc_area_sum = 4;
  b.cells = 1;
  a.merge(b);
  EXPECT_EQ(a.grade_area_m2[3], 4.0);
  EXPECT_EQ(a.fvc_area_sum, 4.0);
  EXPECT_EQ(a.cells, 3);
}

}  // namespace
}  // namespace eb::engine::raster
