#include "store/workspace.hpp"

#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "store/audit.hpp"
#include "store/gpkg.hpp"
#include "store/layer_styles.hpp"

namespace eb::store {

namespace {

struct Migration {
  int version;
  const char* name;
  std::function<void(Database&)> apply;
};

// The review marks' subject (station or outlet). One constant, so that the number follows the migrations merged
// before it.
constexpr int kReviewSubjectMigration = 13;
// The QGIS layer styles; every later migration refreshes them (Workspace::migrate), since a new table or column may
// change what they show.
constexpr int kLayerStylesMigration = 20;

// Numbered schema migrations. Append only: a released migration never changes.
const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "geopackage core, administrative units, stations",
       [](Database& db) {
         ensure_gpkg_core(db);
         db.exec_schema(R"sql(
CREATE TABLE admin_unit (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom MULTIPOLYGON,
  code TEXT NOT NULL UNIQUE,          -- GB/T 2260 code: 6 digits (region, league/city, banner/county), 9, 12
  name_zh TEXT NOT NULL,
  name_en TEXT,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),  -- 1 province, 2 prefecture, 3 county, 4 township, 5 village
  kind TEXT,                          -- autonomous_region, league, city, banner, autonomous_banner, county, district
  parent_code TEXT,
  center_lon REAL,
  center_lat REAL,
  derived INTEGER NOT NULL DEFAULT 0, -- 1: geometry dissolved from the unit's children
  source TEXT);
CREATE INDEX admin_unit_parent ON admin_unit(parent_code);
CREATE TABLE station (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom POINT,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('air', 'water', 'soil', 'source', 'city')),
  listed_city TEXT,                   -- city or league as the station list names it
  league_code TEXT,                   -- prefecture-level unit (league or city)
  admin_code TEXT,                    -- deepest unit holding the station (banner/county when located)
  location_note TEXT,                 -- why a station is not attached to a banner/county, when it is not
  lon REAL NOT NULL,
  lat REAL NOT NULL,
  control_site INTEGER,               -- 对照点
  source TEXT);
CREATE INDEX station_admin ON station(admin_code);
CREATE INDEX station_league ON station(league_code);
)sql");
         register_feature_table(db, "admin_unit", "geom", "MULTIPOLYGON", "Administrative units 行政区划",
                                "GB/T 2260 units: region, leagues/cities, banners/counties");
         register_feature_table(db, "station", "geom", "POINT", "Monitoring stations 监测站点",
                                "Air (and later water, soil, source) monitoring stations");
         create_spatial_index(db, "admin_unit", "geom");
         create_spatial_index(db, "station", "geom");
       }},
      {2, "observations",
       [](Database& db) {
         db.exec_schema(R"sql(
CREATE TABLE import_batch (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,                 -- observations
  layout TEXT NOT NULL,
  file TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  source TEXT NOT NULL,               -- who published the data (CNEMC, UCI, aqistudy, ...)
  imported_at TEXT NOT NULL,
  values_added INTEGER NOT NULL,
  values_unchanged INTEGER NOT NULL,
  rejected INTEGER NOT NULL);
CREATE TABLE series (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  station_code TEXT NOT NULL REFERENCES station(code),
  parameter TEXT NOT NULL,
  averaging TEXT NOT NULL,
  unit TEXT NOT NULL,
  UNIQUE (station_code, parameter, averaging));
)sql");
         if (!db.on_server()) {
           db.exec(R"sql(
-- time: seconds since 1970-01-01T00:00Z of the stamped instant (Beijing label minus 8 h).
CREATE TABLE observation (
  series_id INTEGER NOT NULL REFERENCES series(id),
  time INTEGER NOT NULL,
  value REAL NOT NULL,
  flag TEXT,
  import_id INTEGER NOT NULL REFERENCES import_batch(id),
  PRIMARY KEY (series_id, time)) WITHOUT ROWID;
CREATE VIEW observation_v AS
  SELECT s.station_code AS station,
         strftime('%Y-%m-%dT%H:%M:%S+08:00', o.time + 28800, 'unixepoch') AS time,
         s.parameter AS parameter, s.averaging AS averaging, o.value AS value, s.unit AS unit, o.flag AS flag,
         b.source AS source, b.file AS file, o.time AS time_epoch
  FROM observation o JOIN series s ON s.id = o.series_id JOIN import_batch b ON b.id = o.import_id;
)sql");
           return;
         }
         // On a server the observations are partitioned by time (store/observation_store.cpp adds one partition per
         // Beijing calendar year as data arrives; the default partition catches anything before that).
         db.exec(R"sql(
CREATE TABLE observation (
  series_id BIGINT NOT NULL,
  time BIGINT NOT NULL,
  value DOUBLE PRECISION NOT NULL,
  flag TEXT,
  import_id BIGINT NOT NULL,
  PRIMARY KEY (series_id, time)) PARTITION BY RANGE (time);
CREATE TABLE observation_default PARTITION OF observation DEFAULT;
CREATE VIEW observation_v AS
  SELECT s.station_code AS station,
         to_char(to_timestamp(o.time + 28800) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"') AS time,
         s.parameter AS parameter, s.averaging AS averaging, o.value AS value, s.unit AS unit, o.flag AS flag,
         b.source AS source, b.file AS file, o.time AS time_epoch
  FROM observation o JOIN series s ON s.id = o.series_id JOIN import_batch b ON b.id = o.import_id;
)sql");
       }},
      {3, "water sections",
       [](Database& db) {
         db.exec_schema(R"sql(
CREATE TABLE water_section (
  code TEXT PRIMARY KEY REFERENCES station(code),
  waterbody TEXT NOT NULL CHECK (waterbody IN ('river', 'lake')),  -- lake = lakes and reservoirs
  river TEXT,                          -- river or lake name
  basin TEXT,                          -- Yellow River, Liao River, Hai River, Songhua/Nen River, inland ...
  control_level TEXT,                  -- national, regional
  target_class INTEGER CHECK (target_class BETWEEN 1 AND 6));
)sql");
       }},
      {4, "protected areas",
       [](Database& db) {
         db.exec_schema(R"sql(
CREATE TABLE layer_import (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  file TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  features INTEGER NOT NULL,
  repaired INTEGER NOT NULL);
CREATE TABLE protected_area (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom MULTIPOLYGON,
  kind TEXT NOT NULL CHECK (kind IN ('red_line', 'nature_reserve', 'national_park', 'wetland', 'water_source',
                                     'basic_grassland')),
  zone TEXT NOT NULL DEFAULT '',      -- core, buffer, experimental, general_control, level1, level2, quasi; '' none
  name TEXT,
  level TEXT,                         -- national, provincial, ... as given
  designated TEXT,                    -- date or year as given
  area_m2 REAL NOT NULL,              -- ellipsoidal area (WGS 84)
  repaired TEXT,                      -- GEOS's reason when the geometry was repaired on import
  source_fid INTEGER,
  import_id INTEGER NOT NULL REFERENCES layer_import(id));
CREATE INDEX protected_area_kind ON protected_area(kind, zone);
)sql");
         register_feature_table(db, "protected_area", "geom", "MULTIPOLYGON", "Protected areas 保护地",
                                "Ecological protection red line, nature reserves, national parks, wetlands, "
                                "drinking-water source zones, basic grassland");
         create_spatial_index(db, "protected_area", "geom");
       }},
      {5, "restoration ledger",
       [](Database& db) {
         db.exec_schema(R"sql(
-- Areas are kept as given (text and unit) and exactly as integer micro-mu (10^-6 亩 = 1/1500 m²), so sums in
-- 亩, ha and km² are exact (core/area ExactArea).
CREATE TABLE project (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  geom MULTIPOLYGON,                  -- outline, when known
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  type TEXT NOT NULL,                 -- data/standards/project_types.csv
  unit_code TEXT NOT NULL REFERENCES admin_unit(code),
  year INTEGER NOT NULL,
  planned_text TEXT, planned_unit TEXT, planned_micro_mu INTEGER,
  completed_text TEXT, completed_unit TEXT, completed_micro_mu INTEGER,
  funding TEXT,
  source TEXT NOT NULL,               -- file it came from
  updated_at TEXT NOT NULL);
CREATE INDEX project_unit_year ON project(unit_code, year, type);
CREATE TABLE project_plan (
  unit_code TEXT NOT NULL REFERENCES admin_unit(code),
  year INTEGER NOT NULL,
  type TEXT NOT NULL,
  planned_text TEXT NOT NULL, planned_unit TEXT NOT NULL, planned_micro_mu INTEGER NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (unit_code, year, type));
)sql");
         register_feature_table(db, "project", "geom", "MULTIPOLYGON", "Restoration projects 生态修复项目",
                                "Restoration ledger: afforestation, grass planting, desertification and erosion "
                                "control, mine and wetland restoration, new mining damage");
         create_spatial_index(db, "project", "geom");
       }},
      {6, "indicator values",
       [](Database& db) {
         db.exec_schema(R"sql(
-- Yearly values of assessment indicators per administrative unit (the registry of indicators is a data file).
CREATE TABLE indicator_value (
  indicator TEXT NOT NULL,
  unit_code TEXT NOT NULL REFERENCES admin_unit(code),
  year INTEGER NOT NULL,
  value REAL NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (indicator, unit_code, year));
)sql");
       }},
      {7, "chiefs and patrols",
       [](Database& db) {
         db.exec_schema(R"sql(
CREATE TABLE chief (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('river_lake', 'forest_grassland')),
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),  -- 1 region ... 5 village (gacha)
  unit_code TEXT NOT NULL REFERENCES admin_unit(code),
  since TEXT,                          -- date appointed
  until TEXT);                         -- date left, when known
CREATE TABLE chief_object (
  chief_id TEXT NOT NULL REFERENCES chief(id),
  object_id TEXT NOT NULL,             -- a river, lake, forest or grassland the chief answers for
  object_name TEXT,
  PRIMARY KEY (chief_id, object_id));
CREATE TABLE patrol (
  id TEXT PRIMARY KEY,
  chief_id TEXT NOT NULL REFERENCES chief(id),
  object_id TEXT,
  date TEXT NOT NULL,                  -- YYYY-MM-DD (Beijing)
  duration_min REAL,
  track_km REAL,
  issues_found INTEGER NOT NULL DEFAULT 0,
  issues_resolved INTEGER NOT NULL DEFAULT 0,
  resolution_days REAL);               -- mean days to resolve this patrol's resolved issues, when known
CREATE INDEX patrol_chief_date ON patrol(chief_id, date);
)sql");
       }},
      {8, "sources of chiefs and patrols",
       [](Database& db) {
         // The file each roster entry and patrol came from, like every other import keeps: provenance notes and
         // SYNTHETIC labels need it. Rows imported before stay NULL (unknown).
         db.exec_schema(R"sql(
ALTER TABLE chief ADD COLUMN source TEXT;
ALTER TABLE patrol ADD COLUMN source TEXT;
)sql");
       }},
      {9, "sand/dust-affected periods",
       [](Database& db) {
         // Periods in which a sand/dust weather process affected a unit (环办监测〔2016〕120号), as determined by the
         // monitoring centre or the meteorological service; the assessment deducts them on request.
         db.exec_schema(R"sql(
CREATE TABLE air_dust_period (
  unit_code TEXT NOT NULL,             -- the city (or county, or region) affected
  start_utc INTEGER NOT NULL,          -- instant the period starts (seconds since the epoch)
  end_utc INTEGER NOT NULL,            -- instant it ends (exclusive)
  source TEXT NOT NULL,                -- who determined it: monitoring_centre, meteorological, ...
  note TEXT,
  file TEXT NOT NULL,                  -- the file and line it was imported from
  line INTEGER NOT NULL,
  PRIMARY KEY (unit_code, start_utc, end_utc),
  CHECK (end_utc > start_utc));
)sql");
       }},
      {10, "pollution sources: enterprises, outlets, received values",
       [](Database& db) {
         // Enterprises with online monitoring, their outlets (排放口) with the device (MN) and access password the
         // HJ 212 receiver accepts, and the values the receiver stored (docs/sources.md).
         db.exec_schema(R"sql(
CREATE TABLE enterprise (
  id TEXT PRIMARY KEY,                 -- 统一社会信用代码 (GB 32100-2015, check character verified)
  name TEXT NOT NULL,
  industry TEXT,
  unit_code TEXT,                      -- deepest unit covering its location (point-in-polygon); NULL outside all
  lon REAL, lat REAL,                  -- location: its first outlet unless given
  source TEXT NOT NULL);               -- file it came from
CREATE TABLE outlet (
  fid INTEGER PRIMARY KEY AUTOINCREMENT,
  enterprise_id TEXT NOT NULL REFERENCES enterprise(id),
  outlet_id TEXT NOT NULL,             -- the enterprise's own outlet number (DA001, DW001, ...)
  name TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('gas', 'water')),
  mn TEXT NOT NULL UNIQUE,             -- HJ 212 device code
  password_hash TEXT NOT NULL,         -- sha256:hex(SHA-256 of "MN:password")
  standard TEXT NOT NULL,              -- emission standard code that applies
  lon REAL NOT NULL, lat REAL NOT NULL,
  unit_code TEXT,
  source TEXT NOT NULL,
  UNIQUE (enterprise_id, outlet_id));
-- One row per (outlet, command, data time, pollutant, value kind): a resent packet adds nothing.
CREATE TABLE source_value (
  outlet INTEGER NOT NULL REFERENCES outlet(fid),
  cn INTEGER NOT NULL,                 -- 2011 real-time, 2051 minute, 2061 hourly, 2031 daily
  data_time INTEGER NOT NULL,          -- DataTime (Beijing time) as seconds since the epoch
  pollutant TEXT NOT NULL,             -- HJ 212 code (a21026, w01018, ...)
  kind TEXT NOT NULL,                  -- Rtd, Avg, Min, Max, Cou, ZsRtd, ZsAvg, ZsMin, ZsMax
  value REAL NOT NULL,
  flag TEXT,                           -- N F M S D C T B P, NULL when the packet gave none
  qn TEXT,                             -- request code of the packet
  received_at INTEGER NOT NULL,        -- when the receiver committed it (seconds since the epoch)
  PRIMARY KEY (outlet, cn, data_time, pollutant, kind)) WITHOUT ROWID;
)sql");
       }},
      {11, "data review and audit log",
       [](Database& db) {
         // Review marks of the automatic checks (engine/review), reviewers' decisions on them, and the
         // append-only, hash-chained audit log of every change to stored data (store/audit, docs/review.md).
         db.exec_schema(R"sql(
CREATE TABLE review_mark (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  rule TEXT NOT NULL,                  -- data/standards/review_rules.csv
  station_code TEXT NOT NULL,
  parameter TEXT NOT NULL,             -- PM2.5, ... ; the checked pair for cross-parameter rules (PM2.5>PM10)
  start_utc INTEGER NOT NULL,          -- first hour covered (seconds since the epoch)
  end_utc INTEGER NOT NULL,            -- end of the last hour covered (exclusive)
  severity TEXT NOT NULL CHECK (severity IN ('invalidate', 'suspect')),
  detail TEXT NOT NULL,
  hours INTEGER NOT NULL,              -- hourly values covered
  created_at TEXT NOT NULL,
  UNIQUE (rule, station_code, parameter, start_utc, end_utc),
  CHECK (end_utc > start_utc));
CREATE INDEX review_mark_station ON review_mark(station_code, start_utc);
CREATE TABLE review_decision (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  mark_id INTEGER NOT NULL REFERENCES review_mark(id),
  decision TEXT NOT NULL CHECK (decision IN ('confirmed', 'overruled')),
  decided_by TEXT NOT NULL,
  decided_at TEXT NOT NULL,
  reason TEXT NOT NULL);
CREATE INDEX review_decision_mark ON review_decision(mark_id, id);
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,             -- 1, 2, 3 ... without gaps
  time TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  table_name TEXT NOT NULL,
  row_key TEXT NOT NULL,
  details TEXT NOT NULL,               -- JSON
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL);                 -- SHA-256 of prev_hash, newline, [seq,time,actor,action,table,key,details]
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL);
)sql");
         if (!db.on_server()) {
           db.exec(R"sql(
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
  BEGIN SELECT RAISE(ABORT, 'audit_head is kept'); END;
)sql");
         } else {
           db.exec(R"sql(
CREATE FUNCTION ecobarrier_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION ecobarrier_refuse('audit_log is append-only');
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION ecobarrier_refuse('audit_log is append-only');
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION ecobarrier_refuse('audit_log is append-only');
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
  FOR EACH ROW EXECUTE FUNCTION ecobarrier_refuse('audit_head is kept');
CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
  FOR EACH STATEMENT EXECUTE FUNCTION ecobarrier_refuse('audit_head is kept');
)sql");
         }
         db.describe_write({"migrate", "ecobarrier_migration", "11", R"({"schema":"data review and audit log"})", ""});
       }},
      {12, "received packets as one row each",
       [](Database& db) {
         // One row per received packet (part) instead of one per value: a packet of 20 values was 20 B-tree inserts,
         // which bounded the receiver (docs/sources.md). source_value stays, as a view with the same columns.
         // Existing values are grouped back into the packets they came in (same outlet, CN, DataTime, QN and commit).
         db.exec_schema(R"sql(
CREATE TABLE source_record (
  outlet INTEGER NOT NULL REFERENCES outlet(fid),
  cn INTEGER NOT NULL,                 -- 2011 real-time, 2051 minute, 2061 hourly, 2031 daily
  data_time INTEGER NOT NULL,          -- DataTime (Beijing time) as seconds since the epoch
  part INTEGER NOT NULL,               -- PNO of a split packet; 0 when not split
  qn TEXT,                             -- request code of the packet
  received_at INTEGER NOT NULL,        -- when the receiver committed it (seconds since the epoch)
  values_json TEXT NOT NULL,           -- [[pollutant, kind, value, flag or null], ...]
  UNIQUE (outlet, cn, data_time, part));  -- a resent packet adds nothing: the first received is kept
)sql");
         if (!db.on_server()) {
           db.exec(R"sql(
INSERT INTO source_record (outlet, cn, data_time, part, qn, received_at, values_json)
  SELECT outlet, cn, data_time,
         row_number() OVER (PARTITION BY outlet, cn, data_time ORDER BY received_at, qn) - 1,
         qn, received_at, json_group_array(json_array(pollutant, kind, value, flag))
  FROM source_value GROUP BY outlet, cn, data_time, qn, received_at;
DROP TABLE source_value;
-- One row per (outlet, command, data time, pollutant, value kind), as migration 10's table had them.
CREATE VIEW source_value (outlet, cn, data_time, pollutant, kind, value, flag, qn, received_at) AS
  SELECT r.outlet, r.cn, r.data_time, v.value ->> 0, v.value ->> 1, CAST(v.value ->> 2 AS REAL), v.value ->> 3,
         r.qn, r.received_at
  FROM source_record r, json_each(r.values_json) v;
)sql");
           return;
         }
         db.exec(R"sql(
INSERT INTO source_record (outlet, cn, data_time, part, qn, received_at, values_json)
  SELECT outlet, cn, data_time,
         row_number() OVER (PARTITION BY outlet, cn, data_time ORDER BY received_at, qn) - 1,
         qn, received_at, json_agg(json_build_array(pollutant, kind, value, flag))::text
  FROM source_value GROUP BY outlet, cn, data_time, qn, received_at;
DROP TABLE source_value;
CREATE VIEW source_value (outlet, cn, data_time, pollutant, kind, value, flag, qn, received_at) AS
  SELECT r.outlet, r.cn, r.data_time, v.value ->> 0, v.value ->> 1, CAST(v.value ->> 2 AS DOUBLE PRECISION),
         v.value ->> 3, r.qn, r.received_at
  FROM source_record r, json_array_elements(r.values_json::json) v(value);
)sql");
       }},
      {kReviewSubjectMigration, "review marks of pollution-source outlets",
       [](Database& db) {
         // A mark is about an ambient station (as before) or an outlet. Outlet marks keep the outlet's readable
         // key "enterprise_id/outlet_id" in station_code (which stays the mark's subject code, so its UNIQUE
         // constraint still keeps one mark per rule, subject, parameter and span: station codes hold no '/') and
         // its fid in outlet_fid.
         db.exec_schema(R"sql(
ALTER TABLE review_mark ADD COLUMN subject_kind TEXT NOT NULL DEFAULT 'station'
  CHECK (subject_kind IN ('station', 'outlet'));
ALTER TABLE review_mark ADD COLUMN outlet_fid INTEGER REFERENCES outlet(fid);
CREATE INDEX review_mark_outlet ON review_mark(outlet_fid, start_utc) WHERE outlet_fid IS NOT NULL;
)sql");
         // One audit entry per migration run: a workspace migrated from before the audit log (migration 11) has
         // that migration's entry; one migrated from 11 gets this one (adding columns changes no row, so the
         // generic entry would not be written).
         if (db.pending_write().notes.empty())
           db.describe_write({"migrate", "ecobarrier_migration", std::to_string(kReviewSubjectMigration),
                              R"({"schema":"review marks of pollution-source outlets"})", ""});
       }},
      {14, "accounts, sessions and submissions with approval",
       [](Database& db) {
         // Accounts of the shared service (docs/security.md): a role and a home unit each; the password as
         // libsodium's Argon2id string (salt and parameters inside). Tokens (dashboard sessions and programs'
         // bearer tokens) are kept only as the SHA-256 of their secret. A submission waits here until the level
         // above approves it; only then is its record written to the ledger, patrol, indicator or chief tables.
         db.exec_schema(R"sql(
CREATE TABLE account (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('admin','analyst','reporter','approver','chief','reviewer','viewer')),
  unit_code TEXT NOT NULL REFERENCES admin_unit(code),
  chief_id TEXT,                       -- role chief: the chief (chief.id) this account is
  password_hash TEXT NOT NULL,         -- crypto_pwhash_str (Argon2id)
  disabled INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,  -- consecutive failures since the last success
  locked_until TEXT,                   -- UTC ISO 8601; no login before
  created_at TEXT NOT NULL,
  password_changed_at TEXT NOT NULL);
CREATE TABLE auth_token (
  id TEXT PRIMARY KEY,                 -- public id (shown in lists, used to revoke)
  secret_sha256 TEXT NOT NULL UNIQUE,  -- hex SHA-256 of the secret the client holds
  account TEXT NOT NULL REFERENCES account(name),
  kind TEXT NOT NULL CHECK (kind IN ('session','api')),
  label TEXT NOT NULL DEFAULT '',
  csrf TEXT,                           -- sessions: the token forms must send back (X-CSRF-Token)
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT);
CREATE INDEX auth_token_account ON auth_token(account);
CREATE TABLE submission (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('project','patrol','indicator_value','chief')),
  unit_code TEXT NOT NULL REFERENCES admin_unit(code),  -- the unit it reports for (scope of who sees, approves)
  record_key TEXT NOT NULL,            -- the record's own key (project code, patrol id, indicator/unit/year, chief id)
  record_json TEXT NOT NULL,           -- the record as checked, fields by the CLI import's column names
  status TEXT NOT NULL CHECK (status IN ('submitted','approved','returned')),
  submitted_by TEXT NOT NULL REFERENCES account(name),
  submitted_at TEXT NOT NULL,
  decided_by TEXT REFERENCES account(name),
  decided_at TEXT,
  reason TEXT);
CREATE INDEX submission_unit ON submission(unit_code, status);
CREATE INDEX submission_by ON submission(submitted_by);
-- Counts the commits that changed published data (anything but the tables above and the audit log): the server
-- keeps its cached answers while only logins, sessions and pending submissions change (store/audit.cpp).
CREATE TABLE ecobarrier_generation (id INTEGER PRIMARY KEY CHECK (id = 1), published INTEGER NOT NULL);
INSERT INTO ecobarrier_generation VALUES (1, 0);
-- The route a submitted patrol walked (GeoJSON LineString or MultiLineString, kept as ISO WKB in lon/lat); CSV
-- imports have none. Its length is the patrol's track_km when the record gives none.
ALTER TABLE patrol ADD COLUMN track_wkb BLOB;
)sql");
         // One audit entry per migration run (see migration 13): this one's when it is the run's first.
         if (db.pending_write().notes.empty())
           db.describe_write(
               {"migrate", "ecobarrier_migration", "14", R"({"schema":"accounts, sessions and submissions"})", ""});
       }},
      {15, "farmland soil plots and samples (GB 15618)",
       [](Database& db) {
         // Farmland plots (docs/soil.md): a unit by code (or by the point, at import), the land use of GB 15618
         // Table 1, the area kept as given and exactly (micro-mu, as the ledger's). Samples keep their values as
         // written ("Cd=0.21;Hg=<0.002;As=ND"), so a value below detection stays one.
         db.exec_schema(R"sql(
CREATE TABLE soil_farmland_plot (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  unit_code TEXT,                      -- NULL: the point lies outside every unit
  land_use TEXT NOT NULL CHECK (land_use IN ('paddy','other','orchard','rotation')),
  area_text TEXT NOT NULL,
  area_unit TEXT NOT NULL,
  area_micro_mu INTEGER NOT NULL,
  lon REAL,
  lat REAL,
  source TEXT NOT NULL);
CREATE TABLE soil_farmland_sample (
  sample TEXT PRIMARY KEY,
  plot_code TEXT NOT NULL REFERENCES soil_farmland_plot(code),
  sampled_on TEXT NOT NULL,            -- YYYY-MM-DD
  ph REAL NOT NULL,
  values_text TEXT NOT NULL,
  source TEXT NOT NULL);
CREATE INDEX soil_farmland_sample_plot ON soil_farmland_sample(plot_code, sampled_on);
)sql");
         if (db.pending_write().notes.empty())
           db.describe_write(
               {"migrate", "ecobarrier_migration", "15", R"({"schema":"farmland soil plots and samples"})", ""});
       }},
      {16, "construction-land sites and their soil samples (GB 36600-2018)",
       [](Database& db) {
         // Construction-land sites (建设用地地块) with their planned use, key-site flag (重点建设用地) and the dates of
         // their management steps, and the contents measured in their samples (docs/soil-construction.md).
         db.exec_schema(R"sql(
CREATE TABLE soil_site (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  unit_code TEXT,                      -- deepest unit: given, or the one covering lon/lat; NULL outside all
  lon REAL, lat REAL,
  planned_use TEXT NOT NULL,           -- GB 50137-2011 category as given ('unknown': not determined)
  land_class INTEGER NOT NULL CHECK (land_class IN (1, 2)),
  key_site INTEGER NOT NULL DEFAULT 0, -- 重点建设用地
  key_basis TEXT,                      -- listed (名录), suspected (疑似污染地块), ... as given
  status TEXT NOT NULL,                -- registered, investigated, risk_assessed, controlled, remediated, reused
  investigated_on TEXT, risk_assessed_on TEXT, effect_evaluated_on TEXT, reused_on TEXT,  -- YYYY-MM-DD
  effect_passed INTEGER,               -- effect evaluation (效果评估) of control or remediation: 1 passed, 0 failed
  source TEXT NOT NULL);
CREATE INDEX soil_site_unit ON soil_site(unit_code);
CREATE TABLE soil_site_value (
  site_code TEXT NOT NULL REFERENCES soil_site(code),
  sample TEXT NOT NULL,
  depth TEXT NOT NULL,                 -- metres as written ('' when not given)
  item TEXT NOT NULL,                  -- GB 36600 item code (data/standards/gb36600.csv)
  value REAL NOT NULL,                 -- mg/kg; the detection limit when below_detection
  below_detection INTEGER NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (site_code, sample, depth, item));
)sql");
       }},
      {17, "groundwater monitoring points",
       [](Database& db) {
         // A point is a station (kind 'water': the station table's kinds are fixed by its CHECK) with this row;
         // its samples are observations of the groundwater parameters (GB/T 14848 items, averaging 'sample').
         db.exec_schema(R"sql(
CREATE TABLE groundwater_point (
  code TEXT PRIMARY KEY REFERENCES station(code),
  aquifer TEXT,                        -- 潜水, 承压水, karst ... as given
  point_type TEXT,                     -- 监测井, 民井, 泉 ... as given
  monitoring_level TEXT,               -- 国考, 区考 ... as given (io::groundwater_level normalises it)
  well_depth_m REAL CHECK (well_depth_m >= 0));
)sql");
         if (db.pending_write().notes.empty())
           db.describe_write({"migrate", "ecobarrier_migration", "17", R"({"schema":"groundwater points"})", ""});
       }},
      {18, "centralised drinking-water sources",
       [](Database& db) {
         // Drinking-water sources (docs/drinking-water.md) and the monitoring points (stations) whose samples count
         // for them. league_code/admin_code: the unit written, or the unit of the source's first located point.
         db.exec_schema(R"sql(
CREATE TABLE drinking_source (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('river','lake','groundwater')),
  level TEXT NOT NULL CHECK (level IN ('city','county','township')),
  unit_code TEXT REFERENCES admin_unit(code),  -- as written in the list; NULL: located by its points
  league_code TEXT,
  admin_code TEXT,
  supply_10k_m3 REAL,                  -- water supplied per year, 10^4 m³ (design or actual)
  population INTEGER,                  -- people served
  source_file TEXT);
CREATE TABLE drinking_source_point (
  source_code TEXT NOT NULL REFERENCES drinking_source(code),
  station_code TEXT NOT NULL REFERENCES station(code),
  PRIMARY KEY (source_code, station_code));
CREATE INDEX drinking_source_point_station ON drinking_source_point(station_code);
)sql");
         if (db.pending_write().notes.empty())
           db.describe_write({"migrate", "ecobarrier_migration", "18", R"({"schema":"drinking-water sources"})", ""});
       }},
      {19, "energy and carbon activity data",
       [](Database& db) {
         // Energy consumption per unit, year and fuel in the fuel's base unit (kg, m3, kWh, MJ: GB/T 2589's
         // coefficients are per base unit; the file's unit is kept for the record), GDP at constant 2020 prices
         // (10^4 yuan, with how it was made comparable) and the five-year targets of the intensities
         // (docs/carbon.md). Electricity and heat are net purchased amounts and may be negative.
         db.exec_schema(R"sql(
CREATE TABLE carbon_energy (
  unit_code TEXT NOT NULL REFERENCES admin_unit(code),
  year INTEGER NOT NULL,
  fuel TEXT NOT NULL,
  amount REAL NOT NULL,
  file_amount REAL NOT NULL,
  file_unit TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (unit_code, year, fuel));
CREATE TABLE carbon_gdp (
  unit_code TEXT NOT NULL REFERENCES admin_unit(code),
  year INTEGER NOT NULL,
  gdp_10k_yuan_2020 REAL NOT NULL,
  method TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (unit_code, year));
CREATE TABLE carbon_target (
  unit_code TEXT NOT NULL REFERENCES admin_unit(code),
  indicator TEXT NOT NULL CHECK (indicator IN ('energy_intensity', 'carbon_intensity')),
  base_year INTEGER NOT NULL,
  target_year INTEGER NOT NULL,
  drop_pct REAL NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (unit_code, indicator, target_year));
)sql");
         if (db.pending_write().notes.empty())
           db.describe_write(
               {"migrate", "ecobarrier_migration", "19", R"({"schema":"energy and carbon activity data"})", ""});
       }},
      {kLayerStylesMigration, "QGIS layer styles",
       [](Database& db) {
         // QGIS opens the workspace's layers with colours and names from data/standards (docs/qgis.md).
         write_layer_styles(db);
         if (db.pending_write().notes.empty())
           db.describe_write({"migrate", "ecobarrier_migration", std::to_string(kLayerStylesMigration),
                              R"({"schema":"QGIS layer styles"})", ""});
       }},
  };
  return kMigrations;
}

