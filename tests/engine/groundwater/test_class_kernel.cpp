#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

#include "core/csv.hpp"
#include "engine/groundwater/class_kernel.hpp"
#include "standards/gb14848.hpp"
#include "support/golden.hpp"

namespace eb::engine::groundwater {

// The kernel gives standards::groundwater_item_class for every golden vector (every limit, at, below, above),
// through the SSE2 blocks and the scalar tail alike (each column padded to more than 16 values).
TEST(GroundwaterClassKernel, GoldenVectors) {
  std::map<std::string, std::vector<std::pair<double, std::string>>> by_item;
  for (const auto& r : test::read_golden("gb14848_class.csv"))
    by_item[r.at("item")].emplace_back(parse_number(r.at("value")).value(), r.at("expected_class"));
  ASSERT_EQ(by_item.size(), standards::groundwater_items().size());
  for (const auto& [item, cases] : by_item) {
    std::vector<double> values;
    for (int rep = 0; rep < 3; ++rep)
      for (const auto& c : cases) values.push_back(c.first);
    values.push_back(std::nan(""));
    std::vector<std::uint8_t> classes(values.size(), 9);
    ClassKernel(item).classify(values, classes);
    for (std::size_t i = 0; i + 1 < values.size(); ++i)
      EXPECT_EQ(standards::groundwater_class_name(classes[i]), cases[i % cases.size()].second)
          << item << " " << values[i];
    EXPECT_EQ(classes.back(), 0) << item;
  }
}

// Random decimals of 1 to 6 places around every item's limits: the kernel and the standard agree, and the fused
// sample class is the worst item class.
TEST(GroundwaterClassKernel, RandomDecimalsAndSampleClasses) {
  std::mt19937_64 rng(14848);
  const auto& items = standards::groundwater_items();
  const std::size_t n = 1003;
  std::vector<ClassKernel> kernels;
  std::vector<std::vector<double>> columns;
  for (const auto& item : items) {
    kernels.emplace_back(item.code);
    std::vector<double> col(n);
    const auto lim = standards::groundwater_limits(item.code).value();
    const double scale = std::isfinite(lim.limit[3]) && lim.limit[3] > 0 ? lim.limit[3] * 1.5 : 10.0;
    for (auto& v : col) {
      const int places = static_cast<int>(rng() % 6) + 1;
      const double p = std::pow(10.0, places);
      const double raw = std::uniform_real_distribution<double>(0, scale)(rng);
      v = (rng() % 50 == 0) ? std::nan("") : parse_number(std::to_string(std::round(raw * p) / p)).value();
    }
    std::vector<std::uint8_t> classes(n);
    kernels.back().classify(col, classes);
    for (std::size_t i = 0; i < n; ++i) {
      const auto want = standards::groundwater_item_class(item.code, col[i]);
      ASSERT_EQ(classes[i], want.value_or(0)) << item.code << " " << col[i];
    }
    columns.push_back(std::move(col));
  }
  std::vector<const double*> ptr;
  for (const auto& c : columns) ptr.push_back(c.data());
  std::vector<std::uint8_t> worst(n, 99);
  ClassKernel::sample_classes(kernels, ptr, n, worst);
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<standards::GroundwaterValue> values;
    for (std::size_t k = 0; k < items.size(); ++k)
      if (!std::isnan(columns[k][i])) values.push_back({items[k].code, columns[k][i]});
    ASSERT_EQ(worst[i], standards::classify_groundwater_sample(values).cls) << i;
  }
  EXPECT_THROW(ClassKernel("no such item"), std::out_of_range);
}

}  // namespace eb::engine::groundwater
