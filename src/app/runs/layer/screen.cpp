#include "app/runs/layer/screen.hpp"

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <numeric>
#include <optional>
#include <stdexcept>

#include "app/runs/layer/layer_kinds.hpp"
#include "core/area.hpp"
#include "core/error.hpp"
#include "engine/vector/polygon_index.hpp"
#include "io/file_buffer.hpp"
#include "io/vector_features.hpp"
#include "store/protected_store.hpp"

namespace eb::app::runs {

namespace {

void check_request(const ScreenRequest& req) {
  if (req.buffer_m < 0) throw UsageError("--buffer: metres, 0 or more");
  for (const auto& k : req.kinds)
    if (!standards::is_protected_kind(k))
      throw UsageError(fmt::format("--kinds: \"{}\" (known: {})", k, layer_known_kinds()));
}

standards::ScreeningRules rules_of(const ScreenRequest& req) {
  if (req.rules_file.empty()) return standards::ScreeningRules::defaults();
  const io::FileBuffer text(req.rules_file);
  try {
    return standards::ScreeningRules::parse(text.text());
  } catch (const std::invalid_argument& e) {
    throw InputError(fmt::format("{}: {}", req.rules_file, e.what()));
  }
}

// Sites are screened on every core, each worker with its own index (a GEOS context serves one thread), into
// `out` (one per site, in file order), each site's geometry released once screened; returns why each site that
// could not be screened could not (empty: screened).
std::vector<std::string> screen_all(const std::vector<engine::ProtectedFeature>& features, io::VectorLayer& sites,
                                    const ScreenRequest& req, const RunEnv& env,
                                    std::vector<engine::SiteScreening>& out) {
  out.resize(sites.features.size());
  std::vector<std::string> errors(sites.features.size());
  Step step(env, "筛查", "screening", sites.features.size());
  tbb::enumerable_thread_specific<std::unique_ptr<engine::ProtectedIndex>> indexes(
      [&] { return std::make_unique<engine::ProtectedIndex>(features); });
  std::atomic<std::size_t> done{0};
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, sites.features.size(), 512),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      const engine::ProtectedIndex& local = *indexes.local();
                      for (std::size_t i = r.begin(); i < r.end(); ++i) {
                        auto& site = sites.features[i];
                        if (site.wkb.empty()) {
                          errors[i] = "no geometry";
                          continue;
                        }
                        try {
                          out[i] = local.screen(site.wkb, req.buffer_m, req.distances);
                          std::vector<std::uint8_t>().swap(site.wkb);
                        } catch (const GeometryError& e) {
                          errors[i] = e.what();
                        }
                      }
                      done += r.size();
                    });
  step.update(done);
  return errors;
}

// The strictest verdict of a site's touches.
standards::Verdict verdict_of(const ScreenResult& r, const engine::SiteScreening& s) {
  if (s.touches.empty()) return r.rules.untouched().verdict;
  standards::Verdict strictest = standards::Verdict::allowed;
  for (const auto& touch : s.touches) strictest = std::max(strictest, r.rule(touch).verdict);
  return strictest;
}

// The first site in file order whose id an earlier site has (ids sorted by an index of four bytes a site: a million
// sites need no set of their ids).
std::optional<std::size_t> first_repeated_id(const std::vector<std::string>& ids) {
  std::vector<std::uint32_t> order(ids.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return ids[a] < ids[b]; });
  std::optional<std::size_t> first;
  for (std::size_t k = 1; k < order.size(); ++k)
    if (ids[order[k]] == ids[order[k - 1]] && (!first || order[k] < *first)) first = order[k];
  return first;
}