bool file_exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

std::string not_a_workspace(const std::string& path, const std::string& why) {
  return fmt::format("{}: not an ecobarrier workspace ({}); create one with `ecobarrier init {}`", path, why, path);
}

// Commands other than init open only what is already a workspace: SQLite would create a missing file on a
// read-write open, and would take an empty file for an empty database and let it be migrated into one.
const std::string& require_workspace_file(const std::string& path, Database::Mode mode) {
  if (mode == Database::Mode::create || is_server_workspace(path)) return path;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw StoreError(path + ": no such workspace (create it with: ecobarrier init " + path + ")");
  if (S_ISDIR(st.st_mode)) throw StoreError(not_a_workspace(path, "it is a directory"));
  if (!S_ISREG(st.st_mode)) throw StoreError(not_a_workspace(path, "it is not a regular file"));
  if (st.st_size == 0) throw StoreError(not_a_workspace(path, "the file is empty"));
  return path;
}

}  // namespace

int Workspace::latest_version() { return migrations().back().version; }

namespace {

std::mutex read_only_mutex;
std::multiset<std::string> read_only_paths;  // canonical paths of workspaces held read-only (Workspace::ReadOnly)

std::string canonical_key(const std::string& path) {
  std::error_code ec;
  const auto p = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : p.string();
}

bool held_read_only(const std::string& path) {
  const std::lock_guard lock(read_only_mutex);
  return !read_only_paths.empty() && read_only_paths.count(canonical_key(path)) > 0;
}

}  // namespace

