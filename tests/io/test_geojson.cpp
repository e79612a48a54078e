// GeoJSON geometries in and out: what a client submits (a project's outline, a patrol's track) becomes WKB only
// when its type is the one asked for and every coordinate and part makes sense; WKB back to GeoJSON.
#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "io/geojson.hpp"

namespace eb::io {
namespace {

const std::vector<std::string_view> kLines = {"LineString", "MultiLineString"};

// The InputError's message for `geometry`, or "(accepted)".
std::string refusal(const std::string& geometry, const std::vector<std::string_view>& types = kLines) {
  try {
    wkb_from_geojson(geometry, types);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(GeoJson, LinesBecomeWkbAndBack) {
  const auto wkb = wkb_from_geojson(R"({"type":"LineString","coordinates":[[111.7,40.8],[111.72,40.81]]})", kLines);
  // ISO WKB, little-endian: byte order 1, type 2 (LineString), 2 points of 2 doubles.
  ASSERT_EQ(wkb.size(), 1u + 4 + 4 + 2 * 16);
  EXPECT_EQ(wkb[0], 1);
  EXPECT_EQ(wkb[1], 2);
  EXPECT_EQ(geojson_geometry(wkb),
            R"({ "type": "LineString", "coordinates": [ [ 111.7, 40.8 ], [ 111.72, 40.81 ] ] })");
  // A third coordinate (height) is dropped: the workspace keeps 2D lon/lat.
  const auto flat = wkb_from_geojson(
      R"({"type":"MultiLineString","coordinates":[[[111.7,40.8,1000],[111.72,40.81,1010]],[[111.8,40.9],[111.9,41]]]})",
      kLines);
  EXPECT_EQ(flat[1], 5);  // MultiLineString, not 1005
}

TEST(GeoJson, RefusesWhatIsNoUsableGeometry) {
  EXPECT_NE(refusal("along the river").find("not a GeoJSON geometry"), std::string::npos);
  EXPECT_NE(refusal(R"({"type":"Point","coordinates":[111.7,40.8]})").find("not POINT"), std::string::npos)
      << refusal(R"({"type":"Point","coordinates":[111.7,40.8]})");
  EXPECT_NE(refusal(R"({"type":"LineString","coordinates":[[111.7,40.8]]})").find("a line of 1 point"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"type":"LineString","coordinates":[[111.7,40.8],[181,40.8]]})").find("not a longitude"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"type":"MultiLineString","coordinates":[[[1,2],[3,4]],[[1,95],[3,4]]]})").find("latitude"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]})", {"Polygon"}).find("a ring of 3"),
            std::string::npos);
  EXPECT_EQ(refusal(R"({"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]})", {"Polygon"}), "(accepted)");
}

}  // namespace
}  // namespace eb::io