// The screened sites' ids (unique) and verdicts; the first site in file order that repeats an id or could not be
// screened stops the run.
void name_sites(const ScreenRequest& req, io::VectorLayer& sites, const std::vector<std::string>& errors,
                ScreenResult& r) {
  r.site_ids.reserve(sites.features.size());
  for (auto& site : sites.features) {
    const auto id_value = site.fields.find(req.id_field);  // absent only from sites given in memory
    const bool named = id_value != site.fields.end() && id_value->second;
    r.site_ids.push_back(named ? std::move(*id_value->second) : std::to_string(site.fid));
  }
  const std::optional<std::size_t> repeated = first_repeated_id(r.site_ids);
  r.verdicts.reserve(sites.features.size());
  for (std::size_t i = 0; i < sites.features.size(); ++i) {
    const long fid = sites.features[i].fid;
    const std::string& id = r.site_ids[i];
    if (repeated == i) throw InputError(fmt::format("{}: feature {}: site id \"{}\" repeats", req.sites, fid, id));
    if (!errors[i].empty())
      throw InputError(fmt::format("{}: site {} (feature {}): {}", req.sites, id, fid, errors[i]));
    r.verdicts.push_back(verdict_of(r, r.screenings[i]));
    ++r.verdict_counts[r.verdicts.back()];
  }
}

}  // namespace

const standards::ScreeningRule& ScreenResult::rule(const engine::ZoneTouch& touch) const {
  const standards::ScreeningRule* rule = rules.find(touch.kind, touch.zone);
  return rule ? *rule : rules.untouched();  // a kind the rule table leaves out
}

ScreenResult run_screen(const ScreenRequest& req, const RunEnv& env) {
  check_request(req);
  ScreenResult r;
  r.rules = rules_of(req);
  r.buffer_m = req.buffer_m;
  io::VectorLayer sites = req.site_layer ? *req.site_layer : io::read_vector_features(req.sites, {req.id_field});
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  auto features = store::load_protected(ws, req.kinds);
  r.protected_features = features.size();
  const std::vector<std::string> errors = screen_all(features, sites, req, env, r.screenings);
  for (auto& f : features)
    r.features.emplace(f.id, ScreenFeature{std::move(f.kind), std::move(f.zone), std::move(f.name)});
  std::vector<engine::ProtectedFeature>().swap(features);  // the geometries are done with
  name_sites(req, sites, errors, r);
  return r;
}

std::vector<Column> screen_columns() {
  return {{"site", "地块", "site"},
          {"layer", "图层", "layer"},
          {"layer_name", "图层名称", "layer name"},
          {"zone", "分区", "zone"},
          {"zone_name", "分区名称", "zone name"},
          {"features", "涉及要素", "features"},
          {"area_m2", "面积(m²)", "area (m²)", 1},
          {"area_ha", "面积(公顷)", "area (ha)", 4},
          {"area_mu", "面积(亩)", "area (mu)", 3},
          {"length_m", "长度(m)", "length (m)", 1},
          {"share", "占地块比例", "share", 6},
          {"distance_m", "最近距离(m)", "distance (m)", 1},
          {"nearest", "最近要素", "nearest"},
          {"verdict", "结论", "verdict"},
          {"verdict_name", "结论名称", "verdict name"},
          {"rule", "依据", "rule"},
          {"site_verdict", "地块结论", "site verdict"}};
}

