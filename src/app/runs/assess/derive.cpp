#include "app/runs/assess/derive.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <optional>

#include "app/runs/air/assess_units.hpp"
#include "app/runs/carbon/carbon_account.hpp"
#include "app/runs/carbon/carbon_sink.hpp"
#include "app/runs/drinking/drinking.hpp"
#include "app/runs/groundwater/assess.hpp"
#include "app/runs/raster/raster_inputs.hpp"
#include "app/runs/raster/zonal.hpp"
#include "app/runs/soil/construction_sites.hpp"
#include "app/runs/soil/farmland.hpp"
#include "app/runs/source/emission.hpp"
#include "app/runs/water/water_runs.hpp"
#include "core/area.hpp"
#include "core/error.hpp"
#include "core/period.hpp"
#include "engine/source/load.hpp"
#include "io/indicator_registry.hpp"
#include "store/admin_store.hpp"
#include "store/indicator_store.hpp"
#include "store/ledger_store.hpp"
#include "store/water_store.hpp"

namespace eb::app::runs {

namespace {

// Rasters are averaged before the workspace is opened for writing (the zones are read from it through OGR).
void derive_from_rasters(const AssessDeriveRequest& req, const RunEnv& env, AssessDeriveResult& r) {
  for (const auto& spec : req.rasters) {
    const std::size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
      throw UsageError("--raster: expected INDICATOR=PATH, got " + spec);
    AssessRasterInput input{spec.substr(0, eq), spec.substr(eq + 1), 0};
    const std::string source =
        fmt::format("derived: area-weighted mean of {} over the level-{} units{}", input.path, req.level,
                    req.scale == 1 ? std::string() : fmt::format(", times {}", req.scale));
    const UnitRasterMeans means = unit_raster_means(input.path, req.ws, req.level, env);
    input.zones_outside = means.zones_outside;
    for (const auto& m : means.units) {
      if (m.mean) {
        r.values.push_back({input.indicator, m.code, req.year, *m.mean * req.scale, source});
      } else {
        r.not_derived.push_back({m.code, input.indicator, AssessNotDerived::Why::no_valid_cells, {}});
      }
    }
    r.rasters.push_back(std::move(input));
  }
}

// HJ 663 annual means of PM2.5 and PM10 (where the capture rule is met) and the share of good days, per city.
void derive_from_air(store::Workspace& ws, int year, AssessDeriveResult& r) {
  AirAssessRequest air;
  air.period = *parse_period(std::to_string(year));
  air.level = "city";
  AirRules used{};
  const auto units = air_assess_units(ws, air, used);
  r.air_rules = used.label();
  const std::string source = fmt::format("derived: air assessment {} ({})", year, r.air_rules);
  for (const auto& u : units) {
    for (const auto& st : u.assessment.statistics) {
      if (st.statistic != "mean" || (st.pollutant != "PM2.5" && st.pollutant != "PM10")) continue;
      const std::string id = st.pollutant == "PM2.5" ? "air.pm25_mean" : "air.pm10_mean";
      if (st.valid) {
        r.values.push_back({id, u.code, year, st.reported, source});
      } else {
        r.not_derived.push_back({u.code, id, AssessNotDerived::Why::capture_rule, st.capture_note});
      }
    }
    if (u.assessment.days.valid > 0)
      r.values.push_back({"air.good_day_ratio", u.code, year, u.assessment.days.good_ratio_pct(), source});
  }
}

// The GB 3838 class shares of the sections of each league/city.
void derive_from_water(store::Workspace& ws, int year, const std::string& below_dl, AssessDeriveResult& r) {
  const auto rule = io::parse_below_detection(below_dl);
  if (!rule) throw UsageError("--below-dl: expected half, limit or zero, got " + below_dl);
  std::map<std::string, std::optional<std::string>> league_of;
  for (const auto& s : store::water_sections(ws)) league_of[s.code] = s.league_code;
  const auto sections = assess_sections(ws, *parse_period(std::to_string(year)), *rule);
  std::map<std::string, std::vector<const engine::water::SectionAssessment*>> by_league;
  for (const auto& a : sections) {
    const auto& league = league_of[a.code];
    if (league) {
      by_league[*league].push_back(&a);
    } else {
      ++r.sections_unplaced;
    }
  }
  for (const auto& [league, members] : by_league) {
    const auto g = engine::water::assess_group(members);
    if (g.sections == 0) continue;
    const std::string source = fmt::format(
        "derived: water assessment {} of {} sections (GB 3838-2002; below detection: {})", year, g.sections, below_dl);
    r.values.push_back({"water.share_i_iii_pct", league, year, g.share_i_iii, source});
    r.values.push_back({"water.share_worse_v_pct", league, year, g.share_worse_v, source});
  }
}

// Completed restoration area against the year's plans, per league and project type (%); none without a plan.
void derive_from_ledger(store::Workspace& ws, int year, AssessDeriveResult& r) {
  const auto projects = store::load_projects(ws, year, year);
  const auto plans = store::load_plans(ws, year, year);
  std::map<std::pair<std::string, std::string>, std::pair<ExactArea, ExactArea>> sums;  // (league, type)
  auto league_of = [&](const std::string& code) {
    const auto u = store::find_unit(ws, code);
    if (u && u->level <= 2) return code;
    for (const auto& a : store::ancestors_of(ws, code))
      if (a.level == 2) return a.code;
    return code;
  };
  for (const auto& p : plans) sums[{league_of(p.unit_code), p.type}].second += p.planned.area;
  for (const auto& p : projects)
    if (p.completed) sums[{league_of(p.unit_code), p.type}].first += p.completed->area;
  const std::string source = fmt::format("derived: restoration ledger {} against the annual plans", year);
  for (const auto& [key, s] : sums) {
    if (s.second.micro_mu == 0) continue;  // no plan: no completion rate
    r.values.push_back({"ledger." + key.second + "_completion", key.first, year,
                        100.0 * static_cast<double>(s.first.micro_mu) / static_cast<double>(s.second.micro_mu),
                        source});
  }
}

// The loads of the year per league/city, t by (unit, pollutant); `used` and `expected` count outlet-hours.
struct UnitLoads {
  std::map<std::pair<std::string, std::string>, double> t;
  std::map<std::pair<std::string, std::string>, std::pair<std::int64_t, std::int64_t>> hours;  // used, expected
  std::size_t outlets = 0;
};
UnitLoads unit_loads(const AssessDeriveRequest& req, int year, const RunEnv& env) {
  SourceLoadsRequest loads;
  loads.ws = req.ws;
  loads.period = *parse_period(std::to_string(year));
  loads.by = SourceLoadBy::unit;
  const auto result = run_source_loads(loads, env);
  UnitLoads out;
  out.outlets = result.outlets.size();
  for (const auto& row : result.rows) {
    out.t[{row.group, row.pollutant}] += row.t;
    auto& h = out.hours[{row.group, row.pollutant}];
    h.first += row.hours_used;
    h.second += row.hours_expected;
  }
  return out;
}

// source.load_<code>_t per league/city, and the progress against the registry's reduction targets.
void derive_from_sources(store::Workspace& ws, const AssessDeriveRequest& req, const RunEnv& env,
                         AssessDeriveResult& r) {
  const UnitLoads now = unit_loads(req, req.year, env);
  for (const auto& [key, t] : now.t) {
    const auto& h = now.hours.at(key);
    r.values.push_back({"source.load_" + key.second + "_t", key.first, req.year, t,
                        fmt::format("derived: emission load {} from hourly data (CN 2061), {} of {} outlet-hours "
                                    "used (docs/sources.md)",
                                    req.year, h.first, h.second)});
  }
  if (req.registry.empty()) return;
  const std::string prefix = "source.reduction_", suffix = "_pct";
  for (const auto& indicator : io::read_indicator_registry(req.registry)) {
    const std::string& id = indicator.id;
    if (id.size() <= prefix.size() + suffix.size() || id.rfind(prefix, 0) != 0 ||
        id.compare(id.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    const std::string pollutant = id.substr(prefix.size(), id.size() - prefix.size() - suffix.size());
    const std::string load_id = "source.load_" + pollutant + "_t";
    if (!indicator.baseline_year) {
      for (const auto& [key, t] : now.t)
        if (key.second == pollutant) r.not_derived.push_back({key.first, id, AssessNotDerived::Why::no_baseline, {}});
      continue;
    }
    const int base_year = *indicator.baseline_year;
    // The baseline: a stored value (imported statistics or an earlier derive), else the data of that year.
    std::map<std::string, double> base;
    for (const auto& v : store::load_indicator_values(ws, base_year, base_year))
      if (v.indicator == load_id) base[v.unit_code] = v.value;
    if (base_year != req.year) {
      const UnitLoads then = unit_loads(req, base_year, env);
      for (const auto& [key, t] : then.t)
        if (key.second == pollutant) base.emplace(key.first, t);
    }
    for (const auto& [key, t] : now.t) {
      if (key.second != pollutant) continue;
      const auto b = base.find(key.first);
      if (b == base.end() || !(b->second > 0)) {
        r.not_derived.push_back({key.first, id, AssessNotDerived::Why::no_baseline, std::to_string(base_year)});
        continue;
      }
      const auto progress = engine::source::target_progress(b->second, t, 0);
      r.values.push_back({id, key.first, req.year, progress.achieved_pct,
                          fmt::format("derived: {} t in {} against {} t in {} (source.load_{}_t)", t, req.year,
                                      b->second, base_year, pollutant)});
    }
  }
}

void append(std::vector<store::IndicatorValue>& to, std::vector<store::IndicatorValue> values) {
  to.insert(to.end(), std::make_move_iterator(values.begin()), std::make_move_iterator(values.end()));
}

// The carbon-sink estimate between two land-cover rasters (YEAR=PATH each), over the sink zones; nothing without
// --land-cover.
std::optional<CarbonSinkResult> sink_estimate(const AssessDeriveRequest& req, const RunEnv& env) {
  if (req.land_cover.empty()) return std::nullopt;
  if (req.land_cover.size() != 2)
    throw UsageError("--land-cover: give two, YEAR=PATH for each of the two years of the sink estimate");
  if (req.sink_zones.empty()) throw UsageError("--land-cover: name the units' boundaries with --sink-zones FILE");
  CarbonSinkRequest sink;
  std::array<std::pair<int, std::string>, 2> years;
  for (std::size_t i = 0; i < 2; ++i) {
    const std::string& spec = req.land_cover[i];
    const std::size_t eq = spec.find('=');
    int year = 0;
    try {
      if (eq != std::string::npos && eq > 0) year = std::stoi(spec.substr(0, eq));
    } catch (const std::exception&) {
    }
    if (year <= 0 || eq + 1 >= spec.size()) throw UsageError("--land-cover: expected YEAR=PATH, got " + spec);
    years[i] = {year, spec.substr(eq + 1)};
  }
  std::sort(years.begin(), years.end());
  sink.years = {years[0].first, years[1].first};
  sink.before = years[0].second;
  sink.after = years[1].second;
  sink.zones = req.sink_zones;
  sink.id_field = req.sink_id_field;
  return run_carbon_sink(sink, env);
}

// Soil, groundwater, drinking-water sources, energy and carbon: each domain's run gives its per-unit figures with
// their provenance (league/city and region). They are stored to 2 decimals, the precision a registry's targets and
// a bulletin use (the provenance keeps the operands).
void derive_from_domains(const AssessDeriveRequest& req, const RunEnv& env,
                         const std::function<bool(const char*)>& wanted, AssessDeriveResult& r) {
  const std::size_t first = r.values.size();
  if (wanted("soil")) {
    for (int level : {1, 2}) append(r.values, derive_soil_farmland_indicators(req.ws, req.year, level));
    append(r.values, derive_soil_construction_indicators(req.ws, req.year));
  }
  if (wanted("groundwater")) append(r.values, derive_groundwater_indicators(req.ws, req.year));
  if (wanted("drinking"))
    for (int level : {1, 2}) append(r.values, derive_drinking_water_indicators(req.ws, req.year, level));
  if (wanted("carbon")) {
    const std::optional<CarbonSinkResult> sink = sink_estimate(req, env);
    append(r.values, derive_carbon_indicators(req.ws, req.year, 1));
    std::vector<store::IndicatorValue> values = derive_carbon_indicators(req.ws, req.year, 2, sink ? &*sink : nullptr);
    // The sink's provenance names the land-cover files it was estimated from.
    for (auto& v : values)
      if (v.indicator == "carbon.sink_t_co2")
        v.source += fmt::format("; land cover {}, {}", req.land_cover[0], req.land_cover[1]);
    append(r.values, std::move(values));
  }
  for (std::size_t i = first; i < r.values.size(); ++i) r.values[i].value = std::round(r.values[i].value * 100) / 100;
}

}  // namespace

AssessDeriveResult run_assess_derive(const AssessDeriveRequest& req, const RunEnv& env) {
  AssessDeriveResult r;
  r.year = req.year;
  derive_from_rasters(req, env, r);
  const std::function<bool(const char*)> wanted = [&](const char* what) {
    if (req.from.empty()) return std::string(what) != "raster";
    return std::find(req.from.begin(), req.from.end(), what) != req.from.end();
  };
  // The domain runs open the workspace themselves, before it is opened here for writing.
  derive_from_domains(req, env, wanted, r);
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  if (wanted("air")) derive_from_air(ws, req.year, r);
  if (wanted("water")) derive_from_water(ws, req.year, req.below_dl, r);
  if (wanted("ledger")) derive_from_ledger(ws, req.year, r);
  if (wanted("sources")) derive_from_sources(ws, req, env, r);
  r.stored = store::import_indicator_values(ws, r.values);
  return r;
}

Document assess_derive_document(const AssessDeriveResult& r, Lang l) {
  Document doc;
  for (const auto& raster : r.rasters)
    if (auto note = zones_outside_note(raster.zones_outside, l); !note.empty()) doc.note(note);
  for (const auto& n : r.not_derived) {
    if (n.why == AssessNotDerived::Why::no_valid_cells) {
      doc.note(fmt::format("{} {}: {}", n.unit_code, n.indicator,
                           tr(l, "栅格无有效像元，未生成", "no valid cells, not derived")));
    } else if (n.why == AssessNotDerived::Why::no_baseline) {
      doc.note(fmt::format("{} {}: {}{}", n.unit_code, n.indicator,
                           tr(l, "无基准年排放量，未生成", "no baseline-year load, not derived"),
                           n.capture_note.empty()
                               ? tr(l, "（指标登记表未给基准年）", " (the registry gives no baseline year)")
                               : fmt::format(" ({})", n.capture_note)));
    } else {
      doc.note(fmt::format("{} {}: {} ({})", n.unit_code, n.indicator, tr(l, "获取率不足，未生成", "not derived"),
                           n.capture_note));
    }
  }
  if (r.sections_unplaced > 0) {
    doc.note(fmt::format(
        fmt::runtime(tr(l, "{} 个断面不在任何盟市内，未计入", "{} sections lie in no league/city and were left out")),
        r.sections_unplaced));
  }
  Table t;
  t.columns = {{"year", "年份", "year"},
               {"values", "指标值", "values"},
               {"added", "新增", "added"},
               {"updated", "更新", "updated"},
               {"unchanged", "未变", "unchanged"}};
  t.add({Cell(r.year), Cell(r.values.size()), Cell(r.stored.added), Cell(r.stored.updated), Cell(r.stored.unchanged)});
  doc.parts.emplace_back(std::string(), std::move(t));
  return doc;
}

}  // namespace eb::app::runs
