#include "store/carbon_store.hpp"

#include <fmt/format.h>

#include "core/error.hpp"
#include "store/retry.hpp"

namespace eb::store {

namespace {

void check_unit(Database& db, const std::string& file, std::size_t line, const std::string& code) {
  Statement q = db.prepare("SELECT 1 FROM admin_unit WHERE code = ?1");
  q.bind(1, code);
  if (!q.step())
    throw InputError(fmt::format("{}:{}: unit {} is not in the workspace (import the units first)", file, line, code));
}

void describe(Database& db, const char* table, const CarbonImportReport& r) {
  if (r.added == 0) return;
  db.describe_write(
      {"carbon import", table, r.file, fmt::format(R"({{"added":{},"unchanged":{}}})", r.added, r.unchanged), ""});
}

std::string conflict(const std::string& file, std::size_t line, const std::string& what, double stored, double given) {
  return fmt::format(
      "{}:{}: {} is stored as {} and this file gives {}; nothing was imported (correct the file, or "
      "the stored value through a new workspace import)",
      file, line, what, stored, given);
}

}  // namespace

CarbonImportReport import_energy(Workspace& ws, const std::string& file, const std::vector<io::EnergyRecord>& rows) {
  Database& db = ws.db();
  return with_retry(db, [&] {
    Transaction tx(db);
    CarbonImportReport r{file};
    Statement find = db.prepare("SELECT amount FROM carbon_energy WHERE unit_code = ?1 AND year = ?2 AND fuel = ?3");
    Statement put = db.prepare(
        "INSERT INTO carbon_energy (unit_code, year, fuel, amount, file_amount, file_unit, source) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    for (const auto& e : rows) {
      check_unit(db, file, e.line, e.unit_code);
      find.bind(1, e.unit_code).bind(2, e.year).bind(3, e.fuel);
      if (find.step()) {
        const double stored = find.real(0);
        find.reset();
        if (stored != e.amount_base)
          throw StoreError(
              conflict(file, e.line, fmt::format("{} {} {}", e.unit_code, e.year, e.fuel), stored, e.amount_base));
        ++r.unchanged;
        continue;
      }
      find.reset();
      put.bind(1, e.unit_code)
          .bind(2, e.year)
          .bind(3, e.fuel)
          .bind(4, e.amount_base)
          .bind(5, e.file_amount)
          .bind(6, e.file_unit)
          .bind(7, e.source)
          .run();
      ++r.added;
    }
    describe(db, "carbon_energy", r);
    tx.commit();
    return r;
  });
}

CarbonImportReport import_gdp(Workspace& ws, const std::string& file, const std::vector<io::GdpRecord>& rows) {
  Database& db = ws.db();
  return with_retry(db, [&] {
    Transaction tx(db);
    CarbonImportReport r{file};
    Statement find = db.prepare("SELECT gdp_10k_yuan_2020 FROM carbon_gdp WHERE unit_code = ?1 AND year = ?2");
    Statement put = db.prepare(
        "INSERT INTO carbon_gdp (unit_code, year, gdp_10k_yuan_2020, method, source) VALUES (?1, ?2, ?3, ?4, ?5)");
    for (const auto& g : rows) {
      check_unit(db, file, g.line, g.unit_code);
      find.bind(1, g.unit_code).bind(2, g.year);
      if (find.step()) {
        const double stored = find.real(0);
        find.reset();
        if (stored != g.gdp_10k_yuan_2020)
          throw StoreError(
              conflict(file, g.line, fmt::format("GDP of {} in {}", g.unit_code, g.year), stored, g.gdp_10k_yuan_2020));
        ++r.unchanged;
        continue;
      }
      find.reset();
      put.bind(1, g.unit_code).bind(2, g.year).bind(3, g.gdp_10k_yuan_2020).bind(4, g.method).bind(5, g.source).run();
      ++r.added;
    }
    describe(db, "carbon_gdp", r);
    tx.commit();
    return r;
  });
}

CarbonImportReport import_carbon_targets(Workspace& ws, const std::string& file,
                                         const std::vector<io::CarbonTargetRecord>& rows) {
  Database& db = ws.db();
  return with_retry(db, [&] {
    Transaction tx(db);
    CarbonImportReport r{file};
    Statement find = db.prepare(
        "SELECT base_year, drop_pct FROM carbon_target WHERE unit_code = ?1 AND indicator = ?2 AND target_year = ?3");
    Statement put = db.prepare(
        "INSERT INTO carbon_target (unit_code, indicator, base_year, target_year, drop_pct, source) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (const auto& t : rows) {
      check_unit(db, file, t.line, t.unit_code);
      find.bind(1, t.unit_code).bind(2, t.indicator).bind(3, t.target_year);
      if (find.step()) {
        const auto base = find.int64(0);
        const double stored = find.real(1);
        find.reset();
        if (stored != t.drop_pct || base != t.base_year)
          throw StoreError(conflict(file, t.line,
                                    fmt::format("the {} target of {} for {}", t.indicator, t.unit_code, t.target_year),
                                    stored, t.drop_pct));
        ++r.unchanged;
        continue;
      }
      find.reset();
      put.bind(1, t.unit_code)
          .bind(2, t.indicator)
          .bind(3, t.base_year)
          .bind(4, t.target_year)
          .bind(5, t.drop_pct)
          .bind(6, t.source)
          .run();
      ++r.added;
    }
    describe(db, "carbon_target", r);
    tx.commit();
    return r;
  });
}

std::vector<StoredEnergy> load_energy(Workspace& ws, const std::vector<int>& years) {
  std::vector<StoredEnergy> out;
  Statement q = ws.db().prepare(
      "SELECT unit_code, year, fuel, amount FROM carbon_energy WHERE year = ?1 ORDER BY unit_code, fuel");
  for (int y : years) {
    q.bind(1, y);
    while (q.step()) out.push_back({q.text(0), q.text(2), static_cast<int>(q.int64(1)), q.real(3)});
    q.reset();
  }
  return out;
}

std::vector<StoredGdp> load_gdp(Workspace& ws, const std::vector<int>& years) {
  std::vector<StoredGdp> out;
  Statement q = ws.db().prepare(
      "SELECT unit_code, year, gdp_10k_yuan_2020, method, source FROM carbon_gdp WHERE year = ?1 ORDER BY unit_code");
  for (int y : years) {
    q.bind(1, y);
    while (q.step()) out.push_back({q.text(0), q.text(3), q.text(4), static_cast<int>(q.int64(1)), q.real(2)});
    q.reset();
  }
  return out;
}

std::vector<StoredCarbonTarget> load_carbon_targets(Workspace& ws) {
  std::vector<StoredCarbonTarget> out;
  Statement q = ws.db().prepare(
      "SELECT unit_code, indicator, source, base_year, target_year, drop_pct FROM carbon_target "
      "ORDER BY unit_code, indicator, target_year");
  while (q.step())
    out.push_back(
        {q.text(0), q.text(1), q.text(2), static_cast<int>(q.int64(3)), static_cast<int>(q.int64(4)), q.real(5)});
  return out;
}

}  // namespace eb::store
