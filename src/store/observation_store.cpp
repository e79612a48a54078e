#include "store/observation_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/civil_time.hpp"
#include "core/error.hpp"
#include "store/copy_rows.hpp"
#include "store/gpkg.hpp"
#include "store/station_store.hpp"

namespace eb::store {

std::size_t ImportResult::rejected_total() const {
  std::size_t n = 0;
  for (const auto& r : rejected) n += r.size();
  return n;
}

namespace {

// Station key of the file -> stored station code, or nothing (with the reason) when it cannot be resolved.
struct Resolution {
  std::optional<std::string> code;
  std::string reason;
};

Resolution resolve(Workspace& ws, const ImportFile& f, const std::string& key) {
  Database& db = ws.db();
  std::string code = key;
  if (f.keys == StationKeys::mapped) {
    const auto it = f.key_map->find(key);
    if (it == f.key_map->end())
      return {std::nullopt, fmt::format("unknown station \"{}\" (not in the station map)", key)};
    code = it->second;
  } else if (f.keys == StationKeys::city_name) {
    const auto league = league_by_name(ws, key);
    if (!league) return {std::nullopt, fmt::format("unknown city \"{}\" (no league/city of that name)", key)};
    // A city-level station stands for the city's published values; create it once.
    auto s = db.prepare("SELECT name_zh, center_lon, center_lat FROM admin_unit WHERE code = ?");
    s.bind(1, *league);
    s.step();
    const std::string name = s.text(0);
    const double lon = s.real(1), lat = s.real(2);
    auto exists = db.prepare("SELECT 1 FROM station WHERE code = ?");
    exists.bind(1, *league);
    if (exists.step()) return {*league, ""};
    db.prepare(
          "INSERT INTO station(geom, code, name, kind, listed_city, league_code, admin_code, lon, lat, source) "
          "VALUES (?, ?, ?, 'city', ?, ?, ?, ?, ?, 'city-level values')")
        .bind_blob(1, geometry_value(ws.db(), point_wkb(lon, lat)))
        .bind(2, *league)
        .bind(3, name)
        .bind(4, key)
        .bind(5, *league)
        .bind(6, *league)
        .bind(7, lon)
        .bind(8, lat)
        .run();
    return {*league, ""};
  }
  if (f.keys == StationKeys::name) {
    auto by_name = db.prepare("SELECT code FROM station WHERE name = ? ORDER BY code");
    by_name.bind(1, key);
    if (!by_name.step())
      return {std::nullopt, fmt::format("unknown station name \"{}\": import its section list first", key)};
    code = by_name.text(0);
    if (by_name.step()) return {std::nullopt, fmt::format("station name \"{}\" is ambiguous (several stations)", key)};
    return {code, ""};
  }
  auto s = db.prepare("SELECT 1 FROM station WHERE code = ?");
  s.bind(1, code);
  if (!s.step())
    return {std::nullopt, f.keys == StationKeys::mapped
                              ? fmt::format("unknown station {} (\"{}\"): import its station list first", code, key)
                              : fmt::format("unknown station \"{}\": import its station list first", code)};
  return {code, ""};
}

// The id of a series, added when the workspace has none yet.
std::int64_t find_or_add_series(Statement& find, Statement& add, const std::string& code, const ParameterInfo& p,
                                std::string_view averaging) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    find.bind(1, code).bind(2, p.code).bind(3, averaging);
    if (find.step()) {
      const std::int64_t id = find.int64(0);
      find.reset();
      return id;
    }
    find.reset();
    add.bind(1, code).bind(2, p.code).bind(3, averaging).bind(4, unit_symbol(p.unit));
    if (add.step()) {
      const std::int64_t id = add.int64(0);
      add.reset();
      return id;
    }
    add.reset();  // another writer added it meanwhile: read its id
  }
  throw StoreError(fmt::format("series {} {}: neither found nor added", code, p.code));
}

// Beijing calendar year Y as [begin, end) in seconds since the epoch: one partition each on a server.
std::pair<EpochSeconds, EpochSeconds> beijing_year(int year) {
  return {beijing_to_epoch({{year, 1, 1}, 0, 0, 0}), beijing_to_epoch({{year + 1, 1, 1}, 0, 0, 0})};
}

