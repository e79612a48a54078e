#include "app/runs/raster/vegetation.hpp"

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <array>
#include <cmath>
#include <cstring>
#include <map>

#include "app/runs/raster/vegetation_windows.hpp"
#include "core/error.hpp"
#include "engine/raster/cell_area.hpp"
#include "engine/raster/quantiles.hpp"
#include "engine/raster/vegetation_kernel.hpp"
#include "io/class_raster.hpp"
#include "io/raster_writer.hpp"
#include "standards/class_styles.hpp"

namespace eb::app::runs {

namespace raster = engine::raster;

NdviResult run_ndvi(const NdviRequest& req, const RunEnv& env) {
  io::set_gdal_cache_bytes(64ll << 20);
  io::GdalRaster red(req.red, req.red_band), nir(req.nir, req.nir_band);
  io::require_aligned(red, nir);
  const std::vector<io::GdalRaster*> gdal{&red, &nir};
  const std::vector<raster::RasterSource*> sources{&red, &nir};
  const raster::StripPlan plan = plan_strips(env, gdal, 8 + 1, "raster ndvi");
  io::RasterWriter out(req.output, red.grid(), red.crs_wkt(), io::RasterType::float32,
                       "NDVI = (NIR - Red) / (NIR + Red)", env.raster_layout);
  std::vector<double> ndvi;
  std::vector<std::uint8_t> ok;
  NdviResult result;
  result.output = req.output;
  Step step(env, "NDVI", "NDVI", static_cast<std::size_t>(red.grid().rows));
  raster::for_each_strip(
      sources, plan,
      [&](raster::Strip& s) {
        const auto cols = static_cast<std::size_t>(s.window.cols);
        ndvi.resize(s.values[0].size());
        ok.resize(ndvi.size());
        raster::parallel_rows<std::int64_t>(
            s,
            [&](int row, std::int64_t& valid) {
              const std::size_t o = static_cast<std::size_t>(row) * cols;
              raster::ndvi_row(&s.values[0][o], &s.values[1][o], &s.valid[0][o], &s.valid[1][o], cols, &ndvi[o],
                               &ok[o]);
              for (std::size_t i = o; i < o + cols; ++i) valid += ok[i];
            },
            [&](std::int64_t v) { result.valid_cells += v; });
        out.write(s.window, ndvi, ok);
      },
      step.rows());
  step.finish();
  out.commit();
  return result;
}

Document ndvi_document(const NdviResult& r, Lang l) {
  Document doc;
  doc.note(fmt::format("{}: {} {}", r.output, r.valid_cells, tr(l, "个有效像元", "valid cells")));
  return doc;
}

namespace {

// The inputs of an FVC run: NDVI from a raster or straight from red and NIR (each band read once), and an optional
// mask; per strip, the NDVI and the cells that count.
class FvcInputs {
 public:
  explicit FvcInputs(const FvcRequest& req) : req_(req), from_bands_(!req.red.empty() || !req.nir.empty()) {
    if (from_bands_) {
      rasters_ = open_aligned({});
      rasters_.add(req.red, req.red_band);
      rasters_.add(req.nir, req.nir_band);
    } else {
      rasters_ = open_aligned({req.ndvi});
    }
    if (!req.mask.empty()) rasters_.add(req.mask);
  }
  bool from_bands() const { return from_bands_; }
  const OpenRasters& rasters() const { return rasters_; }
  const std::string& ndvi_name() const { return from_bands_ ? req_.red : req_.ndvi; }
  const std::vector<std::uint8_t>& use() const { return use_; }
  const std::vector<std::uint8_t>& ndvi_valid(const raster::Strip& s) const {
    return from_bands_ ? ndvi_ok_ : s.valid[0];
  }

