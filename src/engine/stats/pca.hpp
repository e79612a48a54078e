// Principal components of a few variables over very many observations (raster cells): a covariance matrix
// accumulated in batches (each batch centred on its own mean, batches merged with Chan's formula, so 10^9 cells
// lose no precision to cancellation) and the eigen-decomposition of the symmetric matrix by cyclic Jacobi rotations.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace eb::engine {

class CovarianceAccumulator {
 public:
  explicit CovarianceAccumulator(int variables);

  // One batch of `n` observations: columns[v][i] is variable v of observation i, counted where use[i] != 0.
  void add(std::span<const double* const> columns, const std::uint8_t* use, std::size_t n);
  void merge(const CovarianceAccumulator& other);

  int variables() const { return k_; }
  std::int64_t count() const { return n_; }
  double mean(int v) const { return mean_[static_cast<std::size_t>(v)]; }
  // Population covariance (divides by n); PCA's loadings and shares do not depend on n or n - 1.
  double covariance(int a, int b) const;
  std::vector<double> covariance_matrix() const;  // row-major k x k

 private:
  void merge(std::int64_t n, const std::vector<double>& mean, const std::vector<double>& comoment);
  int k_;
  std::int64_t n_ = 0;
  std::vector<double> mean_;
  std::vector<double> comoment_;  // Σ (x_a - mean_a)(x_b - mean_b), row-major k x k
  std::vector<double> batch_mean_, batch_comoment_;
};

struct EigenDecomposition {
  std::vector<double> values;                // descending
  std::vector<std::vector<double>> vectors;  // vectors[i] is the unit eigenvector of values[i]
};

// Eigenvalues and eigenvectors of the symmetric k x k matrix `a` (row-major), by cyclic Jacobi rotations to
// machine precision. Throws std::invalid_argument if `a` is not square and symmetric.
EigenDecomposition symmetric_eigen(std::span<const double> a, int k);

}  // namespace eb::engine
