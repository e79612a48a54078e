#include "app/runs/water/sections.hpp"

#include <memory>

#include "app/runs/run_env.hpp"
#include "io/file_buffer.hpp"
#include "io/water_sections.hpp"
#include "store/water_store.hpp"

namespace eb::app::runs {

namespace {

io::WaterSectionList read_section_file(const std::string& f, const io::ReadOptions& options) {
  const bool vector = f.ends_with(".geojson") || f.ends_with(".json") || f.ends_with(".gpkg") || f.ends_with(".shp");
  if (vector) return io::read_water_sections_vector(f, options);
  io::FileBuffer buf(f, options);
  return io::read_water_sections(buf.text(), f);
}

}  // namespace

WaterSectionImportResult run_water_section_import(const WaterSectionImportRequest& req, const RunEnv& env) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  WaterSectionImportResult out;
  for (const auto& f : req.files) {
    const auto list = read_section_file(f, env.text_input());
    if (!list.rejections.empty()) throw_rejections(f, list.rejections, "nothing was imported");
    auto r = store::import_water_sections(ws, list);
    out.files.push_back({f, r.added, r.updated, r.unchanged, r.located, std::move(r.unlocated)});
  }
  return out;
}

Document water_section_import_document(const WaterSectionImportResult& r, Lang) {
  Table t;
  t.columns = {{"file", "文件", "file"},
               {"added", "新增", "added"},
               {"updated", "更新", "updated"},
               {"unchanged", "未变", "unchanged"},
               {"unlocated", "未定位", "not located"}};
  for (const auto& f : r.files) t.add({f.file, f.added, f.updated, f.unchanged, static_cast<int>(f.unlocated.size())});
  return Document(std::move(t));
}

}  // namespace eb::app::runs
