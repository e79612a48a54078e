// The raster runs in-process on rasters in memory (/vsimem): typed results checked against hand computation.
#include <fmt/format.h>
#include <gdal.h>
#include <gtest/gtest.h>
#include <ogr_srs_api.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>

#include "app/runs/raster/change.hpp"
#include "app/runs/raster/rsei.hpp"
#include "app/runs/raster/trend.hpp"
#include "app/runs/raster/vegetation.hpp"
#include "app/runs/raster/zonal.hpp"
#include "app/runs/support/raster_fixture.hpp"
#include "core/error.hpp"

namespace eb::app::runs {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double kCell = 100.0;  // m² of one 10 m cell

using test::memory_raster;
using test::utm_grid;

// Records what a run reports, to check that long steps are announced and reach their end.
class RecordingProgress final : public ProgressSink {
 public:
  struct Task final : ProgressTask {
    RecordingProgress& owner;
    std::size_t total;
    explicit Task(RecordingProgress& o, std::size_t t) : owner(o), total(t) {}
    void update(std::size_t done) override { owner.last_done = done; }
    void finish() override { ++owner.finished; }
  };
  std::unique_ptr<ProgressTask> begin(std::string_view, std::string_view label_en, std::size_t total) override {
    labels.emplace_back(label_en);
    return std::make_unique<Task>(*this, total);
  }
  std::vector<std::string> labels;
  std::size_t last_done = 0;
  int finished = 0;
};

TEST(RasterRuns, NdviCountsValidCellsAndReportsProgress) {
  const auto grid = utm_grid(2, 3);
  const auto red = memory_raster("ndvi_red", grid, {0.1, 0.2, nan, 0.1, 0.1, 0.1});
  const auto nir = memory_raster("ndvi_nir", grid, {0.5, 0.2, 0.3, nan, 0.3, 0.9});
  RecordingProgress progress;
  RunEnv env;
  env.progress = &progress;
  NdviRequest req{red, nir, "/vsimem/runs_test/ndvi_out.tif"};
  const NdviResult r = run_ndvi(req, env);
  EXPECT_EQ(r.valid_cells, 4);
  EXPECT_TRUE(test::raster_exists(req.output));
  ASSERT_EQ(progress.labels, std::vector<std::string>{"NDVI"});
  EXPECT_EQ(progress.last_done, 2u);
  EXPECT_GE(progress.finished, 1);
  const Document doc = ndvi_document(r, Lang::en);
  ASSERT_EQ(doc.notes.size(), 1u);
  EXPECT_NE(doc.notes[0].find("4 valid cells"), std::string::npos);
}

TEST(RasterRuns, FvcWithGivenEndpointsGradesEveryCell) {
  // NDVI 0.05 -> FVC 0, 0.85 -> 1, 0.45 -> 0.5; one cell nodata.
  const auto grid = utm_grid(1, 4);
  const auto ndvi = memory_raster("fvc_ndvi", grid, {0.05, 0.45, 0.85, nan});
  FvcRequest req;
  req.ndvi = ndvi;
  req.output = "/vsimem/runs_test/fvc_out.tif";
  req.soil = 0.05;
  req.veg = 0.85;
  const FvcResult r = run_fvc(req, RunEnv{});
  EXPECT_TRUE(r.endpoints_given);
  EXPECT_DOUBLE_EQ(r.soil, 0.05);
  EXPECT_NEAR(r.mean_cover, 0.5, 1e-6);
  double total = 0;
  for (const auto& [code, a] : r.grades.area_m2) total += a;
  EXPECT_NEAR(total, 3 * kCell, 1e-6);
  const Document doc = fvc_document(r, Lang::en);
  ASSERT_EQ(doc.parts.size(), 1u);
  EXPECT_EQ(doc.parts[0].second.rows.size(), r.grades.scheme.grades.size());
  EXPECT_NE(doc.notes[0].find("(given)"), std::string::npos);
}

TEST(RasterRuns, FvcPercentilesComeFromTheValidCells) {
  const auto grid = utm_grid(1, 5);
  const auto ndvi = memory_raster("fvc_pct", grid, {0.1, 0.2, 0.3, 0.4, 0.5});
  FvcRequest req;
  req.ndvi = ndvi;
  req.output = "/vsimem/runs_test/fvc_pct_out.tif";
  req.percentiles = {0, 100};
  const FvcResult r = run_fvc(req, RunEnv{});
  EXPECT_FALSE(r.endpoints_given);
  EXPECT_EQ(r.percentile_cells, 5);
  EXPECT_NEAR(r.soil, 0.1, 1e-7);
  EXPECT_NEAR(r.veg, 0.5, 1e-7);
}

TEST(RasterRuns, FvcRefusesContradictoryOptionsBeforeReading) {
  FvcRequest req;
  req.ndvi = "/vsimem/runs_test/missing.tif";
  req.output = "/vsimem/runs_test/never.tif";
  req.soil = 0.1;
  EXPECT_THROW(run_fvc(req, RunEnv{}), UsageError);
  EXPECT_FALSE(test::raster_exists(req.output));
}

TEST(RasterRuns, MemoryLimitStopsAJobBeforeItWrites) {
  const auto grid = utm_grid(2, 2);
  const auto a = memory_raster("mem_a", grid, {1, 2, 3, 4});
  ClassifyRequest req;
  req.input = a;
  req.output = "/vsimem/runs_test/mem_out.tif";
  req.breaks = {2.5};
  RunEnv env;
  env.memory_limit = 1024;
  try {
    run_classify(req, env);
    FAIL() << "expected the memory limit to stop the job";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("--memory-limit"), std::string::npos);
  }
  EXPECT_FALSE(test::raster_exists(req.output));
}

