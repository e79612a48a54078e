// ecobarrier station import|list
#include <fmt/format.h>

#include "app/cli/context.hpp"
#include "app/table/lang.hpp"
#include "core/error.hpp"
#include "io/file_buffer.hpp"
#include "io/station_list.hpp"
#include "store/observation_store.hpp"
#include "store/station_store.hpp"

namespace eb::app {

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

void run_station_import(Context& ctx, const std::string& ws_path, const std::vector<std::string>& files,
                        const std::string& kind) {
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  const Lang l = ctx.lang();
  Table t;
  t.columns = {{"file", "文件", "file"},
               {"layout", "格式", "layout"},
               {"added", "新增", "added"},
               {"updated", "更新", "updated"},
               {"unchanged", "未变", "unchanged"},
               {"located", "已定位到旗县区", "in a banner/county"},
               {"unlocated", "未定位", "not located"}};
  std::vector<store::StationRow> unlocated;
  for (const auto& f : files) {
    io::FileBuffer buf(f);
    const auto list = io::read_station_list(buf.text(), f);
    if (!list.rejections.empty()) throw_rejections(f, list.rejections, "nothing was imported");
    const auto r = store::import_stations(ws, list, kind);
    t.add({f, list.layout, r.added, r.updated, r.unchanged, r.located, static_cast<int>(r.unlocated.size())});
    unlocated.insert(unlocated.end(), r.unlocated.begin(), r.unlocated.end());
  }
  write_table(ctx.out(), t, ctx.format(), l);
  if (!unlocated.empty() && ctx.format() == Format::table) {
    ctx.out() << "\n";
    Table u = stations_table(unlocated);
    u.title_zh = fmt::format("未定位到旗县区的站点（{} 个，已导入）", unlocated.size());
    u.title_en = fmt::format("Stations not attached to a banner/county ({}, imported)", unlocated.size());
    write_table(ctx.out(), u, Format::table, l);
  } else if (!unlocated.empty()) {
    ctx.note(fmt::format("{} {}", unlocated.size(),
                         tr(l, "个站点未定位到旗县区（见 station list）",
                            "station(s) not attached to a banner/county (see station list)")));
  }
}

void add_station_commands(CLI::App& app, Context& ctx) {
  struct Options {
    std::string ws, kind = "air", unit;
    std::vector<std::string> files;
  };
  auto o = std::make_shared<Options>();
  auto* station = app.add_subcommand("station", "Monitoring stations");
  station->require_subcommand(1);
  station->footer(
      "Examples:\n  ecobarrier station import ws.gpkg stations.csv\n  ecobarrier station list ws.gpkg --unit 150100");

  auto* imp =
      station->add_subcommand("import", "Import station lists; attach stations to league/city and banner/county");
  imp->add_option("WS", o->ws, "Workspace")->required();
  imp->add_option("FILE", o->files, "Station list CSV files")->required();
  imp->add_option("--kind", o->kind, "Station kind")
      ->check(CLI::IsMember({"air", "water", "soil", "source"}))
      ->capture_default_str();
  imp->footer(
      "Examples:\n"
      "  ecobarrier station import ws.gpkg data/demo/air/cnemc_station_list_2022-02-13_innermongolia.csv\n\n"
      "Layouts (by header): 监测点编码,监测点名称,城市,经度,纬度[,对照点] (CNEMC 2022);\n"
      "stationcode,positionname,area,longitude,latitude (CNEMC 2018); code,name,city,lon,lat[,control].\n"
      "The league/city comes from the list's city name; the banner/county from the point (point-in-polygon).\n"
      "Stations outside every polygon, or whose point contradicts the list, are imported and reported.");
  imp->callback([o, &ctx] { run_station_import(ctx, o->ws, o->files, o->kind); });

  auto* list = station->add_subcommand("list", "List stations, optionally of one unit");
  list->add_option("WS", o->ws, "Workspace")->required();
  list->add_option("--unit", o->unit, "Only stations in this league/city or banner/county (GB/T 2260 code)");
  list->footer("Examples:\n  ecobarrier station list ws.gpkg --unit 150100 --format csv -o hohhot.csv");
  list->callback([o, &ctx] {
    store::Workspace ws(o->ws, store::Workspace::Open::existing);
    write_table(ctx.out(),
                stations_table(store::list_stations(ws, o->unit.empty() ? std::nullopt : std::optional(o->unit))),
                ctx.format(), ctx.lang());
  });
}

}  // namespace eb::app
