// ecobarrier water classify
#include <fmt/format.h>

#include <set>

#include "app/cli/context.hpp"
#include "app/cli/messages.hpp"
#include "core/error.hpp"
#include "io/file_buffer.hpp"
#include "io/water_samples.hpp"
#include "standards/gb3838.hpp"

namespace eb::app {

namespace {

using standards::Waterbody;

void run_classify(Context& ctx, const std::vector<std::string>& paths, const std::string& waterbody_option,
                  const std::string& below_option) {
  const Lang l = ctx.lang();
  const bool zh = l == Lang::zh;
  const io::BelowDetection rule = io::parse_below_detection(below_option).value();
  std::vector<io::WaterSamples> files;
  std::set<std::string> items_seen;
  for (const auto& path : paths) {
    io::FileBuffer buf(path);
    files.push_back(io::read_water_samples(buf.text(), path, rule));
    const auto& f = files.back();
    if (!f.rejections.empty()) {
      std::string msg = fmt::format("{} record(s) rejected in {}; nothing was classified\n", f.rejections.size(), path);
      for (std::size_t i = 0; i < f.rejections.size() && i < 20; ++i)
        msg +=
            fmt::format("  {}:{}:{}: {}\n", path, f.rejections[i].line, f.rejections[i].column, f.rejections[i].reason);
      throw InputError(msg);
    }
    for (const auto& s : f.samples)
      for (const auto& v : s.values) items_seen.insert(v.item);
    if (f.below_detection || f.not_detected)
      ctx.note(fmt::format("{}: {} {} ({}), {} {}", path, f.below_detection,
                           tr(l, "个低于检出限的值按", "values below the detection limit taken as"), below_option,
                           f.not_detected,
                           tr(l, "个未检出（无检出限）按缺测处理", "not detected without a limit (left out)")));
  }
  Table t;
  t.columns = {{"section", "断面", "section"},
               {"time", "时间", "time"},
               {"waterbody", "水体", "waterbody"},
               {"class", "水质类别", "class"},
               {"status", "水质状况", "status"},
               {"controlling_items", "定类项目", "controlling items"},
               {"main_pollutants", "主要污染指标（超III类倍数）", "main pollutants (times over class III)"},
               {"tn_class", "总氮类别", "TN class"},
               {"fecal_coliform_class", "粪大肠菌群类别", "fecal coliform class"},
               {"tli", "综合营养状态指数", "TLI", 2},
               {"trophic_state", "营养状态", "trophic state"},
               {"cwqi", "CWQI", "CWQI", 4},
               {"n_items", "项目数", "items"}};
  std::vector<std::string> item_columns;
  for (const auto& item : standards::water_items())
    if (items_seen.count(item.code)) {
      item_columns.push_back(item.code);
      t.columns.push_back({"class_" + item.code, item.name_zh, item.code});
    }
  for (const auto& f : files) {
    for (const auto& s : f.samples) {
      Waterbody wb;
      if (waterbody_option == "river")
        wb = Waterbody::river;
      else if (waterbody_option == "lake")
        wb = Waterbody::lake;
      else if (s.waterbody)
        wb = *s.waterbody;
      else
        throw InputError(
            fmt::format("{}:{}: section {}: the waterbody is unknown; add a waterbody column (river/lake) "
                        "or give --waterbody",
                        f.file, s.line, s.section));
      std::vector<standards::ItemValue> values;
      for (const auto& v : s.values) values.push_back({v.item, v.value});
      const standards::SectionResult r = standards::classify_section(values, wb);
      std::string controlling, main;
      for (const auto& c : r.controlling) controlling += (controlling.empty() ? "" : "|") + c;
      for (std::size_t i = 0; i < r.worse_than_iii.size() && i < 3; ++i)
        main +=
            fmt::format("{}{}:{:.2f}", main.empty() ? "" : "|", r.worse_than_iii[i].item, r.worse_than_iii[i].times);
      auto class_of = [&](const std::string& item) -> Cell {
        for (const auto& [code, cls] : r.item_classes)
          if (code == item) return Cell(std::string(standards::class_name(cls, zh)));
        return Cell();
      };
      std::vector<Cell> row{s.section,
                            format_beijing_iso(s.time),
                            wb == Waterbody::lake ? tr(l, "湖库", "lake") : tr(l, "河流", "river"),
                            r.cls ? Cell(std::string(standards::class_name(r.cls, zh))) : Cell(),
                            r.cls ? Cell(std::string(standards::water_status(r.cls, zh))) : Cell(),
                            controlling,
                            main,
                            class_of("TN"),
                            class_of("fecal_coliform")};
      const auto trophic = wb == Waterbody::lake ? standards::trophic_state(values) : std::nullopt;
      row.push_back(trophic ? Cell(trophic->reported) : Cell());
      row.push_back(trophic ? Cell(zh ? trophic->class_zh : trophic->class_en) : Cell());
      row.push_back(standards::cwqi(values, wb));
      row.push_back(s.values.size());
      for (const auto& item : item_columns) row.push_back(class_of(item));
      t.add(std::move(row));
    }
  }
  write_table(ctx.out(), t, ctx.format(), l);
}

}  // namespace

void add_water_commands(CLI::App& app, Context& ctx) {
  auto* water = app.add_subcommand("water", "Surface water: GB 3838-2002 classes, trophic state, CWQI");
  water->require_subcommand(1);
  water->footer(
      "Examples:\n  ecobarrier water classify samples.csv --waterbody river\n\nRules and sources: docs/water.md.");
  struct Options {
    std::vector<std::string> files;
    std::string waterbody = "auto", below = "half";
  };
  auto o = std::make_shared<Options>();
  auto* cls =
      water->add_subcommand("classify", "Class, status and main pollutants of every sample (no workspace needed)");
  cls->add_option("FILE", o->files, "Sample files: wide, long or the national automatic-station layout")->required();
  cls->add_option("--waterbody", o->waterbody, "auto (the file's waterbody column), river or lake")
      ->check(CLI::IsMember({"auto", "river", "lake"}))
      ->capture_default_str();
  cls->add_option("--below-dl", o->below,
                  "A value below the detection limit (<0.01, 0.01L) becomes half the limit, the limit, or zero")
      ->check(CLI::IsMember({"half", "limit", "zero"}))
      ->capture_default_str();
  cls->footer(
      "Examples:\n"
      "  ecobarrier water classify samples.csv --waterbody river --format csv -o classes.csv\n"
      "  ecobarrier water classify lakes.csv --waterbody lake --lang en\n\n"
      "Single-factor method: the section takes the worst class of the 21 routine items of GB 3838-2002 Table 1\n"
      "(TN and fecal coliform are reported apart); main pollutants: items worse than class III, by multiple\n"
      "over the class III limit (pH and DO have none). Lakes also get TLI(Σ) when chla, TP, TN, SD or CODMn is there.");
  cls->callback([o, &ctx] { run_classify(ctx, o->files, o->waterbody, o->below); });
}

}  // namespace eb::app
