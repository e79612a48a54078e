// ecobarrier obs import
#include <fmt/format.h>

#include <fstream>

#include "app/cli/context.hpp"
#include "app/cli/progress.hpp"
#include "app/table/lang.hpp"
#include "core/error.hpp"
#include "io/file_buffer.hpp"
#include "io/observation_layouts.hpp"
#include "io/reference_tables.hpp"
#include "store/observation_store.hpp"

namespace eb::app {

namespace {

std::string default_source(io::ObservationLayout l) {
  switch (l) {
    case io::ObservationLayout::cnemc_wide:
      return "CNEMC national real-time air quality publication";
    case io::ObservationLayout::uci_beijing:
      return "UCI Beijing Multi-Site Air-Quality data set (CC BY 4.0)";
    case io::ObservationLayout::aqistudy_daily:
      return "aqistudy.cn daily city values";
    case io::ObservationLayout::long_table:
      return "user file";
    case io::ObservationLayout::water_samples:
      return "water samples (user file)";
  }
  return "";
}

void write_quarantine(const std::string& path, const std::vector<store::ImportFile>& files,
                      const store::ImportResult& r) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw IoError(path + ": cannot write quarantine file");
  Table t;
  t.columns = {{"file", "", ""}, {"line", "", ""},      {"column", "", ""}, {"station", "", ""},
               {"time", "", ""}, {"parameter", "", ""}, {"raw", "", ""},    {"reason", "", ""}};
  for (std::size_t k = 0; k < files.size(); ++k)
    for (const auto& rej : r.rejected[k])
      t.add({files[k].batch->file, static_cast<std::int64_t>(rej.line), static_cast<std::int64_t>(rej.column),
             rej.station, rej.time, rej.parameter, rej.raw, rej.reason});
  out << "\xEF\xBB\xBF";
  write_table(out, t, Format::csv, Lang::en);
  if (!out) throw IoError(path + ": write failed");
}

}  // namespace

void run_obs_import(Context& ctx, const std::string& ws_path, const std::vector<std::string>& paths,
                    const std::string& layout_name, const std::string& source, const std::string& quarantine,
                    const std::string& station_map_path) {
  const Lang l = ctx.lang();
  std::vector<std::unique_ptr<io::FileBuffer>> buffers;
  std::vector<io::ObservationBatch> batches;
  std::vector<store::ImportFile> files;
  std::map<std::string, std::string> station_map;
  batches.reserve(paths.size());
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  for (const auto& path : paths) {
    buffers.push_back(std::make_unique<io::FileBuffer>(path));
    const auto text = buffers.back()->text();
    std::optional<io::ObservationLayout> layout;
    if (layout_name == "auto") {
      layout = io::detect_layout(text);
      if (!layout)
        throw InputError(path +
                         ":1:1: cannot recognise the layout from the header; give --layout "
                         "cnemc-wide|long|uci-beijing|aqistudy-daily");
    } else {
      layout = io::parse_layout_name(layout_name);
    }
    Progress bar(fmt::format("{} {}", tr(l, "读取", "reading"), path), text.size());
    batches.push_back(io::read_observations(text, path, *layout, [&](std::size_t b) { bar.update(b); }));
    bar.finish();
    store::ImportFile f;
    f.batch = &batches.back();
    f.sha256 = io::sha256_hex(text);
    f.source = source.empty() ? default_source(*layout) : source;
    if (*layout == io::ObservationLayout::uci_beijing) {
      if (station_map.empty())
        station_map = io::read_key_value_csv(
            station_map_path.empty() ? Context::data_dir() + "/reference/uci_beijing_stations.csv" : station_map_path,
            "code");
      f.keys = store::StationKeys::mapped;
      f.key_map = &station_map;
    } else if (*layout == io::ObservationLayout::aqistudy_daily) {
      f.keys = store::StationKeys::city_name;
    } else if (batches.back().layout == "national-auto") {
      f.keys = store::StationKeys::name;  // that publication names sections, it has no codes
    }
    files.push_back(f);
  }
  std::size_t total = 0;
  for (const auto& b : batches) total += b.size();
  Progress bar(tr(l, "写入工作空间", "writing to workspace"), total);
  store::ImportOptions options;
  options.quarantine = !quarantine.empty();
  options.progress = [&](std::size_t done, std::size_t) { bar.update(done); };
  const store::ImportResult r = store::import_observations(ws, files, options);
  bar.finish();
  if (!quarantine.empty()) {
    write_quarantine(quarantine, files, r);
    if (r.rejected_total() > 0)
      ctx.note(fmt::format("{} {} {}", r.rejected_total(),
                           tr(l, "条记录被拒绝，已写入", "record(s) rejected, written to"), quarantine));
  }
  Table t;
  t.columns = {{"file", "文件", "file"},
               {"layout", "格式", "layout"},
               {"rows", "数据行", "rows"},
               {"values", "有效值", "values"},
               {"missing", "缺测", "missing"},
               {"added", "新增", "added"},
               {"unchanged", "已存在", "unchanged"},
               {"rejected", "拒绝", "rejected"}};
  for (std::size_t k = 0; k < files.size(); ++k) {
    const auto& b = batches[k];
    t.add({b.file, b.layout, b.rows_read, b.size(), b.missing, r.per_file[k].added, r.per_file[k].unchanged,
           r.rejected[k].size()});
  }
  write_table(ctx.out(), t, ctx.format(), l);
  if (!r.committed) ctx.note(tr(l, "没有新数据，工作空间未改变。", "Nothing new: the workspace is unchanged."));
}

