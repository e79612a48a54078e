// GEOS plumbing shared by the vector engines (internal to src/engine/vector): a reentrant context whose
// handlers stay silent (failures surface as null returns, which callers check), WKB in and out, and an owning
// pointer for geometries.
#pragma once

#include <geos_c.h>

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace eb::engine::geos {

class Context {
 public:
  Context();
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  GEOSContextHandle_t handle() const { return h_; }

 private:
  GEOSContextHandle_t h_;
};

// Owns a GEOS geometry of the context it was made in.
struct GeometryDeleter {
  GEOSContextHandle_t h = nullptr;
  void operator()(GEOSGeometry* g) const {
    if (g) GEOSGeom_destroy_r(h, g);
  }
};
using Geometry = std::unique_ptr<GEOSGeometry, GeometryDeleter>;
inline Geometry own(GEOSContextHandle_t h, GEOSGeometry* g) { return Geometry(g, GeometryDeleter{h}); }

// Throws GeometryError for WKB GEOS cannot read.
GEOSGeometry* read_wkb(GEOSContextHandle_t h, std::span<const std::uint8_t> wkb);
std::vector<std::uint8_t> write_wkb(GEOSContextHandle_t h, const GEOSGeometry* g);

}  // namespace eb::engine::geos
