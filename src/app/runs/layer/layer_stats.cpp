#include "app/runs/layer/layer_stats.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "app/runs/layer/layer_kinds.hpp"
#include "core/area.hpp"
#include "core/error.hpp"
#include "engine/vector/screening.hpp"
#include "standards/screening.hpp"
#include "store/admin_store.hpp"

namespace eb::app::runs {

LayerListResult run_layer_list(const LayerListRequest& req, const RunEnv&) {
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  return LayerListResult{store::protected_summary(ws)};
}

Document layer_list_document(const LayerListResult& r, Lang lang) {
  Table t;
  t.title_zh = "保护地图层（面积为各要素椭球面积之和，重叠部分重复计入）";
  t.title_en = "Protected layers (areas are sums of feature areas on the ellipsoid; overlaps count twice)";
  t.columns = {{"kind", "类型", "kind"},
               {"kind_name", "名称", "name"},
               {"zone", "分区", "zone"},
               {"zone_name", "分区名称", "zone name"},
               {"features", "要素数", "features"},
               {"area_km2", "面积(km²)", "area (km²)", 3},
               {"area_mu", "面积(亩)", "area (mu)", 0}};
  for (const auto& s : r.layers) {
    t.add({Cell(s.kind), Cell(layer_kind_name(s.kind, lang)), Cell(s.zone),
           Cell(s.zone.empty() ? std::string() : standards::zone_name(s.kind, s.zone, lang == Lang::zh)),
           Cell(s.features), Cell(convert_area(s.area_m2, AreaUnit::m2, AreaUnit::km2)),
           Cell(convert_area(s.area_m2, AreaUnit::m2, AreaUnit::mu))});
  }
  return Document(std::move(t));
}

double layer_share_pct(double part_m2, double whole_m2) { return whole_m2 > 0 ? 100 * part_m2 / whole_m2 : 0.0; }

double LayerUnitProtection::protected_mu() const { return convert_area(protected_m2, AreaUnit::m2, AreaUnit::mu); }

LayerStatsResult run_layer_stats(const LayerStatsRequest& req, const RunEnv& env) {
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  const auto units = store::unit_geometries(ws, req.level);
  if (units.empty()) throw InputError(fmt::format("{}: no administrative units of level {}", req.ws, req.level));
  const engine::ProtectedIndex index(store::load_protected(ws));
  LayerStatsResult r;
  r.level = req.level;
  for (const auto& s : store::protected_summary(ws))
    if (std::find(r.kinds.begin(), r.kinds.end(), s.kind) == r.kinds.end()) r.kinds.push_back(s.kind);
  Step step(env, "叠加统计", "overlap statistics", units.size());
  for (const auto& u : units) {
    const engine::ProtectedOverlap o = index.overlap(u.wkb);
    LayerUnitProtection p;
    p.code = u.unit.code;
    p.name_zh = u.unit.name_zh;
    p.name_en = u.unit.name_en;
    p.area_m2 = o.zone_area_m2;
    p.protected_m2 = o.any_area_m2;
    for (const auto& k : r.kinds) {
      double a = 0;
      for (const auto& [kind, area] : o.kind_area_m2)
        if (kind == k) a = area;
      p.kind_area_m2.push_back(a);
    }
    r.units.push_back(std::move(p));
    step.update(r.units.size());
  }
  return r;
}

Document layer_stats_document(const LayerStatsResult& r, Lang lang) {
  Table t;
  t.title_zh = "各行政单元保护地面积与占比（同类重叠与跨图层重叠只计一次）";
  t.title_en = "Protected area and share per administrative unit (overlaps within and between layers counted once)";
  t.columns = {{"code", "代码", "code"}, {"name", "名称", "name"}, {"area_km2", "面积(km²)", "area (km²)", 1}};
  for (const auto& k : r.kinds) {
    const std::string name = layer_kind_name(k, lang);
    t.columns.push_back({k + "_km2", name + "(km²)", name + " (km²)", 2});
    t.columns.push_back({k + "_pct", name + "占比(%)", name + " (%)", 2});
  }
  t.columns.push_back({"protected_km2", "保护地合计(km²)", "any protected (km²)", 2});
  t.columns.push_back({"protected_pct", "保护地占比(%)", "any protected (%)", 2});
  t.columns.push_back({"protected_mu", "保护地合计(亩)", "any protected (mu)", 0});
  for (const auto& u : r.units) {
    std::vector<Cell> row{Cell(u.code), Cell(lang == Lang::zh || u.name_en.empty() ? u.name_zh : u.name_en),
                          Cell(u.area_km2())};
    for (std::size_t k = 0; k < r.kinds.size(); ++k) {
      row.push_back(Cell(u.kind_km2(k)));
      row.push_back(Cell(u.kind_pct(k)));
    }
    row.push_back(Cell(u.protected_km2()));
    row.push_back(Cell(u.protected_pct()));
    row.push_back(Cell(u.protected_mu()));
    t.add(std::move(row));
  }
  return Document(std::move(t));
}

}  // namespace eb::app::runs
