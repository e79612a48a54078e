#include "app/runs/soil/farmland_classify.hpp"

#include <fmt/format.h>

#include <set>

#include "app/runs/run_env.hpp"
#include "io/file_buffer.hpp"

namespace eb::app::runs {

io::SoilSamples soil_sample_file(const std::string& path) {
  io::FileBuffer buf(path);
  io::SoilSamples f = io::read_soil_samples(buf.text(), path);
  if (!f.rejections.empty()) throw_rejections(path, f.rejections, "nothing was classified");
  return f;
}

SoilClassifyResult run_soil_classify(const SoilClassifyRequest& req) {
  SoilClassifyResult r;
  r.rule = req.rule;
  std::set<std::string> seen;
  for (const auto& f : req.files) {
    seen.insert(f.items.begin(), f.items.end());
    r.below_detection += f.below_detection;
  }
  for (const auto& item : standards::farmland_items())
    if (seen.count(item.code)) r.items.push_back(item.code);
  for (const auto& f : req.files)
    for (const auto& s : f.samples) {
      std::vector<standards::SoilValue> values;
      for (const auto& v : s.values) values.push_back({v.item, v.value, v.below_detection});
      r.samples.push_back({f.file, s.sample, s.date, s.ph, s.use, s.values,
                           standards::classify_farmland_sample(s.ph, s.use, values, req.rule)});
    }
  return r;
}

namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : "|") + i;
  return out;
}

}  // namespace

Document soil_classify_document(const SoilClassifyResult& r, Lang lang) {
  const bool zh = lang == Lang::zh;
  Table t;
  t.title_zh = "农用地土壤污染风险分类（GB 15618-2018）";
  t.title_en = "Farmland soil pollution risk categories (GB 15618-2018)";
  t.columns = {{"sample", "样品", "sample"},
               {"category", "类别代码", "category"},
               {"category_name", "类别", "category name"},
               {"controlling_items", "定类项目", "controlling items"},
               {"max_screening_ratio", "最大筛选值比", "max ratio to screening", 4},
               {"max_control_ratio", "最大管制值比", "max ratio to control", 4},
               {"ph", "pH", "pH"},
               {"ph_band", "pH分档", "pH band"},
               {"land_use", "土地利用", "land use"},
               {"date", "采样日期", "date"},
               {"n_items", "项目数", "items"}};
  for (const auto& code : r.items) {
    const auto* item = standards::find_farmland_item(code);
    t.columns.push_back({code, item->name_zh, code});
    t.columns.push_back({code + "_screening_ratio", item->name_zh + "/筛选值", code + "/screening", 4});
    if (item->has_control)
      t.columns.push_back({code + "_control_ratio", item->name_zh + "/管制值", code + "/control", 4});
  }
  for (const auto& s : r.samples) {
    std::optional<double> max_s, max_c;
    for (const auto& i : s.result.items) {
      if (!i.decides) continue;
      if (i.screening_ratio && (!max_s || *i.screening_ratio > *max_s)) max_s = i.screening_ratio;
      if (i.control_ratio && (!max_c || *i.control_ratio > *max_c)) max_c = i.control_ratio;
    }
    std::vector<Cell> row = {s.sample,
                             std::string(standards::farmland_category_code(s.result.category)),
                             std::string(standards::farmland_category_name(s.result.category, zh)),
                             joined(s.result.controlling),
                             max_s,
                             max_c,
                             s.ph,
                             std::string(standards::ph_band_name(s.result.band)),
                             std::string(standards::farmland_use_code(s.use)),
                             s.date,
                             s.values.size()};
    for (const auto& code : r.items) {
      const standards::SoilItemResult* res = nullptr;
      for (const auto& i : s.result.items)
        if (i.item == code) res = &i;
      const io::SoilSampleValue* written = nullptr;
      for (const auto& v : s.values)
        if (v.item == code) written = &v;
      row.push_back(written ? Cell(written->text) : Cell());
      row.push_back(res ? Cell(res->screening_ratio) : Cell());
      if (standards::find_farmland_item(code)->has_control) row.push_back(res ? Cell(res->control_ratio) : Cell());
    }
    t.add(std::move(row));
  }
  Document doc(std::move(t));
  doc.note(r.rule == standards::CategoryItems::all
               ? tr(lang, "定类项目：全部有筛选值的项目（GB 15618-2018 第5章；data/standards/gb15618_rules.csv）",
                    "items deciding the category: every item with a screening value (GB 15618-2018 section 5; "
                    "data/standards/gb15618_rules.csv)")
               : tr(lang, "定类项目：仅镉、汞、砷、铅、铬（有管制值的项目）",
                    "items deciding the category: only Cd, Hg, As, Pb, Cr (the items with a control value)"));
  if (r.below_detection)
    doc.note(fmt::format("{} {}", r.below_detection,
                         tr(lang, "个低于检出限的值按原样保留，不超过任何限值，不计比值",
                            "values below the detection limit kept as written: they exceed no limit and have no "
                            "ratio")));
  return doc;
}

}  // namespace eb::app::runs
