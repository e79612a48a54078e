#include "app/runs/groundwater/classify.hpp"

#include <fmt/format.h>

#include <set>

#include "app/runs/run_env.hpp"
#include "io/file_buffer.hpp"

namespace eb::app::runs {

io::GroundwaterSamples groundwater_sample_file(const std::string& path) {
  io::FileBuffer buf(path);
  io::GroundwaterSamples f = io::read_groundwater_samples(buf.text(), path);
  if (!f.rejections.empty()) throw_rejections(path, f.rejections, "nothing was classified");
  return f;
}

double groundwater_class_value(const std::string& item, double value, bool below_detection) {
  if (below_detection && item == "LAS") return 0;
  return value;
}

GroundwaterClassifiedSample classify_groundwater(const io::GroundwaterSample& s) {
  std::vector<standards::GroundwaterValue> values;
  GroundwaterClassifiedSample out;
  for (const auto& v : s.values) {
    values.push_back({v.item, groundwater_class_value(v.item, v.value, v.below_detection)});
    if (v.below_detection) out.below_detection.push_back(v.item);
  }
  out.point = s.point;
  out.time = s.time;
  out.result = standards::classify_groundwater_sample(values);
  return out;
}

GroundwaterClassifyResult run_groundwater_classify(const std::vector<io::GroundwaterSamples>& files) {
  std::set<std::string> seen;
  for (const auto& f : files)
    for (const auto& s : f.samples)
      for (const auto& v : s.values) seen.insert(v.item);
  GroundwaterClassifyResult r;
  for (const auto& item : standards::groundwater_items())
    if (seen.count(item.code)) r.items.push_back(item.code);
  for (const auto& f : files)
    for (const auto& s : f.samples) r.samples.push_back(classify_groundwater(s));
  return r;
}

Document groundwater_classify_document(const GroundwaterClassifyResult& r, Lang l) {
  Table t;
  t.columns = {{"point", "监测点", "point"},
               {"time", "采样时间", "time"},
               {"class", "水质类别", "class"},
               {"deciding_items", "定类指标", "deciding items"},
               {"below_detection", "低于检出限指标", "below detection"},
               {"n_items", "指标数", "items"}};
  for (const auto& code : r.items) {
    const auto* item = standards::find_groundwater_item(code);
    t.columns.push_back({"class_" + code, item->name_zh, item->name_en});
  }
  auto joined = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : "|") + s;
    return out;
  };
  for (const auto& s : r.samples) {
    std::vector<Cell> row{s.point,
                          format_beijing_iso(s.time),
                          s.result.cls ? Cell(std::string(standards::groundwater_class_name(s.result.cls))) : Cell(),
                          joined(s.result.deciding),
                          joined(s.below_detection),
                          static_cast<std::int64_t>(s.result.item_classes.size())};
    for (const auto& code : r.items) {
      Cell c;
      for (const auto& [item, cls] : s.result.item_classes)
        if (item == code) c = Cell(std::string(standards::groundwater_class_name(cls)));
      row.push_back(c);
    }
    t.add(std::move(row));
  }
  Document doc(std::move(t));
  doc.note(tr(l, "GB/T 14848-2017 单指标评价（从优不从劣），按最差指标定类；低于检出限按检出限定类（未检出为 0）",
              "GB/T 14848-2017: each item by its limits (equal limits take the better class), the sample by its worst "
              "item; a value below the detection limit is classed at the limit (not detected: 0)"));
  return doc;
}

}  // namespace eb::app::runs
