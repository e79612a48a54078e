#include "app/runs/raster/trend.hpp"

#include <fmt/format.h>

#include <limits>
#include <map>

#include "core/area.hpp"
#include "core/error.hpp"
#include "engine/raster/cell_area.hpp"
#include "engine/stats/trend.hpp"
#include "io/class_raster.hpp"
#include "io/raster_writer.hpp"
#include "standards/class_styles.hpp"

namespace eb::app::runs {

namespace raster = engine::raster;

namespace {

// Two-sided critical |Z| of the standard normal for the usual confidence levels.
double critical_z(const TrendRequest& req) {
  if (req.years.size() < 3) throw UsageError("raster trend: give at least 3 rasters, one per year, oldest first");
  const std::map<double, double> critical = {{0.90, 1.6448536}, {0.95, 1.9599640}, {0.99, 2.5758293}};
  const auto crit = critical.find(req.confidence);
  if (crit == critical.end()) throw UsageError("--confidence: 0.90, 0.95 or 0.99");
  if (req.min_years < 3 || req.min_years > static_cast<int>(req.years.size()))
    throw UsageError(fmt::format("--min-years: 3 .. {} (the number of rasters)", req.years.size()));
  return crit->second;
}

// The optional outputs: slope, Z and trajectory class.
struct TrendWriters {
  std::unique_ptr<io::RasterWriter> slope, z, classes;
  TrendWriters(const TrendRequest& req, const io::GdalRaster& first, io::RasterLayout layout) {
    const raster::Grid& grid = first.grid();
    const std::string& crs = first.crs_wkt();
    if (!req.slope_out.empty())
      slope = std::make_unique<io::RasterWriter>(req.slope_out, grid, crs, io::RasterType::float32,
                                                 "Theil-Sen slope per year", layout);
    if (!req.z_out.empty())
      z = std::make_unique<io::RasterWriter>(req.z_out, grid, crs, io::RasterType::float32, "Mann-Kendall Z", layout);
    if (!req.class_out.empty())
      classes = std::make_unique<io::RasterWriter>(req.class_out, grid, crs, io::RasterType::byte,
                                                   "trajectory: 1 degrading, 2 stable, 3 improving", layout);
  }
  void commit() {
    for (auto* w : {slope.get(), z.get(), classes.get()})
      if (w) w->commit();
  }
};

}  // namespace

TrendResult run_trend(const TrendRequest& req, const RunEnv& env) {
  const double crit = critical_z(req);
  OpenRasters in = open_aligned(req.years);
  const io::GdalRaster& first = in.front();
  const raster::Grid& grid = first.grid();
  TrendWriters out(req, first, env.raster_layout);
  const auto row_area = raster::row_cell_areas_m2(grid, first.geographic(), first.metres_per_unit());
  const raster::StripPlan plan = plan_strips(env, in.gdal, 3 * 8 + 1, "raster trend");
  TrendResult r;
  r.years = req.years.size();
  r.confidence = req.confidence;
  std::vector<double> slope, z, cls;
  std::vector<std::uint8_t> ok;
  // Per thread: the series of one pixel, the scratch of the trend test and the class areas.
  struct TrendState {
    std::vector<double> series;
    engine::TrendScratch scratch;
    std::array<double, 4> class_area{};
  };
  const std::size_t years = req.years.size();
  Step step(env, "逐像元趋势", "per-pixel trend", static_cast<std::size_t>(grid.rows));
  raster::for_each_strip(
      in.sources, plan,
      [&](raster::Strip& s) {
        const std::size_t n = s.values[0].size(), cols = static_cast<std::size_t>(s.window.cols);
        slope.resize(n);
        z.resize(n);
        cls.resize(n);
        ok.resize(n);
        raster::parallel_rows<TrendState>(
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
                const int c = t.z <= -crit ? 1 : (t.z >= crit ? 3 : 2);
                cls[i] = c;
                state.class_area[static_cast<std::size_t>(c)] += row_area[static_cast<std::size_t>(s.window.row + row)];
              }
            },
            [&](const TrendState& state) {
              for (std::size_t c = 0; c < r.class_area_m2.size(); ++c) r.class_area_m2[c] += state.class_area[c];
            });
        if (out.slope) out.slope->write(s.window, slope, ok);
        if (out.z) out.z->write(s.window, z, ok);
        if (out.classes) out.classes->write(s.window, cls, ok);
      },
      step.rows());
  step.finish();
  out.commit();
  if (!req.class_out.empty())
    io::write_raster_classes(req.class_out, standards::class_styles("trend"), req.class_names_zh);
  return r;
}

Document trend_document(const TrendResult& r, Lang l) {
  const auto& area = r.class_area_m2;
  const double total = area[1] + area[2] + area[3];
  Table t;
  t.title_zh = fmt::format("逐像元趋势（Theil-Sen + Mann-Kendall，{} 年，置信度 {}）", r.years, r.confidence);
  t.title_en =
      fmt::format("Per-pixel trend (Theil-Sen + Mann-Kendall, {} years, confidence {})", r.years, r.confidence);
  t.columns = {{"class", "类别", "class"},
               {"name", "名称", "name"},
               {"area_km2", "面积(km²)", "area (km²)", 3},
               {"area_ha", "面积(公顷)", "area (ha)", 2},
               {"area_mu", "面积(亩)", "area (mu)", 1},
               {"share_pct", "占比(%)", "share (%)", 2}};
  const auto classes = standards::class_styles("trend");  // 1 degrading, 2 stable, 3 improving
  for (int c = 1; c <= 3; ++c) {
    const double a = area[static_cast<std::size_t>(c)];
    t.add({Cell(c), Cell(classes[static_cast<std::size_t>(c - 1)].name(l == Lang::zh)),
           Cell(convert_area(a, AreaUnit::m2, AreaUnit::km2)), Cell(convert_area(a, AreaUnit::m2, AreaUnit::ha)),
           Cell(convert_area(a, AreaUnit::m2, AreaUnit::mu)), Cell(total > 0 ? 100 * a / total : 0.0)});
  }
  return Document(std::move(t));
}

}  // namespace eb::app::runs