Workspace::ReadOnly::ReadOnly(const std::string& path) : key_(canonical_key(path)) {
  const std::lock_guard lock(read_only_mutex);
  read_only_paths.insert(key_);
}

Workspace::ReadOnly::~ReadOnly() {
  const std::lock_guard lock(read_only_mutex);
  read_only_paths.erase(read_only_paths.find(key_));
}

Workspace::Workspace(const std::string& path, Open how)
    : Workspace(path,
                how == Open::create_if_missing                  ? Database::Mode::create
                : how == Open::existing && held_read_only(path) ? Database::Mode::read_only
                                                                : Database::Mode::read_write,
                latest_version()) {}

Workspace::Workspace(const std::string& path, Database::Mode mode, int up_to)
    : db_(require_workspace_file(path, mode), mode) {
  // Who the audit log names for changes made through this connection (a review decision names its reviewer).
  const char* actor = std::getenv("ECOBARRIER_ACTOR");
  if (!actor || !*actor) actor = std::getenv("USER");
  db_.set_actor(actor && *actor ? actor : "unknown");
  install_audit_hook(db_);
  if (db_.on_server()) {
    open_on_server(mode, up_to);
    return;
  }
  register_gpkg_functions(db_.handle());
  // A file that SQLite cannot read fails here with "file is not a database".
  std::optional<std::int64_t> app_id;
  bool empty = false;
  try {
    // Large imports touch many pages; a 64 MiB page cache keeps them from spilling to disk mid-transaction.
    db_.exec("PRAGMA cache_size = -65536");
    app_id = db_.query_int("PRAGMA application_id");
    empty = db_.query_int("SELECT count(*) FROM sqlite_master").value_or(0) == 0;
  } catch (const StoreError&) {
    if (sqlite3_errcode(db_.handle()) != SQLITE_NOTADB) throw;
    if (mode == Database::Mode::create)
      throw StoreError(path + ": not a GeoPackage or SQLite file; refusing to touch it");
    throw StoreError(not_a_workspace(path, "not a GeoPackage or SQLite file"));
  }
  if (!empty && app_id != 0x47504B47)
    throw StoreError(mode == Database::Mode::create
                         ? path + ": not a GeoPackage (application_id is not 'GPKG'); refusing to touch it"
                         : not_a_workspace(path, "a SQLite file that is not a GeoPackage"));
  if (mode != Database::Mode::create && !db_.table_exists("ecobarrier_migration"))
    throw StoreError(not_a_workspace(path, empty ? "an empty database" : "a GeoPackage without ecobarrier's tables"));
  if (mode == Database::Mode::read_only) {
    // Nothing may be written: no journal-mode switch, no migration; the schema must already be current.
    if (const int version = schema_version(); version != latest_version())
      throw StoreError(
          fmt::format("{}: workspace schema version {} is not this ecobarrier's {}; it is opened read-only "
                      "here: run `ecobarrier init {}` first",
                      path, version, latest_version(), path));
    return;
  }
  use_wal();
  migrate(up_to);
}

