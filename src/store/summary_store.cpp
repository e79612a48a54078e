#include "store/summary_store.hpp"

#include <algorithm>
#include <cctype>
#include <set>

namespace eb::store {

std::vector<LevelCount> units_per_level(Workspace& ws) {
  auto s = ws.db().prepare("SELECT level, count(*) FROM admin_unit GROUP BY level ORDER BY level");
  std::vector<LevelCount> out;
  while (s.step()) out.push_back({static_cast<int>(s.int64(0)), static_cast<int>(s.int64(1))});
  return out;
}

std::vector<UnitStations> stations_per_unit(Workspace& ws) {
  auto s = ws.db().prepare(R"sql(
WITH with_data AS (SELECT DISTINCT station_code FROM series),
per_unit AS (
  SELECT u.code AS code, count(st.code) AS n, count(wd.station_code) AS nd
  FROM admin_unit u
  LEFT JOIN station st ON st.kind = 'air' AND (st.admin_code = u.code OR (u.level = 2 AND st.league_code = u.code))
  LEFT JOIN with_data wd ON wd.station_code = st.code
  GROUP BY u.code)
SELECT u.code, u.name_zh, coalesce(u.name_en, ''), u.level, p.n, p.nd
FROM admin_unit u JOIN per_unit p USING (code)
WHERE u.level = 2 OR (u.level = 3 AND p.n > 0)
ORDER BY u.code)sql");
  std::vector<UnitStations> out;
  while (s.step())
    out.push_back({s.text(0), s.text(1), s.text(2), static_cast<int>(s.int64(3)), static_cast<int>(s.int64(4)),
                   static_cast<int>(s.int64(5))});
  return out;
}

std::vector<TimeSpan> time_spans(Workspace& ws) {
  auto s = ws.db().prepare(
      "SELECT s.averaging, min(o.time), max(o.time) FROM series s JOIN observation o ON o.series_id = s.id "
      "GROUP BY s.averaging ORDER BY s.averaging");
  std::vector<TimeSpan> out;
  while (s.step()) out.push_back({s.text(0), s.int64(1), s.int64(2)});
  return out;
}

void for_each_series(Workspace& ws, const std::function<void(const SeriesKey&, std::span<const EpochSeconds>)>& visit) {
  auto series = ws.db().prepare("SELECT id, station_code, parameter, averaging FROM series ORDER BY id");
  auto times = ws.db().prepare("SELECT time FROM observation WHERE series_id = ? ORDER BY time");
  std::vector<EpochSeconds> buffer;
  while (series.step()) {
    buffer.clear();
    times.bind(1, series.int64(0));
    while (times.step()) buffer.push_back(times.int64(0));
    times.reset();
    visit({series.text(1), series.text(2), series.text(3)}, buffer);
  }
}

std::map<std::string, std::vector<int>> data_years(Workspace& ws) {
  std::map<std::string, std::set<int>> years;
  auto series = ws.db().prepare(
      "SELECT s.id, coalesce(st.kind, 'air'), (SELECT min(time) FROM observation WHERE series_id = s.id), "
      "(SELECT max(time) FROM observation WHERE series_id = s.id) FROM series s "
      "LEFT JOIN station st ON st.code = s.station_code");
  auto any = ws.db().prepare("SELECT 1 FROM observation WHERE series_id = ? AND time >= ? AND time < ? LIMIT 1");
  while (series.step()) {
    if (series.is_null(2)) continue;
    const std::string kind = series.text(1) == "water" ? "water" : "air";
    const int first = epoch_to_beijing(series.int64(2)).date.year;
    const int last = epoch_to_beijing(series.int64(3)).date.year;
    for (int y = first; y <= last; ++y) {
      if (years[kind].count(y)) continue;
      any.bind(1, series.int64(0));
      any.bind(2, beijing_to_epoch({{y, 1, 1}, 0, 0, 0}));
      any.bind(3, beijing_to_epoch({{y + 1, 1, 1}, 0, 0, 0}));
      if (any.step()) years[kind].insert(y);
      any.reset();
    }
  }
  // Pollution sources: the years with hourly data (CN 2061) of any outlet, probed like the series above through
  // source_record's key (outlet, cn, data_time, part) — the packets, not the view source_value that unpacks them.
  auto outlets = ws.db().prepare(
      "SELECT o.fid, (SELECT min(data_time) FROM source_record WHERE outlet = o.fid AND cn = 2061), "
      "(SELECT max(data_time) FROM source_record WHERE outlet = o.fid AND cn = 2061) FROM outlet o");
  auto any_hour = ws.db().prepare(
      "SELECT 1 FROM source_record WHERE outlet = ? AND cn = 2061 AND data_time >= ? AND data_time < ? LIMIT 1");
  while (outlets.step()) {
    if (outlets.is_null(1)) continue;
    const int first = epoch_to_beijing(outlets.int64(1)).date.year;
    const int last = epoch_to_beijing(outlets.int64(2)).date.year;
    for (int y = first; y <= last; ++y) {
      if (years["sources"].count(y)) continue;
      any_hour.bind(1, outlets.int64(0));
      any_hour.bind(2, beijing_to_epoch({{y, 1, 1}, 0, 0, 0}));
      any_hour.bind(3, beijing_to_epoch({{y + 1, 1, 1}, 0, 0, 0}));
      if (any_hour.step()) years["sources"].insert(y);
      any_hour.reset();
    }
  }
  for (const auto& [kind, sql] : std::vector<std::pair<std::string, std::string>>{
           {"indicators", "SELECT DISTINCT year FROM indicator_value"},
           {"ledger", "SELECT DISTINCT year FROM project"},
           {"patrols", "SELECT DISTINCT CAST(substr(date, 1, 4) AS INTEGER) FROM patrol"}}) {
    auto s = ws.db().prepare(sql);
    while (s.step()) years[kind].insert(static_cast<int>(s.int64(0)));
  }
  std::map<std::string, std::vector<int>> out;
  for (const char* kind : {"air", "water", "indicators", "ledger", "patrols", "sources"})
    out[kind] = std::vector<int>(years[kind].begin(), years[kind].end());
  return out;
}

std::vector<StationBrief> station_briefs(Workspace& ws) {
  auto s = ws.db().prepare("SELECT code, name, kind, admin_code FROM station ORDER BY kind, code");
  std::vector<StationBrief> out;
  while (s.step()) out.push_back({s.text(0), s.text(1), s.text(2), s.opt_text(3)});
  return out;
}

std::vector<KindSpan> kind_spans(Workspace& ws) {
  auto s = ws.db().prepare(R"sql(
SELECT kind, averaging, min(first), max(last) FROM (
  SELECT st.kind AS kind, s.averaging AS averaging,
         (SELECT min(time) FROM observation WHERE series_id = s.id) AS first,
         (SELECT max(time) FROM observation WHERE series_id = s.id) AS last
  FROM series s JOIN station st ON st.code = s.station_code) spans
WHERE first IS NOT NULL GROUP BY kind, averaging ORDER BY kind, averaging)sql");
  std::vector<KindSpan> out;
  while (s.step()) out.push_back({s.text(0), s.text(1), s.int64(2), s.int64(3)});
  return out;
}

bool names_synthetic(std::string_view file_or_source) {
  std::string lower(file_or_source);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower.find("synthetic") != std::string::npos;
}

std::vector<InputSource> input_sources(Workspace& ws) {
  std::vector<InputSource> out;
  auto read = [&](const char* sql, const char* table) {
    if (!ws.db().table_exists(table)) return;
    auto s = ws.db().prepare(sql);
    while (s.step())
      out.push_back({table, s.text(0), s.text(1), s.text(2), s.int64(3), static_cast<int>(s.int64(4)),
                     static_cast<int>(s.int64(5))});
  };
  read("SELECT layout, file, source, values_added, 0, 0 FROM import_batch WHERE kind = 'observations' ORDER BY id",
       "observation");
  read("SELECT kind, file, '', features, 0, 0 FROM layer_import ORDER BY id", "protected_area");
  read("SELECT '', source, '', count(*), min(year), max(year) FROM project GROUP BY source ORDER BY source", "project");
  read("SELECT '', source, '', count(*), min(year), max(year) FROM project_plan GROUP BY source ORDER BY source",
       "project_plan");
  read("SELECT '', '', source, count(*), min(year), max(year) FROM indicator_value GROUP BY source ORDER BY source",
       "indicator_value");
  read("SELECT '', coalesce(source, ''), '', count(*), 0, 0 FROM chief GROUP BY source ORDER BY source", "chief");
  read(
      "SELECT '', coalesce(source, ''), '', count(*), min(substr(date, 1, 4)), max(substr(date, 1, 4)) "
      "FROM patrol GROUP BY source ORDER BY source",
      "patrol");
  return out;
}

}  // namespace eb::store