// Partitions of the observation table on a server: one per Beijing calendar year, added as data arrives. Adding
// one needs the table's owner: under a role without that right the rows stay in the default partition, which is
// slower to scan but as correct (docs/deployment.md says who adds the years). Concurrent imports take turns per
// year (an advisory lock held to their commit), so two never create the same year.
constexpr int kPartitionLock = 1701934962;  // advisory lock class of "a year's partition", keyed by the year

// Waits for this transaction's turn at a year's partition (held to its commit).
void lock_year(Database& db, int year) {
  db.exec(fmt::format("SELECT pg_advisory_xact_lock({}, {})", kPartitionLock, year));
}

struct YearPartition {
  int year = 0;
  EpochSeconds begin = 0, end = 0;
  std::string name;
  bool loading = false;  // created empty by this import, not attached yet: load it, index it, then attach it
  // The statements that give the year's table its primary key and make it the year's partition.
  std::string index_and_attach() const {
    return fmt::format(
        "ALTER TABLE {0} ADD PRIMARY KEY (series_id, time); ALTER TABLE observation ATTACH PARTITION {0} FOR VALUES "
        "FROM ({1}) TO ({2})",
        name, begin, end);
  }
};

std::vector<YearPartition> prepare_year_partitions(Database& db, EpochSeconds first, EpochSeconds last, bool fresh) {
  std::vector<YearPartition> years;
  const int from = epoch_to_beijing(first).date.year, to = epoch_to_beijing(last).date.year;
  for (int year = from; year <= to; ++year) {
    YearPartition y;
    y.year = year;
    std::tie(y.begin, y.end) = beijing_year(year);
    y.name = fmt::format("observation_y{}", year);
    lock_year(db, year);
    if (!db.table_exists(y.name)) {
      try {
        Transaction step(db);
        // The range check travels with the table, so attaching it later needs no scan to prove it.
        db.exec(fmt::format(
            "CREATE TABLE {0} (LIKE observation INCLUDING DEFAULTS, CONSTRAINT {0}_range CHECK (time >= {1} AND "
            "time < {2}))",
            y.name, y.begin, y.end));
        const bool caught = db.query_int(fmt::format("SELECT count(*) FROM (SELECT 1 FROM observation_default "
                                                     "WHERE time >= {} AND time < {} LIMIT 1) c",
                                                     y.begin, y.end))
                                .value_or(0) > 0;
        if (fresh && !caught) {
          y.loading = true;
        } else {
          // Rows the default partition caught for the year move into it; new rows arrive through the parent.
          db.exec(fmt::format(
              "WITH moved AS (DELETE FROM observation_default WHERE time >= {1} AND time < {2} RETURNING *) "
              "INSERT INTO {0} SELECT * FROM moved",
              y.name, y.begin, y.end));
          db.exec(y.index_and_attach());
        }
        step.commit();
      } catch (const StoreError&) {
        y.loading = false;  // not the owner: the default partition takes the year's rows
      }
    }
    years.push_back(y);
  }
  return years;
}

// Indexes a year's table loaded by COPY in one pass (much faster than index upkeep row by row) and attaches it.
// Attaching waits for readers of the default partition (an assessment in progress); when it cannot get its turn
// within a minute, the year's rows go into the default partition instead, and the import still commits.
void attach_loaded_year(Database& db, const YearPartition& y) {
  using std::chrono::milliseconds;
  db.set_lock_wait(milliseconds(60000));
  try {
    Transaction step(db);
    db.exec(y.index_and_attach());
    step.commit();
  } catch (const StoreConflict&) {
    db.set_lock_wait(milliseconds(kBusyTimeoutMs));
    throw;
  } catch (const StoreError&) {
    db.exec(fmt::format("INSERT INTO observation SELECT * FROM {0}; DROP TABLE {0}", y.name));
  }
  db.set_lock_wait(milliseconds(kBusyTimeoutMs));
}

