#include "store/air_store.hpp"

#include <optional>
#include <unordered_map>

#include "io/air_grid.hpp"
#include "store/database.hpp"

namespace eb::store {

using engine::air::DailyItem;
using engine::air::DailyValues;
using engine::air::StationHours;

namespace {
int pollutant_index(std::string_view code) {
  for (std::size_t i = 0; i < engine::air::kPollutants; ++i)
    if (engine::air::kPollutantCodes[i] == code) return static_cast<int>(i);
  return -1;
}
bool dust(const std::optional<std::string>& flag) { return flag && io::is_dust_flag(*flag); }
}  // namespace

std::vector<StationHours> load_station_hours(Workspace& ws, const Period& period) {
  // The series first (a few per station), then their values by series id: no text travels with each value and no
  // engine has to sort a year of values by station (a server would; measured 4x slower than reading them as stored).
  struct SeriesSlot {
    std::size_t station = 0;  // index into `stations`
    int pollutant = -1;
    bool so2_24h = false;
  };
  constexpr const char* kSeries = R"sql(
SELECT s.id FROM series s JOIN station st ON st.code = s.station_code
WHERE st.kind = 'air' AND s.parameter IN ('PM2.5', 'PM10', 'SO2', 'NO2', 'CO', 'O3')
  AND (s.averaging = '1h' OR (s.parameter = 'SO2' AND s.averaging = '24h')))sql";
  std::unordered_map<std::int64_t, SeriesSlot> series;
  std::vector<std::string> stations;
  {
    auto q = ws.db().prepare(std::string("SELECT s.id, s.station_code, s.parameter, s.averaging FROM series s ") +
                             "WHERE s.id IN (" + kSeries + ") ORDER BY s.station_code");
    while (q.step()) {
      const std::string station = q.text(1);
      if (stations.empty() || stations.back() != station) stations.push_back(station);
      series[q.int64(0)] = {stations.size() - 1, pollutant_index(q.text(2)), q.text(3) == "24h"};
    }
  }
  auto q = ws.db().prepare(std::string("SELECT o.series_id, o.time, o.value, o.flag FROM observation o WHERE ") +
                           "o.series_id IN (" + kSeries + ") AND o.time >= ?1 AND o.time < ?2");
  q.bind(1, period.begin()).bind(2, period.end()).in_batches();
  // A station with no value in the period has no StationHours, as before.
  std::vector<std::optional<StationHours>> grids(stations.size());
  while (q.step()) {
    const auto it = series.find(q.int64(0));
    if (it == series.end()) continue;
    const SeriesSlot& slot_of_series = it->second;
    auto& grid = grids[slot_of_series.station];
    if (!grid) grid.emplace(stations[slot_of_series.station], period.first, static_cast<std::size_t>(period.days()));
    StationHours& g = *grid;
    const long slot = g.slot_of(q.int64(1));
    if (slot < 0) continue;
    const auto h = static_cast<std::size_t>(slot);
    if (slot_of_series.so2_24h)
      g.so2_24h[h] = q.real(2);
    else
      g.hourly[static_cast<std::size_t>(slot_of_series.pollutant)][h] = q.real(2);
    if (!q.is_null(3) && dust(q.opt_text(3))) g.dust[h / 24] = 1;
  }
  std::vector<StationHours> out;
  for (auto& g : grids)
    if (g) out.push_back(std::move(*g));
  return out;  // in station-code order, as `stations` is
}

