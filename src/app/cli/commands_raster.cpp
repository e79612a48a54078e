// ecobarrier raster ndvi | fvc | classify | rsei | change | trend | zonal
#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/combinable.h>
#include <tbb/parallel_for.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "app/cli/context.hpp"
#include "app/cli/messages.hpp"
#include "app/cli/progress.hpp"
#include "app/demo/synthetic_ndvi.hpp"
#include "core/area.hpp"
#include "core/error.hpp"
#include "engine/raster/cell_area.hpp"
#include "engine/raster/change.hpp"
#include "engine/raster/coverage.hpp"
#include "engine/raster/quantiles.hpp"
#include "engine/raster/rsei.hpp"
#include "engine/raster/vegetation_kernel.hpp"
#include "engine/raster/zonal.hpp"
#include "engine/stats/trend.hpp"
#include "io/gdal_raster.hpp"
#include "io/raster_writer.hpp"
#include "io/reference_tables.hpp"
#include "io/zone_layer.hpp"
#include "standards/grade_scheme.hpp"
#include "standards/rsei.hpp"
#include "standards/vegetation.hpp"

namespace eb::app {
namespace {

namespace raster = engine::raster;

// Every statistic `raster zonal` can report: its column and how to take it from the result.
struct StatDef {
  const char* key;
  const char* label_zh;
  const char* label_en;
  double (*get)(const raster::ZonalStats&);
};

const std::vector<StatDef>& stat_defs() {
  static const std::vector<StatDef> defs = {
      {"count", "覆盖像元数", "count", [](const raster::ZonalStats& s) { return s.count; }},
      {"sum", "总和", "sum", [](const raster::ZonalStats& s) { return s.sum; }},
      {"mean", "均值", "mean", [](const raster::ZonalStats& s) { return s.mean; }},
      {"min", "最小值", "min", [](const raster::ZonalStats& s) { return s.min; }},
      {"max", "最大值", "max", [](const raster::ZonalStats& s) { return s.max; }},
      {"stdev", "标准差", "stdev", [](const raster::ZonalStats& s) { return s.stdev; }},
      {"majority", "众数", "majority", [](const raster::ZonalStats& s) { return s.majority; }},
      {"minority", "最少值", "minority", [](const raster::ZonalStats& s) { return s.minority; }},
      {"variety", "类别数", "variety", [](const raster::ZonalStats& s) { return double(s.variety); }},
      {"cells", "涉及像元数", "cells", [](const raster::ZonalStats& s) { return double(s.cells); }},
      {"area_m2", "有效面积(m²)", "area (m²)", [](const raster::ZonalStats& s) { return s.area_m2; }},
      {"area_km2", "有效面积(km²)", "area (km²)", [](const raster::ZonalStats& s) { return s.area_m2 / 1e6; }},
      {"area_weighted_mean", "面积加权均值", "area-weighted mean",
       [](const raster::ZonalStats& s) { return s.area_weighted_mean; }},
  };
  return defs;
}

// One output column of `raster zonal`.
struct StatColumn {
  std::string key, label_zh, label_en;
  std::function<double(const raster::ZonalStats&)> get;
};

// The statistics named in --stats, in order: the fixed ones, `median` and `pNN` (weighted quantiles, e.g. p10,
// p98, p99.9). "class_areas" is not one column but one per class value found (area_km2_class_<value>), so it is
// reported through `class_areas` instead; the quantiles' probabilities go to `quantiles`.
std::vector<StatColumn> parse_stats(const std::string& list, bool& class_areas, std::vector<double>& quantiles) {
  std::vector<StatColumn> out;
  class_areas = false;
  quantiles.clear();
  std::stringstream ss(list);
  std::string name;
  while (std::getline(ss, name, ',')) {
    if (name.empty()) continue;
    if (name == "class_areas") {
      class_areas = true;
      continue;
    }
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
    if (percent) {
      const std::size_t slot = quantiles.size();
      quantiles.push_back(*percent / 100);
      out.push_back({name, name == "median" ? "中位数" : fmt::format("第{}百分位数", *percent),
                     name == "median" ? "median" : fmt::format("{}th percentile", *percent),
                     [slot](const raster::ZonalStats& z) { return z.quantiles.at(slot); }});
      continue;
    }
    const auto& defs = stat_defs();
    const auto it = std::find_if(defs.begin(), defs.end(), [&](const StatDef& d) { return name == d.key; });
    if (it == defs.end()) {
      std::string known;
      for (const auto& d : defs) known += fmt::format("{}{}", known.empty() ? "" : ", ", d.key);
      throw UsageError(
          fmt::format("--stats: unknown statistic \"{}\" (known: {}, median, pNN, class_areas)", name, known));
    }
    out.push_back({it->key, it->label_zh, it->label_en, it->get});
  }
  if (out.empty() && !class_areas) throw UsageError("--stats: name at least one statistic");
  return out;
}

// Outputs are Cloud Optimized GeoTIFFs with overviews under --cog, tiled GeoTIFFs otherwise.
io::RasterLayout layout(const Context& ctx) { return ctx.cog ? io::RasterLayout::cog : io::RasterLayout::tiled; }

std::string mib(std::int64_t bytes) { return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / 1048576.0); }

// The block cache and the program's own overhead, counted in every estimate.
constexpr std::int64_t kFixedBytes = (64ll + 32ll) << 20;

// Stops a job whose estimated peak memory exceeds --memory-limit, before it reads or writes anything more.
void require_memory(const Context& ctx, std::int64_t bytes, const std::string& path, const std::string& what,
                    const std::string& detail, const std::string& advice) {
  const std::int64_t limit = ctx.memory_limit();
  if (bytes <= limit) return;
  throw InputError(fmt::format("{}: {} needs about {} ({}), more than the memory limit of {} (--memory-limit). {}",
                               path, what, mib(bytes), detail, mib(limit), advice));
}

// The zones of `zones_path` (reprojected to the raster's CRS) with their exact coverage on the raster's grid, computed
// once and reused for every raster on that grid. Throws InputError when no zone overlaps the raster.
struct ZoneSet {
  std::vector<io::ZoneFeature> features;
  std::vector<raster::ZoneCoverage> coverage;
};
ZoneSet load_zones(Context& ctx, const io::GdalRaster& source, const std::string& zones_path,
                   const io::ZoneLayerOptions& zone_options) {
  const Lang l = ctx.lang();
  const raster::Grid& grid = source.grid();
  ZoneSet out;
  out.features = io::read_zone_layer(zones_path, source.crs_wkt(), zone_options);
  out.coverage.reserve(out.features.size());
  std::size_t outside = 0;
  {
    Progress progress(tr(l, "计算覆盖比例", "coverage"), out.features.size());
    for (const auto& f : out.features) {
      out.coverage.push_back(raster::compute_coverage(grid, f.zone));
      outside += out.coverage.back().empty();
      progress.update(out.coverage.size());
    }
    progress.finish();
  }
  if (!out.features.empty() && outside == out.features.size()) {
    throw InputError(fmt::format("{}: no zone of {} overlaps the raster (extent x {}..{}, y {}..{})", source.path(),
                                 zones_path, grid.x_min, grid.x_max(), grid.y_min(), grid.y_max));
  }
  if (outside > 0) {
    ctx.note(
        fmt::format("{} {}", outside,
                    tr(l, "个分区与栅格无重叠（统计量为空）", "zones do not overlap the raster (empty statistics)")));
  }
  return out;
}

struct ZonalRequest {
  std::vector<std::string> files;  // RASTER... ZONES
  std::string id_field, stats = "count,sum,mean,min,max";
  int band = 1;
  bool make_valid = false;
};

// Column prefixes for a stack of rasters: the file stems, made unique with their position when two collide.
std::vector<std::string> raster_labels(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const auto& p : paths) out.push_back(std::filesystem::path(p).stem().string());
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (std::count(out.begin(), out.end(), out[i]) > 1) {
      for (std::size_t j = 0; j < out.size(); ++j)
        if (j != i && out[j] == out[i]) out[j] = fmt::format("r{}_{}", j + 1, out[j]);
      out[i] = fmt::format("r{}_{}", i + 1, out[i]);
    }
  }
  return out;
}