  // The strip's NDVI; use() then tells the cells that count: NDVI valid and the mask (if any) valid and 0 (water,
  // cloud and snow are non-zero).
  const double* prepare(const raster::Strip& s) {
    const std::size_t n = s.values[0].size(), cols = static_cast<std::size_t>(s.window.cols);
    const std::size_t mask = rasters_.sources.size() - 1;
    use_.resize(n);
    const double* ndvi = s.values[0].data();
    if (from_bands_) {
      ndvi_buffer_.resize(n);
      ndvi_ok_.resize(n);
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, static_cast<std::size_t>(s.window.rows), 8),
                        [&](const tbb::blocked_range<std::size_t>& r) {
                          for (std::size_t row = r.begin(); row < r.end(); ++row) {
                            const std::size_t o = row * cols;
                            raster::ndvi_row(&s.values[0][o], &s.values[1][o], &s.valid[0][o], &s.valid[1][o], cols,
                                             &ndvi_buffer_[o], &ndvi_ok_[o]);
                            // Rounded to Float32 as the NDVI file holds it: the results equal those computed
                            // from that file (raster ndvi, then raster fvc), figure for figure.
                            for (std::size_t i = o; i < o + cols; ++i)
                              ndvi_buffer_[i] = static_cast<double>(static_cast<float>(ndvi_buffer_[i]));
                          }
                        });
      ndvi = ndvi_buffer_.data();
    }
    const std::uint8_t* valid = from_bands_ ? ndvi_ok_.data() : s.valid[0].data();
    for (std::size_t i = 0; i < n; ++i)
      use_[i] = valid[i] && (req_.mask.empty() || (s.valid[mask][i] && s.values[mask][i] == 0));
    return ndvi;
  }

 private:
  const FvcRequest& req_;
  bool from_bands_;
  OpenRasters rasters_;
  std::vector<double> ndvi_buffer_;
  std::vector<std::uint8_t> ndvi_ok_, use_;
};

void check_fvc_request(const FvcRequest& req) {
  if (req.soil.has_value() != req.veg.has_value()) throw UsageError("--soil and --veg go together");
  if (req.percentiles.size() != 2 ||
      !(req.percentiles[0] >= 0 && req.percentiles[0] < req.percentiles[1] && req.percentiles[1] <= 100)) {
    throw UsageError("--percentiles: two values LO,HI with 0 <= LO < HI <= 100");
  }
  const bool from_bands = !req.red.empty() || !req.nir.empty();
  if (from_bands == !req.ndvi.empty()) throw UsageError("raster fvc: give NDVI, or --red and --nir");
  if (from_bands && (req.red.empty() || req.nir.empty())) throw UsageError("--red and --nir go together");
  if (!from_bands && !req.ndvi_output.empty()) throw UsageError("--ndvi-out is for NDVI computed from --red and --nir");
}

// NDVI_soil and NDVI_veg: given, or the exact cumulative-frequency percentiles of the cells that count (two passes).
void fvc_endpoints(const FvcRequest& req, const RunEnv& env, FvcInputs& in, const raster::StripPlan& plan,
                   FvcResult& r) {
  if (req.soil) {
    r.soil = *req.soil;
    r.veg = *req.veg;
    r.endpoints_given = true;
  } else {
    raster::TwoPassQuantiles q({req.percentiles[0] / 100, req.percentiles[1] / 100});
    const auto rows = static_cast<std::size_t>(in.rasters().front().grid().rows);
    {
      Step step(env, "NDVI 分布（第1遍）", "NDVI histogram (pass 1)", rows);
      raster::for_each_strip(
          in.rasters().sources, plan,
          [&](raster::Strip& s) {
            const double* ndvi = in.prepare(s);
            q.count(std::span(ndvi, in.use().size()), in.use());
          },
          step.rows());
    }
    if (!q.plan()) throw InputError(fmt::format("{}: no valid NDVI cells (after the mask)", in.ndvi_name()));
    {
      Step step(env, "NDVI 分位数（第2遍）", "NDVI percentiles (pass 2)", rows);
      raster::for_each_strip(
          in.rasters().sources, plan,
          [&](raster::Strip& s) {
            const double* ndvi = in.prepare(s);
            q.collect(std::span(ndvi, in.use().size()), in.use());
          },
          step.rows());
    }
    const auto result = q.result();
    r.soil = result[0];
    r.veg = result[1];
    r.percentile_lo = req.percentiles[0];
    r.percentile_hi = req.percentiles[1];
    r.percentile_cells = static_cast<std::int64_t>(q.n());
  }
  if (!(r.veg > r.soil)) {
    throw InputError(fmt::format("{}: NDVI_veg ({}) must exceed NDVI_soil ({})", in.ndvi_name(), r.veg, r.soil));
  }
}

}  // namespace

