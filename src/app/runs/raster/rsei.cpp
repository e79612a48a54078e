#include "app/runs/raster/rsei.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "engine/raster/cell_area.hpp"
#include "io/class_raster.hpp"
#include "io/raster_writer.hpp"
#include "standards/class_styles.hpp"
#include "standards/rsei.hpp"
#include "standards/vegetation.hpp"

namespace eb::app::runs {

namespace raster = engine::raster;

namespace {

// The inputs of an RSEI run in a fixed order (the bands or the three indicator layers, then LST, then the optional
// mask) and, per strip, the four indicators (NDVI, WET, LST, NDBSI) and the cells that take part: all inputs
// valid, the mask (if any) 0, finite indicators and, from bands, not water (MNDWI > 0) unless the water mask is off.
class RseiInputs {
 public:
  explicit RseiInputs(const RseiRequest& req) : req_(req), from_bands_(!req.bands.empty()) {
    const bool from_layers = !req.ndvi.empty() || !req.wet.empty() || !req.ndbsi.empty();
    if (from_bands_ == from_layers)
      throw UsageError("raster rsei: give either --bands (6 reflectance rasters) or --ndvi, --wet and --ndbsi");
    if (from_layers && (req.ndvi.empty() || req.wet.empty() || req.ndbsi.empty()))
      throw UsageError("raster rsei: --ndvi, --wet and --ndbsi go together");
    if (from_bands_ && req.bands.size() != 6)
      throw UsageError("--bands: six rasters: blue,green,red,nir,swir1,swir2 (surface reflectance)");
    if (from_bands_) {
      try {
        wetness_ = &standards::wetness_coefficients(req.sensor);
      } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--sensor: ") + e.what());
      }
    }
    rasters_ = open_aligned(from_bands_ ? req.bands : std::vector<std::string>{req.ndvi, req.wet, req.ndbsi});
    rasters_.add(req.lst);
    lst_index_ = rasters_.sources.size() - 1;
    if (!req.mask.empty()) rasters_.add(req.mask);
  }
  const OpenRasters& rasters() const { return rasters_; }
  bool water_masked() const { return from_bands_ && req_.water_mask; }
  std::int64_t water_cells() const { return water_cells_; }
  const std::vector<std::uint8_t>& use() const { return use_; }
  std::array<double, raster::kRseiLayers> at(std::size_t i) const {
    return {layer_[0][i], layer_[1][i], layer_[2][i], layer_[3][i]};
  }
  std::array<const double*, raster::kRseiLayers> layers() const {
    return {layer_[0].data(), layer_[1].data(), layer_[2].data(), layer_[3].data()};
  }

  void prepare(const raster::Strip& s) {
    const std::size_t n = s.values[0].size(), count = rasters_.sources.size();
    for (auto& v : layer_) v.resize(n);
    use_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      bool ok = true;
      for (std::size_t k = 0; k < count; ++k) ok = ok && s.valid[k][i];
      if (ok && !req_.mask.empty()) ok = s.values[count - 1][i] == 0;
      if (!ok) {
        use_[i] = 0;
        continue;
      }
      if (from_bands_) {
        const standards::Reflectance r{s.values[0][i], s.values[1][i], s.values[2][i],
                                       s.values[3][i], s.values[4][i], s.values[5][i]};
        if (req_.water_mask && r.green + r.swir1 > 0 && r.green - r.swir1 > 0) {  // MNDWI > 0: water
          use_[i] = 0;
          ++water_cells_;
          continue;
        }
        layer_[0][i] = standards::ndvi(r.red, r.nir);
        layer_[1][i] = wetness_->wetness(r);
        layer_[3][i] = standards::ndbsi(r);
      } else {
        layer_[0][i] = s.values[0][i];
        layer_[1][i] = s.values[1][i];
        layer_[3][i] = s.values[2][i];
      }
      layer_[2][i] = s.values[lst_index_][i];
      use_[i] = std::isfinite(layer_[0][i]) && std::isfinite(layer_[1][i]) && std::isfinite(layer_[2][i]) &&
                std::isfinite(layer_[3][i]);
    }
  }

 private:
  const RseiRequest& req_;
  bool from_bands_;
  const standards::WetnessCoefficients* wetness_ = nullptr;
  OpenRasters rasters_;
  std::size_t lst_index_ = 0;
  std::array<std::vector<double>, raster::kRseiLayers> layer_;
  std::vector<std::uint8_t> use_;
  std::int64_t water_cells_ = 0;
};

// Pass 1: the indicators' ranges and covariance, and PC1.
raster::RseiModel fit_model(const RunEnv& env, RseiInputs& in, const raster::StripPlan& plan) {
  raster::RseiFit fit;
  Step step(env, "RSEI 协方差（第1遍）", "RSEI covariance (pass 1)",
            static_cast<std::size_t>(in.rasters().front().grid().rows));
  raster::for_each_strip(
      in.rasters().sources, plan,
      [&](raster::Strip& s) {
        in.prepare(s);
        fit.add(in.layers(), in.use().data(), in.use().size());
      },
      step.rows());
  step.finish();
  try {
    return fit.model();
  } catch (const std::invalid_argument& e) {
    throw InputError(fmt::format("{}: {}", in.rasters().front().path(), e.what()));
  }
}

