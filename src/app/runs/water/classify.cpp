#include "app/runs/water/classify.hpp"

#include <fmt/format.h>

#include <set>

#include "app/runs/run_env.hpp"
#include "app/runs/water/water_runs.hpp"
#include "core/error.hpp"
#include "io/file_buffer.hpp"

namespace eb::app::runs {

namespace {

using standards::Waterbody;

Waterbody waterbody_of(const WaterClassifyRequest& req, const io::WaterSamples& f, const io::WaterSample& s) {
  if (req.waterbody) return *req.waterbody;
  if (s.waterbody) return *s.waterbody;
  throw InputError(fmt::format(
      "{}:{}: section {}: the waterbody is unknown; add a waterbody column (river/lake) or give --waterbody", f.file,
      s.line, s.section));
}

WaterClassifiedSample classify_sample(const io::WaterSample& s, Waterbody wb) {
  std::vector<standards::ItemValue> values;
  for (const auto& v : s.values) values.push_back({v.item, v.value});
  WaterClassifiedSample out;
  out.section = s.section;
  out.time = s.time;
  out.waterbody = wb;
  out.result = standards::classify_section(values, wb);
  if (wb == Waterbody::lake) out.trophic = standards::trophic_state(values);
  out.cwqi = standards::cwqi(values, wb);
  out.items = s.values.size();
  return out;
}

Table classify_table(const WaterClassifyResult& r) {
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
  for (const auto& code : r.items) {
    const auto* item = standards::find_water_item(code);
    t.columns.push_back({"class_" + code, item ? item->name_zh : code, code});
  }
  return t;
}

std::vector<Cell> classify_row(const WaterClassifiedSample& s, const std::vector<std::string>& items, Lang l) {
  const bool zh = l == Lang::zh;
  const auto& r = s.result;
  std::string controlling;
  for (const auto& c : r.controlling) controlling += (controlling.empty() ? "" : "|") + c;
  auto class_of = [&](const std::string& item) -> Cell {
    for (const auto& [code, cls] : r.item_classes)
      if (code == item) return Cell(std::string(standards::class_name(cls, zh)));
    return Cell();
  };
  std::vector<Cell> row{s.section,
                        format_beijing_iso(s.time),
                        s.waterbody == Waterbody::lake ? tr(l, "湖库", "lake") : tr(l, "河流", "river"),
                        r.cls ? Cell(std::string(standards::class_name(r.cls, zh))) : Cell(),
                        r.cls ? Cell(std::string(standards::water_status(r.cls, zh))) : Cell(),
                        controlling,
                        water_main_pollutants(r),
                        class_of("TN"),
                        class_of("fecal_coliform")};
  row.push_back(s.trophic ? Cell(s.trophic->reported) : Cell());
  row.push_back(s.trophic ? Cell(zh ? s.trophic->class_zh : s.trophic->class_en) : Cell());
  row.push_back(s.cwqi);
  row.push_back(s.items);
  for (const auto& item : items) row.push_back(class_of(item));
  return row;
}

}  // namespace

io::WaterSamples water_sample_file(const std::string& path, io::BelowDetection rule) {
  io::FileBuffer buf(path);
  io::WaterSamples f = io::read_water_samples(buf.text(), path, rule);
  if (!f.rejections.empty()) throw_rejections(path, f.rejections, "nothing was classified");
  return f;
}

Document water_sample_file_document(const io::WaterSamples& f, io::BelowDetection rule, Lang l) {
  Document doc;
  if (f.below_detection || f.not_detected)
    doc.note(fmt::format("{}: {} {} ({}), {} {}", f.file, f.below_detection,
                         tr(l, "个低于检出限的值按", "values below the detection limit taken as"),
                         water_below_detection_name(rule), f.not_detected,
                         tr(l, "个未检出（无检出限）按缺测处理", "not detected without a limit (left out)")));
  return doc;
}

WaterClassifyResult run_water_classify(const WaterClassifyRequest& req) {
  std::set<std::string> seen;
  for (const auto& f : req.files)
    for (const auto& s : f.samples)
      for (const auto& v : s.values) seen.insert(v.item);
  WaterClassifyResult r;
  for (const auto& item : standards::water_items())
    if (seen.count(item.code)) r.items.push_back(item.code);
  for (const auto& f : req.files)
    for (const auto& s : f.samples) r.samples.push_back(classify_sample(s, waterbody_of(req, f, s)));
  return r;
}

Document water_classify_document(const WaterClassifyResult& r, Lang lang) {
  Table t = classify_table(r);
  for (const auto& s : r.samples) t.add(classify_row(s, r.items, lang));
  return Document(std::move(t));
}

}  // namespace eb::app::runs