void run_zonal(Context& ctx, const ZonalRequest& req) {
  const Lang l = ctx.lang();
  if (req.files.size() < 2)
    throw UsageError("raster zonal: give RASTER... ZONES (at least one raster, then the zones)");
  const std::vector<std::string> raster_paths(req.files.begin(), req.files.end() - 1);
  const std::string& zones_path = req.files.back();
  bool class_areas = false;
  std::vector<double> quantiles;
  const auto stats = parse_stats(req.stats, class_areas, quantiles);
  const bool categorical = class_areas || std::any_of(stats.begin(), stats.end(), [](const StatColumn& d) {
                             return d.key == "majority" || d.key == "minority" || d.key == "variety";
                           });
  const bool with_area = class_areas || std::any_of(stats.begin(), stats.end(),
                                                    [](const StatColumn& d) { return d.key.starts_with("area"); });

  io::set_gdal_cache_bytes(64ll << 20);
  std::vector<std::unique_ptr<io::GdalRaster>> opened;
  std::vector<raster::RasterSource*> sources;
  for (const auto& path : raster_paths) {
    opened.push_back(std::make_unique<io::GdalRaster>(path, req.band));
    if (opened.size() > 1) io::require_aligned(*opened.front(), *opened.back());
    sources.push_back(opened.back().get());
  }
  const io::GdalRaster& source = *opened.front();
  const raster::Grid& grid = source.grid();
  // The coverage is computed once and serves every raster of the stack.
  io::ZoneLayerOptions zone_options;
  zone_options.id_field = req.id_field;
  zone_options.make_valid = req.make_valid;
  const auto [features, coverage] = load_zones(ctx, source, zones_path, zone_options);
  {
    // One strip of whole block rows of every raster, the coverage, and per-zone class tables when categorical.
    std::int64_t coverage_bytes = 0;
    for (const auto& c : coverage)
      coverage_bytes += static_cast<std::int64_t>(c.fractions.size() * 8 + c.runs.size() * sizeof(raster::CoverageRun));
    const std::int64_t strip = std::int64_t{std::max(1, source.block_rows())} * grid.cols;
    std::int64_t bytes = kFixedBytes + strip * 9 * static_cast<std::int64_t>(sources.size()) + coverage_bytes;
    if (!quantiles.empty()) {  // exact weighted quantiles keep every covered cell's value and fraction
      for (const auto& c : coverage)
        bytes += static_cast<std::int64_t>(c.cell_count()) * 16 * static_cast<std::int64_t>(sources.size());
    }
    require_memory(
        ctx, bytes, source.path(), "raster zonal",
        fmt::format("{} for the coverage of {} zones, {} for strips of {} rows of {} raster(s)", mib(coverage_bytes),
                    coverage.size(), mib(bytes - coverage_bytes - kFixedBytes), source.block_rows(), sources.size()),
        "Use a raster with smaller blocks or fewer zones at a time, or raise the limit");
  }

  std::vector<double> row_area;
  raster::ZonalOptions options;
  options.categorical = categorical;
  options.quantiles = quantiles;
  if (with_area) {
    row_area = raster::row_cell_areas_m2(grid, source.geographic(), source.metres_per_unit());
    options.row_area_m2 = row_area;
  }
  const std::vector<raster::ZonalOptions> all_options(sources.size(), options);
  std::vector<std::vector<raster::ZonalStats>> results;
  {
    Progress progress(tr(l, "分区统计", "zonal statistics"), static_cast<std::size_t>(grid.rows));
    results = raster::zonal_statistics(sources, coverage, all_options,
                                       [&](int done, int) { progress.update(static_cast<std::size_t>(done)); });
    progress.finish();
  }

  Table t;
  t.title_zh = "分区统计（按像元覆盖比例精确加权）";
  t.title_en = "Zonal statistics (cells weighted by exact coverage fraction)";
  t.columns.push_back({"id", "分区", "id"});
  // One raster: plain column names; a stack: "<stem>_<stat>".
  const auto labels = raster_labels(raster_paths);
  auto prefixed = [&](std::size_t r, const std::string& key) {
    return sources.size() == 1 ? key : labels[r] + "_" + key;
  };
  std::vector<std::vector<double>> class_values(sources.size());
  for (std::size_t r = 0; r < sources.size(); ++r) {
    for (const StatColumn& d : stats) {
      t.columns.push_back({prefixed(r, d.key), sources.size() == 1 ? d.label_zh : prefixed(r, d.label_zh),
                           sources.size() == 1 ? d.label_en : prefixed(r, d.label_en)});
    }
    if (!class_areas) continue;
    auto& values = class_values[r];
    for (const auto& z : results[r])
      for (const auto& c : z.classes) values.push_back(c.value);
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    if (values.size() > 256) {
      throw InputError(
          fmt::format("{}: {} distinct values; class_areas is for categorical rasters (at most 256 classes)",
                      raster_paths[r], values.size()));
    }
    for (double v : values) {
      t.columns.push_back({prefixed(r, fmt::format("area_km2_class_{}", v)),
                           prefixed(r, fmt::format("类别{}面积(km²)", v)),
                           prefixed(r, fmt::format("class {} area (km²)", v))});
    }
  }
  for (std::size_t i = 0; i < features.size(); ++i) {
    std::vector<Cell> row{Cell(features[i].id)};
    for (std::size_t r = 0; r < sources.size(); ++r) {
      for (const StatColumn& d : stats) {
        const double v = d.get(results[r][i]);
        row.push_back(std::isnan(v) ? Cell() : Cell(v));
      }
      for (double v : class_values[r]) {
        double area = 0;
        for (const auto& c : results[r][i].classes)
          if (c.value == v) area = c.area_m2;
        row.push_back(Cell(area / 1e6));
      }
    }
    t.add(std::move(row));
  }
  write_table(ctx.out(), t, ctx.format(), l);
}

// Strips of whole block rows of the first source (each block read once), several block rows at a time for
// rasters stored in thin strips. While one strip is processed the next one is read on another thread.
struct Strip {
  raster::Window window;
  std::vector<std::vector<double>> values;
  std::vector<std::vector<std::uint8_t>> valid;
};

struct StripPlan {
  int rows = 1;            // rows per strip
  std::int64_t bytes = 0;  // estimated peak memory of the job
};

// Plans the strips of a per-cell job over `sources`, whose outputs and working buffers take `bytes_per_cell` more
// per cell of a strip (8 per double output, 1 per flag, ...), and checks the estimate against --memory-limit.
StripPlan plan_strips(const Context& ctx, const std::vector<io::GdalRaster*>& sources, std::int64_t bytes_per_cell,
                      const std::string& what) {
  const raster::Grid& grid = sources.front()->grid();
  const int block_rows = std::max(1, sources.front()->block_rows());
  // About 2 M cells per strip: big enough that per-call costs vanish, small enough to stay in cache-friendly MiBs.
  constexpr std::int64_t kTargetCells = 1 << 21;
  const std::int64_t blocks = std::max<std::int64_t>(1, kTargetCells / (std::int64_t{block_rows} * grid.cols));
  // Two strips of every source (the one processed, the one being read: 8-byte value + validity flag per cell).
  auto estimate = [&](std::int64_t rows) {
    const std::int64_t cells = rows * grid.cols;
    return kFixedBytes + cells * (2 * 9 * static_cast<std::int64_t>(sources.size()) + bytes_per_cell);
  };
  StripPlan plan;
  plan.rows = static_cast<int>(std::min<std::int64_t>(grid.rows, blocks * block_rows));
  plan.bytes = estimate(plan.rows);
  if (plan.bytes > ctx.memory_limit() && plan.rows > block_rows) {
    plan.rows = std::min(grid.rows, block_rows);  // one block row at a time
    plan.bytes = estimate(plan.rows);
  }
  require_memory(ctx, plan.bytes, sources.front()->path(), what,
                 fmt::format("strips of {} rows x {} columns of {} raster(s); its blocks are {} rows high", plan.rows,
                             grid.cols, sources.size(), block_rows),
                 "Rewrite it tiled (gdal_translate -co TILED=YES) or raise the limit");
  return plan;
}

template <class Fn>
void for_each_strip(const std::vector<io::GdalRaster*>& sources, const StripPlan& plan, Progress* progress, Fn&& fn) {
  const raster::Grid& grid = sources.front()->grid();
  auto read = [&](Strip& strip, int row0) {
    strip.window = {row0, 0, std::min(plan.rows, grid.rows - row0), grid.cols};
    const auto n = static_cast<std::size_t>(strip.window.cell_count());
    strip.values.resize(sources.size());
    strip.valid.resize(sources.size());
    for (std::size_t s = 0; s < sources.size(); ++s) {
      strip.values[s].resize(n);
      strip.valid[s].resize(n);
      sources[s]->read(strip.window, strip.values[s], strip.valid[s]);
    }
  };
  Strip current, next;
  read(current, 0);
  tbb::task_group reader;
  for (int row0 = 0; row0 < grid.rows; row0 += plan.rows) {
    const int next_row = row0 + plan.rows;
    if (next_row < grid.rows) reader.run([&, next_row] { read(next, next_row); });
    try {
      fn(current);
    } catch (...) {
      reader.wait();  // the reader writes into `next`: let it finish before the buffers go
      throw;
    }
    reader.wait();  // rethrows a read error
    if (progress) progress->update(static_cast<std::size_t>(row0 + current.window.rows));
    std::swap(current, next);
  }
}

// Runs fn(row) for every row of the strip on the worker threads, each with its own `State` (merged by the caller
// through `combine`): per-cell work is independent across rows.
template <class State, class Fn, class Combine>
void parallel_rows(const Strip& strip, Fn&& fn, Combine&& combine) {
  tbb::combinable<State> states;
  tbb::parallel_for(tbb::blocked_range<int>(0, strip.window.rows, 8), [&](const tbb::blocked_range<int>& r) {
    State& state = states.local();
    for (int row = r.begin(); row < r.end(); ++row) fn(row, state);
  });
  states.combine_each(combine);
}

// The area of every grade of `scheme` (m² by grade code) in km², ha and mu with its share; every grade is listed,
// including those with no area.
Table grade_area_table(const standards::GradeScheme& scheme, const std::map<int, double>& grade_area_m2, Lang l) {
  double total = 0;
  for (const auto& [code, a] : grade_area_m2) total += a;
  Table t;
  t.columns = {{"grade", "等级", "grade"},
               {"name", "名称", "name"},
               {"range", "范围", "range"},
               {"area_km2", "面积(km²)", "area (km²)", 3},
               {"area_ha", "面积(公顷)", "area (ha)", 2},
               {"area_mu", "面积(亩)", "area (mu)", 1},
               {"share_pct", "占比(%)", "share (%)", 2}};
  for (const standards::Grade& g : scheme.grades) {
    const auto it = grade_area_m2.find(g.code);
    const double a = it == grade_area_m2.end() ? 0.0 : it->second;
    const std::string range = fmt::format("{}–{}", std::isinf(g.lower) ? std::string("") : fmt::format("{}", g.lower),
                                          std::isinf(g.upper) ? std::string("") : fmt::format("{}", g.upper));
    t.add({Cell(g.code), Cell(l == Lang::zh ? g.name_zh : g.name_en), Cell(range),
           Cell(convert_area(a, AreaUnit::m2, AreaUnit::km2)), Cell(convert_area(a, AreaUnit::m2, AreaUnit::ha)),
           Cell(convert_area(a, AreaUnit::m2, AreaUnit::mu)), Cell(total > 0 ? 100 * a / total : 0.0)});
  }
  return t;
}