FvcResult run_fvc(const FvcRequest& req, const RunEnv& env) {
  FvcResult r;
  r.grades.scheme = scheme_option(req.scheme);
  check_fvc_request(req);
  FvcInputs in(req);
  const io::GdalRaster& first = in.rasters().front();
  // Outputs per cell: NDVI, FVC, grade (8 bytes each) and two flags.
  const raster::StripPlan plan = plan_strips(env, in.rasters().gdal, 3 * 8 + 2, "raster fvc", req.soil ? 1 : 3);
  fvc_endpoints(req, env, in, plan, r);

  const raster::Grid& grid = first.grid();
  std::unique_ptr<io::RasterWriter> ndvi_out, grade_out;
  if (!req.ndvi_output.empty()) {
    ndvi_out = std::make_unique<io::RasterWriter>(req.ndvi_output, grid, first.crs_wkt(), io::RasterType::float32,
                                                  "NDVI = (NIR - Red) / (NIR + Red)", env.raster_layout);
  }
  io::RasterWriter fvc_out(req.output, grid, first.crs_wkt(), io::RasterType::float32,
                           fmt::format("FVC, dimidiate pixel model, NDVI_soil={} NDVI_veg={}", r.soil, r.veg),
                           env.raster_layout);
  if (!req.grades_output.empty()) {
    grade_out = std::make_unique<io::RasterWriter>(req.grades_output, grid, first.crs_wkt(), io::RasterType::byte,
                                                   "FVC grade, scheme " + r.grades.scheme.id, env.raster_layout);
  }
  const auto row_area = raster::row_cell_areas_m2(grid, first.geographic(), first.metres_per_unit());
  const raster::GradeLookup lookup(r.grades.scheme);
  const raster::FvcParameters parameters{r.soil, r.veg};
  raster::CoverSums sums;
  std::vector<double> fvc_values, grade_values;
  Step step(env, "植被覆盖度", "vegetation cover", static_cast<std::size_t>(grid.rows));
  raster::for_each_strip(
      in.rasters().sources, plan,
      [&](raster::Strip& s) {
        const double* ndvi = in.prepare(s);
        const auto& use = in.use();
        const auto cols = static_cast<std::size_t>(s.window.cols);
        fvc_values.resize(use.size());
        grade_values.resize(use.size());
        raster::parallel_rows<raster::CoverSums>(
            s,
            [&](int row, raster::CoverSums& local) {
              const std::size_t o = static_cast<std::size_t>(row) * cols;
              raster::fvc_row(ndvi + o, &use[o], cols, parameters, lookup,
                              row_area[static_cast<std::size_t>(s.window.row + row)], &fvc_values[o], &grade_values[o],
                              local);
            },
            [&](const raster::CoverSums& local) { sums.merge(local); });
        if (ndvi_out) ndvi_out->write(s.window, std::span(ndvi, use.size()), in.ndvi_valid(s));
        fvc_out.write(s.window, fvc_values, use);
        if (grade_out) grade_out->write(s.window, grade_values, use);
      },
      step.rows());
  step.finish();
  if (ndvi_out) ndvi_out->commit();
  fvc_out.commit();
  if (grade_out) {
    grade_out->commit();
    io::write_raster_classes(req.grades_output, standards::grade_scheme_styles(r.grades.scheme), req.class_names_zh);
  }

  for (const standards::Grade& g : r.grades.scheme.grades)
    r.grades.area_m2[g.code] = sums.grade_area_m2[static_cast<std::size_t>(g.code)];
  r.mean_cover = sums.area_m2 > 0 ? sums.fvc_area_sum / sums.area_m2 : std::nan("");
  return r;
}

// --- raster fvc in windows (vegetation_windows.hpp) ---

