#include "engine/raster/zonal.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <optional>

#include "core/error.hpp"
#include "engine/raster/zone_traversal.hpp"

namespace eb::engine::raster {

int zonal_leaf_rows(const ZonalOptions& options, int block_rows) {
  if (options.leaf_rows > 0) return options.leaf_rows;
  // At least 256 rows: a zone's leaf sums stay few (a distributed job ships them), and the extra fold per leaf
  // is nothing next to summing 256 rows of cells.
  constexpr int kMinLeafRows = 256;
  block_rows = std::max(1, block_rows);
  return block_rows * ((kMinLeafRows + block_rows - 1) / block_rows);
}

void ZonalState::merge(ZonalState&& later) {
  if (later.empty()) return;
  if (empty()) {
    weight = later.weight;
    sum = later.sum;
    mean = later.mean;
    m2 = later.m2;
  } else {
    // Chan, Golub & LeVeque (1979): combine (weight, mean, M2) of two parts.
    const double total = weight + later.weight;
    const double delta = later.mean - mean;
    mean += delta * (later.weight / total);
    m2 += later.m2 + delta * delta * (weight * later.weight / total);
    weight = total;
    sum += later.sum;
  }
  min = std::min(min, later.min);
  max = std::max(max, later.max);
  cells += later.cells;
  area += later.area;
  area_sum += later.area_sum;
  // Per-class sums are plain sums per value: they come out the same whatever order the values are visited in.
  if (classes.empty()) {
    classes = std::move(later.classes);
  } else {
    for (const auto& [value, sums] : later.classes) {
      ClassSums& c = classes[value];
      c.weight += sums.weight;
      c.area += sums.area;
    }
  }
  if (values.empty()) {
    values = std::move(later.values);
  } else {
    values.insert(values.end(), later.values.begin(), later.values.end());
  }
}

void ZonalState::add_run(const double* run_values, const std::uint8_t* valid, const double* fractions, int n,
                         double area_m2, const ZonalTracking& tracking) {
  // Fully covered runs have no fractions: the constant 1 lets the compiler drop the weight from the loops.
  if (fractions == nullptr) {
    accumulate(run_values, valid, n, area_m2, tracking, [](int) { return 1.0; });
  } else {
    accumulate(run_values, valid, n, area_m2, tracking, [fractions](int i) { return fractions[i]; });
  }
}

template <class Fraction>
void ZonalState::accumulate(const double* run_values, const std::uint8_t* valid, int n, double area_m2,
                            const ZonalTracking& tracking, Fraction fraction) {
  ZonalState run;
  double w = 0, s = 0, lo = run.min, hi = run.max;
  std::int64_t run_cells = 0;
  for (int i = 0; i < n; ++i) {
    const double f = fraction(i);
    if (!valid[i] || !(f > 0)) continue;
    const double x = run_values[i];
    w += f;
    s += f * x;
    lo = std::min(lo, x);
    hi = std::max(hi, x);
    ++run_cells;
  }
  if (run_cells == 0) return;
  const double run_mean = s / w;
  double run_m2 = 0;
  for (int i = 0; i < n; ++i) {
    const double f = fraction(i);
    if (!valid[i] || !(f > 0)) continue;
    const double d = run_values[i] - run_mean;
    run_m2 += f * d * d;
    if (tracking.categorical) {
      ClassSums& c = classes[run_values[i]];
      c.weight += f;
      c.area += f * area_m2;
    }
    if (tracking.keep_values) values.push_back({run_values[i], f});
  }
  run.weight = w;
  run.sum = s;
  run.mean = run_mean;
  run.m2 = run_m2;
  run.min = lo;
  run.max = hi;
  run.cells = run_cells;
  if (tracking.with_area) {
    run.area = w * area_m2;
    run.area_sum = s * area_m2;
  }
  merge(std::move(run));
}

ZonalStats ZonalState::result(const ZonalTracking& tracking, const std::vector<double>& quantiles) {
  ZonalStats s;
  s.cells = cells;
  s.count = weight;
  s.sum = sum;
  if (tracking.with_area) s.area_m2 = 0;
  if (!quantiles.empty()) s.quantiles.assign(quantiles.size(), ZonalStats::nan);
  if (cells == 0) return s;
  s.mean = sum / weight;
  s.min = min;
  s.max = max;
  s.stdev = std::sqrt(std::max(0.0, m2 / weight));
  if (!quantiles.empty()) s.quantiles = weighted_quantiles(values, quantiles);
  if (tracking.with_area) {
    s.area_m2 = area;
    s.area_weighted_mean = area_sum / area;
  }
  if (tracking.categorical) {
    s.variety = static_cast<std::int64_t>(classes.size());
    double best = -1, worst = std::numeric_limits<double>::infinity();
    for (const auto& [value, sums] : classes) {
      const double w = sums.weight;
      if (w > best || (w == best && value < s.majority)) {
        best = w;
        s.majority = value;
      }
      if (w < worst || (w == worst && value < s.minority)) {
        worst = w;
        s.minority = value;
      }
      s.classes.push_back({value, w, tracking.with_area ? sums.area : ZonalStats::nan});
    }
    std::sort(s.classes.begin(), s.classes.end(),
              [](const ZonalStats::ClassShare& a, const ZonalStats::ClassShare& b) { return a.value < b.value; });
  }
  return s;
}

void ZonalAccumulator::add_run(int row, const double* values, const std::uint8_t* valid, const double* fractions, int n,
                               double area_m2) {
  const int leaf = row / leaf_rows_;
  if (leaf != leaf_) {
    total_.merge(std::move(current_));
    current_ = ZonalState();
    leaf_ = leaf;
  }
  current_.add_run(values, valid, fractions, n, area_m2, tracking_);
}

ZonalStats ZonalAccumulator::result() && {
  total_.merge(std::move(current_));
  return total_.result(tracking_, quantiles_);
}

std::vector<std::vector<ZonalStats>> zonal_statistics(std::span<RasterSource* const> rasters,
                                                      std::span<const ZoneCoverage> zones,
                                                      std::span<const ZonalOptions> options,
                                                      const std::function<void(int, int)>& on_progress) {
  assert(options.size() == rasters.size());
  std::vector<std::vector<ZonalAccumulator>> acc;
  for (std::size_t r = 0; r < rasters.size(); ++r) {
    const bool with_area = !options[r].row_area_m2.empty();
    assert(!with_area || static_cast<int>(options[r].row_area_m2.size()) == rasters[r]->grid().rows);
    (void)with_area;
    acc.emplace_back(zones.size(), ZonalAccumulator(options[r], zonal_leaf_rows(options[r], rasters[r]->block_rows())));
  }
  for_each_zone_run(
      rasters, zones,
      [&](std::size_t z, const CoverageRun& run, const RunCells& cells) {
        for (std::size_t r = 0; r < rasters.size(); ++r) {
          const auto& area = options[r].row_area_m2;
          const double cell_area = area.empty() ? 0.0 : area[static_cast<std::size_t>(run.row)];
          acc[r][z].add_run(run.row, cells.values[r], cells.valid[r], cells.fractions, run.size(), cell_area);
        }
      },
      on_progress);
  std::vector<std::vector<ZonalStats>> out(rasters.size());
  for (std::size_t r = 0; r < rasters.size(); ++r) {
    out[r].reserve(zones.size());
    for (ZonalAccumulator& a : acc[r]) out[r].push_back(std::move(a).result());
  }
  return out;
}

std::vector<ZonalStats> zonal_statistics(RasterSource& raster, std::span<const ZoneCoverage> zones,
                                         const ZonalOptions& options,
                                         const std::function<void(int, int)>& on_progress) {
  RasterSource* const rasters[] = {&raster};
  return zonal_statistics(rasters, zones, std::span(&options, 1), on_progress).front();
}

namespace {

struct FixedStatistic {
  const char* key;
  const char* label_zh;
  const char* label_en;
  double (*get)(const ZonalStats&);
};

const std::vector<FixedStatistic>& fixed_statistics() {
  static const std::vector<FixedStatistic> defs = {
      {"count", "覆盖像元数", "count", [](const ZonalStats& s) { return s.count; }},
      {"sum", "总和", "sum", [](const ZonalStats& s) { return s.sum; }},
      {"mean", "均值", "mean", [](const ZonalStats& s) { return s.mean; }},
      {"min", "最小值", "min", [](const ZonalStats& s) { return s.min; }},
      {"max", "最大值", "max", [](const ZonalStats& s) { return s.max; }},
      {"stdev", "标准差", "stdev", [](const ZonalStats& s) { return s.stdev; }},
      {"majority", "众数", "majority", [](const ZonalStats& s) { return s.majority; }},
      {"minority", "最少值", "minority", [](const ZonalStats& s) { return s.minority; }},
      {"variety", "类别数", "variety", [](const ZonalStats& s) { return double(s.variety); }},
      {"cells", "涉及像元数", "cells", [](const ZonalStats& s) { return double(s.cells); }},
      {"area_m2", "有效面积(m²)", "area (m²)", [](const ZonalStats& s) { return s.area_m2; }},
      {"area_km2", "有效面积(km²)", "area (km²)", [](const ZonalStats& s) { return s.area_m2 / 1e6; }},
      {"area_weighted_mean", "面积加权均值", "area-weighted mean",
       [](const ZonalStats& s) { return s.area_weighted_mean; }},
  };
  return defs;
}

// `median` or `pNN` as a percent; nullopt for other names; UsageError for a percentile outside 0..100.
std::optional<double> percentile_of(const std::string& name) {
  std::optional<double> percent;
  if (name == "median") percent = 50;
  if (name.size() > 1 && name[0] == 'p' && name.find_first_not_of("0123456789.", 1) == std::string::npos) {
    try {
      percent = std::stod(name.substr(1));
    } catch (const std::exception&) {
    }
    if (!percent || *percent < 0 || *percent > 100)
      throw UsageError(fmt::format("--stats: \"{}\": a percentile is p0 .. p100", name));
  }
  return percent;
}

}  // namespace

bool ZonalStatisticList::categorical() const {
  return class_areas || std::any_of(statistics.begin(), statistics.end(), [](const ZonalStatistic& d) {
           return d.key == "majority" || d.key == "minority" || d.key == "variety";
         });
}

bool ZonalStatisticList::with_area() const {
  return class_areas || std::any_of(statistics.begin(), statistics.end(),
                                    [](const ZonalStatistic& d) { return d.key.starts_with("area"); });
}

ZonalStatisticList parse_zonal_statistics(std::string_view list) {
  ZonalStatisticList out;
  std::size_t at = 0;
  while (at <= list.size()) {
    const std::size_t comma = std::min(list.find(',', at), list.size());
    const std::string name(list.substr(at, comma - at));
    at = comma + 1;
    if (name.empty()) continue;
    if (name == "class_areas") {
      out.class_areas = true;
      continue;
    }
    if (const auto percent = percentile_of(name)) {
      const std::size_t slot = out.quantiles.size();
      out.quantiles.push_back(*percent / 100);
      out.statistics.push_back({name, name == "median" ? "中位数" : fmt::format("第{}百分位数", *percent),
                                name == "median" ? "median" : fmt::format("{}th percentile", *percent),
                                [slot](const ZonalStats& z) { return z.quantiles.at(slot); }});
      continue;
    }
    const auto& defs = fixed_statistics();
    const auto it = std::find_if(defs.begin(), defs.end(), [&](const FixedStatistic& d) { return name == d.key; });
    if (it == defs.end()) {
      std::string known;
      for (const auto& d : defs) known += fmt::format("{}{}", known.empty() ? "" : ", ", d.key);
      throw UsageError(
          fmt::format("--stats: unknown statistic \"{}\" (known: {}, median, pNN, class_areas)", name, known));
    }
    out.statistics.push_back({it->key, it->label_zh, it->label_en, it->get});
  }
  if (out.statistics.empty() && !out.class_areas) throw UsageError("--stats: name at least one statistic");
  return out;
}

std::vector<std::string> zonal_statistic_keys() {
  std::vector<std::string> keys;
  for (const auto& d : fixed_statistics()) keys.emplace_back(d.key);
  return keys;
}

}  // namespace eb::engine::raster