// Pass 2: PC1's range over the cells used.
std::pair<double, double> pc1_range(const RunEnv& env, RseiInputs& in, const raster::StripPlan& plan,
                                    const raster::RseiModel& model) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  Step step(env, "第一主成分范围（第2遍）", "PC1 range (pass 2)",
            static_cast<std::size_t>(in.rasters().front().grid().rows));
  raster::for_each_strip(
      in.rasters().sources, plan,
      [&](raster::Strip& s) {
        in.prepare(s);
        for (std::size_t i = 0; i < in.use().size(); ++i) {
          if (!in.use()[i]) continue;
          const double v = model.pc1(in.at(i));
          lo = std::min(lo, v);
          hi = std::max(hi, v);
        }
      },
      step.rows());
  return {lo, hi};
}

}  // namespace

RseiResult run_rsei(const RseiRequest& req, const RunEnv& env) {
  RseiResult r;
  r.grades.scheme = scheme_option(req.scheme);
  RseiInputs in(req);
  const io::GdalRaster& first = in.rasters().front();
  const raster::Grid& grid = first.grid();
  // Per cell: four indicators, RSEI and grade (8 bytes each) and the flag of cells used.
  const raster::StripPlan plan = plan_strips(env, in.rasters().gdal, 6 * 8 + 1, "raster rsei", 3);
  r.model = fit_model(env, in, plan);
  r.water_masked = in.water_masked();
  r.water_cells = in.water_cells();
  // Named, not a structured binding: lambdas below capture them (clang 14 cannot capture bindings).
  const auto pc1_bounds = pc1_range(env, in, plan, r.model);
  const double pc1_min = pc1_bounds.first, pc1_max = pc1_bounds.second;
  if (!(pc1_max > pc1_min)) throw InputError(fmt::format("{}: PC1 is constant: RSEI is undefined", req.lst));

  io::RasterWriter rsei_out(req.output, grid, first.crs_wkt(), io::RasterType::float32,
                            fmt::format("RSEI (Xu 2013): min-max normalised PC1, PC1 share {:.4f}", r.model.pc1_share),
                            env.raster_layout);
  std::unique_ptr<io::RasterWriter> grade_out;
  if (!req.grades_output.empty()) {
    grade_out = std::make_unique<io::RasterWriter>(req.grades_output, grid, first.crs_wkt(), io::RasterType::byte,
                                                   "RSEI grade, scheme " + r.grades.scheme.id, env.raster_layout);
  }
  const auto row_area = raster::row_cell_areas_m2(grid, first.geographic(), first.metres_per_unit());
  double rsei_area_sum = 0, total_area = 0;
  std::vector<double> values, codes;
  Step step(env, "RSEI", "RSEI", static_cast<std::size_t>(grid.rows));
  raster::for_each_strip(
      in.rasters().sources, plan,
      [&](raster::Strip& s) {
        in.prepare(s);
        const auto& use = in.use();
        values.resize(use.size());
        codes.resize(use.size());
        for (std::size_t i = 0; i < use.size(); ++i) {
          if (!use[i]) continue;
          values[i] = raster::rsei(r.model.pc1(in.at(i)), pc1_min, pc1_max);
          const int code = r.grades.scheme.classify(values[i]).value();
          codes[i] = code;
          const double a =
              row_area[static_cast<std::size_t>(s.window.row) + i / static_cast<std::size_t>(s.window.cols)];
          r.grades.area_m2[code] += a;
          rsei_area_sum += a * values[i];
          total_area += a;
        }
        rsei_out.write(s.window, values, use);
        if (grade_out) grade_out->write(s.window, codes, use);
      },
      step.rows());
  step.finish();
  rsei_out.commit();
  if (grade_out) {
    grade_out->commit();
    io::write_raster_classes(req.grades_output, standards::grade_scheme_styles(r.grades.scheme), req.class_names_zh);
  }
  r.mean_rsei = rsei_area_sum / total_area;
  return r;
}

Document rsei_document(const RseiResult& r, Lang l) {
  const raster::RseiModel& model = r.model;
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
  Table grades = grade_area_table(r.grades, l);
  grades.title_zh = fmt::format("RSEI 分级面积（{}；面积加权平均 RSEI {:.4f}）", r.grades.scheme.id, r.mean_rsei);
  grades.title_en =
      fmt::format("Area by RSEI grade ({}; area-weighted mean RSEI {:.4f})", r.grades.scheme.id, r.mean_rsei);
  Document doc;
  doc.keyed = true;
  doc.parts = {{"loadings", std::move(pca)}, {"components", std::move(components)}, {"grades", std::move(grades)}};
  if (r.water_masked)
    doc.note(fmt::format("{} {}", r.water_cells,
                         tr(l, "个水体像元（MNDWI > 0）未参与", "water cells (MNDWI > 0) left out")));
  return doc;
}

}  // namespace eb::app::runs