namespace {

// Full-width windows of whole block rows of the first raster covering rows [row_begin, row_end).
std::vector<raster::Window> block_row_windows(const io::GdalRaster& first, int row_begin, int row_end) {
  const raster::Grid& grid = first.grid();
  if (row_begin < 0 || row_end > grid.rows || row_begin >= row_end)
    throw UsageError(fmt::format("fvc window: rows {}..{} outside 0..{}", row_begin, row_end, grid.rows));
  const int strip_rows = std::max(1, first.block_rows());
  std::vector<raster::Window> out;
  for (int row = row_begin; row < row_end; row = std::min(row_end, (row / strip_rows + 1) * strip_rows))
    out.push_back({row, 0, std::min(row_end, (row / strip_rows + 1) * strip_rows) - row, grid.cols});
  return out;
}

raster::TwoPassQuantiles fvc_quantiles(const FvcRequest& req) {
  return raster::TwoPassQuantiles({req.percentiles[0] / 100, req.percentiles[1] / 100});
}

// The quantiles of `req` with the counts of a (merged) pass-1 partial, planned for pass 2.
raster::TwoPassQuantiles planned_quantiles(const FvcRequest& req, std::string_view counts) {
  raster::TwoPassQuantiles q = fvc_quantiles(req);
  if (counts.size() != q.counts().size() * sizeof(std::int64_t))
    throw UsageError("fvc: NDVI counts of another histogram");
  std::vector<std::int64_t> c(q.counts().size());
  std::memcpy(c.data(), counts.data(), counts.size());
  q.add_counts(c);
  q.plan();
  return q;
}

}  // namespace

std::string fvc_count_window(const FvcRequest& req, int row_begin, int row_end) {
  check_fvc_request(req);
  io::set_gdal_cache_bytes(64ll << 20);
  FvcInputs in(req);
  raster::TwoPassQuantiles q = fvc_quantiles(req);
  raster::for_each_window(in.rasters().sources, block_row_windows(in.rasters().front(), row_begin, row_end),
                          [&](raster::Strip& s, std::size_t) {
                            const double* ndvi = in.prepare(s);
                            q.count(std::span(ndvi, in.use().size()), in.use());
                          });
  const auto& counts = q.counts();
  return std::string(reinterpret_cast<const char*>(counts.data()), counts.size() * sizeof(std::int64_t));
}

std::string merge_fvc_counts(const std::vector<std::string_view>& partials) {
  std::vector<std::int64_t> sum;
  for (const std::string_view p : partials) {
    if (p.size() % sizeof(std::int64_t) != 0 || (!sum.empty() && p.size() != sum.size() * sizeof(std::int64_t)))
      throw UsageError("fvc: NDVI counts of another histogram");
    std::vector<std::int64_t> c(p.size() / sizeof(std::int64_t));
    std::memcpy(c.data(), p.data(), p.size());
    if (sum.empty()) sum.assign(c.size(), 0);
    for (std::size_t b = 0; b < c.size(); ++b) sum[b] += c[b];
  }
  return std::string(reinterpret_cast<const char*>(sum.data()), sum.size() * sizeof(std::int64_t));
}

std::string fvc_collect_window(const FvcRequest& req, std::string_view counts, int row_begin, int row_end) {
  check_fvc_request(req);
  io::set_gdal_cache_bytes(64ll << 20);
  FvcInputs in(req);
  raster::TwoPassQuantiles q = planned_quantiles(req, counts);
  raster::for_each_window(in.rasters().sources, block_row_windows(in.rasters().front(), row_begin, row_end),
                          [&](raster::Strip& s, std::size_t) {
                            const double* ndvi = in.prepare(s);
                            q.collect(std::span(ndvi, in.use().size()), in.use());
                          });
  // Per kept bin: its count of values, then the values.
  std::string out;
  for (const auto& values : q.kept_values()) {
    const auto n = static_cast<std::uint64_t>(values.size());
    out.append(reinterpret_cast<const char*>(&n), sizeof n);
    out.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(double));
  }
  return out;
}

