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

// The optional outputs on `grid`: slope, Z and trajectory class.
struct TrendWriters {
  std::unique_ptr<io::RasterWriter> slope, z, classes;
  TrendWriters(const TrendRequest& req, const raster::Grid& grid, const std::string& crs, io::RasterLayout layout) {
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

// The trend of every cell of one strip (Theil-Sen slope, Mann-Kendall Z, the class at `crit`) and the area of each
// class, written at rows `row_offset` up in `out`; the kernel of run_trend and of trend_window alike.
class StripTrend {
 public:
  StripTrend(const TrendRequest& req, double crit, const std::vector<double>& row_area)
      : req_(req), crit_(crit), row_area_(row_area) {}

  void run(raster::Strip& s, int row_offset, TrendWriters& out, std::array<double, 4>& class_area) {
    const std::size_t n = s.values[0].size(), cols = static_cast<std::size_t>(s.window.cols);
    slope_.resize(n);
    z_.resize(n);
    cls_.resize(n);
    ok_.resize(n);
    const std::size_t years = req_.years.size();
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
            ok_[i] = valid_years >= req_.min_years;
            if (!ok_[i]) continue;
            const engine::Trend t = engine::mann_kendall_sen(state.series, state.scratch);
            slope_[i] = t.sen_slope;
            z_[i] = t.z;
            const int c = t.z <= -crit_ ? 1 : (t.z >= crit_ ? 3 : 2);
            cls_[i] = c;
            state.class_area[static_cast<std::size_t>(c)] += row_area_[static_cast<std::size_t>(s.window.row + row)];
          }
        },
        [&](const TrendState& state) {
          for (std::size_t c = 0; c < class_area.size(); ++c) class_area[c] += state.class_area[c];
        });
    raster::Window at = s.window;
    at.row -= row_offset;
    if (out.slope) out.slope->write(at, slope_, ok_);
    if (out.z) out.z->write(at, z_, ok_);
    if (out.classes) out.classes->write(at, cls_, ok_);
  }

 private:
  // Per thread: the series of one pixel, the scratch of the trend test and the class areas.
  struct TrendState {
    std::vector<double> series;
    engine::TrendScratch scratch;
    std::array<double, 4> class_area{};
  };
  const TrendRequest& req_;
  double crit_;
  const std::vector<double>& row_area_;
  std::vector<double> slope_, z_, cls_;
  std::vector<std::uint8_t> ok_;
};

}  // namespace

TrendResult run_trend(const TrendRequest& req, const RunEnv& env) {
  const double crit = critical_z(req);
  OpenRasters in = open_aligned(req.years);
  const io::GdalRaster& first = in.front();
  const raster::Grid& grid = first.grid();
  TrendWriters out(req, grid, first.crs_wkt(), env.raster_layout);
  const auto row_area = raster::row_cell_areas_m2(grid, first.geographic(), first.metres_per_unit());
  const raster::StripPlan plan = plan_strips(env, in.gdal, 3 * 8 + 1, "raster trend");
  TrendResult r;
  r.years = req.years.size();
  r.confidence = req.confidence;
  StripTrend kernel(req, crit, row_area);
  Step step(env, "逐像元趋势", "per-pixel trend", static_cast<std::size_t>(grid.rows));
  raster::for_each_strip(
      in.sources, plan, [&](raster::Strip& s) { kernel.run(s, 0, out, r.class_area_m2); }, step.rows());
  step.finish();
  out.commit();
  if (!req.class_out.empty())
    io::write_raster_classes(req.class_out, standards::class_styles("trend"), req.class_names_zh);
  return r;
}

TrendResult trend_window(const TrendRequest& req, int row_begin, int row_end) {
  const double crit = critical_z(req);
  io::set_gdal_cache_bytes(64ll << 20);
  OpenRasters in = open_aligned(req.years);
  const io::GdalRaster& first = in.front();
  const raster::Grid& grid = first.grid();
  if (row_begin < 0 || row_end > grid.rows || row_begin >= row_end)
    throw UsageError(fmt::format("trend_window: rows {}..{} outside 0..{}", row_begin, row_end, grid.rows));
  raster::Grid tile = grid;
  tile.y_max = grid.y_max - row_begin * grid.cell_height;
  tile.rows = row_end - row_begin;
  TrendWriters out(req, tile, first.crs_wkt(), io::RasterLayout::tiled);
  const auto row_area = raster::row_cell_areas_m2(grid, first.geographic(), first.metres_per_unit());
  // Block row by block row of the first raster: memory bounded by one strip of every year, whatever the window.
  const int strip_rows = std::max(1, first.block_rows());
  std::vector<raster::Window> windows;
  for (int row = row_begin; row < row_end; row = std::min(row_end, (row / strip_rows + 1) * strip_rows))
    windows.push_back({row, 0, std::min(row_end, (row / strip_rows + 1) * strip_rows) - row, grid.cols});
  TrendResult r;
  r.years = req.years.size();
  r.confidence = req.confidence;
  StripTrend kernel(req, crit, row_area);
  raster::for_each_window(in.sources, windows,
                          [&](raster::Strip& s, std::size_t) { kernel.run(s, row_begin, out, r.class_area_m2); });
  out.commit();
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
