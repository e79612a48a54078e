#include "app/runs/carbon/carbon_sink.hpp"

#include <fmt/format.h>

#include "app/runs/raster/change.hpp"
#include "app/runs/raster/raster_inputs.hpp"
#include "core/error.hpp"
#include "io/reference_tables.hpp"
#include "standards/carbon.hpp"

namespace eb::app::runs {

namespace sc = standards;

namespace {

// The stock density of a class code (tC/ha) and its class; InputError for a code the scheme does not have.
const sc::StockDensity& density_of(const CarbonSinkRequest& req, int code, const std::string& which) {
  const sc::LandCoverClass* c = sc::find_landcover_class(req.scheme, code);
  if (!c)
    throw InputError(fmt::format("{}: class code {} is not a {} class (data/standards/carbon_landcover_classes.csv)",
                                 which, code, req.scheme));
  const sc::StockDensity* d = sc::find_stock_density(c->cls);
  if (!d) throw std::logic_error("carbon_stock_density.csv has no row for class " + c->cls);
  return *d;
}

CarbonSinkZone::ClassLine& line_of(CarbonSinkZone& z, const std::string& cls) {
  for (auto& l : z.classes)
    if (l.cls == cls) return l;
  z.classes.push_back({cls, {}, {}, 0});
  return z.classes.back();
}

void finish(CarbonSinkZone& z, int years) {
  z.total_sink_t_co2_per_year = 0;
  for (auto& l : z.classes) {
    l.sink_t_co2_per_year = sc::sink_t_co2_per_year(l.stock_tc[0], l.stock_tc[1], years);
    z.total_sink_t_co2_per_year += l.sink_t_co2_per_year;
    if (l.cls == "forest") z.forest_sink_t_co2_per_year = l.sink_t_co2_per_year;
    if (l.cls == "grassland") z.grassland_sink_t_co2_per_year = l.sink_t_co2_per_year;
  }
}

}  // namespace

CarbonSinkResult run_carbon_sink(const CarbonSinkRequest& req, const RunEnv& env) {
  if (req.years[1] <= req.years[0])
    throw UsageError(
        fmt::format("carbon sink: --to-year ({}) must come after --from-year ({})", req.years[1], req.years[0]));
  if (req.zones.empty()) throw UsageError("carbon sink: --zones (the leagues' boundaries) is required");
  CarbonSinkResult r;
  r.years = req.years;
  r.scheme = req.scheme;
  const sc::StockDensity* forest = sc::find_stock_density("forest");
  r.method = forest ? forest->method : "stock difference";
  ChangeRequest change;
  change.before = req.before;
  change.after = req.after;
  change.zones = req.zones;
  change.id_field = req.id_field;
  change.make_valid = true;
  const ChangeResult matrices = run_change(change, env);
  r.zones_outside = matrices.zones_outside;
  const std::string names = data_dir() + "/reference/admin_units.csv";
  const auto names_zh = io::read_key_value_csv(names, "name_zh"), names_en = io::read_key_value_csv(names, "name_en");
  auto name_of = [](const std::map<std::string, std::string>& table, const std::string& code) {
    const auto it = table.find(code);
    return it == table.end() ? code : it->second;
  };
  const int span = req.years[1] - req.years[0];
  for (std::size_t i = 0; i < matrices.zone_ids.size(); ++i) {
    CarbonSinkZone z;
    z.code = matrices.zone_ids[i];
    z.name_zh = name_of(names_zh, z.code);
    z.name_en = name_of(names_en, z.code);
    for (const auto& e : matrices.matrices[i].entries()) {
      const double ha = e.area_m2 / 1e4;
      const sc::StockDensity& from = density_of(req, e.from, req.before);
      const sc::StockDensity& to = density_of(req, e.to, req.after);
      auto& before = line_of(z, from.cls);
      before.area_ha[0] += ha;
      before.stock_tc[0] += ha * from.total();
      auto& after = line_of(z, to.cls);
      after.area_ha[1] += ha;
      after.stock_tc[1] += ha * to.total();
    }
    finish(z, span);
    for (const auto& l : z.classes) {
      auto& t = line_of(r.total, l.cls);
      for (int k = 0; k < 2; ++k) {
        t.area_ha[k] += l.area_ha[k];
        t.stock_tc[k] += l.stock_tc[k];
      }
    }
    r.zones.push_back(std::move(z));
  }
  finish(r.total, span);
  return r;
}

Document carbon_sink_document(const CarbonSinkResult& r, Lang l) {
  Document doc;
  doc.keyed = true;
  Table t;
  t.title_zh = fmt::format("森林与草地碳汇估算（ESTIMATE，{}—{} 年土地覆盖储量差法，吨CO2/年，正值为吸收）", r.years[0],
                           r.years[1]);
  t.title_en = fmt::format(
      "Forest and grassland carbon sink, ESTIMATE ({}-{} land-cover stock difference, t CO2/yr, "
      "positive = uptake)",
      r.years[0], r.years[1]);
  t.columns = {{"code", "代码", "code"},
               {"name", "名称", "name"},
               {"forest_sink_t_co2", "森林碳汇(吨CO2/年)", "forest sink (t CO2/yr)", 1},
               {"grassland_sink_t_co2", "草地碳汇(吨CO2/年)", "grassland sink (t CO2/yr)", 1},
               {"total_sink_t_co2", "全部地类储量变化(吨CO2/年)", "all land cover (t CO2/yr)", 1},
               {"estimate", "性质", "nature"}};
  Table classes;
  classes.title_zh = "分地类面积与碳储量（储量 = 面积 × 碳密度：生物量 + 死有机质 + 土壤）";
  classes.title_en = "Areas and carbon stocks by class (stock = area x density: biomass + dead organic matter + soil)";
  classes.columns = {
      {"code", "代码", "code"},
      {"class", "地类", "class"},
      {"area_before_ha", fmt::format("{}年面积(公顷)", r.years[0]), fmt::format("area {} (ha)", r.years[0]), 1},
      {"area_after_ha", fmt::format("{}年面积(公顷)", r.years[1]), fmt::format("area {} (ha)", r.years[1]), 1},
      {"stock_before_tc", fmt::format("{}年碳储量(吨C)", r.years[0]), fmt::format("stock {} (tC)", r.years[0]), 1},
      {"stock_after_tc", fmt::format("{}年碳储量(吨C)", r.years[1]), fmt::format("stock {} (tC)", r.years[1]), 1},
      {"sink_t_co2", "碳汇(吨CO2/年)", "sink (t CO2/yr)", 1}};
  const std::string estimate = tr(l, "估算", "ESTIMATE");
  auto add = [&](const CarbonSinkZone& z, const std::string& code, const std::string& name) {
    t.add({Cell(code), Cell(name), Cell(z.forest_sink_t_co2_per_year), Cell(z.grassland_sink_t_co2_per_year),
           Cell(z.total_sink_t_co2_per_year), Cell(estimate)});
    for (const auto& c : z.classes)
      classes.add({Cell(code), Cell(c.cls), Cell(c.area_ha[0]), Cell(c.area_ha[1]), Cell(c.stock_tc[0]),
                   Cell(c.stock_tc[1]), Cell(c.sink_t_co2_per_year)});
  };
  for (const auto& z : r.zones) add(z, z.code, l == Lang::zh ? z.name_zh : z.name_en);
  add(r.total, "", tr(l, "合计", "total"));
  doc.parts.emplace_back("zones", std::move(t));
  doc.parts.emplace_back("classes", std::move(classes));
  doc.note(tr(l,
              "ESTIMATE（估算）：碳汇 = (后期碳储量 − 前期碳储量) / 年数 × 44/12；碳密度为 IPCC 2006 Tier 1 "
              "缺省值（寒温带干旱区），"
              "只反映地类面积变化，不含地类不变时的生长；见 docs/carbon.md。",
              "ESTIMATE: sink = (stock after - stock before) / years x 44/12; stock densities are IPCC 2006 Tier 1 "
              "defaults (cold temperate dry), so only changes of land cover count, not growth within an unchanged "
              "class; see docs/carbon.md."));
  if (auto note = zones_outside_note(r.zones_outside, l); !note.empty()) doc.note(note);
  return doc;
}

}  // namespace eb::app::runs