FvcResult fvc_endpoints_of(const FvcRequest& req, std::string_view counts, const std::vector<std::string_view>& kept) {
  check_fvc_request(req);
  FvcResult r;
  r.grades.scheme = scheme_option(req.scheme);
  if (req.soil) {
    r.soil = *req.soil;
    r.veg = *req.veg;
    r.endpoints_given = true;
  } else {
    raster::TwoPassQuantiles q = planned_quantiles(req, counts);
    if (q.n() == 0)
      throw InputError(fmt::format("{}: no valid NDVI cells (after the mask)", req.ndvi.empty() ? req.red : req.ndvi));
    for (const std::string_view partial : kept) {
      std::size_t at = 0;
      for (std::size_t slot = 0; slot < q.kept_values().size(); ++slot) {
        std::uint64_t n = 0;
        if (partial.size() - at < sizeof n) throw UsageError("fvc: truncated NDVI values");
        std::memcpy(&n, partial.data() + at, sizeof n);
        at += sizeof n;
        if ((partial.size() - at) / sizeof(double) < n) throw UsageError("fvc: truncated NDVI values");
        std::vector<double> values(static_cast<std::size_t>(n));
        std::memcpy(values.data(), partial.data() + at, values.size() * sizeof(double));
        at += values.size() * sizeof(double);
        q.add_kept(slot, values);
      }
      if (at != partial.size()) throw UsageError("fvc: NDVI values of another plan");
    }
    const auto result = q.result();
    r.soil = result[0];
    r.veg = result[1];
    r.percentile_lo = req.percentiles[0];
    r.percentile_hi = req.percentiles[1];
    r.percentile_cells = static_cast<std::int64_t>(q.n());
  }
  if (!(r.veg > r.soil))
    throw InputError(fmt::format("{}: NDVI_veg ({}) must exceed NDVI_soil ({})", req.ndvi.empty() ? req.red : req.ndvi,
                                 r.veg, r.soil));
  return r;
}

raster::CoverSums fvc_window(const FvcRequest& req, double soil, double veg, int row_begin, int row_end) {
  check_fvc_request(req);
  io::set_gdal_cache_bytes(64ll << 20);
  FvcInputs in(req);
  const io::GdalRaster& first = in.rasters().front();
  const auto windows = block_row_windows(first, row_begin, row_end);
  const raster::Grid& grid = first.grid();
  raster::Grid tile = grid;
  tile.y_max = grid.y_max - row_begin * grid.cell_height;
  tile.rows = row_end - row_begin;
  const standards::GradeScheme scheme = scheme_option(req.scheme);
  std::unique_ptr<io::RasterWriter> ndvi_out, grade_out;
  if (!req.ndvi_output.empty())
    ndvi_out = std::make_unique<io::RasterWriter>(req.ndvi_output, tile, first.crs_wkt(), io::RasterType::float32,
                                                  "NDVI = (NIR - Red) / (NIR + Red)");
  io::RasterWriter fvc_out(req.output, tile, first.crs_wkt(), io::RasterType::float32,
                           fmt::format("FVC, dimidiate pixel model, NDVI_soil={} NDVI_veg={}", soil, veg));
  if (!req.grades_output.empty())
    grade_out = std::make_unique<io::RasterWriter>(req.grades_output, tile, first.crs_wkt(), io::RasterType::byte,
                                                   "FVC grade, scheme " + scheme.id);
  const auto row_area = raster::row_cell_areas_m2(grid, first.geographic(), first.metres_per_unit());
  const raster::GradeLookup lookup(scheme);
  const raster::FvcParameters parameters{soil, veg};
  raster::CoverSums sums;
  std::vector<double> fvc_values, grade_values;
  raster::for_each_window(in.rasters().sources, windows, [&](raster::Strip& s, std::size_t) {
    const double* ndvi = in.prepare(s);
    const auto& use = in.use();
    const auto cols = static_cast<std::size_t>(s.window.cols);
    fvc_values.resize(use.size());
    grade_values.resize(use.size());
    raster::parallel_rows<raster::CoverSums>(
        s,
        [&](int row, raster::CoverSums& local) {
          const std::size_t o = static_cast<std::size_t>(row) * cols;
          raster::fvc_row(ndvi + o, &use[o], cols, parameters, lookup,
                          row_area[static_cast<std::size_t>(s.window.row + row)], &fvc_values[o], &grade_values[o],
                          local);
        },
        [&](const raster::CoverSums& local) { sums.merge(local); });
    raster::Window at = s.window;
    at.row -= row_begin;
    if (ndvi_out) ndvi_out->write(at, std::span(ndvi, use.size()), in.ndvi_valid(s));
    fvc_out.write(at, fvc_values, use);
    if (grade_out) grade_out->write(at, grade_values, use);
  });
  if (ndvi_out) ndvi_out->commit();
  fvc_out.commit();
  if (grade_out) grade_out->commit();
  return sums;
}

