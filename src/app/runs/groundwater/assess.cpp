#include "app/runs/groundwater/assess.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "app/runs/groundwater/classify.hpp"
#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/period.hpp"
#include "standards/gb14848.hpp"
#include "store/groundwater_store.hpp"

namespace eb::app::runs {

namespace {

Period year_period(int year) {
  const auto p = parse_period(std::to_string(year));
  if (!p) throw UsageError(fmt::format("--year: {} is not a year", year));
  return *p;
}

bool in_set(const std::string& point_level, const std::string& set) {
  if (set == "national") return point_level == "national";
  if (set == "provincial") return point_level == "national" || point_level == "provincial";
  return true;
}

// The annual value of an item: the mean of the year's samples, below-detection values at their limit (anionic
// surfactants at 0), kept to 10 significant digits so that a mean that is a decimal at a limit compares as that
// decimal ((0.2 + 0.4) / 2 is 0.3, not 0.30000000000000004).
double annual_mean(double sum, int n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.10g", sum / n);
  return parse_number(buf).value();
}

GroundwaterPointYear point_year(const std::vector<store::StoredGroundwaterValue>* values) {
  GroundwaterPointYear out;
  if (!values) return out;
  std::map<std::string, std::pair<double, int>> sums;
  std::set<EpochSeconds> times;
  for (const auto& v : *values) {
    auto& s = sums[v.item];
    s.first += groundwater_class_value(v.item, v.value, v.below_detection);
    ++s.second;
    times.insert(v.time);
  }
  out.samples = static_cast<int>(times.size());
  std::vector<standards::GroundwaterValue> means;
  for (const auto& [item, s] : sums) {
    out.means[item] = annual_mean(s.first, s.second);
    means.push_back({item, out.means[item]});
  }
  const auto c = standards::classify_groundwater_sample(means);
  out.cls = c.cls;
  out.deciding = c.deciding;
  return out;
}

std::string unit_of(const store::GroundwaterPointRow& p, int level) {
  if (!p.league_code) return "";
  return level == 1 ? p.league_code->substr(0, 2) + "0000" : *p.league_code;
}

std::optional<double> pct(int part, int whole) {
  if (whole == 0) return std::nullopt;
  return 100.0 * part / whole;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "|") + s;
  return out;
}

Cell opt_cell(const std::optional<double>& v) { return v ? Cell(*v) : Cell(); }

}  // namespace

std::optional<double> GroundwaterUnitAssessment::change_i_iv_pp() const {
  if (!same_i_iv_now_pct || !same_i_iv_before_pct) return std::nullopt;
  return *same_i_iv_now_pct - *same_i_iv_before_pct;
}
std::optional<double> GroundwaterUnitAssessment::change_v_pp() const {
  if (!same_v_now_pct || !same_v_before_pct) return std::nullopt;
  return *same_v_now_pct - *same_v_before_pct;
}

GroundwaterAssessRequest groundwater_assess_request(const std::string& workspace, int year, int baseline, int level,
                                                    const std::string& set) {
  GroundwaterAssessRequest r;
  r.workspace = workspace;
  if (year < 1900 || year > 2200) throw UsageError(fmt::format("--year: {} is not a year", year));
  r.year = year;
  if (baseline != 0) {
    if (baseline < 1900 || baseline > 2200 || baseline == year)
      throw UsageError(fmt::format("--baseline: {} is not a year before or after --year", baseline));
    r.baseline = baseline;
  }
  if (level != 1 && level != 2) throw UsageError("--level: 1 (region) or 2 (league/city)");
  r.level = level;
  if (set != "national" && set != "provincial" && set != "all") throw UsageError("--set: national, provincial or all");
  r.set = set;
  return r;
}