namespace {

std::string feature_label(std::int64_t id, const ScreenFeature& f) {
  return f.name.empty() ? std::to_string(id) : f.name;
}

// A row of a site and one touched (kind, zone).
std::vector<Cell> touch_row(const ScreenResult& r, std::size_t site, std::size_t t, Lang lang) {
  const bool zh = lang == Lang::zh;
  const engine::SiteScreening& s = r.screenings[site];
  const auto& touch = s.touches[t];
  const auto& rule = r.rule(touch);
  const int dim = s.dimension;
  std::string names;
  for (auto fid : touch.features) names += (names.empty() ? "" : "|") + feature_label(fid, r.features.at(fid));
  return {Cell(r.site_ids[site]),
          Cell(touch.kind),
          Cell(layer_kind_name(touch.kind, lang)),
          Cell(touch.zone),
          Cell(touch.zone.empty() ? std::string() : standards::zone_name(touch.kind, touch.zone, zh)),
          Cell(names),
          dim == 2 ? Cell(touch.area_m2) : Cell(),
          dim == 2 ? Cell(convert_area(touch.area_m2, AreaUnit::m2, AreaUnit::ha)) : Cell(),
          dim == 2 ? Cell(convert_area(touch.area_m2, AreaUnit::m2, AreaUnit::mu)) : Cell(),
          dim == 1 ? Cell(touch.length_m) : Cell(),
          Cell(touch.share),
          Cell(0.0),
          Cell(),
          Cell(std::string(standards::verdict_key(rule.verdict))),
          Cell(std::string(standards::verdict_name(rule.verdict, zh))),
          Cell(zh ? rule.rule_zh : rule.rule_en),
          Cell(std::string(standards::verdict_key(r.verdicts[site])))};
}

// The one row of a site that touches nothing: the nearest feature and its distance.
std::vector<Cell> untouched_row(const ScreenResult& r, std::size_t site, Lang lang) {
  const bool zh = lang == Lang::zh;
  const auto& rule = r.rules.untouched();
  const engine::SiteScreening& sc = r.screenings[site];
  std::string nearest;
  if (sc.nearest) {
    const auto& f = r.features.at(*sc.nearest);
    nearest = fmt::format("{} {}{}", layer_kind_name(f.kind, lang),
                          f.zone.empty() ? std::string() : standards::zone_name(f.kind, f.zone, zh) + " ",
                          feature_label(*sc.nearest, f));
  }
  const int dim = sc.dimension;
  return {Cell(r.site_ids[site]),
          Cell(),
          Cell(),
          Cell(),
          Cell(),
          Cell(),
          dim == 2 ? Cell(0.0) : Cell(),
          dim == 2 ? Cell(0.0) : Cell(),
          dim == 2 ? Cell(0.0) : Cell(),
          dim == 1 ? Cell(0.0) : Cell(),
          Cell(0.0),
          sc.nearest ? Cell(sc.nearest_distance_m) : Cell(),
          Cell(nearest),
          Cell(std::string(standards::verdict_key(rule.verdict))),
          Cell(std::string(standards::verdict_name(rule.verdict, zh))),
          Cell(zh ? rule.rule_zh : rule.rule_en),
          Cell(std::string(standards::verdict_key(r.verdicts[site])))};
}

}  // namespace

void screen_rows(const ScreenResult& r, Lang lang, const std::function<void(std::vector<Cell>)>& row) {
  for (std::size_t i = 0; i < r.sites(); ++i) {
    const std::size_t touches = r.screenings[i].touches.size();
    for (std::size_t t = 0; t < touches; ++t) row(touch_row(r, i, t, lang));
    if (touches == 0) row(untouched_row(r, i, lang));
  }
}

std::vector<std::string> screen_notes(const ScreenResult& r, Lang lang) {
  const bool zh = lang == Lang::zh;
  std::vector<std::string> notes;
  if (r.protected_features == 0)
    notes.push_back(tr(lang, "工作空间中没有保护地要素", "the workspace holds no protected features"));
  std::map<std::string, std::size_t> by_key;  // in the order of the verdicts' keys
  for (const auto& [v, n] : r.verdict_counts) by_key[std::string(standards::verdict_key(v))] = n;
  std::string summary;
  for (const auto& [key, n] : by_key)
    summary += fmt::format("{}{} {}", summary.empty() ? "" : ", ", n,
                           standards::verdict_name(*standards::parse_verdict(key), zh));
  notes.push_back(fmt::format("{}: {}", tr(lang, "地块结论", "site verdicts"), summary));
  return notes;
}

Document screen_document(const ScreenResult& r, Lang lang) {
  Table t;
  t.title_zh = fmt::format("选址筛查（{} 个地块，缓冲 {} 米）", r.sites(), r.buffer_m);
  t.title_en = fmt::format("Site screening ({} sites, buffer {} m)", r.sites(), r.buffer_m);
  t.columns = screen_columns();
  screen_rows(r, lang, [&t](std::vector<Cell> row) { t.add(std::move(row)); });
  Document doc(std::move(t));
  doc.notes = screen_notes(r, lang);
  return doc;
}

}  // namespace eb::app::runs
