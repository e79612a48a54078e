// The Remote Sensing Ecological Index (Xu Hanqiu 2013; STANDARDS.md 6.3) over rasters: the four indicators
// (greenness NDVI, wetness WET, heat LST, dryness NDBSI) are min-max normalised over the valid cells, PC1 of their
// covariance matrix is oriented so that NDVI loads positively, and RSEI is PC1 min-max normalised to 0..1.
//
// Min-max normalisation is affine per layer, so the covariance of the normalised layers is D Σ D with
// D = diag(1 / range) and Σ the covariance of the raw layers: one streaming pass gives the ranges and Σ together.
// A second pass finds PC1's range, a third writes RSEI.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "engine/stats/pca.hpp"

namespace eb::engine::raster {

inline constexpr int kRseiLayers = 4;  // NDVI, WET, LST, NDBSI, in this order everywhere

struct RseiModel {
  std::array<double, kRseiLayers> min{}, max{};   // of each raw layer over the cells used
  std::array<double, kRseiLayers> loadings{};     // PC1 of the normalised layers, NDVI loading > 0
  std::array<double, kRseiLayers> eigenvalues{};  // descending
  double pc1_share = 0;                           // PC1's contribution: λ1 / Σλ
  std::int64_t cells = 0;

  double normalised(int layer, double v) const {
    const auto l = static_cast<std::size_t>(layer);
    return (v - min[l]) / (max[l] - min[l]);
  }
  // PC1 (uncentred projection of the normalised layers on the oriented loadings): Xu's RSEI0 up to an offset,
  // which the final min-max normalisation removes.
  double pc1(const std::array<double, kRseiLayers>& raw) const {
    double s = 0;
    for (int k = 0; k < kRseiLayers; ++k)
      s += loadings[static_cast<std::size_t>(k)] * normalised(k, raw[static_cast<std::size_t>(k)]);
    return s;
  }
};

// Pass 1: ranges and covariance of the four raw layers over the cells with use[i] != 0.
class RseiFit {
 public:
  RseiFit();
  void add(const std::array<const double*, kRseiLayers>& layers, const std::uint8_t* use, std::size_t n);
  std::int64_t cells() const { return covariance_.count(); }
  // Throws std::invalid_argument when fewer than 2 cells were used or a layer is constant (nothing to normalise).
  RseiModel model() const;

 private:
  std::array<double, kRseiLayers> min_, max_;
  CovarianceAccumulator covariance_;
};

// Pass 2 and 3: RSEI from PC1 and PC1's range over the same cells.
inline double rsei(double pc1, double pc1_min, double pc1_max) { return (pc1 - pc1_min) / (pc1_max - pc1_min); }

}  // namespace eb::engine::raster
