#include "engine/raster/rsei.hpp"

#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace eb::engine::raster {

RseiFit::RseiFit() : covariance_(kRseiLayers) {
  min_.fill(std::numeric_limits<double>::infinity());
  max_.fill(-std::numeric_limits<double>::infinity());
}

void RseiFit::add(const std::array<const double*, kRseiLayers>& layers, const std::uint8_t* use, std::size_t n) {
  for (std::size_t k = 0; k < layers.size(); ++k) {
    const double* x = layers[k];
    double lo = min_[k], hi = max_[k];
    for (std::size_t i = 0; i < n; ++i) {
      if (!use[i]) continue;
      lo = x[i] < lo ? x[i] : lo;
      hi = x[i] > hi ? x[i] : hi;
    }
    min_[k] = lo;
    max_[k] = hi;
  }
  covariance_.add(layers, use, n);
}

RseiModel RseiFit::model() const {
  static constexpr const char* kNames[] = {"NDVI", "WET", "LST", "NDBSI"};
  if (covariance_.count() < 2) throw std::invalid_argument("RSEI needs at least 2 valid cells");
  RseiModel m;
  m.cells = covariance_.count();
  m.min = min_;
  m.max = max_;
  for (std::size_t a = 0; a < kRseiLayers; ++a) {
    if (!(max_[a] - min_[a] > 0))
      throw std::invalid_argument(std::string(kNames[a]) +
                                  " is constant over the valid cells: it cannot be normalised");
  }
  // Covariance of the normalised layers: Σ_ab / (range_a range_b).
  std::vector<double> cov(kRseiLayers * kRseiLayers);
  for (std::size_t a = 0; a < kRseiLayers; ++a)
    for (std::size_t b = 0; b < kRseiLayers; ++b)
      cov[a * kRseiLayers + b] = covariance_.covariance(static_cast<int>(a), static_cast<int>(b)) /
                                 ((max_[a] - min_[a]) * (max_[b] - min_[b]));
  const EigenDecomposition e = symmetric_eigen(cov, kRseiLayers);
  double total = 0;
  for (std::size_t i = 0; i < kRseiLayers; ++i) {
    m.eigenvalues[i] = e.values[i];
    total += e.values[i];
  }
  const double sign = e.vectors[0][0] < 0 ? -1.0 : 1.0;  // orientation: NDVI loads positively
  for (std::size_t k = 0; k < kRseiLayers; ++k) m.loadings[k] = sign * e.vectors[0][k];
  m.pc1_share = total > 0 ? e.values[0] / total : 0;
  return m;
}

}  // namespace eb::engine::raster