GroundwaterAssessResult run_groundwater_assess(const GroundwaterAssessRequest& req) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  const auto rows = store::groundwater_points(ws);
  const auto now = store::load_groundwater_samples(ws, year_period(req.year));
  std::map<std::string, std::vector<store::StoredGroundwaterValue>> before;
  if (req.baseline) before = store::load_groundwater_samples(ws, year_period(*req.baseline));
  GroundwaterAssessResult r;
  r.year = req.year;
  r.baseline = req.baseline;
  r.level = req.level;
  r.set = req.set;
  std::map<std::string, GroundwaterUnitAssessment> units;
  for (const auto& p : rows) {
    if (!in_set(p.level, req.set)) {
      ++r.points_outside_set;
      continue;
    }
    GroundwaterPointAssessment a;
    a.code = p.code;
    a.name = p.name;
    a.level = p.level;
    a.unit = unit_of(p, req.level);
    const auto it = now.find(p.code);
    a.now = point_year(it == now.end() ? nullptr : &it->second);
    if (req.baseline) {
      const auto b = before.find(p.code);
      a.before = point_year(b == before.end() ? nullptr : &b->second);
    }
    auto& u = units[a.unit];
    u.unit = a.unit;
    u.expected.push_back(a.code);
    if (a.now.cls) {
      u.assessed.push_back(a.code);
      ++u.per_class[static_cast<std::size_t>(a.now.cls - 1)];
    } else {
      u.left_out.push_back(fmt::format("{}: no sample in {}", a.code, req.year));
    }
    if (a.before) {
      if (a.now.cls && a.before->cls) {
        u.both.push_back(a.code);
        ++u.both_now[static_cast<std::size_t>(a.now.cls - 1)];
        ++u.both_before[static_cast<std::size_t>(a.before->cls - 1)];
      } else if (a.now.cls) {
        u.left_out.push_back(fmt::format("{}: no sample in {} (not in the comparison)", a.code, *req.baseline));
      }
    }
    r.points.push_back(std::move(a));
  }
  for (auto& [key, u] : units) {
    const int n = static_cast<int>(u.assessed.size());
    u.share_i_iv_pct = pct(n - u.per_class[4], n);
    u.share_v_pct = pct(u.per_class[4], n);
    if (req.baseline) {
      const int m = static_cast<int>(u.both.size());
      u.same_i_iv_now_pct = pct(m - u.both_now[4], m);
      u.same_v_now_pct = pct(u.both_now[4], m);
      u.same_i_iv_before_pct = pct(m - u.both_before[4], m);
      u.same_v_before_pct = pct(u.both_before[4], m);
    }
    r.units.push_back(std::move(u));
  }
  return r;
}

