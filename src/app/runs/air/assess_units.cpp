#include "app/runs/air/assess_units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/error.hpp"
#include "engine/review/exclusion.hpp"
#include "standards/air_rollup.hpp"
#include "store/admin_store.hpp"
#include "store/air_store.hpp"
#include "store/review_store.hpp"

namespace eb::app::runs {

using engine::air::DailyValues;

AirDust air_dust(const std::string& name) {
  if (name == "raw") return AirDust::raw;
  if (name == "deducted") return AirDust::deducted;
  if (name == "both") return AirDust::both;
  throw UsageError("--dust: expected raw, deducted or both, got " + name);
}

namespace {

std::vector<std::string> without(const std::vector<std::string>& all, const std::vector<std::string>& some) {
  std::vector<std::string> out;
  for (const auto& c : all)
    if (!std::binary_search(some.begin(), some.end(), c)) out.push_back(c);
  return out;
}

}  // namespace

std::vector<std::string> AirMembership::absent() const { return without(expected, present); }
std::vector<std::string> AirMembership::short_of_capture() const { return without(present, valid); }

const engine::air::Statistic* AirUnitAssessment::statistic(std::string_view pollutant,
                                                           std::string_view statistic) const {
  for (const auto& s : assessment.statistics)
    if (s.pollutant == pollutant && s.statistic == statistic) return &s;
  return nullptr;
}

namespace {

constexpr const char* kHourly = "hourly station data";
constexpr const char* kPublished = "published city daily values";

using Span = std::pair<EpochSeconds, EpochSeconds>;  // [start, end)

// The sand/dust-affected periods that concern each air site: those stored for the site itself, its banner/county,
// its league/city or any unit above it.
class DustSpans {
 public:
  DustSpans(store::Workspace& ws, const Period& period, const std::map<std::string, store::AirSite>& sites) {
    const auto periods = store::dust_periods(ws, period.begin(), period.end());
    if (periods.empty()) return;
    std::map<std::string, std::vector<std::string>> above;  // city -> its ancestors' codes
    for (const auto& [code, site] : sites) {
      std::set<std::string> concerned{code, site.county_code, site.league_code};
      if (!site.league_code.empty()) {
        auto [it, fresh] = above.try_emplace(site.league_code);
        if (fresh)
          for (const auto& a : store::ancestors_of(ws, site.league_code)) it->second.push_back(a.code);
        concerned.insert(it->second.begin(), it->second.end());
      }
      for (const auto& p : periods)
        if (concerned.count(p.unit_code)) by_site_[code].emplace_back(p.start, p.end);
    }
  }
  const std::vector<Span>& of(const std::string& site) const {
    static const std::vector<Span> none;
    const auto it = by_site_.find(site);
    return it == by_site_.end() ? none : it->second;
  }

