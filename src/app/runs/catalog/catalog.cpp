#include "app/runs/catalog/catalog.hpp"

#include <fmt/format.h>

#include <memory>
#include <ostream>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/file_buffer.hpp"
#include "io/observation_layouts.hpp"
#include "io/reference_tables.hpp"
#include "io/station_list.hpp"
#include "store/retry.hpp"
#include "store/workspace.hpp"

namespace eb::app::runs {

// ---- workspace ----

WorkspaceInitResult run_workspace_init(const std::string& path) {
  store::Workspace ws(path, store::Workspace::Open::create_if_missing);
  WorkspaceInitResult r;
  r.path = path;
  r.schema_version = ws.schema_version();
  if (!ws.migrated().empty()) r.migrated_from = ws.migrated().front() - 1;
  return r;
}

std::string workspace_init_text(const WorkspaceInitResult& r, Lang l) {
  if (!r.migrated_from) {
    return fmt::format("{}: {} {}\n", r.path,
                       tr(l, "工作空间已是最新，架构版本", "workspace is current, schema version"), r.schema_version);
  }
  return fmt::format("{}: {} {} → {}\n", r.path, tr(l, "已迁移架构版本", "schema migrated"), *r.migrated_from,
                     r.schema_version);
}

// ---- administrative units ----

namespace {

std::map<std::string, store::UnitNames> load_unit_names(const std::string& path) {
  std::map<std::string, store::UnitNames> out;
  const auto zh = io::read_key_value_csv(path, "name_zh");
  const auto en = io::read_key_value_csv(path, "name_en");
  for (const auto& [code, name] : zh) out[code] = {name, en.at(code)};
  return out;
}

Table units_table(const std::vector<store::AdminUnit>& units) {
  Table t;
  t.columns = {{"code", "代码", "code"},   {"name_zh", "名称", "name (zh)"}, {"name_en", "英文名", "name (en)"},
               {"level", "级别", "level"}, {"kind", "类型", "kind"},         {"parent", "上级", "parent"}};
  for (const auto& u : units) t.add({u.code, u.name_zh, u.name_en, u.level, u.kind, u.parent_code});
  return t;
}

}  // namespace

UnitImportResult run_unit_import(const UnitImportRequest& req, const RunEnv& env) {
  const auto names =
      load_unit_names(req.names_path.empty() ? data_dir() + "/reference/admin_units.csv" : req.names_path);
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  UnitImportResult r;
  for (const auto& f : req.files) {
    const auto features = io::read_admin_features(f, req.fields, env.text_input());
    r.files.push_back(
        {f, store::with_retry(ws.db(), [&] { return store::import_admin_units(ws, features, names, f); })});
  }
  return r;
}

Document unit_import_document(const UnitImportResult& r, Lang l) {
  Table t;
  t.columns = {{"file", "文件", "file"},           {"added", "新增", "added"},
               {"updated", "更新", "updated"},     {"unchanged", "未变", "unchanged"},
               {"derived", "合并生成", "derived"}, {"repaired", "修复几何", "repaired"}};
  Document doc;
  for (const auto& [file, rep] : r.files) {
    t.add({file, rep.added, rep.updated, rep.unchanged, rep.derived, static_cast<int>(rep.repaired.size())});
    for (const auto& what : rep.repaired) doc.note(tr(l, "已修复无效多边形: ", "repaired invalid polygon: ") + what);
  }
  doc.parts.emplace_back(std::string(), std::move(t));
  return doc;
}

UnitQueryResult run_unit_query(const UnitQuery& q) {
  store::Workspace ws(q.ws, store::Workspace::Open::existing);
  UnitQueryResult r;
  r.query = q;
  if ((q.kind == UnitQueryKind::children || q.kind == UnitQueryKind::ancestors) && !store::find_unit(ws, q.code))
    throw InputError("unknown unit " + q.code);
  switch (q.kind) {
    case UnitQueryKind::list:
      r.units = store::list_units(ws, q.level);
      break;
    case UnitQueryKind::children:
      r.units = store::children_of(ws, q.code);
      break;
    case UnitQueryKind::ancestors:
      r.units = store::ancestors_of(ws, q.code);
      break;
    case UnitQueryKind::at:
      r.units = store::units_at(ws, q.lon, q.lat);
      break;
  }
  return r;
}

Document units_document(const UnitQueryResult& r, Lang l) {
  Document doc(units_table(r.units));
  if (r.query.kind == UnitQueryKind::at && r.units.empty())
    doc.note(fmt::format("{} ({}, {})", tr(l, "该点不在任何行政区内", "no unit contains"), r.query.lon, r.query.lat));
  return doc;
}

// ---- stations ----

namespace {

Table stations_table(const std::vector<store::StationRow>& rows) {
  Table t;
  t.columns = {{"code", "站点编码", "code"},
               {"name", "站点名称", "name"},
               {"kind", "类型", "kind"},
               {"listed_city", "所列城市", "listed city"},
               {"league", "盟市", "league/city"},
               {"admin_code", "所在旗县区", "banner/county"},
               {"lon", "经度", "lon"},
               {"lat", "纬度", "lat"},
               {"note", "备注", "note"}};
  for (const auto& r : rows)
    t.add({r.code, r.name, r.kind, r.listed_city, r.league_code, r.admin_code, r.lon, r.lat, r.location_note});
  return t;
}

}  // namespace

std::vector<store::StationRow> StationImportResult::unlocated() const {
  std::vector<store::StationRow> out;
  for (const auto& f : files) out.insert(out.end(), f.report.unlocated.begin(), f.report.unlocated.end());
  return out;
}

StationImportResult run_station_import(const StationImportRequest& req, const RunEnv& env) {
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  StationImportResult r;
  for (const auto& f : req.files) {
    io::FileBuffer buf(f, env.text_input());
    const auto list = io::read_station_list(buf.text(), f);
    if (!list.rejections.empty()) throw_rejections(f, list.rejections, "nothing was imported");
    r.files.push_back(
        {f, list.layout, store::with_retry(ws.db(), [&] { return store::import_stations(ws, list, req.kind); })});
  }
  return r;
}

Document station_import_document(const StationImportResult& r, Lang l, bool for_terminal) {
  Table t;
  t.columns = {{"file", "文件", "file"},
               {"layout", "格式", "layout"},
               {"added", "新增", "added"},
               {"updated", "更新", "updated"},
               {"unchanged", "未变", "unchanged"},
               {"located", "已定位到旗县区", "in a banner/county"},
               {"unlocated", "未定位", "not located"}};
  for (const auto& f : r.files) {
    const auto& rep = f.report;
    t.add(
        {f.file, f.layout, rep.added, rep.updated, rep.unchanged, rep.located, static_cast<int>(rep.unlocated.size())});
  }
  const auto unlocated = r.unlocated();
  Document doc(std::move(t));
  if (unlocated.empty()) return doc;
  if (for_terminal) {
    // Two tables one after the other, as write_document sets them out for people.
    Table u = stations_table(unlocated);
    u.title_zh = fmt::format("未定位到旗县区的站点（{} 个，已导入）", unlocated.size());
    u.title_en = fmt::format("Stations not attached to a banner/county ({}, imported)", unlocated.size());
    doc.parts.emplace_back("unlocated", std::move(u));
    doc.keyed = true;
  } else {
    doc.note(fmt::format("{} {}", unlocated.size(),
                         tr(l, "个站点未定位到旗县区（见 station list）",
                            "station(s) not attached to a banner/county (see station list)")));
  }
  return doc;
}

std::vector<store::StationRow> run_station_list(const std::string& ws_path, const std::string& unit) {
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  return store::list_stations(ws, unit.empty() ? std::nullopt : std::optional(unit));
}

Document stations_document(const std::vector<store::StationRow>& rows) { return Document(stations_table(rows)); }

// ---- observations ----

namespace {

void write_quarantine(const std::string& path, const std::vector<store::ImportFile>& files,
                      const store::ImportResult& r) {
  io::AtomicFile file(path);  // whole or not at all, like every output
  std::ostream& out = file.stream();
  Table t;
  t.columns = {{"file", "", ""}, {"line", "", ""},      {"column", "", ""}, {"station", "", ""},
               {"time", "", ""}, {"parameter", "", ""}, {"raw", "", ""},    {"reason", "", ""}};
  for (std::size_t k = 0; k < files.size(); ++k)
    for (const auto& rej : r.rejected[k])
      t.add({files[k].batch->file, static_cast<std::int64_t>(rej.line), static_cast<std::int64_t>(rej.column),
             rej.station, rej.time, rej.parameter, rej.raw, rej.reason});
  out << "\xEF\xBB\xBF";
  write_table(out, t, Format::csv, Lang::en);
  file.commit();
}

// The files read and parsed (each reported as a step), with how the store resolves their station keys.
struct ParsedFiles {
  std::vector<std::unique_ptr<io::FileBuffer>> buffers;
  std::vector<io::ObservationBatch> batches;
  std::vector<store::ImportFile> files;
  std::map<std::string, std::string> station_map;
};

void parse_files(const ObsImportRequest& req, const RunEnv& env, ParsedFiles& p) {
  p.batches.reserve(req.files.size());
  for (const auto& path : req.files) {
    p.buffers.push_back(std::make_unique<io::FileBuffer>(path, env.text_input()));
    const auto text = p.buffers.back()->text();
    const io::LayoutInfo* layout = nullptr;
    if (req.layout == "auto") {
      if (const auto detected = io::detect_layout(text)) layout = &io::layout_info(*detected);
      if (!layout)
        throw InputError(fmt::format("{}:1:1: cannot recognise the layout from the header; give --layout {}", path,
                                     io::layout_choices()));
    } else {
      layout = io::find_layout(req.layout);
      if (!layout) throw UsageError(fmt::format("--layout: {} is not one of {}", req.layout, io::layout_choices()));
    }
    {
      Step step(env, fmt::format("读取 {}", path), fmt::format("reading {}", path), text.size());
      p.batches.push_back(io::read_observations(text, path, layout->id, [&](std::size_t b) { step.update(b); }));
    }
    store::ImportFile f;
    f.batch = &p.batches.back();
    f.sha256 = io::sha256_hex(text);
    f.source = req.source.empty() ? std::string(layout->default_source) : req.source;
    if (layout->keys == io::StationKeying::mapped) {
      if (p.station_map.empty())
        p.station_map = io::read_key_value_csv(
            req.station_map.empty() ? data_dir() + "/reference/uci_beijing_stations.csv" : req.station_map, "code");
      f.keys = store::StationKeys::mapped;
      f.key_map = &p.station_map;
    } else if (layout->keys == io::StationKeying::city_name) {
      f.keys = store::StationKeys::city_name;
    } else if (p.batches.back().layout == "national-auto") {
      f.keys = store::StationKeys::name;  // that publication names sections, it has no codes
    }
    p.files.push_back(f);
  }
}

}  // namespace

ObsImportResult run_obs_import(const ObsImportRequest& req, const RunEnv& env) {
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  // The import is one transaction. It drops values of unknown stations from the parsed batches as it goes, so an
  // attempt that a concurrent writer made fail (store/retry.hpp) starts again from the files.
  std::unique_ptr<ParsedFiles> parsed;
  const store::ImportResult stored = store::with_retry(ws.db(), [&] {
    parsed = std::make_unique<ParsedFiles>();
    parse_files(req, env, *parsed);
    std::size_t total = 0;
    for (const auto& b : parsed->batches) total += b.size();
    Step step(env, "写入工作空间", "writing to workspace", total);
    store::ImportOptions options;
    options.quarantine = !req.quarantine.empty();
    options.progress = [&](std::size_t done, std::size_t) { step.update(done); };
    return store::import_observations(ws, parsed->files, options);
  });
  const ParsedFiles& p = *parsed;
  if (!req.quarantine.empty()) write_quarantine(req.quarantine, p.files, stored);
  ObsImportResult r;
  r.committed = stored.committed;
  r.quarantine = req.quarantine;
  r.rejected_total = stored.rejected_total();
  for (std::size_t k = 0; k < p.files.size(); ++k) {
    const auto& b = p.batches[k];
    r.files.push_back({b.file, b.layout, b.rows_read, b.size(), b.missing, stored.per_file[k].added,
                       stored.per_file[k].unchanged, stored.rejected[k].size()});
  }
  return r;
}

Document obs_import_document(const ObsImportResult& r, Lang l) {
  Table t;
  t.columns = {{"file", "文件", "file"},
               {"layout", "格式", "layout"},
               {"rows", "数据行", "rows"},
               {"values", "有效值", "values"},
               {"missing", "缺测", "missing"},
               {"added", "新增", "added"},
               {"unchanged", "已存在", "unchanged"},
               {"rejected", "拒绝", "rejected"}};
  for (const auto& f : r.files)
    t.add({f.file, f.layout, f.rows, f.values, f.missing, f.added, f.unchanged, f.rejected});
  Document doc(std::move(t));
  if (!r.quarantine.empty() && r.rejected_total > 0)
    doc.note(fmt::format("{} {} {}", r.rejected_total, tr(l, "条记录被拒绝，已写入", "record(s) rejected, written to"),
                         r.quarantine));
  if (!r.committed) doc.note(tr(l, "没有新数据，工作空间未改变。", "Nothing new: the workspace is unchanged."));
  return doc;
}

}  // namespace eb::app::runs
