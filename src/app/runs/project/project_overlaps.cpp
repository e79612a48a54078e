#include "app/runs/project/project_overlaps.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <map>

#include "app/runs/project/project_types.hpp"
#include "core/area.hpp"
#include "engine/vector/screening.hpp"
#include "store/ledger_store.hpp"
#include "store/protected_store.hpp"

namespace eb::app::runs {

ProjectOverlapsResult run_project_overlaps(const ProjectOverlapsRequest& req, const RunEnv&) {
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  const auto projects = store::load_projects(ws, 1949, 2100);
  std::vector<engine::ProtectedFeature> outlines;
  std::map<std::int64_t, const store::ProjectRecord*> by_id;
  for (const auto& p : projects) {
    if (p.wkb.empty()) continue;
    const auto id = static_cast<std::int64_t>(outlines.size());
    outlines.push_back({id, "project", "", p.code, p.wkb});
    by_id[id] = &p;
  }
  ProjectOverlapsResult r;
  r.outlines = outlines.size();
  const engine::ProtectedIndex red_line(store::load_protected(ws, {"red_line"}));
  const engine::ProtectedIndex others(std::move(outlines));
  for (const auto& [id, p] : by_id) {
    for (const auto& [fid, area] : red_line.overlap_areas(p->wkb)) {
      const auto& f = red_line.feature(fid);
      r.overlaps.push_back({p->code, p->year, p->type, ProjectOverlapWith::red_line,
                            f.name.empty() ? std::to_string(fid) : f.name, area});
    }
    for (const auto& [other, area] : others.overlap_areas(p->wkb, id)) {
      if (other < id) continue;  // each pair once
      r.overlaps.push_back({p->code, p->year, p->type, ProjectOverlapWith::project, by_id.at(other)->code, area});
    }
  }
  return r;
}

Document project_overlaps_document(const ProjectOverlapsResult& r, Lang lang) {
  Table t;
  t.title_zh = "项目图斑的重叠：与生态保护红线、与其他项目（重复计算）";
  t.title_en = "Project outlines overlapping the red line, and each other (double counting)";
  t.columns = {{"project", "项目", "project"},
               {"year", "年份", "year"},
               {"type", "类型", "type"},
               {"overlaps", "重叠对象", "overlaps"},
               {"other", "对象", "other"},
               {"area_m2", "重叠面积(m²)", "overlap (m²)", 1},
               {"area_mu", "重叠面积(亩)", "overlap (mu)", 2}};
  for (const auto& o : r.overlaps) {
    const std::string with = o.with == ProjectOverlapWith::red_line ? tr(lang, "生态保护红线", "red line")
                                                                    : tr(lang, "其他项目", "another project");
    t.add({Cell(o.project), Cell(o.year), Cell(project_type_name(o.type, lang)), Cell(with), Cell(o.other),
           Cell(o.area_m2), Cell(convert_area(o.area_m2, AreaUnit::m2, AreaUnit::mu))});
  }
  Document doc(std::move(t));
  doc.note(fmt::format("{} {}", r.outlines, tr(lang, "个项目有图斑", "projects have outlines")));
  return doc;
}

}  // namespace eb::app::runs