// A database on a PostgreSQL server: ecobarrier's when it has the migration table; `init` takes an empty one (PostGIS's
// own spatial_ref_sys aside) and refuses one that holds other tables.
void Workspace::open_on_server(Database::Mode mode, int up_to) {
  const bool ours = db_.table_exists("ecobarrier_migration");
  if (!ours && mode != Database::Mode::create)
    throw StoreError(not_a_workspace(path(), "a PostgreSQL database without ecobarrier's tables"));
  if (!ours) {
    const auto foreign = db_.query_int(
        "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
        "AND tablename <> 'spatial_ref_sys'");
    if (foreign.value_or(0) > 0)
      throw StoreError(path() +
                       ": the database's schema holds tables that are not ecobarrier's; refusing to touch it "
                       "(give ecobarrier a database or schema of its own)");
  }
  if (mode == Database::Mode::read_only) {
    if (const int version = schema_version(); version != latest_version())
      throw StoreError(
          fmt::format("{}: workspace schema version {} is not this ecobarrier's {}; it is opened read-only "
                      "here: run `ecobarrier init {}` first",
                      path(), version, latest_version(), path()));
    return;
  }
  migrate(up_to);
}

// Write-ahead logging: readers (serve) keep reading the last committed state while an import writes, instead of
// waiting for it. The mode is kept in the file, so this changes it once; it needs the file to itself, so when
// another process has it open the change waits for a later open.
void Workspace::use_wal() {
  if (db_.query_text("PRAGMA journal_mode").value_or("") == "wal") return;
  sqlite3_busy_timeout(db_.handle(), 0);
  try {
    db_.exec("PRAGMA journal_mode = WAL");
  } catch (const StoreError&) {
  }
  sqlite3_busy_timeout(db_.handle(), kBusyTimeoutMs);
}

