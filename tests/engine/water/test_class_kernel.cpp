#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "engine/water/class_kernel.hpp"

namespace eb::engine::water {

// The column kernel against the standard's own classification on every item, at and around every limit.
TEST(ClassKernel, EqualsTheStandardAtAndAroundEveryLimit) {
  for (const auto wb : {standards::Waterbody::river, standards::Waterbody::lake}) {
    for (const auto& item : standards::water_items()) {
      const auto limits = standards::item_limits(item.code, wb);
      ASSERT_TRUE(limits);
      std::vector<double> values{0, std::numeric_limits<double>::quiet_NaN(), 14, 1e6};
      for (double l : limits->limit)
        for (double f : {0.5, 0.999999, 1.0, 1.000001, 2.0}) values.push_back(l * f);
      for (double v : {5.99, 6.0, 7.0, 9.0, 9.01}) values.push_back(v);
      std::vector<std::uint8_t> classes(values.size());
      ClassKernel(item.code, wb).classify(values, classes);
      for (std::size_t i = 0; i < values.size(); ++i) {
        const int expected = std::isnan(values[i]) ? 0 : *standards::item_class(item.code, values[i], wb);
        EXPECT_EQ(classes[i], expected) << item.code << " " << values[i];
      }
    }
  }
}

TEST(ClassKernel, RunningMaximumIsTheSectionClass) {
  const std::vector<double> nh3n{0.1, 1.2, std::numeric_limits<double>::quiet_NaN()};
  const std::vector<double> tp{0.3, 0.01, 0.5};
  std::vector<std::uint8_t> section(3, 0);
  ClassKernel("NH3N", standards::Waterbody::river).classify_max(nh3n, section);
  ClassKernel("TP", standards::Waterbody::river).classify_max(tp, section);
  EXPECT_EQ(section, (std::vector<std::uint8_t>{4, 4, 6}));
}

TEST(ClassKernel, SectionClassesOverItemsEqualTheItemByItemMaximum) {
  std::uint64_t x = 12345;
  auto next = [&] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return static_cast<double>(x % 100000) / 1000.0;  // 0 .. 100
  };
  const std::vector<std::string> items{"pH", "DO", "NH3N", "TP", "COD"};
  const std::size_t n = 1000 + 7;  // a tail after the 16-value blocks
  std::vector<std::vector<double>> cols(items.size(), std::vector<double>(n));
  for (std::size_t k = 0; k < items.size(); ++k)
    for (std::size_t i = 0; i < n; ++i) {
      cols[k][i] = next() / (k == 3 ? 100 : k == 0 ? 8 : 1);
      if (i % 97 == k) cols[k][i] = std::numeric_limits<double>::quiet_NaN();
    }
  std::vector<ClassKernel> kernels;
  std::vector<const double*> ptrs;
  for (std::size_t k = 0; k < items.size(); ++k) {
    kernels.emplace_back(items[k], standards::Waterbody::lake);
    ptrs.push_back(cols[k].data());
  }
  std::vector<std::uint8_t> fused(n), by_item(n, 0);
  ClassKernel::section_classes(kernels, ptrs, n, fused);
  for (std::size_t k = 0; k < items.size(); ++k) kernels[k].classify_max(cols[k], by_item);
  EXPECT_EQ(fused, by_item);
  for (std::size_t i = 0; i < n; ++i) {
    int expected = 0;
    for (std::size_t k = 0; k < items.size(); ++k)
      if (!std::isnan(cols[k][i]))
        expected = std::max(expected, *standards::item_class(items[k], cols[k][i], standards::Waterbody::lake));
    ASSERT_EQ(fused[i], expected) << i;
  }
}

}  // namespace eb::engine::water