TEST(RasterRuns, ClassifyByBreaksGivesAreasPerClass) {
  const auto grid = utm_grid(2, 2);
  ClassifyRequest req;
  req.input = memory_raster("classify_in", grid, {1, 2, 3, nan});
  req.output = "/vsimem/runs_test/classify_out.tif";
  req.breaks = {1.5, 2.5};
  const ClassifyResult r = run_classify(req, RunEnv{});
  ASSERT_EQ(r.grades.scheme.grades.size(), 3u);
  for (const auto& g : r.grades.scheme.grades) EXPECT_NEAR(r.grades.area_m2.at(g.code), kCell, 1e-9) << g.code;
}

TEST(RasterRuns, ChangeMatrixCountsTransitionsOverallAndPerZone) {
  const auto grid = utm_grid(2, 2);
  ChangeRequest req;
  req.before = memory_raster("change_a", grid, {1, 1, 2, 2});
  req.after = memory_raster("change_b", grid, {1, 2, 2, 3});
  const ChangeResult r = run_change(req, RunEnv{});
  ASSERT_EQ(r.matrices.size(), 1u);
  const auto entries = r.matrices[0].entries();
  ASSERT_EQ(entries.size(), 4u);  // 1->1, 1->2, 2->2, 2->3
  EXPECT_EQ(entries[1].from, 1);
  EXPECT_EQ(entries[1].to, 2);
  EXPECT_NEAR(entries[1].area_m2, kCell, 1e-9);
  // The west column as a zone: 1->1 and 2->2.
  req.zones = test::memory_zones("change_zone",
                                 {{"west", {500000, 4499980, 500010, 4499980, 500010, 4500000, 500000, 4500000}}});
  req.id_field = "id";
  const ChangeResult z = run_change(req, RunEnv{});
  ASSERT_TRUE(z.per_zone);
  ASSERT_EQ(z.zone_ids, std::vector<std::string>{"west"});
  const auto west = z.matrices[0].entries();
  ASSERT_EQ(west.size(), 2u);
  EXPECT_EQ(west[0].from, west[0].to);
  EXPECT_EQ(west[1].from, west[1].to);
  const Document doc = change_document(z, Lang::zh);
  EXPECT_EQ(doc.parts[0].second.columns[0].key, "zone");
}

