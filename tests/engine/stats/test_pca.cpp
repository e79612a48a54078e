#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <random>
#include <vector>

#include "engine/stats/pca.hpp"

namespace eb::engine {
namespace {

TEST(Pca, CovarianceOfBatchesEqualsOneBatch) {
  std::mt19937 rng(7);
  std::normal_distribution<double> g(0, 1);
  const std::size_t n = 1000;
  std::vector<double> x(n), y(n);
  std::vector<std::uint8_t> use(n, 1);
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = 1e6 + g(rng);  // a large offset: naive Σx² - n mean² would lose most digits here
    y[i] = 2 * x[i] + g(rng);
    use[i] = i % 7 != 0;
  }
  CovarianceAccumulator whole(2), parts(2), other(2);
  whole.add(std::array<const double*, 2>{x.data(), y.data()}, use.data(), n);
  parts.add(std::array<const double*, 2>{x.data(), y.data()}, use.data(), 300);
  other.add(std::array<const double*, 2>{x.data() + 300, y.data() + 300}, use.data() + 300, n - 300);
  parts.merge(other);
  // The direct two-pass definition.
  double mx = 0, my = 0, m = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (use[i]) mx += x[i], my += y[i], ++m;
  mx /= m;
  my /= m;
  double cxx = 0, cxy = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (use[i]) cxx += (x[i] - mx) * (x[i] - mx), cxy += (x[i] - mx) * (y[i] - my);
  EXPECT_EQ(whole.count(), static_cast<std::int64_t>(m));
  EXPECT_EQ(parts.count(), whole.count());
  EXPECT_NEAR(whole.covariance(0, 0), cxx / m, 1e-9);
  EXPECT_NEAR(parts.covariance(0, 0), cxx / m, 1e-9);
  EXPECT_NEAR(parts.covariance(0, 1), cxy / m, 1e-9);
  EXPECT_NEAR(parts.covariance(1, 0), parts.covariance(0, 1), 0);
  EXPECT_NEAR(parts.mean(0), mx, 1e-8);  // a few ulps of 1e6
}

TEST(Pca, JacobiRecoversAKnownDecomposition) {
  // A = Q diag(5, 2, 1) Qᵀ for a rotation Q; the eigenvectors come back up to sign.
  const double c = std::cos(0.3), s = std::sin(0.3);
  const std::array<std::array<double, 3>, 3> q = {{{c, -s, 0}, {s, c, 0}, {0, 0, 1}}};
  const std::array<double, 3> lambda = {5, 2, 1};
  std::vector<double> a(9, 0.0);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) a[static_cast<std::size_t>(i * 3 + j)] += q[i][k] * lambda[k] * q[j][k];
  const EigenDecomposition e = symmetric_eigen(a, 3);
  ASSERT_EQ(e.values.size(), 3u);
  EXPECT_NEAR(e.values[0], 5, 1e-12);
  EXPECT_NEAR(e.values[1], 2, 1e-12);
  EXPECT_NEAR(e.values[2], 1, 1e-12);
  for (int k = 0; k < 3; ++k) {
    double dot = 0;
    for (int i = 0; i < 3; ++i) dot += e.vectors[static_cast<std::size_t>(k)][static_cast<std::size_t>(i)] * q[i][k];
    EXPECT_NEAR(std::abs(dot), 1, 1e-12) << k;
  }
}

TEST(Pca, RejectsAsymmetricMatrices) {
  EXPECT_THROW(symmetric_eigen(std::vector<double>{1, 2, 3, 4}, 2), std::invalid_argument);
  EXPECT_THROW(symmetric_eigen(std::vector<double>{1, 2, 3}, 2), std::invalid_argument);
}

}  // namespace
}  // namespace eb::engine
