#include "app/serve/routes.hpp"

#include <algorithm>

#include "app/runs/raster/zonal.hpp"
#include "app/serve/handlers.hpp"

namespace eb::app::serve {

namespace {

const std::string kJson = "application/json; charset=utf-8";
const std::string kGeoJson = "application/geo+json; charset=utf-8";

Route table(std::string path, Parameters parameters, std::function<Result(const ApiOptions&, const Query&)> fn) {
  Route r;
  r.path = std::move(path);
  r.parameters = std::move(parameters);
  r.parameters.paginated = true;
  r.table = std::move(fn);
  return r;
}

Route document(std::string path, Parameters parameters, std::string content_type,
               std::function<json(const ApiOptions&, const Query&)> fn) {
  Route r;
  r.path = std::move(path);
  r.parameters = std::move(parameters);
  r.content_type = std::move(content_type);
  r.document = std::move(fn);
  return r;
}

Route text(std::string path, Parameters parameters, std::function<TextAnswer(const ApiOptions&, const Query&)> fn) {
  Route r;
  r.path = std::move(path);
  r.parameters = std::move(parameters);
  r.text = std::move(fn);
  return r;
}

// A route whose answer is quick to compute from the workspace (a listing, a lookup).
Route cheap(Route r) {
  r.expensive = false;
  return r;
}

Route with_version(Route r, std::function<std::string(const ApiOptions&, const Query&)> version) {
  r.version = std::move(version);
  return r;
}

// The parameters a route takes besides lang (and the page), their defaults, and the words `level` takes.
Parameters takes(std::vector<std::string> names, Query defaults = {}, std::vector<std::string> levels = {}) {
  Parameters p;
  p.names = std::move(names);
  p.defaults = std::move(defaults);
  p.levels = std::move(levels);
  return p;
}

// The air and water routes, whose `level` takes words.
void add_monitoring_routes(std::vector<Route>& r) {
  const std::vector<std::string> air = {"station", "county", "city", "region"};
  r.push_back(table("/api/v1/air/assessment",
                    takes({"period", "level", "dust"}, {{"level", "city"}, {"dust", "raw"}}, air), air_assessment));
  r.push_back(table("/api/v1/air/hourly", takes({"period", "station"}), air_hourly));
  r.push_back(
      cheap(table("/api/v1/review/marks", takes({"period", "subject", "station", "outlet", "status"}), review_marks)));
  r.push_back(
      table("/api/v1/air/daily", takes({"period", "level", "unit", "station"}, {{"level", "city"}}, air), air_daily));
  r.push_back(cheap(table("/api/v1/sources", takes({}), sources)));
  r.push_back(table("/api/v1/sources/exceedances", takes({"period", "outlet"}), source_exceedances));
  r.push_back(table("/api/v1/sources/loads", takes({"period", "by", "outlet"}, {{"by", "outlet"}}), source_loads));
  r.push_back(table("/api/v1/water/assessment",
                    takes({"period", "level", "set", "baseline"}, {{"level", "unit"}, {"set", "all"}},
                          {"section", "river", "basin", "unit", "county", "region"}),
                    water_assessment));
  r.push_back(table("/api/v1/soil/farmland", takes({"year", "level"}, {{"level", "2"}}), soil_farmland));
  r.push_back(table("/api/v1/soil/sites", takes({"year", "level"}, {{"level", "2"}}, {"1", "2"}), soil_sites));
  r.push_back(table("/api/v1/groundwater",
                    takes({"year", "level", "set", "baseline"}, {{"level", "2"}, {"set", "all"}}),
                    groundwater_assessment));
  r.push_back(table("/api/v1/water/sources",
                    takes({"year", "level", "source_level", "part"},
                          {{"level", "2"}, {"source_level", "all"}, {"part", "sources"}}, {"1", "2"}),
                    water_sources));
}

void add_governance_routes(std::vector<Route>& r) {
  r.push_back(table("/api/v1/ranking",
                    takes({"year", "level", "draws", "seed"}, {{"level", "2"}, {"draws", "1000"}, {"seed", "1"}}),
                    ranking));
  r.push_back(table("/api/v1/progress", takes({"year", "level", "indicator"}, {{"level", "2"}}), progress));
  r.push_back(cheap(table("/api/v1/indicators", takes({"year", "indicator", "unit"}), indicators)));
  r.push_back(table("/api/v1/ledger", takes({"year", "level"}, {{"level", "2"}}), ledger));
  r.push_back(table("/api/v1/patrols", takes({"period", "level"}, {{"level", "2"}}), patrols));
  r.push_back(cheap(table("/api/v1/protected/layers", takes({}), protected_layers)));
  r.push_back(table("/api/v1/protected/stats", takes({"level"}, {{"level", "2"}}), protected_stats));
  r.push_back(document("/api/v1/protected.geojson", takes({"kind"}), kGeoJson, protected_geojson));
  r.push_back(text("/api/v1/bulletin", takes({"year", "format"}, {{"format", "html"}}), bulletin));
  r.push_back(table("/api/v1/carbon", takes({"year", "level"}, {{"level", "2"}}), carbon_account));
  r.push_back(table("/api/v1/screen", takes({"lon", "lat", "buffer_m"}, {{"buffer_m", "0"}}), screen_point));
}

// Rasters of the server's folder: answers follow the folder's listing and the raster file besides the workspace.
void add_raster_routes(std::vector<Route>& r) {
  r.push_back(cheap(with_version(table("/api/v1/raster/list", takes({}), raster_list), raster_folder_version)));
  const Query zonal_defaults = {{"level", "2"}, {"stats", runs::ZonalRequest{}.stats}};
  r.push_back(
      with_version(table("/api/v1/raster/zonal", takes({"raster", "level", "stats"}, zonal_defaults), raster_zonal),
                   raster_file_version));
}

}  // namespace

std::vector<Route> make_routes() {
  std::vector<Route> r;
  r.push_back(cheap(document("/api/v1/meta", takes({}), kJson, meta)));
  r.push_back(cheap(table("/api/v1/units", takes({"level"}, {{"level", "2"}}), units_table)));
  r.push_back(cheap(document("/api/v1/units.geojson", takes({"level"}, {{"level", "2"}}), kGeoJson, units_geojson)));
  r.push_back(cheap(document("/api/v1/stations.geojson", takes({}), kGeoJson, stations_geojson)));
  add_monitoring_routes(r);
  add_governance_routes(r);
  add_raster_routes(r);
  return r;
}

const Route* find_route(const std::vector<Route>& routes, const std::string& path) {
  const auto it = std::find_if(routes.begin(), routes.end(), [&](const Route& r) { return r.path == path; });
  return it == routes.end() ? nullptr : &*it;
}

}  // namespace eb::app::serve