std::vector<DailyValues> load_published_daily(Workspace& ws, const Period& period) {
  auto q = ws.db().prepare(R"sql(
SELECT s.station_code, s.parameter, s.averaging, o.time, o.value, o.flag
FROM series s JOIN station st ON st.code = s.station_code JOIN observation o ON o.series_id = s.id
WHERE st.kind = 'city' AND s.parameter IN ('PM2.5', 'PM10', 'SO2', 'NO2', 'CO', 'O3')
  AND s.averaging IN ('day', 'day_max_8h', 'day_max_1h') AND o.time >= ?1 AND o.time < ?2
ORDER BY s.station_code)sql");
  q.bind(1, period.begin()).bind(2, period.end()).in_batches();
  std::vector<DailyValues> out;
  const EpochSeconds begin = period.begin();
  while (q.step()) {
    const std::string station = q.text(0);
    if (out.empty() || out.back().code != station)
      out.emplace_back(station, period.first, static_cast<std::size_t>(period.days()));
    DailyValues& d = out.back();
    const EpochSeconds t = q.int64(3);
    if ((t - begin) % 86400 != 0) continue;
    const auto day = static_cast<std::size_t>((t - begin) / 86400);
    const std::string parameter = q.text(1), averaging = q.text(2);
    std::size_t item;
    if (parameter == "O3") {
      if (averaging == "day_max_8h")
        item = static_cast<std::size_t>(DailyItem::O3_8H);
      else if (averaging == "day_max_1h")
        item = static_cast<std::size_t>(DailyItem::O3_1H);
      else
        continue;
    } else {
      if (averaging != "day") continue;
      item = static_cast<std::size_t>(pollutant_index(parameter));
    }
    d.value[item][day] = q.real(4);
    d.count[item][day] = 1;
    if (dust(q.opt_text(5))) d.dust[day] = 1;
  }
  return out;
}

std::map<std::string, AirSite> air_sites(Workspace& ws) {
  auto q = ws.db().prepare(
      "SELECT code, name, kind, coalesce(league_code, ''), coalesce(admin_code, '') FROM station "
      "WHERE kind IN ('air', 'city') ORDER BY code");
  std::map<std::string, AirSite> out;
  while (q.step()) out[q.text(0)] = {q.text(0), q.text(1), q.text(2), q.text(3), q.text(4)};
  return out;
}

DustImportCounts import_dust_periods(Workspace& ws, const std::vector<DustPeriod>& periods) {
  auto& db = ws.db();
  Transaction tx(db);
  auto find = db.prepare(
      "SELECT source, coalesce(note, '') FROM air_dust_period WHERE unit_code = ?1 AND start_utc = ?2 AND end_utc = "
      "?3");
  auto upsert = db.prepare(
      "INSERT INTO air_dust_period (unit_code, start_utc, end_utc, source, note, file, line) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (unit_code, start_utc, end_utc) DO UPDATE SET "
      "source = excluded.source, note = excluded.note, file = excluded.file, line = excluded.line");
  DustImportCounts counts;
  for (const DustPeriod& p : periods) {
    find.reset();
    find.bind(1, p.unit_code).bind(2, p.start).bind(3, p.end);
    if (find.step()) {
      if (find.text(0) == p.source && find.text(1) == p.note) {
        ++counts.unchanged;
        continue;
      }
      ++counts.updated;
    } else {
      ++counts.added;
    }
    upsert.reset();
    upsert.bind(1, p.unit_code).bind(2, p.start).bind(3, p.end).bind(4, p.source);
    if (p.note.empty())
      upsert.bind_null(5);
    else
      upsert.bind(5, p.note);
    upsert.bind(6, p.file).bind(7, p.line);
    upsert.step();
  }
  tx.commit();
  return counts;
}

std::vector<DustPeriod> dust_periods(Workspace& ws, EpochSeconds begin, EpochSeconds end) {
  auto q = ws.db().prepare(
      "SELECT unit_code, start_utc, end_utc, source, coalesce(note, ''), file, line FROM air_dust_period "
      "WHERE start_utc < ?2 AND end_utc > ?1 ORDER BY unit_code, start_utc");
  q.bind(1, begin).bind(2, end);
  std::vector<DustPeriod> out;
  while (q.step())
    out.push_back({q.text(0), q.int64(1), q.int64(2), q.text(3), q.text(4), q.text(5), static_cast<int>(q.int64(6))});
  return out;
}

}  // namespace eb::store
