#include "store/summary_store.hpp"

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

std::vector<StationBrief> station_briefs(Workspace& ws) {
  auto s = ws.db().prepare("SELECT code, name, kind, admin_code FROM station ORDER BY kind, code");
  std::vector<StationBrief> out;
  while (s.step()) out.push_back({s.text(0), s.text(1), s.text(2), s.opt_text(3)});
  return out;
}

}  // namespace eb::store