void Workspace::create_at_version(const std::string& path, int version) {
  if (!is_server_workspace(path) && file_exists(path)) throw StoreError(path + ": already exists");
  Workspace ws(path, Database::Mode::create, version);
}

int Workspace::schema_version() {
  if (!db_.table_exists("ecobarrier_migration")) return 0;
  return static_cast<int>(db_.query_int("SELECT max(version) FROM ecobarrier_migration").value_or(0));
}

void Workspace::migrate(int up_to) {
  const int current = schema_version();
  if (current > latest_version())
    throw StoreError(
        fmt::format("{}: workspace schema version {} is newer than this ecobarrier understands "
                    "(up to {}); use a newer ecobarrier",
                    path(), current, latest_version()));
  if (current >= up_to) return;
  Transaction tx(db_);
  // Two programs opening an old server workspace at once: the second waits here, then finds it migrated.
  if (db_.on_server()) db_.exec("SELECT pg_advisory_xact_lock(7310132891657535347)");
  const int now_current = schema_version();
  db_.exec_schema(
      "CREATE TABLE IF NOT EXISTS ecobarrier_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
      "applied_at TEXT NOT NULL)");
  const std::string applied_at = utc_timestamp();
  for (const Migration& m : migrations()) {
    if (m.version <= now_current || m.version > up_to) continue;
    m.apply(db_);
    db_.prepare("INSERT INTO ecobarrier_migration VALUES (?, ?, ?)")
        .bind(1, m.version)
        .bind(2, m.name)
        .bind(3, applied_at)
        .run();
    migrated_.push_back(m.version);
  }
  if (!migrated_.empty() && migrated_.back() > kLayerStylesMigration) write_layer_styles(db_);
  tx.commit();
}

}  // namespace eb::store
