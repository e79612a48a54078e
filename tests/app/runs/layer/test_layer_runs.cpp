// The spatial runs in-process (layer import, list, stats; screen) on a workspace of the real leagues and a
// hand-written protected layer of boxes: areas against the closed-form ellipsoidal area of a lon/lat box, shares,
// verdicts and distances checked by hand.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "app/runs/layer/layer_import.hpp"
#include "app/runs/layer/layer_stats.hpp"
#include "app/runs/layer/screen.hpp"
#include "app/runs/support/workspace_fixture.hpp"
#include "core/error.hpp"
#include "store/gpkg.hpp"

namespace eb::app::runs {
namespace {

using test::box_area_m2;
using test::box_geometry;

std::string feature(const std::string& properties, const std::string& geometry) {
  return fmt::format(R"({{"type":"Feature","properties":{},"geometry":{}}})", properties, geometry);
}
std::string collection(const std::vector<std::string>& features) {
  return fmt::format(R"({{"type":"FeatureCollection","features":[{}]}})", fmt::join(features, ","));
}

// Inside Hohhot (150100): reserve A's core zone [111.60, 111.70] x [40.7, 40.8] and reserve B's experimental zone
// [111.65, 111.75] x [40.7, 40.8], overlapping on [111.65, 111.70]. Inside Baotou (150200): a bow tie of two
// triangles crossing at (110.1, 41.1), which MakeValid repairs.
std::string reserves_layer() {
  return collection({
      feature(R"({"name":"A","zone":"核心区"})", box_geometry(111.60, 40.7, 111.70, 40.8)),
      feature(R"({"name":"B","zone":"实验区"})", box_geometry(111.65, 40.7, 111.75, 40.8)),
      feature(
          R"({"name":"T","zone":"core"})",
          R"({"type":"Polygon","coordinates":[[[110.0,41.0],[110.2,41.2],[110.2,41.0],[110.0,41.2],[110.0,41.0]]]})"),
  });
}

// The bow tie's area: the left triangle spans latitudes 41 + t .. 41.2 - t and the right one 41.1 - t .. 41.1 + t at
// 0.1 - t and t degrees from the crossing, t in [0, 0.1]; Simpson's rule over the closed form per meridian strip.
double bow_tie_area_m2() {
  const int n = 2000;
  const double h = 0.1 / n;
  auto strip = [](double t) {
    return test::area_to_latitude_m2(41.2 - t) - test::area_to_latitude_m2(41.0 + t) +
           test::area_to_latitude_m2(41.1 + t) - test::area_to_latitude_m2(41.1 - t);
  };
  double sum = strip(0) + strip(0.1);
  for (int i = 1; i < n; ++i) sum += strip(i * h) * (i % 2 ? 4 : 2);
  return sum * h / 3 * std::numbers::pi / 180;
}

class LayerRuns : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ws_ = new test::UnitWorkspace();
    layer_ = new std::string(ws_->write("reserves.geojson", reserves_layer()));
    LayerImportRequest req;
    req.ws = ws_->path();
    req.file = *layer_;
    req.kind = "nature_reserve";
    req.name_field = "name";
    req.zone_field = "zone";
    import_ = new LayerImportResult(run_layer_import(req, RunEnv{}));
  }
  static void TearDownTestSuite() {
    delete import_;
    delete layer_;
    delete ws_;
  }
  static test::UnitWorkspace* ws_;
  static std::string* layer_;
  static LayerImportResult* import_;
};
test::UnitWorkspace* LayerRuns::ws_ = nullptr;
std::string* LayerRuns::layer_ = nullptr;
LayerImportResult* LayerRuns::import_ = nullptr;

TEST(LayerFixture, TheClosedFormGivesTheEarthsArea) {
  // 4π × the area from the equator to the pole over a radian: 510,065,621.7 km² for WGS 84.
  EXPECT_NEAR(4 * std::numbers::pi * test::area_to_latitude_m2(90) / 1e6, 510065621.7, 1.0);
}

