#include "app/runs/assess/import.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>
#include <tuple>

#include "app/runs/record_file.hpp"
#include "core/csv.hpp"
#include "store/admin_store.hpp"
#include "store/retry.hpp"

namespace eb::app::runs {

namespace {

// The value of the current record; its problems go to `rows`. `known` and `unknown` cache the unit look-ups.
store::IndicatorValue read_value(RecordSource& rows, store::Workspace& ws, const std::string& path,
                                 std::set<std::string>& known, std::set<std::string>& unknown) {
  store::IndicatorValue v;
  v.indicator = rows["indicator"];
  v.unit_code = rows["unit_code"];
  v.source = rows["source"].empty() ? path : rows["source"];
  if (v.indicator.empty()) rows.fail_field("indicator", "indicator: empty");
  if (!known.count(v.unit_code)) {
    if (!unknown.count(v.unit_code) && store::find_unit(ws, v.unit_code)) {
      known.insert(v.unit_code);
    } else {
      unknown.insert(v.unit_code);
      rows.fail_field("unit_code",
                      fmt::format("unit_code \"{}\" is not an administrative unit of the workspace", v.unit_code));
    }
  }
  const auto year = parse_number(rows["year"]);
  if (!year || *year != std::floor(*year) || *year < 1949 || *year > 2100) {
    rows.fail_field("year", fmt::format("year \"{}\"", rows["year"]));
  } else {
    v.year = static_cast<int>(*year);
  }
  const auto value = parse_number(rows["value"]);
  if (!value) {
    rows.fail_field(
        "value", fmt::format("value \"{}\" is not a number (leave the row out when there is no value)", rows["value"]));
  } else {
    v.value = *value;
  }
  return v;
}

}  // namespace

AssessImportResult run_assess_import(const AssessImportRequest& req, const RunEnv& env) {
  RecordFile rows(req.file, {"indicator", "unit_code", "year", "value"}, env.text_input());
  store::Workspace ws(req.ws, store::Workspace::Open::existing);
  std::vector<store::IndicatorValue> values;
  std::set<std::string> known, unknown;
  std::set<std::tuple<std::string, std::string, int>> seen;
  while (rows.next()) {
    const std::size_t before = rows.failures();
    store::IndicatorValue v = read_value(rows, ws, req.file, known, unknown);
    if (rows.failures() == before && !seen.insert({v.indicator, v.unit_code, v.year}).second)
      rows.fail(fmt::format("a second value of {} for {} in {}", v.indicator, v.unit_code, v.year));
    if (rows.failures() == before) values.push_back(std::move(v));
  }
  rows.refuse_if_failed();
  AssessImportResult r;
  r.file = req.file;
  r.values = values.size();
  r.stored = store::with_retry(ws.db(), [&] { return store::import_indicator_values(ws, values); });
  return r;
}

store::IndicatorValue check_indicator_value_record(RecordSource& record, store::Workspace& ws,
                                                   const std::string& source) {
  std::set<std::string> known, unknown;
  store::IndicatorValue v = read_value(record, ws, source, known, unknown);
  record.refuse_if_failed();
  return v;
}

Document assess_import_document(const AssessImportResult& r, Lang) {
  Table t;
  t.columns = {{"file", "文件", "file"},
               {"added", "新增", "added"},
               {"updated", "更新", "updated"},
               {"unchanged", "未变", "unchanged"}};
  t.add({Cell(r.file), Cell(r.stored.added), Cell(r.stored.updated), Cell(r.stored.unchanged)});
  return Document(std::move(t));
}

}  // namespace eb::app::runs