const standards::GradeScheme& scheme_option(const std::string& id) {
  try {
    return standards::grade_scheme(id);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--scheme: ") + e.what());
  }
}

struct NdviRequest {
  std::string red, nir, output;
  int red_band = 1, nir_band = 1;
};

void run_ndvi(Context& ctx, const NdviRequest& req) {
  const Lang l = ctx.lang();
  io::set_gdal_cache_bytes(64ll << 20);
  io::GdalRaster red(req.red, req.red_band), nir(req.nir, req.nir_band);
  io::require_aligned(red, nir);
  const std::vector<io::GdalRaster*> sources{&red, &nir};
  const StripPlan plan = plan_strips(ctx, sources, 8 + 1, "raster ndvi");
  io::RasterWriter out(req.output, red.grid(), red.crs_wkt(), io::RasterType::float32,
                       "NDVI = (NIR - Red) / (NIR + Red)", layout(ctx));
  std::vector<double> ndvi;
  std::vector<std::uint8_t> ok;
  std::int64_t valid_cells = 0;
  Progress progress("NDVI", static_cast<std::size_t>(red.grid().rows));
  for_each_strip(sources, plan, &progress, [&](Strip& s) {
    const auto cols = static_cast<std::size_t>(s.window.cols);
    ndvi.resize(s.values[0].size());
    ok.resize(ndvi.size());
    parallel_rows<std::int64_t>(
        s,
        [&](int row, std::int64_t& valid) {
          const std::size_t o = static_cast<std::size_t>(row) * cols;
          raster::ndvi_row(&s.values[0][o], &s.values[1][o], &s.valid[0][o], &s.valid[1][o], cols, &ndvi[o], &ok[o]);
          for (std::size_t i = o; i < o + cols; ++i) valid += ok[i];
        },
        [&](std::int64_t v) { valid_cells += v; });
    out.write(s.window, ndvi, ok);
  });
  progress.finish();
  out.commit();
  ctx.note(fmt::format("{}: {} {}", req.output, valid_cells, tr(l, "个有效像元", "valid cells")));
}

struct FvcRequest {
  std::string ndvi, red, nir, ndvi_output, output, grades_output, mask,
      scheme = std::string(standards::kDefaultFvcScheme);
  int red_band = 1, nir_band = 1;
  std::optional<double> soil, veg;
  std::vector<double> percentiles = {5, 95};
};

void run_fvc(Context& ctx, const FvcRequest& req) {
  const Lang l = ctx.lang();
  const standards::GradeScheme* scheme = &scheme_option(req.scheme);
  if (req.soil.has_value() != req.veg.has_value()) throw UsageError("--soil and --veg go together");
  if (req.percentiles.size() != 2 ||
      !(req.percentiles[0] >= 0 && req.percentiles[0] < req.percentiles[1] && req.percentiles[1] <= 100)) {
    throw UsageError("--percentiles: two values LO,HI with 0 <= LO < HI <= 100");
  }
  // NDVI comes from a raster, or straight from red and NIR (read once; --ndvi-out also writes it).
  const bool from_bands = !req.red.empty() || !req.nir.empty();
  if (from_bands == !req.ndvi.empty()) throw UsageError("raster fvc: give NDVI, or --red and --nir");
  if (from_bands && (req.red.empty() || req.nir.empty())) throw UsageError("--red and --nir go together");
  if (!from_bands && !req.ndvi_output.empty()) throw UsageError("--ndvi-out is for NDVI computed from --red and --nir");
  io::set_gdal_cache_bytes(64ll << 20);
  std::vector<std::unique_ptr<io::GdalRaster>> opened;
  if (from_bands) {
    opened.push_back(std::make_unique<io::GdalRaster>(req.red, req.red_band));
    opened.push_back(std::make_unique<io::GdalRaster>(req.nir, req.nir_band));
  } else {
    opened.push_back(std::make_unique<io::GdalRaster>(req.ndvi));
  }
  if (!req.mask.empty()) opened.push_back(std::make_unique<io::GdalRaster>(req.mask));
  std::vector<io::GdalRaster*> sources;
  for (auto& r : opened) {
    if (!sources.empty()) io::require_aligned(*sources.front(), *r);
    sources.push_back(r.get());
  }
  const io::GdalRaster& first = *sources.front();
  const std::string& ndvi_name = from_bands ? req.red : req.ndvi;
  const std::size_t mask_index = sources.size() - 1;
  // Outputs per cell: NDVI, FVC, grade (8 bytes each) and two flags.
  const StripPlan plan = plan_strips(ctx, sources, 3 * 8 + 2, "raster fvc");

  // A strip's NDVI and which cells count: NDVI valid and the mask (if any) valid and 0 (water, cloud and snow are
  // non-zero).
  std::vector<double> ndvi_buffer;
  std::vector<std::uint8_t> ndvi_ok, use;
  auto prepare = [&](const Strip& s) -> const double* {
    const std::size_t n = s.values[0].size(), cols = static_cast<std::size_t>(s.window.cols);
    use.resize(n);
    const double* ndvi = s.values[0].data();
    if (from_bands) {
      ndvi_buffer.resize(n);
      ndvi_ok.resize(n);
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, static_cast<std::size_t>(s.window.rows), 8),
                        [&](const tbb::blocked_range<std::size_t>& r) {
                          for (std::size_t row = r.begin(); row < r.end(); ++row) {
                            const std::size_t o = row * cols;
                            raster::ndvi_row(&s.values[0][o], &s.values[1][o], &s.valid[0][o], &s.valid[1][o], cols,
                                             &ndvi_buffer[o], &ndvi_ok[o]);
                            // Rounded to Float32 as the NDVI file holds it: the results equal those computed
                            // from that file (raster ndvi, then raster fvc), figure for figure.
                            for (std::size_t i = o; i < o + cols; ++i)
                              ndvi_buffer[i] = static_cast<double>(static_cast<float>(ndvi_buffer[i]));
                          }
                        });
      ndvi = ndvi_buffer.data();
    }
    const std::uint8_t* valid = from_bands ? ndvi_ok.data() : s.valid[0].data();
    for (std::size_t i = 0; i < n; ++i) {
      use[i] = valid[i] && (req.mask.empty() || (s.valid[mask_index][i] && s.values[mask_index][i] == 0));
    }
    return ndvi;
  };

  double soil = 0, veg = 0;
  std::string origin;
  if (req.soil) {
    soil = *req.soil;
    veg = *req.veg;
    origin = tr(l, "给定", "given");
  } else {
    raster::TwoPassQuantiles q({req.percentiles[0] / 100, req.percentiles[1] / 100});
    {
      Progress p(tr(l, "NDVI 分布（第1遍）", "NDVI histogram (pass 1)"), static_cast<std::size_t>(first.grid().rows));
      for_each_strip(sources, plan, &p, [&](Strip& s) {
        const double* ndvi = prepare(s);
        q.count(std::span(ndvi, use.size()), use);
      });
      p.finish();
    }
    if (!q.plan()) throw InputError(fmt::format("{}: no valid NDVI cells (after the mask)", ndvi_name));
    {
      Progress p(tr(l, "NDVI 分位数（第2遍）", "NDVI percentiles (pass 2)"),
                 static_cast<std::size_t>(first.grid().rows));
      for_each_strip(sources, plan, &p, [&](Strip& s) {
        const double* ndvi = prepare(s);
        q.collect(std::span(ndvi, use.size()), use);
      });
      p.finish();
    }
    const auto r = q.result();
    soil = r[0];
    veg = r[1];
    origin = fmt::format("{} {}%/{}% ({} {})", tr(l, "有效像元累积频率", "cumulative-frequency percentiles"),
                         req.percentiles[0], req.percentiles[1], q.n(), tr(l, "个像元", "cells"));
  }
  if (!(veg > soil)) {
    throw InputError(fmt::format("{}: NDVI_veg ({}) must exceed NDVI_soil ({})", ndvi_name, veg, soil));
  }
  ctx.note(fmt::format("NDVI_soil = {:.6f}, NDVI_veg = {:.6f} ({})", soil, veg, origin));

  const raster::Grid& grid = first.grid();
  std::unique_ptr<io::RasterWriter> ndvi_out;
  if (!req.ndvi_output.empty()) {
    ndvi_out = std::make_unique<io::RasterWriter>(req.ndvi_output, grid, first.crs_wkt(), io::RasterType::float32,
                                                  "NDVI = (NIR - Red) / (NIR + Red)", layout(ctx));
  }
  io::RasterWriter fvc_out(req.output, grid, first.crs_wkt(), io::RasterType::float32,
                           fmt::format("FVC, dimidiate pixel model, NDVI_soil={} NDVI_veg={}", soil, veg), layout(ctx));
  std::unique_ptr<io::RasterWriter> grade_out;
  if (!req.grades_output.empty()) {
    grade_out = std::make_unique<io::RasterWriter>(req.grades_output, grid, first.crs_wkt(), io::RasterType::byte,
                                                   "FVC grade, scheme " + scheme->id, layout(ctx));
  }
  const auto row_area = raster::row_cell_areas_m2(grid, first.geographic(), first.metres_per_unit());
  const raster::GradeLookup lookup(*scheme);
  const raster::FvcParameters parameters{soil, veg};
  raster::CoverSums sums;
  std::vector<double> fvc_values, grade_values;
  Progress p(tr(l, "植被覆盖度", "vegetation cover"), static_cast<std::size_t>(grid.rows));
  for_each_strip(sources, plan, &p, [&](Strip& s) {
    const double* ndvi = prepare(s);
    const auto cols = static_cast<std::size_t>(s.window.cols);
    fvc_values.resize(use.size());
    grade_values.resize(use.size());
    parallel_rows<raster::CoverSums>(
        s,
        [&](int row, raster::CoverSums& local) {
          const std::size_t o = static_cast<std::size_t>(row) * cols;
          raster::fvc_row(ndvi + o, &use[o], cols, parameters, lookup,
                          row_area[static_cast<std::size_t>(s.window.row + row)], &fvc_values[o], &grade_values[o],
                          local);
        },
        [&](const raster::CoverSums& local) { sums.merge(local); });
    if (ndvi_out) ndvi_out->write(s.window, std::span(ndvi, use.size()), from_bands ? ndvi_ok : s.valid[0]);
    fvc_out.write(s.window, fvc_values, use);
    if (grade_out) grade_out->write(s.window, grade_values, use);
  });
  p.finish();
  if (ndvi_out) ndvi_out->commit();
  fvc_out.commit();
  if (grade_out) grade_out->commit();

  std::map<int, double> grade_area;
  for (const standards::Grade& g : scheme->grades)
    grade_area[g.code] = sums.grade_area_m2[static_cast<std::size_t>(g.code)];
  const double mean_cover = sums.area_m2 > 0 ? sums.fvc_area_sum / sums.area_m2 : std::nan("");
  Table t = grade_area_table(*scheme, grade_area, l);
  t.title_zh = fmt::format("植被覆盖度分级面积（{}；平均覆盖度 {:.4f}）", scheme->id, mean_cover);
  t.title_en = fmt::format("Area by FVC grade ({}; mean cover {:.4f})", scheme->id, mean_cover);
  write_table(ctx.out(), t, ctx.format(), l);
}

