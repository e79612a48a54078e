#include "app/runs/raster/change.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/area.hpp"
#include "core/error.hpp"
#include "engine/raster/cell_area.hpp"
#include "engine/raster/zonal.hpp"
#include "io/class_raster.hpp"
#include "io/raster_writer.hpp"
#include "io/reference_tables.hpp"
#include "standards/class_styles.hpp"
#include "standards/vegetation.hpp"

namespace eb::app::runs {

namespace raster = engine::raster;

namespace {

std::vector<raster::TransitionMatrix> zone_matrices(const ChangeRequest& req, const RunEnv& env, OpenRasters& in,
                                                    std::span<const double> row_area, ChangeResult& r) {
  if (!req.output.empty()) throw UsageError("raster change: --out (the change map) is written without --zones");
  io::ZoneLayerOptions zone_options;
  zone_options.id_field = req.id_field;
  zone_options.make_valid = req.make_valid;
  const auto zones = load_zones(env, in.front(), req.zones, zone_options, 2);
  r.zones_outside = zones.outside;
  for (const auto& f : zones.features) r.zone_ids.push_back(f.id);
  Step step(env, "分区变化矩阵", "change matrix per zone", static_cast<std::size_t>(in.front().grid().rows));
  try {
    return raster::zonal_transitions(*in.gdal[0], *in.gdal[1], zones.coverage, row_area, step.rows());
  } catch (const raster::NotAClassCode& e) {
    throw InputError(fmt::format("{} / {}: {}", req.before, req.after, e.what()));
  }
}

// The codes of the change map (before x 10 + after) of a strip; InputError for classes beyond 0-9.
void change_codes(const ChangeRequest& req, const raster::Strip& s, std::vector<double>& codes,
                  std::vector<std::uint8_t>& ok) {
  codes.resize(s.values[0].size());
  ok.resize(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    ok[i] = s.valid[0][i] && s.valid[1][i];
    if (!ok[i]) continue;
    const int code = raster::change_code(static_cast<int>(s.values[0][i]), static_cast<int>(s.values[1][i]));
    if (code < 0) {
      throw InputError(
          fmt::format("{}: the change map holds classes 0-9 only (found {} -> {}); run without --out for the matrix",
                      req.output, s.values[0][i], s.values[1][i]));
    }
    codes[i] = code;
  }
}

raster::TransitionMatrix whole_matrix(const ChangeRequest& req, const RunEnv& env, OpenRasters& in,
                                      std::span<const double> row_area) {
  const io::GdalRaster& before = in.front();
  std::unique_ptr<io::RasterWriter> map;
  if (!req.output.empty()) {
    map = std::make_unique<io::RasterWriter>(req.output, before.grid(), before.crs_wkt(), io::RasterType::byte,
                                             "class change: before x 10 + after", env.raster_layout);
  }
  raster::TransitionMatrix matrix;
  std::vector<double> codes;
  std::vector<std::uint8_t> ok;
  Step step(env, "变化矩阵", "change matrix", static_cast<std::size_t>(before.grid().rows));
  const raster::StripPlan plan = plan_strips(env, in.gdal, 8 + 1, "raster change");
  raster::for_each_strip(
      in.sources, plan,
      [&](raster::Strip& s) {
        const int cols = s.window.cols;
        for (int r = 0; r < s.window.rows; ++r) {
          const std::size_t o = static_cast<std::size_t>(r) * static_cast<std::size_t>(cols);
          const int bad = matrix.add_row(&s.values[0][o], &s.values[1][o], &s.valid[0][o], &s.valid[1][o], cols,
                                         row_area[static_cast<std::size_t>(s.window.row + r)]);
          if (bad >= 0) {
            const std::size_t k = o + static_cast<std::size_t>(bad);
            throw InputError(
                fmt::format("{} / {}: row {}, column {}: values {} and {} are not class codes (integers 0-254)",
                            req.before, req.after, s.window.row + r, bad, s.values[0][k], s.values[1][k]));
          }
        }
        if (map) {
          change_codes(req, s, codes, ok);
          map->write(s.window, codes, ok);
        }
      },
      step.rows());
  step.finish();
  if (map) {
    // The codes the map holds (before x 10 + after), named with the scheme's classes when one is given.
    std::vector<int> codes_held;
    for (const auto& e : matrix.entries())
      if (e.cells > 0) codes_held.push_back(raster::change_code(e.from, e.to));
    std::sort(codes_held.begin(), codes_held.end());
    std::optional<standards::GradeScheme> scheme;
    if (!req.scheme.empty()) scheme = scheme_option(req.scheme);
    map->commit();
    io::write_raster_classes(req.output, standards::change_styles(codes_held, scheme ? &*scheme : nullptr),
                             req.class_names_zh);
  }
  return matrix;
}

}  // namespace

ChangeResult run_change(const ChangeRequest& req, const RunEnv& env) {
  ChangeResult r;
  if (!req.scheme.empty()) r.scheme = scheme_option(req.scheme);
  OpenRasters in = open_aligned({req.before, req.after});
  const io::GdalRaster& before = in.front();
  const auto row_area = raster::row_cell_areas_m2(before.grid(), before.geographic(), before.metres_per_unit());
  r.per_zone = !req.zones.empty();
  if (r.per_zone)
    r.matrices = zone_matrices(req, env, in, row_area, r);
  else
    r.matrices.push_back(whole_matrix(req, env, in, row_area));
  return r;
}

Document change_document(const ChangeResult& r, Lang l) {
  auto name = [&](int code) -> std::string {
    if (!r.scheme) return "";
    const standards::Grade* g = r.scheme->find(code);
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
  Document doc;
  if (r.per_zone) {
    if (auto note = zones_outside_note(r.zones_outside, l); !note.empty()) doc.note(note);
    t.title_zh = "分区类别转移矩阵（面积按像元覆盖比例精确加权；占比为分区内比例）";
    t.title_en = "Class transitions per zone (areas weighted by exact coverage; shares within each zone)";
    t.columns.insert(t.columns.begin(), Column{"zone", "分区", "zone"});
    t.columns[6] = {"cells_touched", "涉及像元数", "cells touched"};
    for (std::size_t z = 0; z < r.zone_ids.size(); ++z) add_entries({Cell(r.zone_ids[z])}, r.matrices[z].entries());
  } else {
    t.title_zh = "类别转移矩阵（面积）";
    t.title_en = "Class transitions (areas)";
    add_entries({}, r.matrices.front().entries());
  }
  doc.parts.emplace_back(std::string(), std::move(t));
  return doc;
}

CoverChangeResult run_cover_change(const CoverChangeRequest& req, const RunEnv& env) {
  CoverChangeResult r;
  r.scheme = scheme_option(req.scheme);
  r.years = req.years;
  OpenRasters in = open_aligned({req.fvc[0], req.fvc[1], req.grades[0], req.grades[1]});
  const io::GdalRaster& first = in.front();
  io::ZoneLayerOptions zone_options;
  zone_options.id_field = req.id_field;
  zone_options.make_valid = true;
  const auto zones = load_zones(env, first, req.zones, zone_options, in.sources.size());
  r.zones_outside = zones.outside;
  const auto row_area = raster::row_cell_areas_m2(first.grid(), first.geographic(), first.metres_per_unit());
  std::vector<raster::ZonalOptions> options(4);
  for (std::size_t k = 0; k < 4; ++k) {
    options[k].row_area_m2 = row_area;
    options[k].categorical = k >= 2;
  }
  std::vector<std::vector<raster::ZonalStats>> stats;
  {
    Step step(env, "分区统计", "zonal statistics", static_cast<std::size_t>(first.grid().rows));
    stats = raster::zonal_statistics(in.sources, zones.coverage, options, step.rows());
  }
  const int top = r.scheme.grades.back().code;
  const int severe_max = r.scheme.grades.size() >= 2 ? r.scheme.grades[1].code : r.scheme.grades[0].code;
  auto class_area = [&](const raster::ZonalStats& s, auto&& pick) {
    double a = 0;
    for (const auto& c : s.classes)
      if (pick(static_cast<int>(c.value))) a += c.area_m2;
    return a / 1e6;
  };
  const std::string names = data_dir() + "/reference/admin_units.csv";
  const auto names_zh = io::read_key_value_csv(names, "name_zh"), names_en = io::read_key_value_csv(names, "name_en");
  auto name_of = [](const auto& table, const std::string& code) {
    const auto it = table.find(code);
    return it == table.end() ? code : it->second;
  };
  std::array<double, 2> total_fvc{};
  for (std::size_t z = 0; z < zones.features.size(); ++z) {
    CoverChangeRow row;
    row.code = zones.features[z].id;
    row.name_zh = name_of(names_zh, row.code);
    row.name_en = name_of(names_en, row.code);
    row.area_km2 = stats[0][z].area_m2 / 1e6;
    for (std::size_t e = 0; e < 2; ++e) {
      row.fvc[e] = stats[e][z].area_weighted_mean;
      row.desertified_km2[e] = class_area(stats[2 + e][z], [&](int c) { return c != top; });
      row.severe_km2[e] = class_area(stats[2 + e][z], [&](int c) { return c <= severe_max; });
      total_fvc[e] += row.fvc[e] * row.area_km2;
      r.total.desertified_km2[e] += row.desertified_km2[e];
      r.total.severe_km2[e] += row.severe_km2[e];
    }
    r.total.area_km2 += row.area_km2;
    r.zones.push_back(std::move(row));
  }
  for (std::size_t e = 0; e < 2; ++e) r.total.fvc[e] = total_fvc[e] / r.total.area_km2;
  r.total.name_zh = "合计";
  r.total.name_en = "total";
  return r;
}

Document cover_change_document(const CoverChangeResult& r, Lang l) {
  const std::string limit = fmt::format("{}", r.scheme.grades.back().lower);
  Table t;
  t.title_zh =
      fmt::format("各盟市植被覆盖度与沙化（{}）面积及变化，{}–{} 年（面积加权）", r.scheme.id, r.years[0], r.years[1]);
  t.title_en = fmt::format("Vegetation cover and desertified area ({}) by league/city, {}-{} (area-weighted)",
                           r.scheme.id, r.years[0], r.years[1]);
  const std::string y0 = std::to_string(r.years[0]), y1 = std::to_string(r.years[1]);
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
  auto add_row = [&](const CoverChangeRow& row) {
    t.add({Cell(row.code), Cell(l == Lang::zh ? row.name_zh : row.name_en), Cell(row.area_km2), Cell(row.fvc[0]),
           Cell(row.fvc[1]), Cell(row.fvc[1] - row.fvc[0]), Cell(row.desertified_km2[0]), Cell(row.desertified_km2[1]),
           Cell(percent_change(row.desertified_km2[0], row.desertified_km2[1])), Cell(row.severe_km2[0]),
           Cell(row.severe_km2[1])});
  };
  for (const auto& row : r.zones) add_row(row);
  add_row(r.total);
  Document doc(std::move(t));
  if (auto note = zones_outside_note(r.zones_outside, l); !note.empty()) doc.note(note);
  return doc;
}

}  // namespace eb::app::runs
