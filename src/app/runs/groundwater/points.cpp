#include "app/runs/groundwater/points.hpp"

#include <fmt/format.h>

#include <deque>
#include <memory>
#include <set>

#include "core/error.hpp"
#include "io/file_buffer.hpp"
#include "io/groundwater.hpp"
#include "store/groundwater_store.hpp"
#include "store/observation_store.hpp"
#include "store/retry.hpp"

namespace eb::app::runs {

GroundwaterPointImportResult run_groundwater_point_import(const GroundwaterPointImportRequest& req, const RunEnv& env) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  GroundwaterPointImportResult out;
  for (const auto& f : req.files) {
    io::FileBuffer buf(f, env.text_input());
    const auto list = io::read_groundwater_points(buf.text(), f);
    if (!list.rejections.empty()) throw_rejections(f, list.rejections, "nothing was imported");
    const auto r = store::with_retry(ws.db(), [&] { return store::import_groundwater_points(ws, list); });
    out.files.push_back({f, r.added, r.updated, r.unchanged, r.located, static_cast<int>(r.unlocated.size())});
  }
  return out;
}

Document groundwater_point_import_document(const GroundwaterPointImportResult& r, Lang) {
  Table t;
  t.columns = {{"file", "文件", "file"},         {"added", "新增", "added"},
               {"updated", "更新", "updated"},   {"unchanged", "未变", "unchanged"},
               {"located", "已定位", "located"}, {"unlocated", "未定位", "not located"}};
  for (const auto& f : r.files) t.add({f.file, f.added, f.updated, f.unchanged, f.located, f.unlocated});
  return Document(std::move(t));
}

GroundwaterSampleImportResult run_groundwater_sample_import(const GroundwaterSampleImportRequest& req,
                                                            const RunEnv& env) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  std::set<std::string> points;
  for (const auto& p : store::groundwater_points(ws)) points.insert(p.code);
  // Every file is read and checked before anything is written.
  std::deque<io::GroundwaterSamples> read;
  std::vector<std::string> sha;
  for (const auto& f : req.files) {
    io::FileBuffer buf(f, env.text_input());
    read.push_back(io::read_groundwater_samples(buf.text(), f));
    sha.push_back(io::sha256_hex(buf.text()));
    auto& s = read.back();
    for (const auto& sample : s.samples)
      if (!points.count(sample.point)) {
        io::Rejection r;
        r.line = sample.line;
        r.column = 0;
        r.station = sample.point;
        r.raw = sample.point;
        r.reason = fmt::format(
            "{} is not a groundwater point of the workspace: import it with `groundwater point import` first",
            sample.point);
        s.rejections.push_back(std::move(r));
      }
    if (!s.rejections.empty()) throw_rejections(f, s.rejections, "nothing was imported");
  }
  GroundwaterSampleImportResult out;
  const store::ImportResult stored = store::with_retry(ws.db(), [&] {
    std::deque<io::ObservationBatch> batches;
    std::vector<store::ImportFile> files;
    for (std::size_t k = 0; k < read.size(); ++k) {
      batches.push_back(io::groundwater_batch(read[k]));
      store::ImportFile f;
      f.batch = &batches.back();
      f.sha256 = sha[k];
      f.source = req.source.empty() ? "groundwater samples (user file)" : req.source;
      files.push_back(f);
    }
    return store::import_observations(ws, files, {});
  });
  for (std::size_t k = 0; k < read.size(); ++k) {
    const auto& s = read[k];
    std::size_t values = 0;
    for (const auto& sample : s.samples) values += sample.values.size();
    out.files.push_back({s.file, s.layout, s.samples.size(), values, s.below_detection, s.converted, s.missing,
                         stored.per_file[k].added, stored.per_file[k].unchanged});
  }
  return out;
}

Document groundwater_sample_import_document(const GroundwaterSampleImportResult& r, Lang) {
  Table t;
  t.columns = {{"file", "文件", "file"},
               {"layout", "格式", "layout"},
               {"samples", "样品", "samples"},
               {"values", "数值", "values"},
               {"below_detection", "低于检出限", "below detection"},
               {"converted", "换算单位", "unit converted"},
               {"missing", "缺测", "missing"},
               {"added", "新增", "added"},
               {"unchanged", "已存在", "unchanged"}};
  for (const auto& f : r.files)
    t.add({f.file, f.layout, f.samples, f.values, f.below_detection, f.converted, f.missing, f.added, f.unchanged});
  return Document(std::move(t));
}

}  // namespace eb::app::runs
