#include "engine/stats/pca.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace eb::engine {

CovarianceAccumulator::CovarianceAccumulator(int variables)
    : k_(variables),
      mean_(static_cast<std::size_t>(variables)),
      comoment_(static_cast<std::size_t>(variables * variables)) {
  if (variables < 1) throw std::invalid_argument("CovarianceAccumulator: at least one variable");
}

void CovarianceAccumulator::add(std::span<const double* const> columns, const std::uint8_t* use, std::size_t n) {
  const auto k = static_cast<std::size_t>(k_);
  if (columns.size() != k) throw std::invalid_argument("CovarianceAccumulator::add: one column per variable");
  // Two passes over the batch (it is in memory): its mean, then co-moments about that mean.
  batch_mean_.assign(k, 0.0);
  batch_comoment_.assign(k * k, 0.0);
  std::int64_t m = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!use[i]) continue;
    ++m;
    for (std::size_t v = 0; v < k; ++v) batch_mean_[v] += columns[v][i];
  }
  if (m == 0) return;
  for (double& x : batch_mean_) x /= static_cast<double>(m);
  for (std::size_t a = 0; a < k; ++a) {
    const double* xa = columns[a];
    const double ma = batch_mean_[a];
    for (std::size_t b = a; b < k; ++b) {
      const double* xb = columns[b];
      const double mb = batch_mean_[b];
      double s = 0;
      for (std::size_t i = 0; i < n; ++i) s += use[i] ? (xa[i] - ma) * (xb[i] - mb) : 0.0;
      batch_comoment_[a * k + b] = batch_comoment_[b * k + a] = s;
    }
  }
  merge(m, batch_mean_, batch_comoment_);
}

void CovarianceAccumulator::merge(const CovarianceAccumulator& other) {
  if (other.k_ != k_) throw std::invalid_argument("CovarianceAccumulator::merge: different variable counts");
  if (other.n_ > 0) merge(other.n_, other.mean_, other.comoment_);
}

void CovarianceAccumulator::merge(std::int64_t n, const std::vector<double>& mean,
                                  const std::vector<double>& comoment) {
  const auto k = static_cast<std::size_t>(k_);
  const double na = static_cast<double>(n_), nb = static_cast<double>(n), total = na + nb;
  // Chan, Golub and LeVeque: C = C_a + C_b + δ δᵀ n_a n_b / n.
  std::vector<double> delta(k);
  for (std::size_t v = 0; v < k; ++v) delta[v] = mean[v] - mean_[v];
  for (std::size_t a = 0; a < k; ++a)
    for (std::size_t b = 0; b < k; ++b)
      comoment_[a * k + b] += comoment[a * k + b] + delta[a] * delta[b] * na * nb / total;
  for (std::size_t v = 0; v < k; ++v) mean_[v] += delta[v] * nb / total;
  n_ += n;
}

double CovarianceAccumulator::covariance(int a, int b) const {
  if (n_ == 0) return std::nan("");
  return comoment_[static_cast<std::size_t>(a * k_ + b)] / static_cast<double>(n_);
}

std::vector<double> CovarianceAccumulator::covariance_matrix() const {
  std::vector<double> out(comoment_.size());
  for (int a = 0; a < k_; ++a)
    for (int b = 0; b < k_; ++b) out[static_cast<std::size_t>(a * k_ + b)] = covariance(a, b);
  return out;
}

EigenDecomposition symmetric_eigen(std::span<const double> input, int k) {
  const auto n = static_cast<std::size_t>(k);
  if (k < 1 || input.size() != n * n) throw std::invalid_argument("symmetric_eigen: not a k x k matrix");
  std::vector<double> a(input.begin(), input.end());
  double scale = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      scale = std::max(scale, std::abs(a[i * n + j]));
      if (std::abs(a[i * n + j] - a[j * n + i]) > 1e-12 * std::max(1.0, std::abs(a[i * n + j])))
        throw std::invalid_argument("symmetric_eigen: matrix is not symmetric");
    }
  std::vector<double> v(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) v[i * n + i] = 1;
  // Cyclic Jacobi: each rotation zeroes one off-diagonal pair; sweeps until the off-diagonal mass is negligible.
  for (int sweep = 0; sweep < 100; ++sweep) {
    double off = 0;
    for (std::size_t p = 0; p < n; ++p)
      for (std::size_t q = p + 1; q < n; ++q) off += a[p * n + q] * a[p * n + q];
    if (off <= 1e-30 * scale * scale || off == 0) break;
    for (std::size_t p = 0; p < n; ++p) {
      for (std::size_t q = p + 1; q < n; ++q) {
        const double apq = a[p * n + q];
        if (apq == 0) continue;
        const double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1));
        const double c = 1 / std::sqrt(t * t + 1), s = t * c;
        for (std::size_t r = 0; r < n; ++r) {  // A <- A J (columns p, q)
          const double arp = a[r * n + p], arq = a[r * n + q];
          a[r * n + p] = c * arp - s * arq;
          a[r * n + q] = s * arp + c * arq;
        }
        for (std::size_t r = 0; r < n; ++r) {  // A <- Jᵀ A (rows p, q)
          const double apr = a[p * n + r], aqr = a[q * n + r];
          a[p * n + r] = c * apr - s * aqr;
          a[q * n + r] = s * apr + c * aqr;
        }
        for (std::size_t r = 0; r < n; ++r) {  // V <- V J
          const double vrp = v[r * n + p], vrq = v[r * n + q];
          v[r * n + p] = c * vrp - s * vrq;
          v[r * n + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return a[x * n + x] > a[y * n + y]; });
  EigenDecomposition out;
  for (std::size_t i : order) {
    out.values.push_back(a[i * n + i]);
    std::vector<double> vec(n);
    for (std::size_t r = 0; r < n; ++r) vec[r] = v[r * n + i];
    out.vectors.push_back(std::move(vec));
  }
  return out;
}

}  // namespace eb::engine
