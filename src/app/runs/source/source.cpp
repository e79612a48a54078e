#include "app/runs/source/source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "app/runs/record_file.hpp"
#include "core/civil_time.hpp"
#include "core/csv.hpp"
#include "standards/emission.hpp"
#include "standards/uscc.hpp"
#include "store/retry.hpp"

namespace eb::app::runs {

namespace {

bool protocol_text(const std::string& v, std::size_t max_size) {
  if (v.empty() || v.size() > max_size) return false;
  return std::all_of(v.begin(), v.end(),
                     [](char c) { return c > ' ' && c < 127 && c != ';' && c != '=' && c != '&' && c != ','; });
}

// The standard column: STANDARD:CATEGORY[:special] of the emission-limits table, whose pollutants are of the
// outlet's medium (a wastewater standard for a stack is refused).
void check_standard(RecordFile& rows, const std::string& text, const std::string& kind) {
  const auto& table = standards::EmissionStandards::builtin();
  standards::EmissionStandards::OutletStandard parsed;
  try {
    parsed = table.parse_outlet_standard(text);
  } catch (const std::invalid_argument& e) {
    rows.fail("standard", fmt::format("standard \"{}\": {}", text, e.what()));
    return;
  }
  if (kind != "gas" && kind != "water") return;  // reported on outlet_kind
  const std::string medium = standard_medium(table, parsed.standard);
  if (!medium.empty() && medium != kind)
    rows.fail("standard",
              fmt::format("standard \"{}\" sets limits for {} outlets, but outlet_kind is {}", text, medium, kind));
}

}  // namespace

std::string standard_medium(const standards::EmissionStandards& table, const std::string& standard) {
  std::string medium;
  for (const auto& row : table.rows()) {
    if (row.standard != standard) continue;
    const standards::Hj212Code* code = standards::hj212_code(row.pollutant);
    if (!code) continue;
    if (medium.empty()) {
      medium = code->medium;
    } else if (medium != code->medium) {
      return {};
    }
  }
  return medium;
}

SourceImportResult run_source_import(const SourceImportRequest& req, const RunEnv&) {
  RecordFile rows(req.file, {"enterprise_id", "enterprise_name", "outlet_id", "outlet_kind", "mn", "password",
                             "standard", "lon", "lat"});
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  const auto stored_mns = store::outlet_mns(ws);
  std::vector<store::OutletRecord> outlets;
  std::map<std::string, std::string> file_mns;                 // MN -> enterprise/outlet in this file
  std::set<std::pair<std::string, std::string>> file_outlets;  // (enterprise, outlet)
  std::map<std::string, std::string> names;                    // enterprise -> name
  while (rows.next()) {
    const std::size_t before = rows.failures();
    store::OutletRecord o;
    o.enterprise_id = rows["enterprise_id"];
    o.enterprise_name = rows["enterprise_name"];
    o.industry = rows["industry"];
    o.outlet_id = rows["outlet_id"];
    o.outlet_name = rows["outlet_name"];
    o.kind = rows["outlet_kind"];
    o.mn = rows["mn"];
    o.password = rows["password"];
    o.standard = rows["standard"];
    o.source = fmt::format("{}:{}", req.file, rows.line());
    if (!standards::is_valid_uscc(o.enterprise_id))
      rows.fail("enterprise_id",
                fmt::format("enterprise_id \"{}\" is not a valid 统一社会信用代码 (GB 32100-2015: 18 characters, "
                            "check character last)",
                            o.enterprise_id));
    if (o.enterprise_name.empty()) rows.fail("enterprise_name", "enterprise_name: empty");
    const auto [name_at, new_name] = names.emplace(o.enterprise_id, o.enterprise_name);
    if (!new_name && name_at->second != o.enterprise_name)
      rows.fail("enterprise_name", fmt::format("enterprise_name \"{}\" differs from \"{}\" on an earlier row of {}",
                                               o.enterprise_name, name_at->second, o.enterprise_id));
    if (o.outlet_id.empty()) rows.fail("outlet_id", "outlet_id: empty");
    if (!file_outlets.emplace(o.enterprise_id, o.outlet_id).second)
      rows.fail("outlet_id", fmt::format("outlet {} of {} repeats", o.outlet_id, o.enterprise_id));
    if (o.kind != "gas" && o.kind != "water")
      rows.fail("outlet_kind", fmt::format("outlet_kind \"{}\": gas or water", o.kind));
    const std::string who = o.enterprise_id + "/" + o.outlet_id;
    if (!protocol_text(o.mn, 64)) {
      rows.fail("mn", fmt::format("mn \"{}\": 1-64 printable characters without ; = & ,", o.mn));
    } else if (const auto [at, fresh] = file_mns.emplace(o.mn, who); !fresh) {
      rows.fail("mn", fmt::format("mn {} is also outlet {} of this file", o.mn, at->second));
    } else if (const auto it = stored_mns.find(o.mn); it != stored_mns.end() && it->second != who) {
      rows.fail("mn", fmt::format("mn {} belongs to outlet {} of the workspace", o.mn, it->second));
    }
    if (!protocol_text(o.password, 32)) rows.fail("password", "password: 1-32 printable characters without ; = & ,");
    check_standard(rows, o.standard, o.kind);
    const auto lon = parse_number(rows["lon"]), lat = parse_number(rows["lat"]);
    if (!lon || *lon < -180 || *lon > 180) rows.fail("lon", fmt::format("lon \"{}\" is not a longitude", rows["lon"]));
    if (!lat || *lat < -90 || *lat > 90) rows.fail("lat", fmt::format("lat \"{}\" is not a latitude", rows["lat"]));
    if (rows.failures() != before) continue;
    o.lon = *lon;
    o.lat = *lat;
    outlets.push_back(std::move(o));
  }
  rows.refuse_if_failed();
  return {req.file, store::with_retry(ws.db(), [&] { return store::import_sources(ws, outlets); })};
}

Document source_import_document(const SourceImportResult& r, Lang lang) {
  Document doc;
  doc.note(fmt::format("{}: {} {}, {} {} ({} {})", r.file, r.report.enterprises, tr(lang, "家企业", "enterprises"),
                       r.report.outlets, tr(lang, "个排放口", "outlets"), r.report.located,
                       tr(lang, "个已落入行政区", "inside a unit of the workspace")));
  return doc;
}

SourceListResult run_source_list(const std::string& ws_path, const RunEnv&) {
  store::Workspace ws(ws_path, store::Workspace::Open::existing);
  return {store::list_outlets(ws)};
}

Document source_list_document(const SourceListResult& r, Lang) {
  Table t;
  t.title_zh = "污染源排放口";
  t.title_en = "Pollution source outlets";
  t.columns = {{"enterprise_id", "统一社会信用代码", "enterprise_id"},
               {"enterprise", "企业", "enterprise"},
               {"outlet", "排放口", "outlet"},
               {"kind", "类型", "kind"},
               {"mn", "设备编码(MN)", "MN"},
               {"standard", "排放标准", "standard"},
               {"unit", "行政区", "unit"},
               {"lon", "经度", "lon"},
               {"lat", "纬度", "lat"},
               {"values", "已接收数值", "values received"},
               {"last_time", "最新数据时间", "latest data time"}};
  for (const auto& o : r.outlets) {
    std::optional<std::string> last;
    if (o.last_time) last = format_beijing_iso(*o.last_time);
    t.add({Cell(o.enterprise_id), Cell(o.enterprise_name), Cell(o.outlet_id), Cell(o.kind), Cell(o.mn),
           Cell(o.standard), Cell(o.unit_code), Cell(o.lon), Cell(o.lat), Cell(o.values), Cell(last)});
  }
  Document doc(std::move(t));
  return doc;
}

}  // namespace eb::app::runs
