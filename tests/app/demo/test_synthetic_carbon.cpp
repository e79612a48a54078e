// The SYNTHETIC energy-and-carbon generator: seeded (same seed, same bytes), labelled SYNTHETIC in every row,
// readable by the project's own readers, and land cover derived from NDVI by the documented thresholds.
#include <cpl_vsi.h>
#include <gdal.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "app/demo/synthetic_carbon.hpp"
#include "app/runs/support/raster_fixture.hpp"
#include "io/carbon_activity.hpp"
#include "io/class_raster.hpp"
#include "io/gdal_raster.hpp"
#include "standards/carbon.hpp"
#include "support/test_paths.hpp"

namespace eb::app {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(SyntheticCarbon, SeededLabelledAndReadable) {
  test::TempPath a("a"), b("b"), c("c");
  const SyntheticCarbonFiles fa = write_synthetic_carbon(a.str(), 7);
  const SyntheticCarbonFiles fb = write_synthetic_carbon(b.str(), 7);
  const SyntheticCarbonFiles fc = write_synthetic_carbon(c.str(), 8);
  EXPECT_EQ(slurp(fa.energy), slurp(fb.energy));
  EXPECT_EQ(slurp(fa.gdp), slurp(fb.gdp));
  EXPECT_NE(slurp(fa.energy), slurp(fc.energy));
  const auto energy = io::read_energy_csv(fa.energy);
  // 12 leagues x 6 years x 8 energy carriers (six fuels, net electricity, heat).
  EXPECT_EQ(energy.size(), 12u * 6u * 8u);
  for (const auto& e : energy) ASSERT_NE(e.source.find("SYNTHETIC"), std::string::npos);
  const auto gdp = io::read_gdp_csv(fa.gdp);
  EXPECT_EQ(gdp.size(), 12u * 6u);
  bool nominal = false;
  for (const auto& g : gdp) nominal = nominal || g.method.rfind("nominal", 0) == 0;
  EXPECT_TRUE(nominal);  // both GDP paths are exercised
  for (const auto& t : io::read_carbon_targets_csv(fa.targets))
    EXPECT_NE(t.source.find("SYNTHETIC"), std::string::npos);
  // Coal-heavy, as Inner Mongolia is: raw coal is most of the fossil energy (tce) of every league and year.
  std::map<std::pair<std::string, int>, std::pair<double, double>> coal_and_fossil;
  for (const auto& e : energy) {
    const standards::Fuel* f = standards::find_fuel(e.fuel);
    if (f->kind != standards::EnergyKind::fossil) continue;
    auto& [coal, fossil] = coal_and_fossil[{e.unit_code, e.year}];
    fossil += standards::to_tce(*f, e.amount_base);
    if (e.fuel == "raw_coal") coal += standards::to_tce(*f, e.amount_base);
  }
  EXPECT_EQ(coal_and_fossil.size(), 72u);
  for (const auto& [key, v] : coal_and_fossil) EXPECT_GT(v.first, 0.7 * v.second) << key.first << " " << key.second;
  std::filesystem::remove_all(a.str());
  std::filesystem::remove_all(b.str());
  std::filesystem::remove_all(c.str());
}

TEST(SyntheticCarbon, LandCoverFromNdviThresholds) {
  // Thresholds: >= 0.60 forest (2), >= 0.20 grassland (4), >= 0.12 shrubland (3), else barren (7); NaN nodata.
  const auto grid = test::utm_grid(1, 6);
  const std::string ndvi = test::memory_raster("ndvi_lc", grid, {0.60, 0.5999, 0.20, 0.12, 0.1199, std::nan("")});
  const std::string out = "/vsimem/lc_from_ndvi.tif";
  write_synthetic_landcover(ndvi, out, true);
  io::GdalRaster lc(out);
  std::vector<double> v(6);
  std::vector<std::uint8_t> ok(6);
  lc.read({0, 0, 1, 6}, v, ok);
  EXPECT_EQ(v[0], 2);
  EXPECT_EQ(v[1], 4);
  EXPECT_EQ(v[2], 4);
  EXPECT_EQ(v[3], 3);
  EXPECT_EQ(v[4], 7);
  EXPECT_FALSE(ok[5]);
  // The CLCD classes go with it: colours, Chinese names (carbon_landcover_classes.csv) and a QGIS style.
  GDALDatasetH ds = GDALOpen(out.c_str(), GA_ReadOnly);
  ASSERT_NE(ds, nullptr);
  GDALRasterBandH band = GDALGetRasterBand(ds, 1);
  ASSERT_NE(GDALGetRasterColorTable(band), nullptr);
  char** names = GDALGetRasterCategoryNames(band);
  ASSERT_NE(names, nullptr);
  EXPECT_STREQ(names[2], "林地");
  EXPECT_STREQ(names[7], "裸地");
  GDALClose(ds);
  VSIStatBufL stat;
  EXPECT_EQ(VSIStatL(io::raster_qml_path(out).c_str(), &stat), 0);
}

}  // namespace
}  // namespace eb::app