 private:
  std::map<std::string, std::vector<Span>> by_site_;
};

// Flags the days an affected period touches (Beijing days of the series).
void flag_days(DailyValues& d, const std::vector<Span>& spans) {
  if (spans.empty()) return;
  const EpochSeconds first = beijing_to_epoch({d.first_day, 0, 0, 0});
  for (std::size_t day = 0; day < d.days; ++day) {
    const EpochSeconds begin = first + static_cast<EpochSeconds>(day) * 86400, end = begin + 86400;
    for (const auto& [s, e] : spans)
      if (s < end && e > begin) d.dust[day] = 1;
  }
}

// Removes the PM2.5 and PM10 hours inside affected periods (deduction by hour).
void remove_hours(engine::air::StationHours& g, const std::vector<Span>& spans) {
  for (std::size_t h = 0; h < g.hours(); ++h) {
    const EpochSeconds t = g.time_of(h);
    for (const auto& [s, e] : spans)
      if (t >= s && t < e) {
        g.hourly[static_cast<std::size_t>(engine::air::Pollutant::PM25)][h] = engine::air::kMissing;
        g.hourly[static_cast<std::size_t>(engine::air::Pollutant::PM10)][h] = engine::air::kMissing;
      }
  }
}

// Everything the units of a level are assessed from.
struct Inputs {
  std::map<std::string, store::AirSite> sites;
  std::vector<DailyValues> stations;                               // daily values from hourly data, by station code
  std::vector<engine::air::Assessment> station_assessments;        // in the same order
  std::vector<DailyValues> published;                              // published city series
  std::map<std::string, engine::review::ExcludedCounts> excluded;  // by station: values left out by review
};

// The review marks that exclude values of the period, by station.
std::map<std::string, std::vector<engine::review::Exclusion>> review_exclusions(store::Workspace& ws,
                                                                                const Period& period) {
  std::map<std::string, std::vector<engine::review::Exclusion>> out;
  for (const auto& m : store::excluding_marks(ws, period.begin(), period.end()))
    out[m.mark.subject].push_back({m.mark.parameter, m.mark.rule, m.mark.start, m.mark.end});
  return out;
}

// The stations' daily values computed elsewhere (`station_days`, on the period's grid, in code order) in place of
// the workspace's hourly data: only what works on daily values applies to them, so the hour-based steps (review
// marks, dust deducted by hour) are refused rather than skipped.
void use_station_days(store::Workspace& ws, const AirAssessRequest& req, const engine::air::AssessOptions& opt,
                      double o3_limit, const DustSpans& spans, const AirStationDays& station_days, Inputs& in) {
  if (opt.deduct_dust && opt.dust.unit == standards::DustUnit::hour)
    throw UsageError(
        "daily values computed outside the workspace: dust is deducted by hour here; assess the "
        "workspace's own hourly data (air assess)");
  if (station_days.o3_8h_limit != o3_limit)
    throw UsageError(fmt::format("the daily values were computed with the O3 8-hour limit {}, the rules of {} use {}",
                                 station_days.o3_8h_limit, req.standard, o3_limit));
  const auto exclusions = review_exclusions(ws, req.period);
  for (const DailyValues& given : station_days.stations) {
    // As load_station_hours: only the workspace's air stations.
    const auto site = in.sites.find(given.code);
    if (site == in.sites.end() || site->second.kind != "air") continue;
    if (given.first_day != req.period.first || given.days != static_cast<std::size_t>(req.period.days()))
      throw UsageError("daily values of " + given.code + " do not span the period " + req.period.label);
    if (exclusions.count(given.code))
      throw UsageError("station " + given.code + " has review marks in " + req.period.label +
                       ": they apply to hourly values; assess the workspace's own hourly data (air assess)");
    DailyValues d = given;
    flag_days(d, spans.of(d.code));
    in.station_assessments.push_back(engine::air::assess(d, opt));
    in.stations.push_back(std::move(d));
  }
}

Inputs load_inputs(store::Workspace& ws, const AirAssessRequest& req, const engine::air::AssessOptions& opt,
                   double o3_limit, const AirStationDays* station_days) {
  Inputs in;
  in.sites = store::air_sites(ws);
  const DustSpans spans(ws, req.period, in.sites);
  if (station_days) {
    use_station_days(ws, req, opt, o3_limit, spans, *station_days, in);
  } else {
    const bool by_hour = opt.deduct_dust && opt.dust.unit == standards::DustUnit::hour;
    const auto exclusions = review_exclusions(ws, req.period);
    for (auto& g : store::load_station_hours(ws, req.period)) {
      if (const auto it = exclusions.find(g.station); it != exclusions.end()) {
        auto counts = engine::review::exclude_hours(g, it->second);
        if (!counts.empty()) in.excluded[g.station] = std::move(counts);
      }
      const auto& s = spans.of(g.station);
      if (by_hour) remove_hours(g, s);
      DailyValues d = engine::air::daily_values(g, o3_limit);
      flag_days(d, s);
      in.station_assessments.push_back(engine::air::assess(d, opt));
      in.stations.push_back(std::move(d));
    }
  }
  for (auto& d : store::load_published_daily(ws, req.period)) {
    flag_days(d, spans.of(d.code));
    in.published.push_back(std::move(d));
  }
  return in;
}

void set_unit_names(store::Workspace& ws, AirUnitAssessment& u) {
  if (const auto unit = store::find_unit(ws, u.code)) {
    u.name_zh = unit->name_zh;
    u.name_en = unit->name_en;
  }
}

// The air stations (kind air) of the workspace whose `key` (league or county code) is `code`, ascending.
std::vector<std::string> stations_of(const Inputs& in, const std::string& code, std::string store::AirSite::*key) {
  std::vector<std::string> out;
  for (const auto& [c, site] : in.sites)
    if (site.kind == "air" && site.*key == code) out.push_back(c);
  return out;
}

// A county or city from its stations' daily values (HJ 663: the mean of its assessment stations, day by day).
AirUnitAssessment of_stations(const std::string& code, const std::string& level,
                              const std::vector<std::size_t>& members, const Inputs& in,
                              std::string store::AirSite::*key, const engine::air::AssessOptions& opt) {
  AirUnitAssessment u;
  u.code = code;
  u.level = level;
  u.source = kHourly;
  u.dust_deducted = opt.deduct_dust;
  std::vector<const DailyValues*> days;
  u.membership.of = "stations";
  u.membership.expected = stations_of(in, code, key);
  for (const std::size_t i : members) {
    days.push_back(&in.stations[i]);
    u.members.push_back(in.stations[i].code);
    u.membership.present.push_back(in.stations[i].code);
    if (in.station_assessments[i].reporting_valid) u.membership.valid.push_back(in.stations[i].code);
  }
  u.daily = engine::air::mean_of(code, days);
  u.assessment = engine::air::assess(u.daily, opt);
  return u;
}

// The station indices of `in` grouped by the sites' `key` (league or county code); sites without one are left out.
std::map<std::string, std::vector<std::size_t>> stations_by(const Inputs& in, std::string store::AirSite::*key) {
  std::map<std::string, std::vector<std::size_t>> out;
  for (std::size_t i = 0; i < in.stations.size(); ++i)
    if (const auto it = in.sites.find(in.stations[i].code); it != in.sites.end() && !(it->second.*key).empty())
      out[it->second.*key].push_back(i);
  return out;
}

// The league/city a site stands for: its league code, else its own code (a city series without one).
std::string city_of(const store::AirSite& site) { return site.league_code.empty() ? site.code : site.league_code; }

// Cities: from their stations' daily values, else from published city values (station data win).
std::map<std::string, AirUnitAssessment> cities(store::Workspace& ws, const Inputs& in,
                                                const engine::air::AssessOptions& opt) {
  std::map<std::string, AirUnitAssessment> out;
  for (const auto& [city, members] : stations_by(in, &store::AirSite::league_code))
    out.emplace(city, of_stations(city, "city", members, in, &store::AirSite::league_code, opt));
  for (const auto& d : in.published) {
    const auto it = in.sites.find(d.code);
    const std::string city = it != in.sites.end() ? city_of(it->second) : d.code;
    if (out.count(city)) continue;
    AirUnitAssessment u;
    u.code = city;
    u.level = "city";
    u.members = {d.code};
    u.source = kPublished;
    u.dust_deducted = opt.deduct_dust;
    u.daily = d;
    u.assessment = engine::air::assess(d, opt);
    u.membership = {"series", {d.code}, {d.code}, {}};
    if (u.assessment.reporting_valid) u.membership.valid = {d.code};
    out.emplace(city, std::move(u));
  }
  for (auto& [code, u] : out) set_unit_names(ws, u);
  return out;
}

// The region of each league/city with an air site (its top ancestor; the province code when it has none).
std::map<std::string, std::string> region_of_cities(store::Workspace& ws, const Inputs& in) {
  std::map<std::string, std::string> out;
  for (const auto& [code, site] : in.sites) {
    const std::string city = city_of(site);
    if (out.count(city)) continue;
    const auto parents = store::ancestors_of(ws, city);
    out[city] = parents.empty() ? city.substr(0, 2) + "0000" : parents.back().code;
  }
  return out;
}

// A region from its cities: the means of their figures (or, by the older rule kept for comparison, the figures of
// the means of their daily values). Its daily values are the means over its cities with data that day.
AirUnitAssessment region_of(const std::string& code, const std::vector<const AirUnitAssessment*>& present,
                            std::vector<std::string> expected, std::size_t period_days,
                            const engine::air::AssessOptions& opt) {
  const auto& rules = standards::air_rollup_rules();
  AirUnitAssessment u;
  u.code = code;
  u.level = "region";
  u.source = "mean of its cities' figures";
  u.dust_deducted = opt.deduct_dust;
  u.membership.of = "cities";
  u.membership.expected = std::move(expected);
  std::vector<const DailyValues*> days;
  std::vector<const engine::air::Assessment*> figures;
  for (const auto* c : present) {
    u.members.push_back(c->code);
    u.membership.present.push_back(c->code);
    if (c->assessment.reporting_valid) u.membership.valid.push_back(c->code);
    days.push_back(&c->daily);
    figures.push_back(&c->assessment);
  }
  u.daily = engine::air::mean_of(code, days);
  if (rules.region_figure == standards::RegionFigure::mean_of_city_figures) {
    u.assessment = engine::air::mean_of_assessments(figures, static_cast<int>(u.membership.expected.size()),
                                                    period_days, opt, rules.region_uses_reported_city_figures);
    u.assessment.daily_aqi = engine::air::daily_aqi(u.daily, engine::air::AqiKernel::of(*opt.aqi));
  } else {
    u.source = "figures of the means of its cities' daily values";
    u.assessment = engine::air::assess(u.daily, opt);
  }
  return u;
}

std::vector<AirUnitAssessment> regions(store::Workspace& ws, const Inputs& in,
                                       const std::map<std::string, AirUnitAssessment>& city_units,
                                       std::size_t period_days, const engine::air::AssessOptions& opt) {
  const auto region_of_city = region_of_cities(ws, in);
  std::map<std::string, std::vector<std::string>> expected;
  for (const auto& [city, region] : region_of_city) expected[region].push_back(city);
  std::map<std::string, std::vector<const AirUnitAssessment*>> present;
  for (const auto& [city, u] : city_units) {
    const auto it = region_of_city.find(city);
    const std::string region = it != region_of_city.end() ? it->second : city.substr(0, 2) + "0000";
    present[region].push_back(&u);
    if (it == region_of_city.end()) expected[region].push_back(city);
  }
  std::vector<AirUnitAssessment> out;
  for (const auto& [region, members] : present) {
    auto e = expected[region];
    std::sort(e.begin(), e.end());
    out.push_back(region_of(region, members, std::move(e), period_days, opt));
    set_unit_names(ws, out.back());
  }
  return out;
}

std::vector<AirUnitAssessment> stations(const Inputs& in, const engine::air::AssessOptions& opt) {
  std::vector<AirUnitAssessment> out;
  for (std::size_t i = 0; i < in.stations.size(); ++i) {
    const auto& d = in.stations[i];
    const auto site = in.sites.find(d.code);
    AirUnitAssessment u{d.code,   site != in.sites.end() ? site->second.name : "",
                        "",       "station",
                        {d.code}, {},
                        kHourly,  opt.deduct_dust,
                        d,        in.station_assessments[i],
                        {}};
    u.membership = {"stations", {d.code}, {d.code}, {}};
    if (u.assessment.reporting_valid) u.membership.valid = {d.code};
    out.push_back(std::move(u));
  }
  return out;
}

std::vector<AirUnitAssessment> counties(store::Workspace& ws, const Inputs& in, const engine::air::AssessOptions& opt) {
  std::vector<AirUnitAssessment> out;
  for (const auto& [county, members] : stations_by(in, &store::AirSite::county_code)) {
    out.push_back(of_stations(county, "county", members, in, &store::AirSite::county_code, opt));
    set_unit_names(ws, out.back());
  }
  return out;
}

// Each unit's values left out by review: its own (a station), its stations' (county, city: the expected members),
// or the stations of its cities (region).
void count_review_exclusions(const Inputs& in, std::vector<AirUnitAssessment>& units) {
  const auto add = [&](AirUnitAssessment& u, const std::string& station) {
    if (const auto it = in.excluded.find(station); it != in.excluded.end())
      for (const auto& [rule, n] : it->second) u.review_excluded[rule] += n;
  };
  for (auto& u : units) {
    if (u.level == "station") {
      add(u, u.code);
    } else if (u.membership.of == "stations") {
      for (const auto& s : u.membership.expected) add(u, s);
    } else if (u.membership.of == "cities") {
      const std::set<std::string> cities(u.membership.expected.begin(), u.membership.expected.end());
      for (const auto& [code, site] : in.sites)
        if (site.kind == "air" && cities.count(city_of(site))) add(u, code);
    }
  }
}

}  // namespace

std::size_t AirUnitAssessment::review_excluded_total() const {
  std::size_t n = 0;
  for (const auto& [rule, k] : review_excluded) n += k;
  return n;
}

std::vector<AirUnitAssessment> air_assess_units(store::Workspace& ws, const AirAssessRequest& req, AirRules& used,
                                                const AirStationDays* station_days) {
  if (req.level != "station" && req.level != "county" && req.level != "city" && req.level != "region")
    throw UsageError("--level: expected station, county, city or region, got " + req.level);
  // Editions in force at the end of the period: an annual assessment is made under the rules of its year.
  used = air_rules(req.standard, req.period.last, req.composite);
  engine::air::AssessOptions opt{used.aqi, used.limits, used.rules, req.zone_class};
  opt.deduct_dust = req.dust == AirDust::deducted;
  opt.dust = standards::air_rollup_rules().dust;
  const double o3_limit = used.limits->limit("O3", "8h", req.zone_class).value();

  const Inputs in = load_inputs(ws, req, opt, o3_limit, station_days);
  std::vector<AirUnitAssessment> out;
  if (req.level == "station") {
    out = stations(in, opt);
  } else if (req.level == "county") {
    out = counties(ws, in, opt);
  } else {
    auto city_units = cities(ws, in, opt);
    if (req.level == "region")
      out = regions(ws, in, city_units, static_cast<std::size_t>(req.period.days()), opt);
    else
      for (auto& [code, u] : city_units) out.push_back(std::move(u));
  }
  if (!in.excluded.empty()) count_review_exclusions(in, out);
  return out;
}

}  // namespace eb::app::runs
