// Every vector reader refuses geometries that lie where their CRS cannot hold them: non-finite or ±1e308
// coordinates, latitude 100, features far outside the CRS's area of use (standards/plausibility.hpp).
#include <gtest/gtest.h>
#include <ogr_srs_api.h>

#include <fstream>
#include <string>

#include "core/error.hpp"
#include "io/admin_features.hpp"
#include "io/vector_features.hpp"
#include "io/vector_source.hpp"
#include "io/water_sections.hpp"
#include "io/zone_layer.hpp"
#include "support/test_paths.hpp"

namespace eb::io {

namespace {

std::string write(const test::TempPath& p, const std::string& text) {
  std::ofstream(p.str()) << text;
  return p.str();
}

std::string collection(const std::string& features, const std::string& crs = {}) {
  return R"({"type":"FeatureCollection",)" +
         (crs.empty() ? std::string() : R"("crs":{"type":"name","properties":{"name":")" + crs + R"("}},)") +
         R"("features":[)" + features + "]}";
}

std::string polygon(const std::string& props, double x0, double y0, double x1, double y1) {
  return R"({"type":"Feature","properties":)" + props + R"(,"geometry":{"type":"Polygon","coordinates":[[[)" +
         std::to_string(x0) + "," + std::to_string(y0) + "],[" + std::to_string(x1) + "," + std::to_string(y0) + "],[" +
         std::to_string(x1) + "," + std::to_string(y1) + "],[" + std::to_string(x0) + "," + std::to_string(y1) + "],[" +
         std::to_string(x0) + "," + std::to_string(y0) + "]]]}}";
}

// A polygon whose corners are ±1e308: it would contain every point of the globe.
const std::string kHuge =
    R"({"type":"Feature","properties":{"adcode":"150100","name":"X"},"geometry":{"type":"Polygon","coordinates":)"
    R"([[[-1e308,-1e308],[1e308,-1e308],[1e308,1e308],[-1e308,1e308],[-1e308,-1e308]]]}})";

template <class Fn>
std::string error_of(Fn&& fn) {
  try {
    fn();
  } catch (const InputError& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

TEST(ExtentCheck, EveryVectorReaderRefusesAPolygonOfHugeCoordinates) {
  const test::TempPath p("huge.geojson");
  const std::string path =
      write(p, collection(polygon(R"({"adcode":"150200","name":"Y"})", 111, 40, 112, 41) + "," + kHuge));
  const std::string features = error_of([&] { read_vector_features(path, {"name"}); });
  EXPECT_NE(features.find("huge.geojson: feature 1: longitude -1e+308 outside -180–180"), std::string::npos)
      << features;
  EXPECT_NE(features.find("data/standards/plausibility.csv"), std::string::npos) << features;
  const std::string admin = error_of([&] { read_admin_features(path); });
  EXPECT_NE(admin.find("feature 1 (code 150100): longitude -1e+308"), std::string::npos) << admin;
  const std::string zones = error_of([&] { read_zone_layer(path, "", {}); });
  EXPECT_NE(zones.find("feature 1: longitude -1e+308"), std::string::npos) << zones;
}

TEST(ExtentCheck, PointsOffTheGlobeAreRefusedWithTheFeature) {
  const test::TempPath p("sections.geojson");
  const std::string path =
      write(p, collection(R"({"type":"Feature","properties":{"code":"S1","name":"A","waterbody":"river"},)"
                          R"("geometry":{"type":"Point","coordinates":[111.6,40.8]}},)"
                          R"({"type":"Feature","properties":{"code":"S2","name":"B","waterbody":"river"},)"
                          R"("geometry":{"type":"Point","coordinates":[111.6,100]}})"));
  const std::string why = error_of([&] { read_water_sections_vector(path); });
  EXPECT_NE(why.find("feature 1: latitude 100 outside -90–90"), std::string::npos) << why;
  const std::string sites = error_of([&] { read_vector_features(path, {"code"}); });
  EXPECT_NE(sites.find("feature 1: latitude 100"), std::string::npos) << sites;
}

TEST(ExtentCheck, FeaturesFarOutsideTheAreaOfUseOfTheirCrsAreRefused) {
  // CGCS2000 (EPSG:4490) is used in China; a feature in the Atlantic was written in another CRS.
  const test::TempPath p("cgcs.geojson");
  const std::string path = write(p, collection(polygon(R"({"name":"ok"})", 111, 40, 112, 41) + "," +
                                                   polygon(R"({"name":"atlantic"})", -30, 40, -29, 41),
                                               "urn:ogc:def:crs:EPSG::4490"));
  const std::string why = error_of([&] { read_vector_features(path, {"name"}); });
  EXPECT_NE(why.find("feature 1: extent lon -30..-29"), std::string::npos) << why;
  EXPECT_NE(why.find("outside the area of use of China Geodetic Coordinate System 2000"), std::string::npos) << why;
}

TEST(ExtentCheck, AProvinceInOneUtmZoneIsAccepted) {
  // Inner Mongolia's west (Alxa, ~97.5°E) and east (~125°E) held in UTM zone 49N (108-114°E): within the margin.
  const test::TempPath p("utm.geojson");
  const std::string path =
      write(p, collection(polygon(R"({"name":"alxa"})", -470000, 4300000, -460000, 4310000) + "," +
                              polygon(R"({"name":"hulunbuir"})", 1550000, 5400000, 1560000, 5410000),
                          "urn:ogc:def:crs:EPSG::32649"));
  const VectorLayer layer = read_vector_features(path, {"name"});
  EXPECT_EQ(layer.features.size(), 2u);
  OGRSpatialReferenceH utm = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(utm, 32649);
  {
    const ExtentCheck check(utm);
    EXPECT_DOUBLE_EQ(check.area().west, 108);  // EPSG's area of use of the zone
    EXPECT_DOUBLE_EQ(check.area().east, 114);
  }
  OSRDestroySpatialReference(utm);
}

}  // namespace eb::io
