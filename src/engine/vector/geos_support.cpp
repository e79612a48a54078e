#include "engine/vector/geos_support.hpp"

#include "core/error.hpp"

namespace eb::engine::geos {

namespace {
void silent(const char*, ...) {}
}  // namespace

Context::Context() : h_(GEOS_init_r()) {
  GEOSContext_setNoticeHandler_r(h_, silent);
  GEOSContext_setErrorHandler_r(h_, silent);
}

Context::~Context() { GEOS_finish_r(h_); }

GEOSGeometry* read_wkb(GEOSContextHandle_t h, std::span<const std::uint8_t> wkb) {
  GEOSWKBReader* r = GEOSWKBReader_create_r(h);
  GEOSGeometry* g = GEOSWKBReader_read_r(h, r, wkb.data(), wkb.size());
  GEOSWKBReader_destroy_r(h, r);
  if (!g) throw GeometryError("unreadable WKB geometry");
  return g;
}

std::vector<std::uint8_t> write_wkb(GEOSContextHandle_t h, const GEOSGeometry* g) {
  GEOSWKBWriter* w = GEOSWKBWriter_create_r(h);
  GEOSWKBWriter_setByteOrder_r(h, w, GEOS_WKB_NDR);
  std::size_t n = 0;
  unsigned char* buf = GEOSWKBWriter_write_r(h, w, g, &n);
  GEOSWKBWriter_destroy_r(h, w);
  std::vector<std::uint8_t> out(buf, buf + n);
  GEOSFree_r(h, buf);
  return out;
}

}  // namespace eb::engine::geos
