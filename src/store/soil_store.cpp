#include "store/soil_store.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace eb::store {

namespace {

bool same_plot(const Statement& s, const FarmlandPlot& p) {
  auto opt_real = [&](int col) { return s.is_null(col) ? std::nullopt : std::optional<double>(s.real(col)); };
  return s.text(0) == p.name && s.opt_text(1) == p.unit_code && s.text(2) == p.land_use && s.text(3) == p.area_text &&
         s.text(4) == p.area_unit && s.int64(5) == p.area.micro_mu && opt_real(6) == p.lon && opt_real(7) == p.lat;
}

}  // namespace

SoilImportReport import_farmland_plots(Workspace& ws, const std::vector<FarmlandPlot>& plots,
                                       const std::string& source) {
  Database& db = ws.db();
  Transaction tx(db);
  SoilImportReport report;
  Statement find = db.prepare(
      "SELECT name, unit_code, land_use, area_text, area_unit, area_micro_mu, lon, lat FROM soil_farmland_plot "
      "WHERE code = ?");
  Statement insert = db.prepare(
      "INSERT INTO soil_farmland_plot (code, name, unit_code, land_use, area_text, area_unit, area_micro_mu, lon, "
      "lat, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING");
  for (const FarmlandPlot& p : plots) {
    find.bind(1, p.code);
    const bool found = find.step();
    const bool same = found && same_plot(find, p);
    find.reset();
    if (found && !same)
      throw StoreConflict(
          fmt::format("plot {} is stored with other content (name, unit, land use, area or place); "
                      "nothing was imported",
                      p.code));
    if (found) {
      ++report.unchanged;
      continue;
    }
    insert.bind(1, p.code)
        .bind(2, p.name)
        .bind(3, p.unit_code)
        .bind(4, p.land_use)
        .bind(5, p.area_text)
        .bind(6, p.area_unit)
        .bind(7, p.area.micro_mu)
        .bind(8, p.lon)
        .bind(9, p.lat)
        .bind(10, source)
        .run();
    if (db.changes() == 0)
      throw StoreConflict(fmt::format("plot {} was added by another writer meanwhile; retry", p.code));
    ++report.added;
  }
  tx.commit();
  return report;
}

SoilImportReport import_farmland_samples(Workspace& ws, const std::vector<FarmlandSampleRecord>& samples,
                                         const std::string& source) {
  Database& db = ws.db();
  Transaction tx(db);
  SoilImportReport report;
  Statement plot = db.prepare("SELECT 1 FROM soil_farmland_plot WHERE code = ?");
  Statement find =
      db.prepare("SELECT plot_code, sampled_on, ph, values_text FROM soil_farmland_sample WHERE sample = ?");
  Statement insert = db.prepare(
      "INSERT INTO soil_farmland_sample (sample, plot_code, sampled_on, ph, values_text, source) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sample) DO NOTHING");
  for (const FarmlandSampleRecord& s : samples) {
    plot.bind(1, s.plot_code);
    const bool has_plot = plot.step();
    plot.reset();
    if (!has_plot)
      throw StoreConflict(
          fmt::format("sample {}: plot {} is not in the workspace (soil plot import first); "
                      "nothing was imported",
                      s.sample, s.plot_code));
    find.bind(1, s.sample);
    const bool found = find.step();
    const bool same = found && find.text(0) == s.plot_code && find.text(1) == s.sampled_on && find.real(2) == s.ph &&
                      find.text(3) == s.values_text;
    find.reset();
    if (found && !same)
      throw StoreConflict(fmt::format(
          "sample {} is stored with other content (plot, date, pH or values); nothing was imported", s.sample));
    if (found) {
      ++report.unchanged;
      continue;
    }
    insert.bind(1, s.sample)
        .bind(2, s.plot_code)
        .bind(3, s.sampled_on)
        .bind(4, s.ph)
        .bind(5, s.values_text)
        .bind(6, source)
        .run();
    if (db.changes() == 0)
      throw StoreConflict(fmt::format("sample {} was added by another writer meanwhile; retry", s.sample));
    ++report.added;
  }
  tx.commit();
  return report;
}

std::vector<FarmlandPlot> load_farmland_plots(Workspace& ws) {
  Statement s = ws.db().prepare(
      "SELECT code, name, unit_code, land_use, area_text, area_unit, area_micro_mu, lon, lat FROM soil_farmland_plot "
      "ORDER BY code");
  std::vector<FarmlandPlot> out;
  while (s.step()) {
    FarmlandPlot p;
    p.code = s.text(0);
    p.name = s.text(1);
    p.unit_code = s.opt_text(2);
    p.land_use = s.text(3);
    p.area_text = s.text(4);
    p.area_unit = s.text(5);
    p.area = ExactArea{s.int64(6)};
    if (!s.is_null(7)) p.lon = s.real(7);
    if (!s.is_null(8)) p.lat = s.real(8);
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<FarmlandSampleRecord> load_farmland_samples(Workspace& ws, int year) {
  Statement s = ws.db().prepare(
      "SELECT sample, plot_code, sampled_on, ph, values_text FROM soil_farmland_sample "
      "WHERE CAST(?1 AS TEXT) = '' OR sampled_on LIKE ?1 ORDER BY plot_code, sampled_on, sample");
  s.bind(1, year == 0 ? std::string() : fmt::format("{:04d}-%", year));
  std::vector<FarmlandSampleRecord> out;
  while (s.step()) out.push_back({s.text(0), s.text(1), s.text(2), s.real(3), s.text(4)});
  return out;
}

}  // namespace eb::store
