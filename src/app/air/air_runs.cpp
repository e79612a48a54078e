#include "app/air/air_runs.hpp"

#include <fmt/format.h>

#include <map>

#include "core/error.hpp"
#include "store/admin_store.hpp"
#include "store/air_store.hpp"

namespace eb::app {

using namespace eb::standards;
using engine::air::DailyValues;

std::string AirRules::label() const { return fmt::format("{} + {} + {}", aqi->id(), limits->id(), rules->id); }

bool valid_standard_name(const std::string& s) {
  return s == "auto" || s == "2012" || s == "2026" || s == "2026-final" || s == "hj633-2012" || s == "hj633-2026";
}

Period period_option(const std::string& text, const char* option) {
  const auto p = parse_period(text);
  if (!p)
    throw UsageError(fmt::format("{}: expected 2019, 2019-03, 2019Q1 or 2019-01-01..2019-06-30, got {}", option, text));
  return *p;
}

AirRules air_rules(const std::string& standard, const CivilDate& day, const std::string& composite) {
  AirRules r{};
  if (standard == "auto") {
    r = {&AqiEdition::in_force(day), &Gb3095::in_force(day), &AssessmentRules::in_force(day)};
  } else if (standard == "2012" || standard == "hj633-2012") {
    r = {&AqiEdition::get("hj633-2012"), &Gb3095::get("gb3095-2012"), &AssessmentRules::get("hj663-2013")};
  } else if (standard == "2026" || standard == "hj633-2026") {
    r = {&AqiEdition::get("hj633-2026"), &Gb3095::get("gb3095-2026-transition"), &AssessmentRules::get("hj663-2026")};
  } else if (standard == "2026-final") {
    r = {&AqiEdition::get("hj633-2026"), &Gb3095::get("gb3095-2026-final"), &AssessmentRules::get("hj663-2026")};
  } else {
    throw UsageError("--standard: expected auto, 2012, 2026, 2026-final, hj633-2012 or hj633-2026, got " + standard);
  }
  if (composite == "weighted")
    r.rules = &AssessmentRules::get("weighted");
  else if (composite != "auto" && composite != "unweighted")
    throw UsageError("--composite: expected unweighted or weighted, got " + composite);
  return r;
}

std::vector<UnitAssessment> assess_units(store::Workspace& ws, const AssessRequest& req, AirRules& used) {
  // Editions in force at the end of the period: an annual assessment is made under the rules of its year.
  used = air_rules(req.standard, req.period.last, req.composite);
  engine::air::AssessOptions opt{used.aqi, used.limits, used.rules, req.zone_class, req.exclude_dust};
  const double o3_limit = used.limits->limit("O3", "8h", req.zone_class).value();

  const auto sites = store::air_sites(ws);
  std::vector<DailyValues> station_days;
  for (const auto& g : store::load_station_hours(ws, req.period))
    station_days.push_back(engine::air::daily_values(g, o3_limit));
  const std::vector<DailyValues> published = store::load_published_daily(ws, req.period);

  std::vector<UnitAssessment> out;
  auto unit_names = [&](const std::string& code, UnitAssessment& u) {
    if (const auto unit = store::find_unit(ws, code)) {
      u.name_zh = unit->name_zh;
      u.name_en = unit->name_en;
    }
  };
  if (req.level == "station") {
    for (const auto& d : station_days) {
      UnitAssessment u{d.code,   sites.count(d.code) ? sites.at(d.code).name : "",
                       "",       "station",
                       {d.code}, "hourly station data",
                       d,        engine::air::assess(d, opt)};
      out.push_back(std::move(u));
    }
    return out;
  }
  // Cities: from their stations' daily values, else from published city values.
  std::map<std::string, std::vector<const DailyValues*>> by_city;
  for (const auto& d : station_days)
    if (const auto it = sites.find(d.code); it != sites.end() && !it->second.league_code.empty())
      by_city[it->second.league_code].push_back(&d);
  std::map<std::string, DailyValues> city_days;
  std::map<std::string, std::pair<std::vector<std::string>, std::string>> city_members;
  for (const auto& [city, members] : by_city) {
    city_days.emplace(city, engine::air::mean_of(city, members));
    std::vector<std::string> codes;
    for (const auto* m : members) codes.push_back(m->code);
    city_members[city] = {codes, "hourly station data"};
  }
  for (const auto& d : published) {
    const auto it = sites.find(d.code);
    const std::string city = it != sites.end() && !it->second.league_code.empty() ? it->second.league_code : d.code;
    if (city_days.count(city)) continue;  // station data win over published city values
    city_days.emplace(city, d);
    city_members[city] = {{d.code}, "published city daily values"};
  }
  if (req.level == "city") {
    for (const auto& [city, d] : city_days) {
      UnitAssessment u;
      u.code = city;
      u.level = "city";
      unit_names(city, u);
      std::tie(u.members, u.source) = city_members[city];
      u.daily = d;
      u.assessment = engine::air::assess(d, opt);
      out.push_back(std::move(u));
    }
    return out;
  }
  if (req.level != "region") throw UsageError("--level: expected station, city or region, got " + req.level);
  std::map<std::string, std::vector<const DailyValues*>> by_region;
  for (const auto& [city, d] : city_days) {
    const auto parents = store::ancestors_of(ws, city);
    const std::string region = parents.empty() ? city.substr(0, 2) + "0000" : parents.back().code;
    by_region[region].push_back(&d);
  }
  for (const auto& [region, members] : by_region) {
    UnitAssessment u;
    u.code = region;
    u.level = "region";
    unit_names(region, u);
    for (const auto* m : members) u.members.push_back(m->code);
    u.source = "mean of its cities' daily values";
    u.daily = engine::air::mean_of(region, members);
    u.assessment = engine::air::assess(u.daily, opt);
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace eb::app