void add_obs_commands(CLI::App& app, Context& ctx) {
  struct Options {
    std::string ws, layout = "auto", source, quarantine, station_map;
    std::vector<std::string> files;
  };
  auto o = std::make_shared<Options>();
  auto* obs = app.add_subcommand("obs", "Observations (monitoring values)");
  obs->require_subcommand(1);
  obs->footer("Examples:\n  ecobarrier obs import ws.gpkg cnemc.csv\n\nThe layouts are described in docs/formats.md.");
  auto* imp = obs->add_subcommand("import", "Import observation files in one transaction");
  imp->add_option("WS", o->ws, "Workspace")->required();
  imp->add_option("FILE", o->files, "Files (.csv or .csv.gz)")->required();
  imp->add_option("--layout", o->layout, "File layout (docs/formats.md)")
      ->check(CLI::IsMember({"auto", "cnemc-wide", "long", "uci-beijing", "aqistudy-daily", "water"}))
      ->capture_default_str();
  imp->add_option("--source", o->source, "Publisher recorded with every value (default depends on the layout)");
  imp->add_option("--quarantine", o->quarantine,
                  "Import the good records and write each rejected record with its reason to this CSV");
  imp->add_option(
      "--station-map", o->station_map,
      "CSV name,code mapping UCI site names to station codes (default: data/reference/uci_beijing_stations.csv)");
  imp->footer(
      "Examples:\n"
      "  ecobarrier obs import ws.gpkg data/demo/air/cnemc_hourly_2019H1_innermongolia.csv\n"
      "  ecobarrier obs import ws.gpkg values.csv --layout long --source \"city monitoring centre\"\n"
      "  ecobarrier obs import ws.gpkg day.csv --quarantine rejected.csv\n\n"
      "All files of one command are one transaction: if any record is rejected (unknown station, unparsable\n"
      "number, negative concentration, impossible timestamp, conflicting duplicate, wrong unit), nothing is\n"
      "stored and each problem is reported as file:line:column (exit code 3) — unless --quarantine is given.\n"
      "Values already stored with the same value are left alone, so re-importing a file changes nothing.");
  imp->callback(
      [o, &ctx] { run_obs_import(ctx, o->ws, o->files, o->layout, o->source, o->quarantine, o->station_map); });
}

}  // namespace eb::app