struct ClassifyRequest {
  std::string input, output, scheme;
  std::vector<double> breaks;
  int band = 1;
};

void run_classify(Context& ctx, const ClassifyRequest& req) {
  const Lang l = ctx.lang();
  if (req.scheme.empty() == req.breaks.empty()) throw UsageError("raster classify: give --scheme or --breaks (one)");
  standards::GradeScheme scheme;
  if (!req.scheme.empty()) {
    scheme = scheme_option(req.scheme);
  } else {
    try {
      scheme = standards::scheme_from_breaks(req.breaks);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--breaks: ") + e.what());
    }
  }
  io::set_gdal_cache_bytes(64ll << 20);
  io::GdalRaster input(req.input, req.band);
  io::RasterWriter out(req.output, input.grid(), input.crs_wkt(), io::RasterType::byte,
                       fmt::format("grade, scheme {} ({})", scheme.id, scheme.source), layout(ctx));
  const auto row_area = raster::row_cell_areas_m2(input.grid(), input.geographic(), input.metres_per_unit());
  const StripPlan plan = plan_strips(ctx, {&input}, 8, "raster classify");
  const raster::GradeLookup lookup(scheme);
  using GradeAreas = std::array<double, 255>;
  GradeAreas areas{};
  std::vector<double> codes;
  Progress progress(tr(l, "分级", "classify"), static_cast<std::size_t>(input.grid().rows));
  for_each_strip({&input}, plan, &progress, [&](Strip& s) {
    const auto cols = static_cast<std::size_t>(s.window.cols);
    codes.resize(s.values[0].size());
    parallel_rows<GradeAreas>(
        s,
        [&](int row, GradeAreas& local) {
          const std::size_t o = static_cast<std::size_t>(row) * cols;
          const double cell_area = row_area[static_cast<std::size_t>(s.window.row + row)];
          for (std::size_t i = o; i < o + cols; ++i) {
            if (!s.valid[0][i]) continue;
            const int code = lookup.classify(s.values[0][i]);
            codes[i] = code;
            local[static_cast<std::size_t>(code)] += cell_area;
          }
        },
        [&](const GradeAreas& local) {
          for (std::size_t g = 0; g < areas.size(); ++g) areas[g] += local[g];
        });
    out.write(s.window, codes, s.valid[0]);
  });
  progress.finish();
  out.commit();
  std::map<int, double> grade_area;
  for (const standards::Grade& g : scheme.grades) grade_area[g.code] = areas[static_cast<std::size_t>(g.code)];
  Table t = grade_area_table(scheme, grade_area, l);
  t.title_zh = fmt::format("分级面积（{}）", scheme.id);
  t.title_en = fmt::format("Area by grade ({})", scheme.id);
  write_table(ctx.out(), t, ctx.format(), l);
}

struct RseiRequest {
  std::string ndvi, wet, lst, ndbsi, mask, output, grades_output, sensor = "landsat8_oli", scheme = "rsei5";
  std::vector<std::string> bands;  // blue, green, red, NIR, SWIR1, SWIR2 reflectance
  bool water_mask = true;
};

void run_rsei(Context& ctx, const RseiRequest& req) {
  const Lang l = ctx.lang();
  const standards::GradeScheme& scheme = scheme_option(req.scheme);
  const bool from_bands = !req.bands.empty();
  const bool from_layers = !req.ndvi.empty() || !req.wet.empty() || !req.ndbsi.empty();
  if (from_bands == from_layers)
    throw UsageError("raster rsei: give either --bands (6 reflectance rasters) or --ndvi, --wet and --ndbsi");
  if (from_layers && (req.ndvi.empty() || req.wet.empty() || req.ndbsi.empty()))
    throw UsageError("raster rsei: --ndvi, --wet and --ndbsi go together");
  if (from_bands && req.bands.size() != 6)
    throw UsageError("--bands: six rasters: blue,green,red,nir,swir1,swir2 (surface reflectance)");
  const standards::WetnessCoefficients* wetness = nullptr;
  if (from_bands) {
    try {
      wetness = &standards::wetness_coefficients(req.sensor);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--sensor: ") + e.what());
    }
  }
  io::set_gdal_cache_bytes(64ll << 20);
  // Sources in a fixed order: the inputs, then LST, then the optional mask.
  std::vector<std::unique_ptr<io::GdalRaster>> opened;
  std::vector<io::GdalRaster*> sources;
  auto open = [&](const std::string& path) {
    opened.push_back(std::make_unique<io::GdalRaster>(path));
    if (!sources.empty()) io::require_aligned(*sources.front(), *opened.back());
    sources.push_back(opened.back().get());
  };
  for (const auto& path : from_bands ? req.bands : std::vector<std::string>{req.ndvi, req.wet, req.ndbsi}) open(path);
  open(req.lst);
  const std::size_t lst_index = sources.size() - 1;
  if (!req.mask.empty()) open(req.mask);
  const raster::Grid& grid = sources.front()->grid();

  // The four indicators of a strip (NDVI, WET, LST, NDBSI) and which cells take part: all inputs valid, the mask
  // (if any) 0, finite indicators and, from bands, not water (MNDWI > 0) unless --no-water-mask.
  std::array<std::vector<double>, raster::kRseiLayers> layer;
  std::vector<std::uint8_t> use;
  std::int64_t water_cells = 0;
  auto indicators = [&](const Strip& s) {
    const std::size_t n = s.values[0].size();
    for (auto& v : layer) v.resize(n);
    use.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      bool ok = true;
      for (std::size_t k = 0; k < sources.size(); ++k) ok = ok && s.valid[k][i];
      if (ok && !req.mask.empty()) ok = s.values[sources.size() - 1][i] == 0;
      if (!ok) {
        use[i] = 0;
        continue;
      }
      if (from_bands) {
        const standards::Reflectance r{s.values[0][i], s.values[1][i], s.values[2][i],
                                       s.values[3][i], s.values[4][i], s.values[5][i]};
        if (req.water_mask && r.green + r.swir1 > 0 && r.green - r.swir1 > 0) {  // MNDWI > 0: water
          use[i] = 0;
          ++water_cells;
          continue;
        }
        layer[0][i] = standards::ndvi(r.red, r.nir);
        layer[1][i] = wetness->wetness(r);
        layer[3][i] = standards::ndbsi(r);
      } else {
        layer[0][i] = s.values[0][i];
        layer[1][i] = s.values[1][i];
        layer[3][i] = s.values[2][i];
      }
      layer[2][i] = s.values[lst_index][i];
      use[i] = std::isfinite(layer[0][i]) && std::isfinite(layer[1][i]) && std::isfinite(layer[2][i]) &&
               std::isfinite(layer[3][i]);
    }
  };
  auto layer_pointers = [&] {
    return std::array<const double*, raster::kRseiLayers>{layer[0].data(), layer[1].data(), layer[2].data(),
                                                          layer[3].data()};
  };

  // Per cell: four indicators, RSEI and grade (8 bytes each) and the flag of cells used.
  const StripPlan plan = plan_strips(ctx, sources, 6 * 8 + 1, "raster rsei");
  raster::RseiFit fit;
  {
    Progress p(tr(l, "RSEI 协方差（第1遍）", "RSEI covariance (pass 1)"), static_cast<std::size_t>(grid.rows));
    for_each_strip(sources, plan, &p, [&](Strip& s) {
      indicators(s);
      fit.add(layer_pointers(), use.data(), use.size());
    });
    p.finish();
  }
  raster::RseiModel model;
  try {
    model = fit.model();
  } catch (const std::invalid_argument& e) {
    throw InputError(fmt::format("{}: {}", sources.front()->path(), e.what()));
  }
  const std::int64_t water_in_pass1 = water_cells;
  double pc1_min = std::numeric_limits<double>::infinity(), pc1_max = -pc1_min;
  {
    Progress p(tr(l, "第一主成分范围（第2遍）", "PC1 range (pass 2)"), static_cast<std::size_t>(grid.rows));
    for_each_strip(sources, plan, &p, [&](Strip& s) {
      indicators(s);
      for (std::size_t i = 0; i < use.size(); ++i) {
        if (!use[i]) continue;
        const double v = model.pc1({layer[0][i], layer[1][i], layer[2][i], layer[3][i]});
        pc1_min = std::min(pc1_min, v);
        pc1_max = std::max(pc1_max, v);
      }
    });
    p.finish();
  }
  if (!(pc1_max > pc1_min)) throw InputError(fmt::format("{}: PC1 is constant: RSEI is undefined", req.lst));

  io::RasterWriter rsei_out(req.output, grid, sources.front()->crs_wkt(), io::RasterType::float32,
                            fmt::format("RSEI (Xu 2013): min-max normalised PC1, PC1 share {:.4f}", model.pc1_share),
                            layout(ctx));
  std::unique_ptr<io::RasterWriter> grade_out;
  if (!req.grades_output.empty()) {
    grade_out =
        std::make_unique<io::RasterWriter>(req.grades_output, grid, sources.front()->crs_wkt(), io::RasterType::byte,
                                           "RSEI grade, scheme " + scheme.id, layout(ctx));
  }
  const auto row_area =
      raster::row_cell_areas_m2(grid, sources.front()->geographic(), sources.front()->metres_per_unit());
  std::map<int, double> grade_area;
  double rsei_area_sum = 0, total_area = 0;
  std::vector<double> values, codes;
  {
    Progress p("RSEI", static_cast<std::size_t>(grid.rows));
    for_each_strip(sources, plan, &p, [&](Strip& s) {
      indicators(s);
      values.resize(use.size());
      codes.resize(use.size());
      for (std::size_t i = 0; i < use.size(); ++i) {
        if (!use[i]) continue;
        values[i] = raster::rsei(model.pc1({layer[0][i], layer[1][i], layer[2][i], layer[3][i]}), pc1_min, pc1_max);
        const int code = scheme.classify(values[i]).value();
        codes[i] = code;
        const double a = row_area[static_cast<std::size_t>(s.window.row) + i / static_cast<std::size_t>(s.window.cols)];
        grade_area[code] += a;
        rsei_area_sum += a * values[i];
        total_area += a;
      }
      rsei_out.write(s.window, values, use);
      if (grade_out) grade_out->write(s.window, codes, use);
    });
    p.finish();
  }
  rsei_out.commit();
  if (grade_out) grade_out->commit();

  Table pca;
  pca.title_zh = fmt::format("指标范围与第一主成分载荷（{} 个像元）", model.cells);
  pca.title_en = fmt::format("Indicator ranges and PC1 loadings ({} cells)", model.cells);
  pca.columns = {{"indicator", "指标", "indicator"},
                 {"min", "最小值", "min"},
                 {"max", "最大值", "max"},
                 {"pc1_loading", "PC1 载荷", "PC1 loading"}};
  static constexpr const char* kIndicators[] = {"NDVI", "WET", "LST", "NDBSI"};
  for (std::size_t k = 0; k < raster::kRseiLayers; ++k)
    pca.add({Cell(kIndicators[k]), Cell(model.min[k]), Cell(model.max[k]), Cell(model.loadings[k])});
  Table components;
  components.title_zh = fmt::format("主成分（第一主成分贡献率 {:.2f}%）", 100 * model.pc1_share);
  components.title_en = fmt::format("Principal components (PC1 contribution {:.2f}%)", 100 * model.pc1_share);
  components.columns = {{"component", "主成分", "component"},
                        {"eigenvalue", "特征值", "eigenvalue"},
                        {"contribution_pct", "贡献率(%)", "contribution (%)"}};
  double eigen_total = 0;
  for (double e : model.eigenvalues) eigen_total += e;
  for (std::size_t k = 0; k < raster::kRseiLayers; ++k) {
    components.add({Cell(fmt::format("PC{}", k + 1)), Cell(model.eigenvalues[k]),
                    Cell(eigen_total > 0 ? 100 * model.eigenvalues[k] / eigen_total : 0.0)});
  }
  Table grades = grade_area_table(scheme, grade_area, l);
  grades.title_zh = fmt::format("RSEI 分级面积（{}；面积加权平均 RSEI {:.4f}）", scheme.id, rsei_area_sum / total_area);
  grades.title_en =
      fmt::format("Area by RSEI grade ({}; area-weighted mean RSEI {:.4f})", scheme.id, rsei_area_sum / total_area);
  if (from_bands && req.water_mask) {
    ctx.note(fmt::format("{} {}", water_in_pass1,
                         tr(l, "个水体像元（MNDWI > 0）未参与", "water cells (MNDWI > 0) left out")));
  }
  write_document(ctx.out(), {{"loadings", pca}, {"components", components}, {"grades", grades}}, ctx.format(), l);
}

