// Farmland plots and samples in a real GeoPackage: added once, unchanged on re-import, a different record under a
// stored key refused with nothing written, samples only for stored plots, samples of a year.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "store/soil_store.hpp"
#include "support/test_paths.hpp"

namespace eb::store {
namespace {

FarmlandPlot plot(const std::string& code, std::int64_t micro_mu) {
  FarmlandPlot p;
  p.code = code;
  p.name = "plot " + code;
  p.unit_code = "150100";
  p.land_use = "other";
  p.area_text = "12.5";
  p.area_unit = "mu";
  p.area = ExactArea{micro_mu};
  p.lon = 111.5;
  p.lat = 40.8;
  return p;
}

TEST(SoilStore, PlotsAndSamplesAreAddedOnceAndConflictsRefused) {
  test::TempPath path("ws.gpkg");
  Workspace ws(path.str(), Workspace::Open::create_if_missing);
  auto r = import_farmland_plots(ws, {plot("A", 12'500'000), plot("B", 12'500'000)}, "plots.csv");
  EXPECT_EQ(r.added, 2);
  r = import_farmland_plots(ws, {plot("A", 12'500'000)}, "plots.csv");
  EXPECT_EQ(r.added, 0);
  EXPECT_EQ(r.unchanged, 1);
  // C is new but A differs: nothing of the file is written.
  EXPECT_THROW(import_farmland_plots(ws, {plot("C", 1), plot("A", 13'000'000)}, "plots2.csv"), StoreConflict);
  const auto plots = load_farmland_plots(ws);
  ASSERT_EQ(plots.size(), 2u);
  EXPECT_EQ(plots[0].area.micro_mu, 12'500'000);
  EXPECT_EQ(plots[0].lon, 111.5);

  const std::vector<FarmlandSampleRecord> samples = {{"S1", "A", "2024-06-01", 8.1, "Cd=0.2;Hg=<0.01"},
                                                     {"S2", "B", "2023-06-01", 7.1, "Cd=ND"}};
  EXPECT_EQ(import_farmland_samples(ws, samples, "s.csv").added, 2);
  EXPECT_EQ(import_farmland_samples(ws, samples, "s.csv").unchanged, 2);
  EXPECT_THROW(import_farmland_samples(ws, {{"S3", "Z", "2024-06-01", 8.1, "Cd=0.2"}}, "s2.csv"), StoreConflict);
  EXPECT_THROW(import_farmland_samples(ws, {{"S1", "A", "2024-06-01", 8.1, "Cd=0.3"}}, "s3.csv"), StoreConflict);
  const auto of_2024 = load_farmland_samples(ws, 2024);
  ASSERT_EQ(of_2024.size(), 1u);
  EXPECT_EQ(of_2024[0].values_text, "Cd=0.2;Hg=<0.01");
  EXPECT_EQ(load_farmland_samples(ws, 0).size(), 2u);
}

}  // namespace
}  // namespace eb::store