// A file's values into a server workspace: straight in by COPY when none of its series has a value in its time
// span yet (the common case: new data); otherwise through a temporary table, so that values already stored are
// counted unchanged or rejected as conflicting exactly as the row-by-row path does.
ImportResult::FileCounts copy_values(Database& db, const io::ObservationBatch& b,
                                     const std::vector<std::int64_t>& series, std::int64_t batch_id,
                                     std::vector<io::Rejection>& rejected) {
  ImportResult::FileCounts counts;
  if (b.size() == 0) return counts;
  EpochSeconds first = b.time(0), last = b.time(0);
  for (std::size_t i = 1; i < b.size(); ++i) {
    first = std::min(first, b.time(i));
    last = std::max(last, b.time(i));
  }

  // A key twice in the file (sorted, so adjacent): the first counts; the second is unchanged or a conflict.
  std::vector<bool> skip(b.size(), false);
  for (std::size_t i = 1; i < b.size(); ++i) {
    if (series[i] != series[i - 1] || b.time(i) != b.time(i - 1)) continue;
    std::size_t kept = i - 1;
    while (skip[kept]) --kept;
    skip[i] = true;
    if (b.value(i) == b.value(kept) && b.flag(i) == b.flag(kept)) {
      ++counts.unchanged;
    } else {
      rejected.push_back(b.rejection(
          i, fmt::format("conflicting duplicate: the workspace already holds {} for this station, parameter and time",
                         b.value(kept))));
    }
  }

  // A year without its partition yet: take its turn before reading the table at all, so that an import attaching
  // the year's new partition never waits on a lock this one holds while this one waits for its turn (a deadlock).
  for (int year = epoch_to_beijing(first).date.year; year <= epoch_to_beijing(last).date.year; ++year)
    if (!db.table_exists(fmt::format("observation_y{}", year))) lock_year(db, year);

  std::string ids = "{";
  for (std::size_t i = 0; i < b.size(); ++i)
    if (i == 0 || series[i] != series[i - 1]) ids += (ids.size() > 1 ? "," : "") + std::to_string(series[i]);
  ids += "}";
  Statement overlap = db.prepare(
      "SELECT 1 FROM observation WHERE series_id = ANY(CAST(?1 AS bigint[])) AND time >= ?2 AND time <= ?3 LIMIT 1");
  overlap.bind(1, ids).bind(2, first).bind(3, last);
  const bool fresh = !overlap.step();
  overlap.reset();

  const std::vector<YearPartition> years = prepare_year_partitions(db, first, last, fresh);
  const bool staged = !fresh;
  if (staged)
    db.exec(
        "CREATE TEMPORARY TABLE IF NOT EXISTS eb_observation_stage (series_id bigint, time bigint, "
        "value double precision, flag text, row_index bigint) ON COMMIT DELETE ROWS; "
        "TRUNCATE eb_observation_stage");
  // One COPY per destination: each year's table being loaded, then the parent (or the staging table) for the rest.
  auto copy_rows_where = [&](const std::string& table, const std::function<bool(EpochSeconds)>& wanted) {
    static const std::string kFresh[] = {"series_id", "time", "value", "flag", "import_id"};
    static const std::string kStaged[] = {"series_id", "time", "value", "flag", "row_index"};
    std::size_t next = 0, copied = 0;
    bool header = false, ended = false;
    db.copy_in(table, staged ? std::span<const std::string>(kStaged) : std::span<const std::string>(kFresh),
               [&](std::string& buffer) {
                 if (ended) return;
                 CopyRows rows(buffer);
                 if (!header) {
                   rows.header();
                   header = true;
                 }
                 for (; next < b.size() && buffer.size() < (1u << 20); ++next) {
                   if (skip[next] || !wanted(b.time(next))) continue;
                   rows.row(5);
                   rows.int8(series[next]);
                   rows.int8(b.time(next));
                   rows.float8(b.value(next));
                   if (b.flag(next).empty())
                     rows.null();
                   else
                     rows.text(b.flag(next));
                   rows.int8(staged ? static_cast<std::int64_t>(next) : batch_id);
                   ++copied;
                 }
                 if (next == b.size()) {
                   rows.trailer();
                   ended = true;
                 }
               });
    return copied;
  };
  auto loading_year = [&](EpochSeconds t) -> const YearPartition* {
    for (const auto& y : years)
      if (y.loading && t >= y.begin && t < y.end) return &y;
    return nullptr;
  };
  std::size_t loaded = 0;
  for (const auto& y : years)
    if (y.loading) {
      loaded += copy_rows_where(y.name, [&](EpochSeconds t) { return t >= y.begin && t < y.end; });
      attach_loaded_year(db, y);
    }
  if (!staged) {
    const std::size_t rest = copy_rows_where("observation", [&](EpochSeconds t) { return loading_year(t) == nullptr; });
    counts.added = loaded + rest;
    return counts;
  }
  copy_rows_where("eb_observation_stage", [](EpochSeconds) { return true; });
  Statement conflicts = db.prepare(
      "SELECT s.row_index, o.value, o.flag FROM eb_observation_stage s "
      "JOIN observation o ON o.series_id = s.series_id AND o.time = s.time ORDER BY s.row_index");
  conflicts.in_batches();
  while (conflicts.step()) {
    const auto i = static_cast<std::size_t>(conflicts.int64(0));
    const double stored = conflicts.real(1);
    if (stored == b.value(i) && conflicts.opt_text(2).value_or("") == b.flag(i)) {
      ++counts.unchanged;
    } else {
      rejected.push_back(b.rejection(
          i, fmt::format("conflicting duplicate: the workspace already holds {} for this station, parameter and time",
                         stored)));
    }
  }
  conflicts.reset();
  Statement insert = db.prepare(
      "INSERT INTO observation (series_id, time, value, flag, import_id) "
      "SELECT series_id, time, value, flag, ?1 FROM eb_observation_stage ON CONFLICT (series_id, time) DO NOTHING");
  insert.bind(1, batch_id).run();
  counts.added = static_cast<std::size_t>(db.changes());
  return counts;
}

}  // namespace