struct ChangeRequest {
  std::string before, after, output, scheme, zones, id_field;
  bool make_valid = false;
};

void run_change(Context& ctx, const ChangeRequest& req) {
  const Lang l = ctx.lang();
  const standards::GradeScheme* scheme = nullptr;
  if (!req.scheme.empty()) scheme = &scheme_option(req.scheme);
  io::set_gdal_cache_bytes(64ll << 20);
  io::GdalRaster before(req.before), after(req.after);
  io::require_aligned(before, after);
  const auto row_area = raster::row_cell_areas_m2(before.grid(), before.geographic(), before.metres_per_unit());
  auto name = [&](int code) -> std::string {
    if (scheme == nullptr) return "";
    const standards::Grade* g = scheme->find(code);
    return g ? (l == Lang::zh ? g->name_zh : g->name_en) : "";
  };
  auto direction = [&](int from, int to) {
    return to == from ? tr(l, "不变", "unchanged") : (to > from ? tr(l, "等级升高", "up") : tr(l, "等级降低", "down"));
  };
  Table t;
  t.columns = {{"from", "前期类别", "from"},
               {"from_name", "前期名称", "from name"},
               {"to", "后期类别", "to"},
               {"to_name", "后期名称", "to name"},
               {"change", "变化", "change"},
               {"cells", "像元数", "cells"},
               {"area_km2", "面积(km²)", "area (km²)", 3},
               {"area_ha", "面积(公顷)", "area (ha)", 2},
               {"area_mu", "面积(亩)", "area (mu)", 1},
               {"share_pct", "占比(%)", "share (%)", 3}};
  auto add_entries = [&](std::vector<Cell> prefix, const std::vector<raster::TransitionMatrix::Entry>& entries) {
    double total = 0;
    for (const auto& e : entries) total += e.area_m2;
    for (const auto& e : entries) {
      std::vector<Cell> row = prefix;
      for (Cell c :
           {Cell(e.from), Cell(name(e.from)), Cell(e.to), Cell(name(e.to)), Cell(direction(e.from, e.to)),
            Cell(e.cells), Cell(convert_area(e.area_m2, AreaUnit::m2, AreaUnit::km2)),
            Cell(convert_area(e.area_m2, AreaUnit::m2, AreaUnit::ha)),
            Cell(convert_area(e.area_m2, AreaUnit::m2, AreaUnit::mu)), Cell(total > 0 ? 100 * e.area_m2 / total : 0.0)})
        row.push_back(std::move(c));
      t.add(std::move(row));
    }
  };

  if (!req.zones.empty()) {
    if (!req.output.empty()) throw UsageError("raster change: --out (the change map) is written without --zones");
    io::ZoneLayerOptions zone_options;
    zone_options.id_field = req.id_field;
    zone_options.make_valid = req.make_valid;
    const auto [features, coverage] = load_zones(ctx, before, req.zones, zone_options);
    std::vector<raster::TransitionMatrix> matrices;
    {
      Progress progress(tr(l, "分区变化矩阵", "change matrix per zone"), static_cast<std::size_t>(before.grid().rows));
      try {
        matrices = raster::zonal_transitions(before, after, coverage, row_area,
                                             [&](int done, int) { progress.update(static_cast<std::size_t>(done)); });
      } catch (const raster::NotAClassCode& e) {
        throw InputError(fmt::format("{} / {}: {}", req.before, req.after, e.what()));
      }
      progress.finish();
    }
    t.title_zh = "分区类别转移矩阵（面积按像元覆盖比例精确加权；占比为分区内比例）";
    t.title_en = "Class transitions per zone (areas weighted by exact coverage; shares within each zone)";
    t.columns.insert(t.columns.begin(), Column{"zone", "分区", "zone"});
    t.columns[6] = {"cells_touched", "涉及像元数", "cells touched"};
    for (std::size_t z = 0; z < features.size(); ++z) add_entries({Cell(features[z].id)}, matrices[z].entries());
    write_table(ctx.out(), t, ctx.format(), l);
    return;
  }
  std::unique_ptr<io::RasterWriter> map;
  if (!req.output.empty()) {
    map = std::make_unique<io::RasterWriter>(req.output, before.grid(), before.crs_wkt(), io::RasterType::byte,
                                             "class change: before x 10 + after", layout(ctx));
  }
  raster::TransitionMatrix matrix;
  std::vector<double> codes;
  std::vector<std::uint8_t> ok;
  Progress progress(tr(l, "变化矩阵", "change matrix"), static_cast<std::size_t>(before.grid().rows));
  const StripPlan plan = plan_strips(ctx, {&before, &after}, 8 + 1, "raster change");
  for_each_strip({&before, &after}, plan, &progress, [&](Strip& s) {
    const int cols = s.window.cols;
    for (int r = 0; r < s.window.rows; ++r) {
      const std::size_t o = static_cast<std::size_t>(r) * static_cast<std::size_t>(cols);
      const int bad = matrix.add_row(&s.values[0][o], &s.values[1][o], &s.valid[0][o], &s.valid[1][o], cols,
                                     row_area[static_cast<std::size_t>(s.window.row + r)]);
      if (bad >= 0) {
        const std::size_t k = o + static_cast<std::size_t>(bad);
        throw InputError(
            fmt::format("{} / {}: row {}, column {}: values {} and {} are not class codes (integers 0-254)", req.before,
                        req.after, s.window.row + r, bad, s.values[0][k], s.values[1][k]));
      }
    }
    if (map) {
      codes.resize(s.values[0].size());
      ok.resize(codes.size());
      for (std::size_t i = 0; i < codes.size(); ++i) {
        ok[i] = s.valid[0][i] && s.valid[1][i];
        if (!ok[i]) continue;
        const int code = raster::change_code(static_cast<int>(s.values[0][i]), static_cast<int>(s.values[1][i]));
        if (code < 0) {
          throw InputError(
              fmt::format("{}: the change map holds classes 0-9 only (found {} -> {}); run without --out "
                          "for the matrix",
                          req.output, s.values[0][i], s.values[1][i]));
        }
        codes[i] = code;
      }
      map->write(s.window, codes, ok);
    }
  });
  progress.finish();
  if (map) map->commit();

  t.title_zh = "类别转移矩阵（面积）";
  t.title_en = "Class transitions (areas)";
  add_entries({}, matrix.entries());
  write_table(ctx.out(), t, ctx.format(), l);
}