TEST_F(LayerRuns, ImportCountsFeaturesRepairsAndAreas) {
  const LayerImportResult& r = *import_;
  EXPECT_EQ(r.kind, "nature_reserve");
  EXPECT_EQ(r.features, 3u);
  EXPECT_EQ(r.added, 3);
  EXPECT_EQ(r.replaced, 0);
  EXPECT_FALSE(r.unchanged);
  ASSERT_EQ(r.repaired.size(), 1u);
  EXPECT_EQ(r.repaired[0].fid, 2);
  EXPECT_EQ(r.repaired[0].name, "T");
  EXPECT_NE(r.repaired[0].reason.find("Self-intersection"), std::string::npos);
  EXPECT_EQ(r.repaired_stored(), 1);
  const double expected =
      box_area_m2(111.60, 40.7, 111.70, 40.8) + box_area_m2(111.65, 40.7, 111.75, 40.8) + bow_tie_area_m2();
  EXPECT_NEAR(r.area_m2 / expected, 1.0, 1e-6);

  const Document doc = layer_import_document(r, Lang::en);
  ASSERT_EQ(doc.notes.size(), 1u);
  EXPECT_EQ(doc.notes[0].rfind("repaired invalid polygon: feature 2 (T): Self-intersection", 0), 0u);
  ASSERT_EQ(doc.parts.size(), 1u);
  const auto& row = doc.parts[0].second.rows.at(0);
  EXPECT_EQ(std::get<std::string>(row[1].value), "nature reserve");
  EXPECT_EQ(std::get<std::int64_t>(row[2].value), 3);
  EXPECT_EQ(std::get<std::string>(row[5].value), "no");
}

TEST_F(LayerRuns, TheSameFileAgainChangesNothing) {
  LayerImportRequest req;
  req.ws = ws_->path();
  req.file = *layer_;
  req.kind = "nature_reserve";
  req.name_field = "name";
  req.zone_field = "zone";
  const LayerImportResult again = run_layer_import(req, RunEnv{});
  EXPECT_TRUE(again.unchanged);
  EXPECT_EQ(again.added, 0);
  EXPECT_EQ(again.repaired_stored(), 0);
  EXPECT_EQ(layer_import_document(again, Lang::zh).parts[0].second.rows[0][5].value, Cell("是").value);
}

TEST_F(LayerRuns, ABadZoneOrKindRefusesTheFile) {
  LayerImportRequest req;
  req.ws = ws_->path();
  req.file = ws_->write("bad_zone.geojson",
                        collection({feature(R"({"name":"X","zone":"外围"})", box_geometry(111, 40, 111.1, 40.1))}));
  req.kind = "nature_reserve";
  req.name_field = "name";
  req.zone_field = "zone";
  try {
    run_layer_import(req, RunEnv{});
    FAIL() << "a zone nature reserves do not have was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("feature 0 (X): zone \"外围\" is not a zone of nature_reserve"),
              std::string::npos);
  }
  req.kind = "forest";
  EXPECT_THROW(run_layer_import(req, RunEnv{}), UsageError);
  req.kind = "red_line";  // no zones
  EXPECT_THROW(run_layer_import(req, RunEnv{}), UsageError);
}

TEST_F(LayerRuns, ListSumsFeatureAreasByZone) {
  const LayerListResult r = run_layer_list({ws_->path()}, RunEnv{});
  ASSERT_EQ(r.layers.size(), 2u);  // core (A and T), experimental (B)
  double core = 0, experimental = 0;
  for (const auto& l : r.layers) {
    EXPECT_EQ(l.kind, "nature_reserve");
    if (l.zone == "core") {
      EXPECT_EQ(l.features, 2);
      core = l.area_m2;
    }
    if (l.zone == "experimental") {
      EXPECT_EQ(l.features, 1);
      experimental = l.area_m2;
    }
  }
  EXPECT_NEAR(core / (box_area_m2(111.60, 40.7, 111.70, 40.8) + bow_tie_area_m2()), 1.0, 1e-6);
  EXPECT_NEAR(experimental / box_area_m2(111.65, 40.7, 111.75, 40.8), 1.0, 1e-9);
}