TEST(RasterRuns, TrendClassifiesASteadyIncreaseAsImproving) {
  const auto grid = utm_grid(1, 2);
  TrendRequest req;
  for (int y = 0; y < 6; ++y) req.years.push_back(memory_raster(fmt::format("trend_{}", y), grid, {double(y), 1.0}));
  const TrendResult r = run_trend(req, RunEnv{});
  EXPECT_NEAR(r.class_area_m2[3], kCell, 1e-9);  // the rising cell
  EXPECT_NEAR(r.class_area_m2[2], kCell, 1e-9);  // the constant one
  EXPECT_EQ(r.class_area_m2[1], 0.0);
  req.confidence = 0.8;
  EXPECT_THROW(run_trend(req, RunEnv{}), UsageError);
}

TEST(RasterRuns, ZonalWeighsCellsByCoverageAndNamesStackColumns) {
  const auto grid = utm_grid(2, 2);
  ZonalRequest req;
  req.rasters = {memory_raster("zonal_a", grid, {1, 3, 5, 7})};
  // Covers column 0 entirely and half of column 1.
  req.zones =
      test::memory_zones("zonal_zone", {{"z", {500000, 4499980, 500015, 4499980, 500015, 4500000, 500000, 4500000}}});
  req.zone_options.id_field = "id";
  req.stats = "count,mean,area_m2,median";
  const ZonalResult r = run_zonal(req, RunEnv{});
  ASSERT_EQ(r.zone_ids, std::vector<std::string>{"z"});
  EXPECT_NEAR(r.stats[0][0].count, 3.0, 1e-9);
  EXPECT_NEAR(r.stats[0][0].mean, (1 + 5 + 0.5 * 3 + 0.5 * 7) / 3.0, 1e-9);
  EXPECT_NEAR(r.stats[0][0].area_m2, 3 * kCell, 1e-9);
  const Document one = zonal_document(r, Lang::en);
  EXPECT_EQ(one.parts[0].second.columns[1].key, "count");

  req.rasters.push_back(memory_raster("zonal_b", grid, {2, 2, 2, 2}));
  const Document stack = zonal_document(run_zonal(req, RunEnv{}), Lang::en);
  EXPECT_EQ(stack.parts[0].second.columns[1].key, "zonal_a_count");
  EXPECT_EQ(stack.parts[0].second.columns[5].key, "zonal_b_count");
  req.stats = "mode";
  EXPECT_THROW(run_zonal(req, RunEnv{}), UsageError);
}

TEST(RasterRuns, RseiFromLayersLoadsNdviPositively) {
  const auto grid = utm_grid(2, 3);
  RseiRequest req;
  req.ndvi = memory_raster("rsei_ndvi", grid, {0.1, 0.2, 0.3, 0.4, 0.5, 0.6});
  req.wet = memory_raster("rsei_wet", grid, {0.0, 0.1, 0.1, 0.2, 0.3, 0.3});
  req.ndbsi = memory_raster("rsei_ndbsi", grid, {0.6, 0.5, 0.5, 0.3, 0.2, 0.1});
  req.lst = memory_raster("rsei_lst", grid, {40, 38, 35, 33, 30, 29});
  req.output = "/vsimem/runs_test/rsei_out.tif";
  const RseiResult r = run_rsei(req, RunEnv{});
  EXPECT_EQ(r.model.cells, 6);
  EXPECT_GT(r.model.loadings[0], 0);
  EXPECT_GT(r.model.pc1_share, 0.5);
  EXPECT_FALSE(r.water_masked);
  double total = 0;
  for (const auto& [code, a] : r.grades.area_m2) total += a;
  EXPECT_NEAR(total, 6 * kCell, 1e-9);
  const Document doc = rsei_document(r, Lang::en);
  EXPECT_TRUE(doc.keyed);
  ASSERT_NE(doc.find("grades"), nullptr);
  EXPECT_TRUE(doc.notes.empty());
}

// A 200000 x 200000 Float32 GeoTIFF with no data blocks written (sparse, so cheap to make): the example of a
// raster that kept `raster fvc` busy for minutes.
std::string huge_sparse_raster(const std::string& name) {
  GDALAllRegister();
  const std::string path = "/vsimem/runs_test/" + name + ".tif";
  const char* options[] = {"TILED=YES", "SPARSE_OK=TRUE", "BIGTIFF=YES", nullptr};
  GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), path.c_str(), 200000, 200000, 1, GDT_Float32,
                               const_cast<char**>(options));
  double transform[6] = {500000, 10, 0, 4500000, 0, -10};
  GDALSetGeoTransform(ds, transform);
  OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(srs, 32650);
  GDALSetSpatialRef(ds, srs);
  OSRDestroySpatialReference(srs);
  GDALClose(ds);
  return path;
}