struct TrendRequest {
  std::vector<std::string> years;
  std::string slope_out, z_out, class_out;
  double confidence = 0.95;
  int min_years = 3;
};

void run_trend(Context& ctx, const TrendRequest& req) {
  const Lang l = ctx.lang();
  if (req.years.size() < 3) throw UsageError("raster trend: give at least 3 rasters, one per year, oldest first");
  // Two-sided critical |Z| of the standard normal for the usual confidence levels.
  const std::map<double, double> critical = {{0.90, 1.6448536}, {0.95, 1.9599640}, {0.99, 2.5758293}};
  const auto crit = critical.find(req.confidence);
  if (crit == critical.end()) throw UsageError("--confidence: 0.90, 0.95 or 0.99");
  if (req.min_years < 3 || req.min_years > static_cast<int>(req.years.size())) {
    throw UsageError(fmt::format("--min-years: 3 .. {} (the number of rasters)", req.years.size()));
  }
  io::set_gdal_cache_bytes(64ll << 20);
  std::vector<std::unique_ptr<io::GdalRaster>> stack;
  std::vector<io::GdalRaster*> sources;
  for (const auto& path : req.years) {
    stack.push_back(std::make_unique<io::GdalRaster>(path));
    if (!sources.empty()) io::require_aligned(*sources.front(), *stack.back());
    sources.push_back(stack.back().get());
  }
  const raster::Grid& grid = sources.front()->grid();
  const std::string& crs = sources.front()->crs_wkt();
  std::unique_ptr<io::RasterWriter> slope_out, z_out, class_out;
  if (!req.slope_out.empty())
    slope_out = std::make_unique<io::RasterWriter>(req.slope_out, grid, crs, io::RasterType::float32,
                                                   "Theil-Sen slope per year", layout(ctx));
  if (!req.z_out.empty())
    z_out = std::make_unique<io::RasterWriter>(req.z_out, grid, crs, io::RasterType::float32, "Mann-Kendall Z",
                                               layout(ctx));
  if (!req.class_out.empty())
    class_out = std::make_unique<io::RasterWriter>(req.class_out, grid, crs, io::RasterType::byte,
                                                   "trajectory: 1 degrading, 2 stable, 3 improving", layout(ctx));
  const auto row_area =
      raster::row_cell_areas_m2(grid, sources.front()->geographic(), sources.front()->metres_per_unit());
  const StripPlan plan = plan_strips(ctx, sources, 3 * 8 + 1, "raster trend");
  std::array<double, 4> class_area{};
  std::vector<double> slope, z, cls;
  std::vector<std::uint8_t> ok;
  // Per thread: the series of one pixel, the scratch of the trend test and the class areas.
  struct TrendState {
    std::vector<double> series;
    engine::TrendScratch scratch;
    std::array<double, 4> class_area{};
  };
  const std::size_t years = req.years.size();
  Progress progress(tr(l, "逐像元趋势", "per-pixel trend"), static_cast<std::size_t>(grid.rows));
  for_each_strip(sources, plan, &progress, [&](Strip& s) {
    const std::size_t n = s.values[0].size(), cols = static_cast<std::size_t>(s.window.cols);
    slope.resize(n);
    z.resize(n);
    cls.resize(n);
    ok.resize(n);
    parallel_rows<TrendState>(
        s,
        [&](int row, TrendState& state) {
          state.series.resize(years);
          const std::size_t o = static_cast<std::size_t>(row) * cols;
          for (std::size_t i = o; i < o + cols; ++i) {
            int valid_years = 0;
            for (std::size_t y = 0; y < years; ++y) {
              state.series[y] = s.valid[y][i] ? s.values[y][i] : std::numeric_limits<double>::quiet_NaN();
              valid_years += s.valid[y][i] != 0;
            }
            ok[i] = valid_years >= req.min_years;
            if (!ok[i]) continue;
            const engine::Trend t = engine::mann_kendall_sen(state.series, state.scratch);
            slope[i] = t.sen_slope;
            z[i] = t.z;
            const int c = t.z <= -crit->second ? 1 : (t.z >= crit->second ? 3 : 2);
            cls[i] = c;
            state.class_area[static_cast<std::size_t>(c)] += row_area[static_cast<std::size_t>(s.window.row + row)];
          }
        },
        [&](const TrendState& state) {
          for (std::size_t c = 0; c < class_area.size(); ++c) class_area[c] += state.class_area[c];
        });
    if (slope_out) slope_out->write(s.window, slope, ok);
    if (z_out) z_out->write(s.window, z, ok);
    if (class_out) class_out->write(s.window, cls, ok);
  });
  progress.finish();
  for (auto* w : {slope_out.get(), z_out.get(), class_out.get()})
    if (w) w->commit();

  const double total = class_area[1] + class_area[2] + class_area[3];
  Table t;
  t.title_zh =
      fmt::format("逐像元趋势（Theil-Sen + Mann-Kendall，{} 年，置信度 {}）", req.years.size(), req.confidence);
  t.title_en = fmt::format("Per-pixel trend (Theil-Sen + Mann-Kendall, {} years, confidence {})", req.years.size(),
                           req.confidence);
  t.columns = {{"class", "类别", "class"},
               {"name", "名称", "name"},
               {"area_km2", "面积(km²)", "area (km²)", 3},
               {"area_ha", "面积(公顷)", "area (ha)", 2},
               {"area_mu", "面积(亩)", "area (mu)", 1},
               {"share_pct", "占比(%)", "share (%)", 2}};
  const char* names_zh[] = {"", "退化", "稳定", "改善"};
  const char* names_en[] = {"", "degrading", "stable", "improving"};
  for (int c = 1; c <= 3; ++c) {
    const double a = class_area[static_cast<std::size_t>(c)];
    t.add({Cell(c), Cell(l == Lang::zh ? names_zh[c] : names_en[c]), Cell(convert_area(a, AreaUnit::m2, AreaUnit::km2)),
           Cell(convert_area(a, AreaUnit::m2, AreaUnit::ha)), Cell(convert_area(a, AreaUnit::m2, AreaUnit::mu)),
           Cell(total > 0 ? 100 * a / total : 0.0)});
  }
  write_table(ctx.out(), t, ctx.format(), l);
}

