#include <gtest/gtest.h>

#include <cstring>

#include "core/error.hpp"
#include "store/gpkg.hpp"

namespace eb::store {

TEST(Gpkg, PointBlobHasNoEnvelopeAndRoundTrips) {
  const auto wkb = point_wkb(111.5, 40.75);
  const auto blob = to_gpkg_blob(wkb);
  EXPECT_EQ(blob[0], 'G');
  EXPECT_EQ(blob[1], 'P');
  EXPECT_EQ(blob[3], 0x01);  // little-endian, no envelope
  std::int32_t srs;
  std::memcpy(&srs, &blob[4], 4);
  EXPECT_EQ(srs, 4326);
  const auto inner = wkb_of(blob);
  EXPECT_TRUE(std::equal(inner.begin(), inner.end(), wkb.begin(), wkb.end()));
  const Envelope e = wkb_envelope(wkb);
  EXPECT_EQ(e.min_x, 111.5);
  EXPECT_EQ(e.max_y, 40.75);
}

TEST(Gpkg, BigEndianAndZGeometriesHaveEnvelopes) {
  // LineString Z, big-endian: (1 2 3), (4 -5 6)
  std::vector<std::uint8_t> w{0, 0, 0, 0x03, 0xEA, 0, 0, 0, 2};  // type 1002
  auto be = [&](double d) {
    std::uint8_t b[8];
    std::memcpy(b, &d, 8);
    for (int i = 7; i >= 0; --i) w.push_back(b[i]);
  };
  for (double d : {1.0, 2.0, 3.0, 4.0, -5.0, 6.0}) be(d);
  const Envelope e = wkb_envelope(w);
  EXPECT_EQ(e.min_x, 1);
  EXPECT_EQ(e.max_x, 4);
  EXPECT_EQ(e.min_y, -5);
  EXPECT_EQ(e.max_y, 2);
  const auto blob = to_gpkg_blob(w);
  EXPECT_EQ(blob[3], 0x03);  // envelope [minx, maxx, miny, maxy]
  EXPECT_EQ(blob.size(), 8 + 32 + w.size());
}

TEST(Gpkg, TruncatedWkbIsRefused) {
  auto w = point_wkb(1, 2);
  w.resize(12);
  EXPECT_THROW(wkb_envelope(w), StoreError);
}

}  // namespace eb::store
