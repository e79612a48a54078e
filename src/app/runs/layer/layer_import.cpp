#include "app/runs/layer/layer_import.hpp"

#include <fmt/format.h>

#include <optional>

#include "app/runs/layer/layer_kinds.hpp"
#include "core/error.hpp"
#include "engine/vector/geodesy.hpp"
#include "engine/vector/polygon_index.hpp"
#include "io/file_buffer.hpp"
#include "io/vector_features.hpp"
#include "standards/screening.hpp"
#include "store/protected_store.hpp"

namespace eb::app::runs {

namespace {

void check_request(const LayerImportRequest& req) {
  if (!standards::is_protected_kind(req.kind))
    throw UsageError(fmt::format("--kind: \"{}\" (known: {})", req.kind, layer_known_kinds()));
  if (!req.zone_field.empty() && !layer_kind_has_zones(req.kind))
    throw UsageError(fmt::format("--zone-field: {} has no zones", req.kind));
}

std::optional<std::string> field_of(const io::VectorFeature& f, const std::string& name) {
  if (name.empty()) return std::nullopt;
  const auto& v = f.fields.at(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

// The features of a layer file as records to store, their repairs, and why any was refused ("feature N (name):
// reason").
struct CheckedLayer {
  std::vector<store::ProtectedRecord> records;
  std::vector<LayerRepair> repaired;
  std::vector<std::string> rejected;
};

// One feature into `out`: a record (perhaps repaired) or a rejection.
void check_feature(const LayerImportRequest& req, const io::VectorFeature& f, CheckedLayer& out) {
  store::ProtectedRecord r;
  r.source_fid = f.fid;
  r.name = field_of(f, req.name_field);
  r.level = field_of(f, req.level_field);
  r.designated = field_of(f, req.date_field);
  const std::string who = fmt::format("feature {}{}", f.fid, r.name ? fmt::format(" ({})", *r.name) : std::string());
  if (const auto z = field_of(f, req.zone_field)) {
    const auto zone = standards::canonical_zone(req.kind, *z);
    if (!zone) {
      out.rejected.push_back(fmt::format("{}: zone \"{}\" is not a zone of {}", who, *z, req.kind));
      return;
    }
    r.zone = *zone;
  }
  if (f.wkb.empty()) {
    out.rejected.push_back(who + ": no geometry");
    return;
  }
  try {
    const engine::RepairResult fixed = engine::repair_polygon(f.wkb);
    if (!fixed.was_valid) r.repaired = fixed.reason;
    r.wkb = fixed.wkb;
    r.area_m2 = engine::ellipsoidal_area_m2(r.wkb);
    if (!(r.area_m2 > 0)) {
      out.rejected.push_back(who + (fixed.was_valid ? ": not a polygon, or empty"
                                                    : ": invalid polygon (" + fixed.reason +
                                                          ") that MakeValid reduces to nothing polygonal"));
      return;
    }
    if (!fixed.was_valid) out.repaired.push_back({f.fid, r.name.value_or(""), fixed.reason});
  } catch (const GeometryError& e) {
    out.rejected.push_back(fmt::format("{}: {}", who, e.what()));
    return;
  }
  out.records.push_back(std::move(r));
}

CheckedLayer check_layer(const LayerImportRequest& req, const io::VectorLayer& layer, const RunEnv& env) {
  CheckedLayer out;
  Step step(env, "检查几何", "checking geometries", layer.features.size());
  for (const auto& f : layer.features) {
    check_feature(req, f, out);
    step.update(out.records.size() + out.rejected.size());
  }
  return out;
}

}  // namespace

LayerImportResult run_layer_import(const LayerImportRequest& req, const RunEnv& env) {
  check_request(req);
  std::vector<std::string> fields;
  for (const auto* f : {&req.name_field, &req.zone_field, &req.level_field, &req.date_field})
    if (!f->empty()) fields.push_back(*f);
  const io::VectorLayer layer = io::read_vector_features(req.file, fields, env.text_input());
  CheckedLayer checked = check_layer(req, layer, env);
  if (!checked.rejected.empty()) {
    for (auto& r : checked.rejected) r = req.file + ": " + r;
    throw_problems(req.file, checked.rejected);
  }
  io::ReadOptions binary;
  binary.text = false;
  const io::FileBuffer bytes(req.file, binary);
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  const auto report =
      store::import_protected(ws, req.kind, req.file, io::sha256_hex(bytes.text()), checked.records, req.replace);
  LayerImportResult r;
  r.file = req.file;
  r.kind = req.kind;
  r.features = checked.records.size();
  for (const auto& rec : checked.records) r.area_m2 += rec.area_m2;
  r.added = report.added;
  r.replaced = report.replaced;
  r.unchanged = report.unchanged;
  r.repaired = std::move(checked.repaired);
  return r;
}

Document layer_import_document(const LayerImportResult& r, Lang lang) {
  Document doc;
  for (const auto& p : r.repaired) {
    const std::string who =
        fmt::format("feature {}{}", p.fid, p.name.empty() ? std::string() : fmt::format(" ({})", p.name));
    doc.note(tr(lang, "已修复无效多边形: ", "repaired invalid polygon: ") + fmt::format("{}: {}", who, p.reason));
  }
  Table t;
  t.columns = {{"file", "文件", "file"},         {"kind", "类型", "kind"},         {"added", "新增", "added"},
               {"replaced", "替换", "replaced"}, {"repaired", "修复", "repaired"}, {"unchanged", "未变", "unchanged"}};
  t.add({Cell(r.file), Cell(layer_kind_name(r.kind, lang)), Cell(r.added), Cell(r.replaced), Cell(r.repaired_stored()),
         Cell(r.unchanged ? tr(lang, "是", "yes") : tr(lang, "否", "no"))});
  doc.parts.emplace_back(std::string(), std::move(t));
  return doc;
}

}  // namespace eb::app::runs