TEST(RasterRuns, PixelLimitRefusesAHugeGridUpFrontWithTheEstimate) {
  const std::string ndvi = huge_sparse_raster("huge_ndvi");
  FvcRequest req;
  req.ndvi = ndvi;
  req.output = "/vsimem/runs_test/huge_fvc.tif";
  const auto start = std::chrono::steady_clock::now();
  try {
    run_fvc(req, RunEnv{});  // the default limit
    FAIL() << "expected the pixel limit to stop the job";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("200000 x 200000 = 4e+10 cells, more than the limit of 1e+10 cells (--max-pixels)"),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("1.2e+11 cell values (1 raster(s) x 3 pass(es))"), std::string::npos) << what;
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_FALSE(test::raster_exists(req.output));
  EXPECT_FALSE(test::raster_exists(req.output + ".part"));
  VSIUnlink(ndvi.c_str());
}

TEST(RasterRuns, PixelLimitIsConfigurableAndCoversZonalJobs) {
  const auto grid = utm_grid(2, 3);
  const auto a = memory_raster("px_a", grid, {1, 2, 3, 4, 5, 6});
  RunEnv env;
  env.max_pixels = 5;
  ClassifyRequest classify;
  classify.input = a;
  classify.output = "/vsimem/runs_test/px_out.tif";
  classify.breaks = {2.5};
  EXPECT_THROW(run_classify(classify, env), InputError);
  EXPECT_FALSE(test::raster_exists(classify.output));
  ZonalRequest zonal;
  zonal.rasters = {a};
  zonal.zones =
      test::memory_zones("px_zones", {{"z", {500000, 4500000, 500030, 4500000, 500030, 4499980, 500000, 4499980}}});
  EXPECT_THROW(run_zonal(zonal, env), InputError);
  env.max_pixels = 6;
  EXPECT_NO_THROW(run_classify(classify, env));
}

// Stops the run at its first progress report, as a Ctrl-C between two blocks would.
class CancellingProgress final : public ProgressSink {
 public:
  std::atomic<bool> cancel{false};
  std::size_t updates = 0;
  struct Task final : ProgressTask {
    CancellingProgress& owner;
    explicit Task(CancellingProgress& o) : owner(o) {}
    void update(std::size_t) override {
      ++owner.updates;
      owner.cancel = true;
    }
    void finish() override {}
  };
  std::unique_ptr<ProgressTask> begin(std::string_view, std::string_view, std::size_t) override {
    return std::make_unique<Task>(*this);
  }
};

TEST(RasterRuns, CancellationStopsBetweenBlocksAndLeavesNoOutput) {
  // 768 rows of 8192 columns: three strips of one 256-row block row each.
  const auto grid = utm_grid(768, 8192);
  const auto ndvi = memory_raster("cancel_ndvi", grid, std::vector<double>(768 * 8192, 0.5));
  CancellingProgress progress;
  RunEnv env;
  env.progress = &progress;
  env.cancel = &progress.cancel;
  FvcRequest req;
  req.ndvi = ndvi;
  req.output = "/vsimem/runs_test/cancel_fvc.tif";
  req.grades_output = "/vsimem/runs_test/cancel_grades.tif";
  req.soil = 0.05;
  req.veg = 0.85;
  EXPECT_THROW(run_fvc(req, env), Interrupted);
  EXPECT_EQ(progress.updates, 1u);  // the first strip was reported; the second report found the request
  for (const std::string& out : {req.output, req.grades_output}) {
    EXPECT_FALSE(test::raster_exists(out)) << out;
    EXPECT_FALSE(test::raster_exists(out + ".part")) << out;
  }
  progress.cancel = false;
  progress.updates = 0;
  env.progress = nullptr;
  EXPECT_NO_THROW(run_fvc(req, env));
  EXPECT_TRUE(test::raster_exists(req.output));
}

}  // namespace
}  // namespace eb::app::runs