TEST_F(LayerRuns, StatsCountOverlapsOnceAndShareTheUnitsArea) {
  const LayerStatsResult r = run_layer_stats({ws_->path(), 2}, RunEnv{});
  EXPECT_EQ(r.level, 2);
  ASSERT_EQ(r.kinds, std::vector<std::string>{"nature_reserve"});
  ASSERT_EQ(r.units.size(), 12u);
  const LayerUnitProtection* hohhot = nullptr;
  const LayerUnitProtection* baotou = nullptr;
  for (const auto& u : r.units) {
    if (u.code == "150100") hohhot = &u;
    if (u.code == "150200") baotou = &u;
    if (u.code != "150100" && u.code != "150200") {
      EXPECT_EQ(u.protected_m2, 0.0) << u.code;
    }
  }
  ASSERT_TRUE(hohhot && baotou);
  EXPECT_EQ(hohhot->name_en, "Hohhot");
  // Hohhot is 17,186 km² (official figure; the bundled boundary is generalised).
  EXPECT_NEAR(hohhot->area_km2(), 17186, 17186 * 0.01);
  // A and B overlap on [111.65, 111.70]: their union is the box [111.60, 111.75], counted once.
  const double union_m2 = box_area_m2(111.60, 40.7, 111.75, 40.8);
  EXPECT_NEAR(hohhot->protected_m2 / union_m2, 1.0, 1e-9);
  EXPECT_NEAR(hohhot->kind_area_m2[0] / union_m2, 1.0, 1e-9);
  EXPECT_NEAR(hohhot->protected_pct(), 100 * union_m2 / hohhot->area_m2, 1e-9);
  EXPECT_NEAR(hohhot->protected_mu(), union_m2 * 15 / 10000, 1e-3);  // 1 mu = 10000/15 m²
  EXPECT_NEAR(baotou->protected_m2 / bow_tie_area_m2(), 1.0, 1e-6);

  const Document doc = layer_stats_document(r, Lang::en);
  const Table& t = doc.parts.at(0).second;
  ASSERT_EQ(t.columns.size(), 8u);  // code, name, area, kind km² and %, any km², % and mu
  EXPECT_EQ(t.columns[3].key, "nature_reserve_km2");
  EXPECT_EQ(t.columns[6].key, "protected_pct");
}

TEST_F(LayerRuns, StatsOfALevelWithoutUnitsFail) {
  EXPECT_THROW(run_layer_stats({ws_->path(), 3}, RunEnv{}), InputError);
}

TEST_F(LayerRuns, ScreeningGivesVerdictsAreasSharesAndDistances) {
  // S1 [111.68, 111.72] x [40.75, 40.76]: its western half lies in A's core zone, all of it in B's experimental
  // zone. P: a point 0.05° east of B's eastern edge, on its middle latitude.
  ScreenRequest req;
  req.ws = ws_->path();
  req.sites = ws_->write("sites.geojson",
                         collection({feature(R"({"id":"S1"})", box_geometry(111.68, 40.75, 111.72, 40.76)),
                                     feature(R"({"id":"P"})", R"({"type":"Point","coordinates":[111.80,40.75]})")}));
  const ScreenResult r = run_screen(req, RunEnv{});
  ASSERT_EQ(r.sites(), 2u);
  EXPECT_EQ(r.site_ids, (std::vector<std::string>{"S1", "P"}));
  EXPECT_EQ(r.protected_features, 3u);

  const engine::SiteScreening& s1 = r.screenings[0];
  EXPECT_EQ(s1.dimension, 2);
  ASSERT_EQ(s1.touches.size(), 2u);  // by zone: core, then experimental
  EXPECT_EQ(s1.touches[0].zone, "core");
  EXPECT_NEAR(s1.touches[0].area_m2 / box_area_m2(111.68, 40.75, 111.70, 40.76), 1.0, 1e-9);
  EXPECT_NEAR(s1.touches[0].share, 0.5, 1e-9);
  EXPECT_EQ(s1.touches[1].zone, "experimental");
  EXPECT_NEAR(s1.touches[1].share, 1.0, 1e-9);
  EXPECT_EQ(r.rule(s1.touches[0]).verdict, standards::Verdict::prohibited);
  EXPECT_EQ(r.rule(s1.touches[1]).verdict, standards::Verdict::restricted);
  EXPECT_EQ(r.verdicts[0], standards::Verdict::prohibited);

  const engine::SiteScreening& p = r.screenings[1];
  EXPECT_TRUE(p.touches.empty());
  EXPECT_EQ(r.verdicts[1], standards::Verdict::allowed);
  ASSERT_TRUE(p.nearest);
  EXPECT_EQ(r.features.at(*p.nearest).name, "B");
  // 0.05° along the parallel at 40.75°: N cos φ Δλ, N the prime-vertical radius (the geodesic to the edge is
  // shorter by far less than a metre over 4 km).
  const double f = 1 / 298.257223563, e2 = f * (2 - f), phi = 40.75 * std::numbers::pi / 180;
  const double along =
      6378137.0 / std::sqrt(1 - e2 * std::sin(phi) * std::sin(phi)) * std::cos(phi) * 0.05 * std::numbers::pi / 180;
  EXPECT_NEAR(p.nearest_distance_m, along, 1.0);
  EXPECT_EQ(r.verdict_counts.at(standards::Verdict::prohibited), 1u);
  EXPECT_EQ(r.verdict_counts.at(standards::Verdict::allowed), 1u);

  // The document: a row per touch and one for the untouched site, the same rows a face streams.
  const Document doc = screen_document(r, Lang::en);
  const Table& t = doc.parts.at(0).second;
  EXPECT_EQ(t.title_en, "Site screening (2 sites, buffer 0 m)");
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[2][12].value, Cell("nature reserve experimental zone B").value);
  EXPECT_EQ(t.rows[0][16].value, Cell("prohibited").value);
  std::size_t streamed = 0;
  screen_rows(r, Lang::en, [&](std::vector<Cell> row) {
    EXPECT_EQ(row.size(), screen_columns().size());
    EXPECT_EQ(row[0].value, t.rows[streamed][0].value);
    ++streamed;
  });
  EXPECT_EQ(streamed, 3u);
  ASSERT_EQ(doc.notes.size(), 1u);
  EXPECT_EQ(doc.notes[0], "site verdicts: 1 allowed, 1 prohibited");
}

