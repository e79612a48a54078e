#include "store/indicator_store.hpp"

namespace eb::store {

IndicatorImportReport import_indicator_values(Workspace& ws, const std::vector<IndicatorValue>& values) {
  Database& db = ws.db();
  Transaction tx(db);
  IndicatorImportReport report;
  Statement find =
      db.prepare("SELECT value, source FROM indicator_value WHERE indicator = ? AND unit_code = ? AND year = ?");
  Statement put = db.prepare(
      "INSERT INTO indicator_value (indicator, unit_code, year, value, source) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (indicator, unit_code, year) DO UPDATE SET value = excluded.value, source = excluded.source");
  for (const auto& v : values) {
    find.bind(1, v.indicator).bind(2, v.unit_code).bind(3, v.year);
    const bool exists = find.step();
    const bool same = exists && find.real(0) == v.value && find.text(1) == v.source;
    find.reset();
    if (same) {
      ++report.unchanged;
      continue;
    }
    put.bind(1, v.indicator).bind(2, v.unit_code).bind(3, v.year).bind(4, v.value).bind(5, v.source).run();
    ++(exists ? report.updated : report.added);
  }
  tx.commit();
  return report;
}

std::vector<IndicatorValue> load_indicator_values(Workspace& ws, int first_year, int last_year) {
  Statement q = ws.db().prepare(
      "SELECT indicator, unit_code, year, value, source FROM indicator_value WHERE year BETWEEN ? AND ? "
      "ORDER BY indicator, unit_code, year");
  q.bind(1, first_year).bind(2, last_year);
  std::vector<IndicatorValue> out;
  while (q.step()) out.push_back({q.text(0), q.text(1), static_cast<int>(q.int64(2)), q.real(3), q.text(4)});
  return out;
}

}  // namespace eb::store
