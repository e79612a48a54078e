// /air/assessment, /air/hourly, /air/daily: the air runs (app/runs/air) as `air assess|hourly|daily --format json`
// run them.
#include <fmt/format.h>

#include <algorithm>

#include "app/runs/air/aqi.hpp"
#include "app/runs/air/assess.hpp"
#include "app/serve/handlers.hpp"
#include "core/period.hpp"
#include "store/station_store.hpp"
#include "store/workspace.hpp"

namespace eb::app::serve {

namespace {

// Air answers hold a station-hour grid of the whole period in memory while they are computed: bounded so that one
// request cannot claim the machine (the CLI has no such limit).
Period air_period(const Query& q, std::int64_t max_days, const char* what) {
  const Period p = *parse_period(q.at("period"));
  if (p.days() > max_days) bad_parameter("period", fmt::format("at most {} days {}", max_days, what));
  return p;
}

// The request of `air assess` and `air daily` with their defaults (standard auto, class 2, no what-if).
runs::AirAssessRequest assess_request(const ApiOptions& options, const Query& q) {
  runs::AirAssessRequest req;
  req.workspace = options.workspace;
  req.period = air_period(q, 5 * 366, "(five years) per request");
  req.level = q.at("level");
  if (const auto dust = q.find("dust"); dust != q.end()) req.dust = runs::air_dust(dust->second);  // not on air/daily
  return req;
}

}  // namespace

Result air_assessment(const ApiOptions& options, const Query& q) {
  const auto r = runs::run_air_assess(assess_request(options, q), runs::RunEnv{});
  return document_result(runs::air_assess_long_document(r, lang_of(q)), lang_of(q));
}

Result air_hourly(const ApiOptions& options, const Query& q) {
  // A year of one station's hours, or a month of every station's (60 stations x 8,760 hours would be half a
  // million rows).
  runs::AirHourlyRequest req;
  req.workspace = options.workspace;
  req.station = q.count("station") ? q.at("station") : "";
  req.period = req.station.empty() ? air_period(q, 31, "of every station's hours; name a station for more")
                                   : air_period(q, 366, "of one station's hours");
  const auto r = runs::run_air_hourly(req, runs::RunEnv{});
  return document_result(runs::air_hourly_document(r, lang_of(q)), lang_of(q));
}

Result air_daily(const ApiOptions& options, const Query& q) {
  // One station's days (the dashboard's station time series): `unit` takes administrative codes only. A station of
  // the workspace without values in the period has no rows; one the workspace lacks is an error.
  const auto station = q.find("station");
  if (station != q.end()) {
    if (q.at("level") != "station") bad_parameter("station", "takes a station code with level=station only");
    store::Workspace ws(options.workspace, store::Workspace::Open::existing);
    const auto stations = store::list_stations(ws);
    if (std::none_of(stations.begin(), stations.end(),
                     [&](const store::StationRow& s) { return s.kind == "air" && s.code == station->second; }))
      bad_parameter("station", fmt::format("no air station \"{}\" in the workspace", station->second));
  }
  runs::AirAssessResult r = runs::run_air_daily(assess_request(options, q), runs::RunEnv{});
  if (q.count("unit")) std::erase_if(r.units, [&](const runs::AirUnitAssessment& u) { return u.code != q.at("unit"); });
  if (station != q.end())
    std::erase_if(r.units, [&](const runs::AirUnitAssessment& u) { return u.code != station->second; });
  return document_result(runs::air_daily_document(r, lang_of(q)), lang_of(q));
}

}  // namespace eb::app::serve