ImportResult import_observations(Workspace& ws, std::vector<ImportFile>& files, const ImportOptions& options) {
  Database& db = ws.db();
  ImportResult result;
  result.rejected.resize(files.size());
  for (std::size_t k = 0; k < files.size(); ++k) result.rejected[k] = files[k].batch->rejections;

  Transaction tx(db);
  // 1. Stations: resolve every key once; values of unknown stations are rejected.
  std::vector<std::vector<std::optional<std::string>>> codes(files.size());
  for (std::size_t k = 0; k < files.size(); ++k) {
    io::ObservationBatch& b = *files[k].batch;
    std::vector<std::string> reasons(b.station_keys.size());
    for (std::size_t s = 0; s < b.station_keys.size(); ++s) {
      auto res = resolve(ws, files[k], b.station_keys[s]);
      codes[k].push_back(res.code);
      reasons[s] = std::move(res.reason);
    }
    std::vector<bool> drop(b.size(), false);
    bool any = false;
    for (std::size_t i = 0; i < b.size(); ++i)
      if (!codes[k][b.station(i)]) {
        drop[i] = any = true;
        result.rejected[k].push_back(b.rejection(i, reasons[b.station(i)]));
      }
    if (any) b.erase_marked(drop);
  }
  auto fail_if_strict = [&] {
    if (!options.quarantine && result.rejected_total() > 0)
      throw InputError(fmt::format("{} record(s) rejected; nothing was imported\n{}", result.rejected_total(),
                                   describe_rejections(files, result, 20)));
  };
  fail_if_strict();

  // 2. Values, file by file, in key order (the primary key order of the table, which keeps inserts fast).
  std::size_t total = 0, done = 0;
  for (const auto& f : files) total += f.batch->size();
  auto find_series =
      db.prepare("SELECT id, unit FROM series WHERE station_code = ? AND parameter = ? AND averaging = ?");
  // A series another import adds at the same moment is taken, not refused (its id is read back).
  auto add_series = db.prepare(
      "INSERT INTO series(station_code, parameter, averaging, unit) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (station_code, parameter, averaging) DO NOTHING RETURNING id");
  auto insert = db.prepare(
      "INSERT INTO observation(series_id, time, value, flag, import_id) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT(series_id, time) DO NOTHING");
  auto existing = db.prepare("SELECT value, flag FROM observation WHERE series_id = ? AND time = ?");
  auto add_batch = db.prepare(
      "INSERT INTO import_batch(kind, layout, file, sha256, source, imported_at, values_added, values_unchanged, "
      "rejected) VALUES ('observations', ?, ?, ?, ?, ?, 0, 0, 0) RETURNING id");
  for (std::size_t k = 0; k < files.size(); ++k) {
    io::ObservationBatch& b = *files[k].batch;
    add_batch.bind(1, b.layout).bind(2, b.file).bind(3, files[k].sha256).bind(4, files[k].source);
    add_batch.bind(5, utc_timestamp()).step();
    const std::int64_t batch_id = add_batch.int64(0);
    add_batch.reset();

    // The batch is in (station, parameter, averaging, time) order (io::sort_by_series_and_time), which is also
    // the order of the table's primary key within each series: look the series up when it changes.
    std::size_t added = 0, unchanged = 0;
    auto series_of = [&, series_id = std::int64_t{0}](std::size_t i) mutable {
      if (i == 0 || !io::same_series(b, i, i - 1))
        series_id = find_or_add_series(find_series, add_series, *codes[k][b.station(i)], b.parameter_info(i),
                                       averaging_code(b.averaging(i)));
      return series_id;
    };
    if (db.on_server()) {
      std::vector<std::int64_t> series(b.size());
      for (std::size_t i = 0; i < b.size(); ++i) series[i] = series_of(i);
      const auto counts = copy_values(db, b, series, batch_id, result.rejected[k]);
      added = counts.added;
      unchanged = counts.unchanged;
      done += b.size();
      if (options.progress) options.progress(done, total);
    }
    for (std::size_t i = 0; !db.on_server() && i < b.size(); ++i) {
      const std::int64_t series_id = series_of(i);
      const std::string& flag = b.flag(i);
      insert.bind(1, series_id).bind(2, b.time(i)).bind(3, b.value(i));
      if (flag.empty())
        insert.bind_null(4);
      else
        insert.bind(4, flag);
      insert.bind(5, batch_id).run();
      if (db.changes() == 1) {
        ++added;
      } else {
        existing.bind(1, series_id).bind(2, b.time(i));
        existing.step();
        const bool same = existing.real(0) == b.value(i) && existing.opt_text(1).value_or("") == flag;
        const double stored = existing.real(0);
        existing.reset();
        if (same) {
          ++unchanged;
        } else {
          result.rejected[k].push_back(b.rejection(
              i, fmt::format("conflicting duplicate: the workspace already holds {} for this station, parameter "
                             "and time",
                             stored)));
        }
      }
      if (options.progress && (++done & 0xffff) == 0) options.progress(done, total);
    }
    db.prepare("UPDATE import_batch SET values_added = ?, values_unchanged = ?, rejected = ? WHERE id = ?")
        .bind(1, static_cast<std::int64_t>(added))
        .bind(2, static_cast<std::int64_t>(unchanged))
        .bind(3, static_cast<std::int64_t>(result.rejected[k].size()))
        .bind(4, batch_id)
        .run();
    // The audit log's entry for this file (store/audit): what was imported, from where.
    db.describe_write({"import observations", "import_batch", std::to_string(batch_id),
                       nlohmann::json{{"file", files[k].batch->file},
                                      {"sha256", files[k].sha256},
                                      {"source", files[k].source},
                                      {"values_added", added},
                                      {"values_unchanged", unchanged},
                                      {"rejected", result.rejected[k].size()}}
                           .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       ""});
    result.per_file.push_back({added, unchanged});
    result.added += added;
    result.unchanged += unchanged;
    result.batch_ids.push_back(batch_id);
  }
  if (options.progress) options.progress(total, total);
  fail_if_strict();
  // Nothing new: leave the file exactly as it was (no empty import record).
  if (result.added == 0) return result;
  tx.commit();
  result.committed = true;
  return result;
}

