#include "engine/vector/map_projection.hpp"

#include <fmt/format.h>
#include <proj.h>

#include <cmath>
#include <numbers>

#include "core/error.hpp"

namespace eb::engine {

AlbersParameters albers_fitted_to(const LonLatExtent& e) {
  const double lat_range = e.max_lat - e.min_lat;
  AlbersParameters p;
  p.lon_0 = (e.min_lon + e.max_lon) / 2;
  p.lat_0 = (e.min_lat + e.max_lat) / 2;
  p.lat_1 = e.min_lat + lat_range / 6;
  p.lat_2 = e.max_lat - lat_range / 6;
  // A region (nearly) without height: PROJ needs two distinct standard parallels, so keep them a degree apart.
  if (p.lat_2 - p.lat_1 < 1) {
    p.lat_1 = p.lat_0 - 0.5;
    p.lat_2 = p.lat_0 + 0.5;
  }
  return p;
}

struct EqualAreaProjection::Impl {
  PJ_CONTEXT* ctx = nullptr;
  PJ* pj = nullptr;
};

EqualAreaProjection::EqualAreaProjection(const AlbersParameters& parameters)
    : impl_(std::make_unique<Impl>()), parameters_(parameters) {
  definition_ = fmt::format("+proj=aea +lat_0={:.4f} +lon_0={:.4f} +lat_1={:.4f} +lat_2={:.4f} +ellps=WGS84 +units=m",
                            parameters.lat_0, parameters.lon_0, parameters.lat_1, parameters.lat_2);
  impl_->ctx = proj_context_create();
  impl_->pj = proj_create(impl_->ctx, definition_.c_str());
  if (impl_->pj == nullptr) {
    proj_context_destroy(impl_->ctx);
    throw GeometryError("cannot set up the map projection " + definition_);
  }
}

EqualAreaProjection::~EqualAreaProjection() {
  if (impl_->pj) proj_destroy(impl_->pj);
  if (impl_->ctx) proj_context_destroy(impl_->ctx);
}

PlanePoint EqualAreaProjection::forward(double lon, double lat) const {
  const PJ_COORD c = proj_trans(impl_->pj, PJ_FWD, proj_coord(proj_torad(lon), proj_torad(lat), 0, 0));
  if (!std::isfinite(c.xy.x) || !std::isfinite(c.xy.y))
    throw GeometryError(fmt::format("the map projection cannot project lon {} lat {}", lon, lat));
  return {c.xy.x, c.xy.y};
}

double EqualAreaProjection::north_bearing_deg(double lon, double lat) const {
  // A short step north along the meridian, measured in the plane.
  const double step = lat < 89.99 ? 0.01 : -0.01;
  const PlanePoint a = forward(lon, lat), b = forward(lon, lat + step);
  const double dx = (b.first - a.first) * (step > 0 ? 1 : -1), dy = (b.second - a.second) * (step > 0 ? 1 : -1);
  return std::atan2(dx, dy) * 180 / std::numbers::pi;
}

}  // namespace eb::engine