// Per zone: the area-weighted mean FVC of two epochs and its change, and the desertified area (every grade but the
// top one of `scheme`) and the severely desertified area (the two lowest grades) in both. Reads the four rasters
// once, with the coverage computed once.
void print_cover_change_by_zone(Context& ctx, const std::array<std::string, 2>& fvc,
                                const std::array<std::string, 2>& grades, const std::array<int, 2>& years,
                                const std::string& zones_path, const std::string& id_field,
                                const standards::GradeScheme& scheme) {
  const Lang l = ctx.lang();
  std::vector<std::unique_ptr<io::GdalRaster>> opened;
  std::vector<raster::RasterSource*> sources;
  for (const auto& path : {fvc[0], fvc[1], grades[0], grades[1]}) {
    opened.push_back(std::make_unique<io::GdalRaster>(path));
    if (opened.size() > 1) io::require_aligned(*opened.front(), *opened.back());
    sources.push_back(opened.back().get());
  }
  const io::GdalRaster& first = *opened.front();
  io::ZoneLayerOptions zone_options;
  zone_options.id_field = id_field;
  zone_options.make_valid = true;
  const auto [features, coverage] = load_zones(ctx, first, zones_path, zone_options);
  const auto row_area = raster::row_cell_areas_m2(first.grid(), first.geographic(), first.metres_per_unit());
  std::vector<raster::ZonalOptions> options(4);
  for (std::size_t r = 0; r < 4; ++r) {
    options[r].row_area_m2 = row_area;
    options[r].categorical = r >= 2;
  }
  std::vector<std::vector<raster::ZonalStats>> stats;
  {
    Progress progress(tr(l, "分区统计", "zonal statistics"), static_cast<std::size_t>(first.grid().rows));
    stats = raster::zonal_statistics(sources, coverage, options,
                                     [&](int done, int) { progress.update(static_cast<std::size_t>(done)); });
    progress.finish();
  }
  const auto names =
      io::read_key_value_csv(Context::data_dir() + "/reference/admin_units.csv", l == Lang::zh ? "name_zh" : "name_en");
  const int top = scheme.grades.back().code;
  const int severe_max = scheme.grades.size() >= 2 ? scheme.grades[1].code : scheme.grades[0].code;
  auto class_area = [&](const raster::ZonalStats& s, auto&& pick) {
    double a = 0;
    for (const auto& c : s.classes)
      if (pick(static_cast<int>(c.value))) a += c.area_m2;
    return a / 1e6;
  };
  const std::string limit = fmt::format("{}", scheme.grades.back().lower);
  Table t;
  t.title_zh =
      fmt::format("各盟市植被覆盖度与沙化（{}）面积及变化，{}–{} 年（面积加权）", scheme.id, years[0], years[1]);
  t.title_en = fmt::format("Vegetation cover and desertified area ({}) by league/city, {}-{} (area-weighted)",
                           scheme.id, years[0], years[1]);
  const std::string y0 = std::to_string(years[0]), y1 = std::to_string(years[1]);
  t.columns = {{"code", "代码", "code"},
               {"name", "名称", "name"},
               {"area_km2", "面积(km²)", "area (km²)", 0},
               {"fvc_" + y0, "覆盖度" + y0, "FVC " + y0, 4},
               {"fvc_" + y1, "覆盖度" + y1, "FVC " + y1, 4},
               {"fvc_change", "覆盖度变化", "FVC change", 4},
               {"desertified_km2_" + y0, fmt::format("沙化{}(km²,<{})", y0, limit),
                fmt::format("desertified {} (km², FVC<{})", y0, limit), 0},
               {"desertified_km2_" + y1, fmt::format("沙化{}(km²)", y1), fmt::format("desertified {} (km²)", y1), 0},
               {"desertified_change_pct", "沙化面积变化(%)", "desertified change (%)", 2},
               {"severe_km2_" + y0, fmt::format("重度以上{}(km²)", y0), fmt::format("severe+ {} (km²)", y0), 0},
               {"severe_km2_" + y1, fmt::format("重度以上{}(km²)", y1), fmt::format("severe+ {} (km²)", y1), 0}};
  // Class areas summed in different orders differ in the last bits: no change shows as 0, not -0.00.
  auto percent_change = [](double before, double after) {
    if (!(before > 0)) return 0.0;
    const double pct = 100 * (after - before) / before;
    return std::abs(pct) < 1e-9 ? 0.0 : pct;
  };
  double total_area = 0;
  std::array<double, 2> total_fvc{}, total_des{}, total_severe{};
  auto add_row = [&](const std::string& code, const std::string& name, double area, std::array<double, 2> f,
                     std::array<double, 2> des, std::array<double, 2> severe) {
    t.add({Cell(code), Cell(name), Cell(area), Cell(f[0]), Cell(f[1]), Cell(f[1] - f[0]), Cell(des[0]), Cell(des[1]),
           Cell(percent_change(des[0], des[1])), Cell(severe[0]), Cell(severe[1])});
  };
  for (std::size_t z = 0; z < features.size(); ++z) {
    const std::string& code = features[z].id;
    const auto name = names.find(code);
    const double area = stats[0][z].area_m2 / 1e6;
    std::array<double, 2> f{}, des{}, severe{};
    for (std::size_t e = 0; e < 2; ++e) {
      f[e] = stats[e][z].area_weighted_mean;
      des[e] = class_area(stats[2 + e][z], [&](int c) { return c != top; });
      severe[e] = class_area(stats[2 + e][z], [&](int c) { return c <= severe_max; });
      total_fvc[e] += f[e] * area;
      total_des[e] += des[e];
      total_severe[e] += severe[e];
    }
    total_area += area;
    add_row(code, name == names.end() ? code : name->second, area, f, des, severe);
  }
  add_row("", tr(l, "合计", "total"), total_area, {total_fvc[0] / total_area, total_fvc[1] / total_area}, total_des,
          total_severe);
  write_table(ctx.out(), t, ctx.format(), l);
}

}  // namespace

std::vector<UnitRasterMean> unit_raster_means(Context& ctx, const std::string& raster_path, const std::string& ws_path,
                                              int level) {
  const Lang l = ctx.lang();
  io::set_gdal_cache_bytes(64ll << 20);
  io::GdalRaster source(raster_path);
  io::ZoneLayerOptions zone_options;
  zone_options.layer = "admin_unit";
  zone_options.where = fmt::format("level = {}", level);
  zone_options.id_field = "code";
  zone_options.make_valid = true;
  const auto [features, coverage] = load_zones(ctx, source, ws_path, zone_options);
  raster::ZonalOptions options;
  const auto row_area = raster::row_cell_areas_m2(source.grid(), source.geographic(), source.metres_per_unit());
  options.row_area_m2 = row_area;
  std::vector<raster::RasterSource*> sources{&source};
  std::vector<std::vector<raster::ZonalStats>> stats;
  {
    Progress progress(tr(l, "分区统计", "zonal statistics"), static_cast<std::size_t>(source.grid().rows));
    stats = raster::zonal_statistics(sources, coverage, std::vector<raster::ZonalOptions>{options},
                                     [&](int done, int) { progress.update(static_cast<std::size_t>(done)); });
    progress.finish();
  }
  std::vector<UnitRasterMean> out;
  for (std::size_t z = 0; z < features.size(); ++z) {
    const auto& s = stats[0][z];
    UnitRasterMean m;
    m.code = features[z].id;
    m.cells = s.cells;
    if (s.cells > 0 && !std::isnan(s.area_weighted_mean)) {
      m.mean = s.area_weighted_mean;
      m.valid_area_km2 = s.area_m2 / 1e6;
    }
    out.push_back(std::move(m));
  }
  return out;
}

void run_vegetation_demo(Context& ctx, const std::string& leagues_path, const std::string& dir) {
  const Lang l = ctx.lang();
  io::set_gdal_cache_bytes(64ll << 20);
  io::ZoneLayerOptions zone_options;
  zone_options.make_valid = true;
  std::vector<raster::Zone> region;
  for (auto& f : io::read_zone_layer(leagues_path, io::crs_wkt_from_epsg(4326), zone_options))
    region.push_back(std::move(f.zone));
  SyntheticNdviOptions options;
  const SyntheticNdviFiles ndvi = write_synthetic_ndvi(dir, region, options);
  ctx.out() << tr(l, "SYNTHETIC 合成 NDVI（固定种子，仅地理格局真实）：",
                  "SYNTHETIC NDVI (seeded; only the geography is real): ")
            << ndvi.first << ", " << ndvi.second << "\n";
  const std::array<int, 2> years = {options.first_year, options.second_year};
  std::array<std::string, 2> fvc, grades;
  for (std::size_t e = 0; e < 2; ++e) {
    FvcRequest req;
    req.ndvi = e == 0 ? ndvi.first : ndvi.second;
    fvc[e] = req.output = fmt::format("{}/fvc_{}.tif", dir, years[e]);
    grades[e] = req.grades_output = fmt::format("{}/fvc_grades_{}.tif", dir, years[e]);
    // Fixed endpoints, so that the two years are on one scale (scene percentiles would differ per year).
    req.soil = 0.05;
    req.veg = 0.85;
    ctx.out() << "\n";
    run_fvc(ctx, req);
  }
  ctx.out() << "\n";
  const standards::GradeScheme& scheme = standards::grade_scheme(standards::kDefaultFvcScheme);
  print_cover_change_by_zone(ctx, fvc, grades, years, leagues_path, "adcode", scheme);
  ctx.out() << "\n";
  ChangeRequest change;
  change.before = grades[0];
  change.after = grades[1];
  change.output = fmt::format("{}/fvc_grade_change_{}_{}.tif", dir, years[0], years[1]);
  change.scheme = scheme.id;
  run_change(ctx, change);
}

