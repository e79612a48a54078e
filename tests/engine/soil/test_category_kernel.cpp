// The category kernel gives exactly standards::classify_farmland_sample's category: on the golden vectors (at,
// just below and just above every limit) and on seeded random decimal samples, under both item rules.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "core/csv.hpp"
#include "engine/soil/category_kernel.hpp"
#include "support/golden.hpp"

namespace eb::engine::soil {
namespace {

using standards::CategoryItems;
using standards::FarmlandUse;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::string> all_items() {
  std::vector<std::string> out;
  for (const auto& i : standards::farmland_items()) out.push_back(i.code);
  return out;
}

struct Columns {
  std::vector<double> ph;
  std::vector<std::uint8_t> use;
  std::vector<std::vector<double>> values;  // per item
  std::vector<const double*> pointers() const {
    std::vector<const double*> p;
    for (const auto& v : values) p.push_back(v.data());
    return p;
  }
};

TEST(CategoryKernel, GoldenThresholds) {
  const auto items = all_items();
  const auto rows = test::read_golden("gb15618_thresholds.csv");
  Columns c;
  c.values.assign(items.size(), {});
  for (const auto& r : rows) {
    c.ph.push_back(*parse_number(r.at("ph")));
    c.use.push_back(static_cast<std::uint8_t>(*standards::parse_farmland_use(r.at("land_use"))));
    for (std::size_t k = 0; k < items.size(); ++k)
      c.values[k].push_back(items[k] == r.at("item") ? *parse_number(r.at("value")) : kNaN);
  }
  std::vector<std::uint8_t> out(rows.size(), 9);
  CategoryKernel(items, CategoryItems::all).classify(c.ph.data(), c.use.data(), c.pointers(), rows.size(), out.data());
  for (std::size_t i = 0; i < rows.size(); ++i)
    EXPECT_EQ(standards::farmland_category_code(static_cast<standards::FarmlandCategory>(out[i])),
              rows[i].at("expected_category"))
        << rows[i].at("case");
}

TEST(CategoryKernel, SameAsTheStandardOnRandomDecimalSamples) {
  const std::vector<std::string> items = {"Cd", "Hg", "As", "Pb", "Cr", "Cu", "Ni", "Zn"};
  const std::vector<double> typical = {0.4, 0.8, 30, 100, 200, 60, 70, 200};
  std::mt19937_64 rng(15618);
  std::lognormal_distribution<double> spread(0.0, 0.9);
  std::uniform_int_distribution<int> pick(0, 99), use_of(0, 3);
  const std::size_t n = 20011;  // not a multiple of the kernel's block
  Columns c;
  c.values.assign(items.size(), {});
  std::vector<std::vector<standards::SoilValue>> samples(n);
  for (std::size_t i = 0; i < n; ++i) {
    c.ph.push_back(std::round((4.5 + 5.0 * (pick(rng) / 99.0)) * 10) / 10);  // one decimal, hits 5.5, 6.5, 7.5
    c.use.push_back(static_cast<std::uint8_t>(use_of(rng)));
    for (std::size_t k = 0; k < items.size(); ++k) {
      const int p = pick(rng);
      // Three decimals as text, parsed like a file's value.
      const double v = *parse_number(std::to_string(std::round(typical[k] * spread(rng) * 1000) / 1000));
      if (p < 3) {
        c.values[k].push_back(kNaN);  // not measured
      } else if (p < 6) {
        c.values[k].push_back(-v);  // below detection, limit v
        samples[i].push_back({items[k], v, true});
      } else if (p < 12) {  // exactly on a limit
        const double lim = *standards::screening_value(items[k], static_cast<FarmlandUse>(c.use.back()),
                                                       standards::ph_band(c.ph.back()));
        c.values[k].push_back(lim);
        samples[i].push_back({items[k], lim, false});
      } else {
        c.values[k].push_back(v);
        samples[i].push_back({items[k], v, false});
      }
    }
  }
  for (const auto rule : {CategoryItems::all, CategoryItems::control_only}) {
    std::vector<std::uint8_t> out(n, 9);
    CategoryKernel(items, rule).classify(c.ph.data(), c.use.data(), c.pointers(), n, out.data());
    std::array<int, 4> seen{};
    for (std::size_t i = 0; i < n; ++i) {
      const auto expected =
          standards::classify_farmland_sample(c.ph[i], static_cast<FarmlandUse>(c.use[i]), samples[i], rule).category;
      ASSERT_EQ(out[i], static_cast<std::uint8_t>(expected)) << "sample " << i;
      ++seen[out[i]];
    }
    for (int cat = 1; cat <= 3; ++cat) EXPECT_GT(seen[static_cast<std::size_t>(cat)], 50) << cat;
  }
}

TEST(CategoryKernel, NoValueIsZeroAndUnknownItemsAreRefused) {
  const std::vector<std::string> items = {"Cd"};
  const double ph = 7.0, v = kNaN;
  const std::uint8_t use = 0;
  const double* col = &v;
  std::uint8_t out = 9;
  CategoryKernel(items).classify(&ph, &use, std::span(&col, 1), 1, &out);
  EXPECT_EQ(out, 0);
  const std::vector<std::string> bad = {"Fe"};
  EXPECT_THROW(CategoryKernel{bad}, std::out_of_range);
}

}  // namespace
}  // namespace eb::engine::soil