Document fvc_document(const FvcResult& r, Lang l) {
  const std::string origin =
      r.endpoints_given
          ? tr(l, "给定", "given")
          : fmt::format("{} {}%/{}% ({} {})", tr(l, "有效像元累积频率", "cumulative-frequency percentiles"),
                        r.percentile_lo, r.percentile_hi, r.percentile_cells, tr(l, "个像元", "cells"));
  Table t = grade_area_table(r.grades, l);
  t.title_zh = fmt::format("植被覆盖度分级面积（{}；平均覆盖度 {:.4f}）", r.grades.scheme.id, r.mean_cover);
  t.title_en = fmt::format("Area by FVC grade ({}; mean cover {:.4f})", r.grades.scheme.id, r.mean_cover);
  Document doc(std::move(t));
  doc.note(fmt::format("NDVI_soil = {:.6f}, NDVI_veg = {:.6f} ({})", r.soil, r.veg, origin));
  return doc;
}

ClassifyResult run_classify(const ClassifyRequest& req, const RunEnv& env) {
  if (req.scheme.empty() == req.breaks.empty()) throw UsageError("raster classify: give --scheme or --breaks (one)");
  ClassifyResult r;
  standards::GradeScheme& scheme = r.grades.scheme;
  if (!req.scheme.empty()) {
    scheme = scheme_option(req.scheme);
  } else {
    try {
      scheme = standards::scheme_from_breaks(req.breaks);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("--breaks: ") + e.what());
    }
  }
  OpenRasters in = open_aligned({req.input}, req.band);
  const io::GdalRaster& input = in.front();
  io::RasterWriter out(req.output, input.grid(), input.crs_wkt(), io::RasterType::byte,
                       fmt::format("grade, scheme {} ({})", scheme.id, scheme.source), env.raster_layout);
  const auto row_area = raster::row_cell_areas_m2(input.grid(), input.geographic(), input.metres_per_unit());
  const raster::StripPlan plan = plan_strips(env, in.gdal, 8, "raster classify");
  const raster::GradeLookup lookup(scheme);
  using Areas = std::array<double, 255>;
  Areas areas{};
  std::vector<double> codes;
  Step step(env, "分级", "classify", static_cast<std::size_t>(input.grid().rows));
  raster::for_each_strip(
      in.sources, plan,
      [&](raster::Strip& s) {
        const auto cols = static_cast<std::size_t>(s.window.cols);
        codes.resize(s.values[0].size());
        raster::parallel_rows<Areas>(
            s,
            [&](int row, Areas& local) {
              const std::size_t o = static_cast<std::size_t>(row) * cols;
              const double cell_area = row_area[static_cast<std::size_t>(s.window.row + row)];
              for (std::size_t i = o; i < o + cols; ++i) {
                if (!s.valid[0][i]) continue;
                const int code = lookup.classify(s.values[0][i]);
                codes[i] = code;
                local[static_cast<std::size_t>(code)] += cell_area;
              }
            },
            [&](const Areas& local) {
              for (std::size_t g = 0; g < areas.size(); ++g) areas[g] += local[g];
            });
        out.write(s.window, codes, s.valid[0]);
      },
      step.rows());
  step.finish();
  out.commit();
  io::write_raster_classes(req.output, standards::grade_scheme_styles(scheme), req.class_names_zh);
  for (const standards::Grade& g : scheme.grades) r.grades.area_m2[g.code] = areas[static_cast<std::size_t>(g.code)];
  return r;
}

Document classify_document(const ClassifyResult& r, Lang l) {
  Table t = grade_area_table(r.grades, l);
  t.title_zh = fmt::format("分级面积（{}）", r.grades.scheme.id);
  t.title_en = fmt::format("Area by grade ({})", r.grades.scheme.id);
  return Document(std::move(t));
}

}  // namespace eb::app::runs
