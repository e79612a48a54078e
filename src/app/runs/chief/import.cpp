#include "app/runs/chief/import.hpp"

#include <fmt/format.h>

#include <set>

#include "app/runs/record_file.hpp"
#include "core/civil_time.hpp"
#include "core/csv.hpp"
#include "core/error.hpp"
#include "engine/vector/geodesy.hpp"
#include "io/geojson.hpp"
#include "store/admin_store.hpp"
#include "store/chief_store.hpp"
#include "store/retry.hpp"

namespace eb::app::runs {

namespace {

std::optional<std::string> date_field(RecordSource& rows, const std::string& column, bool required) {
  const std::string v = rows[column];
  if (v.empty()) {
    if (required) rows.fail_field(column, column + ": empty");
    return std::nullopt;
  }
  if (!parse_iso_date(v)) {
    rows.fail_field(column, fmt::format("{}: \"{}\" is not a date (YYYY-MM-DD)", column, v));
    return std::nullopt;
  }
  return v;
}

// id:name|id:name or id|id (the id is the name when none is given).
std::vector<std::pair<std::string, std::string>> parse_objects(const std::string& objects) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t start = 0;
  while (start < objects.size()) {
    const std::size_t bar = objects.find('|', start);
    const std::string item = objects.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    const std::size_t colon = item.find(':');
    out.emplace_back(item.substr(0, colon), colon == std::string::npos ? item : item.substr(colon + 1));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return out;
}

// The chief of the current record; its problems go to `rows`.
store::ChiefRecord read_chief(RecordSource& rows, store::Workspace& ws, const std::string& path,
                              std::set<std::string>& ids) {
  store::ChiefRecord c;
  c.source = path;
  c.id = rows["id"];
  c.name = rows["name"];
  c.kind = rows["kind"];
  c.unit_code = rows["unit_code"];
  if (c.id.empty() || !ids.insert(c.id).second)
    rows.fail_field("id", fmt::format("id \"{}\" is empty or repeats", c.id));
  if (c.kind != "river_lake" && c.kind != "forest_grassland")
    rows.fail_field("kind", "kind: river_lake or forest_grassland");
  const auto level = parse_number(rows["level"]);
  if (!level || *level < 1 || *level > 5 || *level != static_cast<int>(*level)) {
    rows.fail_field("level", "level: 1 (region) to 5 (village)");
  } else {
    c.level = static_cast<int>(*level);
  }
  if (!store::find_unit(ws, c.unit_code))
    rows.fail_field("unit_code", fmt::format("unit_code \"{}\" is not in the workspace", c.unit_code));
  c.since = date_field(rows, "since", false);
  c.until = date_field(rows, "until", false);
  c.objects = parse_objects(rows["objects"]);
  return c;
}

// A non-negative number (an integer when `integer`) of the current record, nothing when the field is empty.
std::optional<double> count_field(RecordSource& rows, const char* column, bool integer) {
  const std::string v = rows[column];
  if (v.empty()) return std::nullopt;
  const auto n = parse_number(v);
  if (!n || *n < 0 || (integer && *n != static_cast<long long>(*n))) {
    rows.fail_field(column,
                    fmt::format("{}: \"{}\" is not a non-negative {}", column, v, integer ? "integer" : "number"));
    return std::nullopt;
  }
  return n;
}

// The patrol of the current record; its problems go to `rows`.
store::PatrolRecord read_patrol(RecordSource& rows, store::Workspace& ws, const std::string& path,
                                std::set<std::string>& ids, std::set<std::string>& chiefs_known) {
  store::PatrolRecord p;
  p.source = path;
  p.id = rows["id"];
  p.chief_id = rows["chief_id"];
  if (p.id.empty() || !ids.insert(p.id).second)
    rows.fail_field("id", fmt::format("id \"{}\" is empty or repeats", p.id));
  if (!chiefs_known.count(p.chief_id)) {
    if (store::chief_exists(ws, p.chief_id)) {
      chiefs_known.insert(p.chief_id);
    } else {
      rows.fail_field("chief_id", fmt::format("chief_id \"{}\" is not a chief of the workspace", p.chief_id));
    }
  }
  if (const auto d = date_field(rows, "date", true)) p.date = *d;
  if (!rows["object_id"].empty()) p.object_id = rows["object_id"];
  p.duration_min = count_field(rows, "duration_min", false);
  p.track_km = count_field(rows, "track_km", false);
  p.resolution_days = count_field(rows, "resolution_days", false);
  p.issues_found = static_cast<int>(count_field(rows, "issues_found", true).value_or(0));
  p.issues_resolved = static_cast<int>(count_field(rows, "issues_resolved", true).value_or(0));
  if (p.issues_resolved > p.issues_found) rows.fail_field("issues_resolved", "issues_resolved exceeds issues_found");
  return p;
}

}  // namespace

ChiefImportResult run_chief_import(const ChiefImportRequest& req, const RunEnv& env) {
  RecordFile rows(req.file, {"id", "name", "kind", "level", "unit_code"}, env.text_input());
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  std::vector<store::ChiefRecord> chiefs;
  std::set<std::string> ids;
  while (rows.next()) {
    const std::size_t before = rows.failures();
    store::ChiefRecord c = read_chief(rows, ws, req.file, ids);
    if (rows.failures() == before) chiefs.push_back(std::move(c));
  }
  rows.refuse_if_failed();
  return {req.file, store::with_retry(ws.db(), [&] { return store::import_chiefs(ws, chiefs); })};
}

Document chief_import_document(const ChiefImportResult& r, Lang lang) {
  Document doc;
  doc.note(fmt::format("{}: {} {}", r.file, r.chiefs, tr(lang, "位责任人", "chiefs")));
  return doc;
}

ChiefPatrolImportResult run_chief_patrol_import(const ChiefImportRequest& req, const RunEnv& env) {
  RecordFile rows(req.file, {"id", "chief_id", "date"}, env.text_input());
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  std::vector<store::PatrolRecord> patrols;
  std::set<std::string> ids, chiefs_known;
  while (rows.next()) {
    const std::size_t before = rows.failures();
    store::PatrolRecord p = read_patrol(rows, ws, req.file, ids, chiefs_known);
    if (rows.failures() == before) patrols.push_back(std::move(p));
  }
  rows.refuse_if_failed();
  return {req.file, store::with_retry(ws.db(), [&] { return store::import_patrols(ws, patrols); })};
}

Document chief_patrol_import_document(const ChiefPatrolImportResult& r, Lang lang) {
  Document doc;
  doc.note(fmt::format("{}: {} {}", r.file, r.patrols, tr(lang, "次巡查", "patrols")));
  return doc;
}

store::ChiefRecord check_chief_record(RecordSource& record, store::Workspace& ws, const std::string& source) {
  std::set<std::string> ids;
  store::ChiefRecord c = read_chief(record, ws, source, ids);
  record.refuse_if_failed();
  return c;
}

store::PatrolRecord check_patrol_record(RecordSource& record, store::Workspace& ws, const std::string& source) {
  std::set<std::string> ids, chiefs_known;
  store::PatrolRecord p = read_patrol(record, ws, source, ids, chiefs_known);
  record.refuse_if_failed();
  return p;
}

void set_patrol_track(store::PatrolRecord& patrol, const nlohmann::json& track) {
  try {
    patrol.track_wkb = io::wkb_from_geojson(track.dump(), {"LineString", "MultiLineString"});
  } catch (const InputError& e) {
    throw FieldError("track", fmt::format("track: {}", e.what()));
  }
  if (!patrol.track_km) patrol.track_km = engine::ellipsoidal_length_m(patrol.track_wkb) / 1000;
}

}  // namespace eb::app::runs