void partition_observations_by_year(Database& db) {
  if (!db.on_server()) return;
  auto span = db.prepare("SELECT min(time), max(time) FROM observation_default");
  if (!span.step() || span.is_null(0)) return;
  const EpochSeconds first = span.int64(0), last = span.int64(1);
  span.reset();
  prepare_year_partitions(db, first, last, false);
}

std::string describe_rejections(const std::vector<ImportFile>& files, const ImportResult& r, std::size_t limit) {
  std::string out;
  std::size_t shown = 0;
  for (std::size_t k = 0; k < files.size(); ++k) {
    std::vector<io::Rejection> sorted = r.rejected[k];
    std::stable_sort(sorted.begin(), sorted.end(), [](const io::Rejection& a, const io::Rejection& b) {
      return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    for (const auto& rej : sorted) {
      if (shown == limit) break;
      out += fmt::format("  {}:{}:{}: {}", files[k].batch->file, rej.line, rej.column, rej.reason);
      if (!rej.station.empty()) out += fmt::format(" [station {}", rej.station);
      if (!rej.station.empty() && !rej.time.empty()) out += fmt::format(", {}", rej.time);
      if (!rej.station.empty()) out += "]";
      out += "\n";
      ++shown;
    }
  }
  const std::size_t total = r.rejected_total();
  if (total > shown) out += fmt::format("  ... and {} more\n", total - shown);
  return out;
}

}  // namespace eb::store
