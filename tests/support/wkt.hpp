// WKB from WKT through GEOS, for engine tests that build geometries by hand.
#pragma once

#include <geos_c.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/vector/geos_support.hpp"

namespace eb::test {

inline std::vector<std::uint8_t> wkb(const std::string& wkt) {
  engine::geos::Context ctx;
  GEOSWKTReader* r = GEOSWKTReader_create_r(ctx.handle());
  GEOSGeometry* g = GEOSWKTReader_read_r(ctx.handle(), r, wkt.c_str());
  GEOSWKTReader_destroy_r(ctx.handle(), r);
  EXPECT_NE(g, nullptr) << wkt;
  auto out = engine::geos::write_wkb(ctx.handle(), g);
  GEOSGeom_destroy_r(ctx.handle(), g);
  return out;
}

}  // namespace eb::test