Document groundwater_assess_document(const GroundwaterAssessResult& r, Lang l) {
  Document doc;
  doc.keyed = true;
  Table pts;
  pts.columns = {{"code", "点位编码", "code"},
                 {"name", "点位名称", "name"},
                 {"level", "考核级别", "level"},
                 {"unit", "所属单位", "unit"},
                 {"samples", "样品数", "samples"},
                 {"class", "水质类别", "class"},
                 {"deciding_items", "定类指标", "deciding items"},
                 {"baseline_class", "基准年类别", "baseline class"}};
  pts.geometry = GeometryJoin{GeometryLayer::station, "code"};
  auto cls_cell = [](int c) { return c ? Cell(std::string(standards::groundwater_class_name(c))) : Cell(); };
  for (const auto& p : r.points)
    pts.add({p.code, p.name, p.level, p.unit, p.now.samples, cls_cell(p.now.cls), joined(p.now.deciding),
             p.before ? cls_cell(p.before->cls) : Cell()});
  Table units;
  units.columns = {{"unit", r.level == 1 ? "自治区" : "盟市", r.level == 1 ? "region" : "league/city"},
                   {"points", "点位数", "points"},
                   {"assessed", "有监测数据", "assessed"},
                   {"class_I", "I类", "I"},
                   {"class_II", "II类", "II"},
                   {"class_III", "III类", "III"},
                   {"class_IV", "IV类", "IV"},
                   {"class_V", "V类", "V"},
                   {"share_i_iv_pct", "I-IV类比例(%)", "I-IV share (%)", 1},
                   {"share_v_pct", "V类比例(%)", "V share (%)", 1},
                   {"left_out", "未计入点位", "left out"}};
  units.geometry = GeometryJoin{GeometryLayer::unit, "unit"};
  if (r.baseline) {
    units.columns.push_back({"comparable", "两年均有数据点位", "points in both years"});
    units.columns.push_back({"baseline_i_iv_pct", "基准年I-IV类比例(%)", "baseline I-IV share (%)", 1});
    units.columns.push_back({"same_points_i_iv_pct", "同口径I-IV类比例(%)", "I-IV share, same points (%)", 1});
    units.columns.push_back({"change_i_iv_pp", "I-IV类变化(百分点)", "I-IV change (pp)", 1});
    units.columns.push_back({"baseline_v_pct", "基准年V类比例(%)", "baseline V share (%)", 1});
    units.columns.push_back({"same_points_v_pct", "同口径V类比例(%)", "V share, same points (%)", 1});
    units.columns.push_back({"change_v_pp", "V类变化(百分点)", "V change (pp)", 1});
  }
  for (const auto& u : r.units) {
    std::vector<Cell> row{u.unit.empty() ? Cell(tr(l, "未定位", "not located")) : Cell(u.unit),
                          static_cast<std::int64_t>(u.expected.size()), static_cast<std::int64_t>(u.assessed.size())};
    for (int c : u.per_class) row.push_back(static_cast<std::int64_t>(c));
    row.push_back(opt_cell(u.share_i_iv_pct));
    row.push_back(opt_cell(u.share_v_pct));
    row.push_back(joined(u.left_out));
    if (r.baseline) {
      row.push_back(static_cast<std::int64_t>(u.both.size()));
      row.push_back(opt_cell(u.same_i_iv_before_pct));
      row.push_back(opt_cell(u.same_i_iv_now_pct));
      row.push_back(opt_cell(u.change_i_iv_pp()));
      row.push_back(opt_cell(u.same_v_before_pct));
      row.push_back(opt_cell(u.same_v_now_pct));
      row.push_back(opt_cell(u.change_v_pp()));
    }
    units.add(std::move(row));
  }
  doc.parts.emplace_back("units", std::move(units));
  doc.parts.emplace_back("points", std::move(pts));
  doc.note(fmt::format("{} {}; {}: {}; {} {}", tr(l, "年份", "year"), r.year, tr(l, "点位集", "set"), r.set,
                       r.points_outside_set, tr(l, "个点位不在点位集内", "point(s) outside the set")));
  doc.note(tr(l,
              "点位年度评价：各指标取年内样品均值（低于检出限按检出限，阴离子表面活性剂未检出按0），按 GB/T 14848-2017 "
              "单指标评价、最差指标定类；比例以有监测数据的点位为分母；与基准年比较仅用两年均有数据的点位",
              "A point's year: each item's mean over the year's samples (below detection at the limit; anionic "
              "surfactants not detected at 0), classed by GB/T 14848-2017, the point by its worst item; shares over "
              "the points with samples; the baseline comparison on the points with samples in both years"));
  return doc;
}

std::vector<store::IndicatorValue> derive_groundwater_indicators(const std::string& ws, int year,
                                                                 std::optional<int> baseline, const std::string& set) {
  std::vector<store::IndicatorValue> out;
  for (int level : {2, 1}) {
    GroundwaterAssessRequest req;
    req.workspace = ws;
    req.year = year;
    req.baseline = baseline;
    req.level = level;
    req.set = set;
    const auto r = run_groundwater_assess(req);
    for (const auto& u : r.units) {
      if (u.unit.empty() || !u.share_i_iv_pct) continue;
      std::string provenance = fmt::format(
          "GB/T 14848-2017, annual mean per item, point by its worst item; {} of {} points of set {} with samples in "
          "{}",
          u.assessed.size(), u.expected.size(), set, year);
      if (!u.left_out.empty()) provenance += "; left out: " + joined(u.left_out);
      auto add = [&](const char* id, double v, std::optional<double> change) {
        std::string source = provenance;
        if (change)
          source += fmt::format("; change vs {} on the {} points with samples in both years: {:+.1f} pp", *baseline,
                                u.both.size(), *change);
        out.push_back({id, u.unit, year, v, source});
      };
      add("groundwater.share_i_iv_pct", *u.share_i_iv_pct, u.change_i_iv_pp());
      add("groundwater.share_v_pct", *u.share_v_pct, u.change_v_pp());
    }
  }
  return out;
}

}  // namespace eb::app::runs