TEST_F(LayerRuns, ScreeningSitesGivenInMemoryAsTheirFileWouldGiveThem) {
  // The API's one point: the same screening as the file of that point, without the file.
  ScreenRequest from_file;
  from_file.ws = ws_->path();
  from_file.sites = ws_->write(
      "point.geojson", collection({feature(R"({"id":"point"})", R"({"type":"Point","coordinates":[111.69,40.755]})")}));
  ScreenRequest in_memory = from_file;
  in_memory.sites = "point 111.69,40.755";
  io::VectorFeature site;
  site.fields["id"] = "point";
  site.wkb = store::point_wkb(111.69, 40.755);
  in_memory.site_layer = io::VectorLayer{"WGS 84", {site}};
  const ScreenResult a = run_screen(from_file, RunEnv{}), b = run_screen(in_memory, RunEnv{});
  EXPECT_EQ(b.site_ids, (std::vector<std::string>{"point"}));
  ASSERT_EQ(b.screenings.size(), 1u);
  ASSERT_EQ(b.screenings[0].touches.size(), a.screenings[0].touches.size());
  EXPECT_EQ(b.screenings[0].touches.size(), 2u);  // A's core zone and B's experimental zone
  EXPECT_EQ(b.verdicts, a.verdicts);
  EXPECT_EQ(screen_document(b, Lang::en).parts.at(0).second.rows.size(),
            screen_document(a, Lang::en).parts.at(0).second.rows.size());
  // Without the id field among its fields, a site is named by its feature id.
  in_memory.site_layer->features[0].fields.clear();
  in_memory.site_layer->features[0].fid = 7;
  EXPECT_EQ(run_screen(in_memory, RunEnv{}).site_ids, (std::vector<std::string>{"7"}));
}

TEST_F(LayerRuns, ScreeningOnlyTheKindsAskedFor) {
  ScreenRequest req;
  req.ws = ws_->path();
  req.sites = ws_->write("one_site.geojson",
                         collection({feature(R"({"id":"S1"})", box_geometry(111.68, 40.75, 111.72, 40.76))}));
  req.kinds = {"wetland"};
  req.distances = false;
  const ScreenResult r = run_screen(req, RunEnv{});
  EXPECT_EQ(r.protected_features, 0u);
  EXPECT_TRUE(r.screenings[0].touches.empty());
  EXPECT_FALSE(r.screenings[0].nearest);
  const auto notes = screen_notes(r, Lang::en);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0], "the workspace holds no protected features");
}

TEST_F(LayerRuns, ScreeningRefusesARepeatedSiteIdAndABadBuffer) {
  ScreenRequest req;
  req.ws = ws_->path();
  req.sites = ws_->write("twice.geojson",
                         collection({feature(R"({"id":"X"})", R"({"type":"Point","coordinates":[111.1,40.1]})"),
                                     feature(R"({"id":"Y"})", R"({"type":"Point","coordinates":[111.2,40.1]})"),
                                     feature(R"({"id":"X"})", R"({"type":"Point","coordinates":[111.3,40.1]})")}));
  try {
    run_screen(req, RunEnv{});
    FAIL() << "a repeated site id was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("feature 2: site id \"X\" repeats"), std::string::npos) << e.what();
  }
  req.buffer_m = -1;
  EXPECT_THROW(run_screen(req, RunEnv{}), UsageError);
}

}  // namespace
}  // namespace eb::app::runs
