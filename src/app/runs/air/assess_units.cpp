#include "app/runs/air/assess_units.hpp"

#include <map>

#include "core/error.hpp"
#include "store/admin_store.hpp"
#include "store/air_store.hpp"

namespace eb::app::runs {

using engine::air::DailyValues;

const engine::air::Statistic* AirUnitAssessment::statistic(std::string_view pollutant,
                                                           std::string_view statistic) const {
  for (const auto& s : assessment.statistics)
    if (s.pollutant == pollutant && s.statistic == statistic) return &s;
  return nullptr;
}

namespace {

constexpr const char* kHourly = "hourly station data";

struct CityDays {
  DailyValues daily;
  std::vector<std::string> members;
  std::string source;
};

void set_unit_names(store::Workspace& ws, AirUnitAssessment& u) {
  if (const auto unit = store::find_unit(ws, u.code)) {
    u.name_zh = unit->name_zh;
    u.name_en = unit->name_en;
  }
}

// Cities: from their stations' daily values, else from published city values (station data win).
std::map<std::string, CityDays> city_days(const std::map<std::string, store::AirSite>& sites,
                                          const std::vector<DailyValues>& station_days,
                                          const std::vector<DailyValues>& published) {
  std::map<std::string, std::vector<const DailyValues*>> by_city;
  for (const auto& d : station_days)
    if (const auto it = sites.find(d.code); it != sites.end() && !it->second.league_code.empty())
      by_city[it->second.league_code].push_back(&d);
  std::map<std::string, CityDays> out;
  for (const auto& [city, members] : by_city) {
    CityDays c{engine::air::mean_of(city, members), {}, kHourly};
    for (const auto* m : members) c.members.push_back(m->code);
    out.emplace(city, std::move(c));
  }
  for (const auto& d : published) {
    const auto it = sites.find(d.code);
    const std::string city = it != sites.end() && !it->second.league_code.empty() ? it->second.league_code : d.code;
    if (out.count(city)) continue;
    out.emplace(city, CityDays{d, {d.code}, "published city daily values"});
  }
  return out;
}

std::vector<AirUnitAssessment> regions(store::Workspace& ws, const std::map<std::string, CityDays>& cities,
                                       const engine::air::AssessOptions& opt) {
  std::map<std::string, std::vector<const DailyValues*>> by_region;
  for (const auto& [city, c] : cities) {
    const auto parents = store::ancestors_of(ws, city);
    const std::string region = parents.empty() ? city.substr(0, 2) + "0000" : parents.back().code;
    by_region[region].push_back(&c.daily);
  }
  std::vector<AirUnitAssessment> out;
  for (const auto& [region, members] : by_region) {
    AirUnitAssessment u;
    u.code = region;
    u.level = "region";
    set_unit_names(ws, u);
    for (const auto* m : members) u.members.push_back(m->code);
    u.source = "mean of its cities' daily values";
    u.daily = engine::air::mean_of(region, members);
    u.assessment = engine::air::assess(u.daily, opt);
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace

std::vector<AirUnitAssessment> air_assess_units(store::Workspace& ws, const AirAssessRequest& req, AirRules& used) {
  // Editions in force at the end of the period: an annual assessment is made under the rules of its year.
  used = air_rules(req.standard, req.period.last, req.composite);
  const engine::air::AssessOptions opt{used.aqi, used.limits, used.rules, req.zone_class, req.exclude_dust};
  const double o3_limit = used.limits->limit("O3", "8h", req.zone_class).value();

  const auto sites = store::air_sites(ws);
  std::vector<DailyValues> station_days;
  for (const auto& g : store::load_station_hours(ws, req.period))
    station_days.push_back(engine::air::daily_values(g, o3_limit));
  const std::vector<DailyValues> published = store::load_published_daily(ws, req.period);

  std::vector<AirUnitAssessment> out;
  if (req.level == "station") {
    for (const auto& d : station_days) {
      const auto site = sites.find(d.code);
      out.push_back({d.code,
                     site != sites.end() ? site->second.name : "",
                     "",
                     "station",
                     {d.code},
                     kHourly,
                     d,
                     engine::air::assess(d, opt)});
    }
    return out;
  }
  const auto cities = city_days(sites, station_days, published);
  if (req.level == "city") {
    for (const auto& [city, c] : cities) {
      AirUnitAssessment u;
      u.code = city;
      u.level = "city";
      set_unit_names(ws, u);
      u.members = c.members;
      u.source = c.source;
      u.daily = c.daily;
      u.assessment = engine::air::assess(c.daily, opt);
      out.push_back(std::move(u));
    }
    return out;
  }
  if (req.level != "region") throw UsageError("--level: expected station, city or region, got " + req.level);
  return regions(ws, cities, opt);
}

}  // namespace eb::app::runs