void add_raster_commands(CLI::App& app, Context& ctx) {
  auto* raster_cmd = app.add_subcommand(
      "raster", "Raster ecology: NDVI, vegetation cover and grades, RSEI, change, trend, exact zonal statistics");
  raster_cmd->require_subcommand(1);

  auto nreq = std::make_shared<NdviRequest>();
  auto* ndvi = raster_cmd->add_subcommand("ndvi", "NDVI from red and near-infrared rasters on the same grid");
  ndvi->add_option("RED", nreq->red, "Red band raster (surface reflectance; scale/offset in the file are applied)")
      ->required();
  ndvi->add_option("NIR", nreq->nir, "Near-infrared band raster")->required();
  ndvi->add_option("--out", nreq->output, "Output GeoTIFF (Float32, tiled, DEFLATE; NaN = nodata)")->required();
  ndvi->add_option("--red-band", nreq->red_band, "Band of RED")->capture_default_str();
  ndvi->add_option("--nir-band", nreq->nir_band, "Band of NIR")->capture_default_str();
  ndvi->footer(
      "Example:\n  ecobarrier raster ndvi B04.tif B08.tif --out ndvi.tif\n\nNDVI = (NIR - Red) / (NIR + Red); "
      "docs/raster.md.");
  ndvi->callback([nreq, &ctx] { run_ndvi(ctx, *nreq); });

  auto freq = std::make_shared<FvcRequest>();
  auto* fvc =
      raster_cmd->add_subcommand("fvc", "Fractional vegetation cover (dimidiate pixel model), grades and their areas");
  fvc->add_option("NDVI", freq->ndvi, "NDVI raster (or give --red and --nir)");
  fvc->add_option("--red", freq->red, "Red band: compute NDVI on the fly, reading each band once");
  fvc->add_option("--nir", freq->nir, "Near-infrared band (with --red)");
  fvc->add_option("--red-band", freq->red_band, "Band of --red")->capture_default_str();
  fvc->add_option("--nir-band", freq->nir_band, "Band of --nir")->capture_default_str();
  fvc->add_option("--ndvi-out", freq->ndvi_output, "With --red/--nir: also write the NDVI (Float32 GeoTIFF)");
  fvc->add_option("--out", freq->output, "Output FVC GeoTIFF (Float32, 0..1)")->required();
  fvc->add_option("--grades", freq->grades_output, "Also write the grade of every cell (Byte GeoTIFF, 255 = nodata)");
  fvc->add_option("--scheme", freq->scheme, "Grading scheme (data/standards/grade_schemes.csv)")->capture_default_str();
  fvc->add_option("--soil", freq->soil, "NDVI_soil (default: the low percentile of valid cells)");
  fvc->add_option("--veg", freq->veg, "NDVI_veg (default: the high percentile of valid cells)");
  fvc->add_option("--percentiles", freq->percentiles, "LO,HI cumulative-frequency percentiles for NDVI_soil/NDVI_veg")
      ->delimiter(',')
      ->expected(2)
      ->capture_default_str();
  fvc->add_option("--mask", freq->mask,
                  "Raster on the same grid; cells that are non-zero (water, cloud, snow) are left out");
  fvc->footer(
      "Examples:\n"
      "  ecobarrier raster fvc ndvi.tif --out fvc.tif --grades grades.tif\n"
      "  ecobarrier raster fvc ndvi.tif --out fvc.tif --soil 0.05 --veg 0.85 --format csv\n"
      "  ecobarrier raster fvc --red B04.tif --nir B08.tif --ndvi-out ndvi.tif --out fvc.tif --grades g.tif\n\n"
      "FVC = (NDVI - NDVI_soil) / (NDVI_veg - NDVI_soil), clipped to 0..1. Percentiles are exact (two passes),\n"
      "PERCENTILE.INC over valid, unmasked cells. The default grades are a project choice: no national standard\n"
      "grades desertification by FVC. Areas use geodesic cell areas on geographic grids. See docs/raster.md.");
  fvc->callback([freq, &ctx] { run_fvc(ctx, *freq); });

  auto klreq = std::make_shared<ClassifyRequest>();
  auto* classify = raster_cmd->add_subcommand("classify", "Grade any raster by a scheme or by breaks, with areas");
  classify->add_option("RASTER", klreq->input, "Input raster (e.g. FVC or RSEI)")->required();
  classify->add_option("--out", klreq->output, "Output class GeoTIFF (Byte, 255 = nodata)")->required();
  classify->add_option("--scheme", klreq->scheme, "Grading scheme from data/standards/grade_schemes.csv");
  classify->add_option("--breaks", klreq->breaks, "Ascending breaks B1,B2,...: classes 1 = below B1 ... n+1 = from Bn")
      ->delimiter(',');
  classify->add_option("--band", klreq->band, "Band number (1-based)")->capture_default_str();
  classify->footer(
      "Examples:\n"
      "  ecobarrier raster classify fvc.tif --scheme desertification_fvc5 --out grades.tif\n"
      "  ecobarrier raster classify ndvi.tif --breaks 0.1,0.3,0.5 --out classes.tif --format csv\n\n"
      "Each class is [lower, upper). Areas use geodesic cell areas on geographic grids. See docs/raster.md.");
  classify->callback([klreq, &ctx] { run_classify(ctx, *klreq); });

  auto rreq = std::make_shared<RseiRequest>();
  auto* rsei = raster_cmd->add_subcommand(
      "rsei", "Remote Sensing Ecological Index (Xu 2013): PCA of greenness, wetness, heat and dryness");
  rsei->add_option("--bands", rreq->bands,
                   "Six surface-reflectance rasters BLUE,GREEN,RED,NIR,SWIR1,SWIR2 (NDVI, WET and NDBSI are computed)")
      ->delimiter(',');
  rsei->add_option("--sensor", rreq->sensor,
                   "Tasselled-cap wetness coefficients for --bands (landsat8_oli, landsat5_tm)")
      ->capture_default_str();
  rsei->add_option("--ndvi", rreq->ndvi, "NDVI raster (instead of --bands)");
  rsei->add_option("--wet", rreq->wet, "Wetness raster (instead of --bands)");
  rsei->add_option("--ndbsi", rreq->ndbsi, "NDBSI raster (instead of --bands)");
  rsei->add_option("--lst", rreq->lst, "Land surface temperature raster (°C or K; any linear unit)")->required();
  rsei->add_option("--mask", rreq->mask, "Raster on the same grid; non-zero cells (water, cloud) are left out");
  rsei->add_flag("!--no-water-mask", rreq->water_mask, "With --bands, keep water cells (MNDWI > 0)");
  rsei->add_option("--out", rreq->output, "Output RSEI GeoTIFF (Float32, 0..1)")->required();
  rsei->add_option("--grades", rreq->grades_output, "Also write the RSEI grade of every cell (Byte GeoTIFF)");
  rsei->add_option("--scheme", rreq->scheme, "Grading scheme")->capture_default_str();
  rsei->footer(
      "Examples:\n"
      "  ecobarrier raster rsei --bands B2.tif,B3.tif,B4.tif,B5.tif,B6.tif,B7.tif --lst lst.tif --out rsei.tif\n"
      "  ecobarrier raster rsei --ndvi ndvi.tif --wet wet.tif --ndbsi ndbsi.tif --lst lst.tif --out rsei.tif\n\n"
      "Each indicator is min-max normalised over the cells used; PC1 of their covariance matrix (one streaming\n"
      "pass) is oriented so that NDVI loads positively; RSEI = min-max normalised PC1. Prints the loadings and\n"
      "PC1's contribution. Water (MNDWI > 0) is left out by default when bands are given. See docs/raster.md.");
  rsei->callback([rreq, &ctx] { run_rsei(ctx, *rreq); });

  auto creq = std::make_shared<ChangeRequest>();
  auto* change = raster_cmd->add_subcommand("change", "Transition matrix of classes between two epochs, with areas");
  change->add_option("BEFORE", creq->before, "Class raster of the first epoch (e.g. grades from raster fvc)")
      ->required();
  change->add_option("AFTER", creq->after, "Class raster of the second epoch, on the same grid")->required();
  change->add_option("--out", creq->output, "Also write the change map (Byte: before x 10 + after; classes 0-9)");
  change->add_option("--scheme", creq->scheme, "Name the classes with this grading scheme (e.g. desertification_fvc5)");
  change->add_option("--zones", creq->zones, "Polygons (any CRS): one transition matrix per zone, coverage-weighted");
  change->add_option("--id-field", creq->id_field, "With --zones: the field that names each zone");
  change->add_flag("--make-valid", creq->make_valid, "With --zones: repair invalid polygons instead of stopping");
  change->footer(
      "Example:\n  ecobarrier raster change grades_2015.tif grades_2020.tif --scheme desertification_fvc5 --out "
      "change.tif\n"
      "  ecobarrier raster change g2020.tif g2025.tif --zones leagues.json --id-field name --format csv\n\n"
      "Areas in km², ha and mu use geodesic cell areas on geographic grids. \"up\" means a higher class code\n"
      "(for the FVC grades: more vegetation cover). See docs/raster.md.");
  change->callback([creq, &ctx] { run_change(ctx, *creq); });

  auto treq = std::make_shared<TrendRequest>();
  auto* trend = raster_cmd->add_subcommand("trend", "Per-pixel Theil-Sen slope and Mann-Kendall Z over annual rasters");
  trend->add_option("RASTERS", treq->years, "One raster per year, oldest first, all on the same grid")->required();
  trend->add_option("--slope", treq->slope_out, "Write the Theil-Sen slope (units per year) as Float32 GeoTIFF");
  trend->add_option("--z", treq->z_out, "Write the Mann-Kendall Z as Float32 GeoTIFF");
  trend->add_option("--classes", treq->class_out, "Write 1 degrading / 2 stable / 3 improving as Byte GeoTIFF");
  trend->add_option("--confidence", treq->confidence, "Two-sided significance level: 0.90, 0.95 or 0.99")
      ->capture_default_str();
  trend->add_option("--min-years", treq->min_years, "Fewer valid years than this: nodata")->capture_default_str();
  trend->footer(
      "Example:\n  ecobarrier raster trend ndvi_2016.tif ndvi_2017.tif ... ndvi_2025.tif --slope s.tif --classes "
      "c.tif\n\n"
      "Mann-Kendall with the tie correction and the continuity-corrected Z; significant negative Z = degrading,\n"
      "significant positive = improving (the productivity-trajectory sub-indicator of SDG 15.3.1). Missing years\n"
      "are left out with their year kept for slopes. See docs/raster.md.");
  trend->callback([treq, &ctx] { run_trend(ctx, *treq); });

  auto req = std::make_shared<ZonalRequest>();
  auto* zonal = raster_cmd->add_subcommand("zonal",
                                           "Statistics of a raster per polygon, each cell weighted by the exact "
                                           "fraction of it the polygon covers");
  zonal
      ->add_option("FILES", req->files,
                   "RASTER... ZONES: one or more rasters GDAL reads (on one grid), then the polygons (GeoJSON, "
                   "GeoPackage, Shapefile, ... in any CRS)")
      ->required()
      ->expected(2, -1);
  zonal->add_option("--id-field", req->id_field, "Field that names each zone (default: the feature id)");
  zonal->add_option("--band", req->band, "Band number (1-based)")->capture_default_str();
  zonal
      ->add_option("--stats", req->stats,
                   "Comma-separated: count,sum,mean,min,max,stdev,majority,minority,variety,cells,area_m2,area_km2,"
                   "area_weighted_mean, median and pNN (coverage-weighted quantiles, e.g. p10,p98), and class_areas "
                   "(one area_km2_class_<value> column per class value)")
      ->capture_default_str();
  zonal->add_flag("--make-valid", req->make_valid, "Repair invalid polygons (GEOS MakeValid) instead of stopping");
  zonal->footer(
      "Examples:\n"
      "  ecobarrier raster zonal cropland.tif counties.json --id-field adcode --format csv -o cropland.csv\n"
      "  ecobarrier raster zonal ndvi.tif banners.gpkg --stats mean,area_km2,area_weighted_mean\n"
      "  ecobarrier raster zonal ndvi_2015.tif ndvi_2025.tif leagues.json --stats mean   (columns ndvi_2015_mean, "
      "...)\n\n"
      "count = Σ coverage fraction of valid cells, sum = Σ fraction x value, mean = sum / count (exactextract's\n"
      "definitions). area_* use each row's geodesic cell area on geographic grids. Zones are reprojected to the\n"
      "raster's CRS with PROJ. See docs/raster.md.");
  zonal->callback([req, &ctx] { run_zonal(ctx, *req); });
}

}  // namespace eb::app
