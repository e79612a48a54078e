#include "app/runs/air/aqi.hpp"

#include <fmt/format.h>

#include <map>
#include <memory>
#include <span>

#include "app/runs/air/air_rules.hpp"
#include "core/error.hpp"
#include "engine/air/aqi_kernel.hpp"
#include "io/air_grid.hpp"
#include "io/file_buffer.hpp"
#include "io/observation_layouts.hpp"
#include "store/air_store.hpp"
#include "store/workspace.hpp"

namespace eb::app::runs {

namespace {

using engine::air::AqiColumns;
using engine::air::present;

// Editions of HJ 633 in force by day, one kernel each, built on first use.
class KernelsByDay {
 public:
  explicit KernelsByDay(std::string standard) : standard_(std::move(standard)) {}
  const engine::air::AqiKernel& operator()(const CivilDate& day) {
    const AirRules r = air_rules(standard_, day);
    auto& k = kernels_[r.aqi->id()];
    if (!k) k = std::make_unique<engine::air::AqiKernel>(*r.aqi);
    return *k;
  }

 private:
  std::string standard_;
  std::map<std::string, std::unique_ptr<engine::air::AqiKernel>> kernels_;
};

// Report row i of `a`.
AirAqiRow row_of(const std::string& station, EpochSeconds time, const AqiColumns& a, std::size_t i,
                 const engine::air::AqiKernel& k) {
  AirAqiRow row;
  row.station = station;
  row.time = time;
  row.aqi = a.aqi[i];
  row.primary = a.primary[i];
  row.exceeding = a.exceeding[i];
  for (std::size_t j = 0; j < row.iaqi.size(); ++j) row.iaqi[j] = a.iaqi[i][j];
  row.value.fill(engine::air::kMissing);
  row.edition = k.edition().id();
  return row;
}

// The real-time (hourly) report of one station's hours: a row per hour with at least one sub-index. Editions
// change at midnight: each day takes the report of the kernel in force that day.
void add_hourly_rows(std::vector<AirAqiRow>& rows, const engine::air::StationHours& g, KernelsByDay& kernel_for) {
  std::map<std::string, AqiColumns> per_edition;
  for (std::size_t day = 0; day < g.days; ++day) {
    const auto& k = kernel_for(civil_from_days(days_from_civil(g.first_day) + static_cast<long>(day)));
    auto it = per_edition.find(k.edition().id());
    if (it == per_edition.end()) it = per_edition.emplace(k.edition().id(), k.hourly(g)).first;
    const AqiColumns& a = it->second;
    for (std::size_t h = day * 24; h < day * 24 + 24; ++h)
      if (a.available[h] != 0) rows.push_back(row_of(g.station, g.time_of(h), a, h, k));
  }
}

// The daily report of one station's hours: a row per day with at least one sub-index.
void add_daily_rows(std::vector<AirAqiRow>& rows, const engine::air::StationHours& g, const std::string& standard,
                    KernelsByDay& kernel_for) {
  const AirRules r = air_rules(standard, g.first_day);
  const auto d = engine::air::daily_values(g, r.limits->limit("O3", "8h", 2).value());
  for (std::size_t day = 0; day < d.days; ++day) {
    const auto& k = kernel_for(d.day(day));
    engine::air::DailyValues one(d.code, d.day(day), 1);
    for (std::size_t i = 0; i < engine::air::kDailyItems; ++i) one.value[i][0] = d.value[i][day];
    const AqiColumns a = engine::air::daily_aqi(one, k);
    if (a.available[0] == 0) continue;
    AirAqiRow row = row_of(d.code, beijing_to_epoch({d.day(day), 0, 0, 0}), a, 0, k);
    for (std::size_t i = 0; i < engine::air::kDailyItems; ++i) row.value[i] = d.value[i][day];
    rows.push_back(std::move(row));
  }
}

// --- views ---

std::string names_of(std::uint8_t bits, std::span<const std::string_view> names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (bits & (1u << i)) out += (out.empty() ? "" : "|") + std::string(names[i]);
  return out;
}

Cell opt_int(int v) { return v >= 0 ? Cell(v) : Cell(); }
Cell opt_real(double v) { return present(v) ? Cell(v) : Cell(); }

std::vector<Column> aqi_columns() {
  return {{"aqi", "AQI", "AQI"},
          {"level", "级别", "level"},
          {"category", "类别", "category"},
          {"colour", "颜色", "colour"},
          {"primary_pollutants", "首要污染物", "primary pollutants"},
          {"exceeding_pollutants", "超标污染物", "exceeding pollutants"}};
}

// The station, time and AQI columns of a report row: aqi, level, category, colour, primary, exceeding.
std::vector<Cell> report_cells(const AirAqiRow& r, std::span<const std::string_view> names, Lang lang) {
  std::vector<Cell> row{r.station, format_beijing_iso(r.time)};
  if (r.aqi >= 0) {
    const auto& level = standards::aqi_level(r.aqi);
    row.insert(row.end(), {Cell(r.aqi), Cell(level.level), Cell(lang == Lang::zh ? level.name_zh : level.name_en),
                           Cell(level.rgb_hex)});
  } else {
    row.insert(row.end(), {Cell(), Cell(), Cell(), Cell()});
  }
  row.push_back(r.aqi > 50 ? Cell(names_of(r.primary, names)) : Cell());
  row.push_back(r.exceeding ? Cell(names_of(r.exceeding, names)) : Cell());
  return row;
}

std::vector<Column> hourly_columns() {
  std::vector<Column> c = {{"station", "站点", "station"}, {"time", "时间", "time"}};
  for (auto& a : aqi_columns()) c.push_back(a);
  for (const auto name : engine::air::kHourlyNames)
    c.push_back({fmt::format("iaqi_{}", name), fmt::format("IAQI {}", name), fmt::format("IAQI {}", name)});
  c.push_back({"standard", "标准", "standard"});
  return c;
}

std::vector<Column> daily_columns() {
  std::vector<Column> c = {{"station", "站点", "station"}, {"time", "时间", "time"}};
  for (auto& a : aqi_columns()) c.push_back(a);
  for (const auto name : engine::air::kDailyNames)
    c.push_back({fmt::format("c_{}", name), std::string(name), std::string(name), 3});
  for (const auto name : engine::air::kDailyNames)
    c.push_back({fmt::format("iaqi_{}", name), fmt::format("IAQI {}", name), fmt::format("IAQI {}", name)});
  c.push_back({"standard", "标准", "standard"});
  return c;
}

void add_hourly_cells(Table& t, const std::vector<AirAqiRow>& rows, Lang l) {
  const auto names = std::span<const std::string_view>(engine::air::kHourlyNames);
  for (const auto& r : rows) {
    std::vector<Cell> row = report_cells(r, names, l);
    for (std::size_t i = 0; i < names.size(); ++i) row.push_back(opt_int(r.iaqi[i]));
    row.push_back(r.edition);
    t.add(std::move(row));
  }
}

void add_daily_cells(Table& t, const std::vector<AirAqiRow>& rows, Lang l) {
  const auto names = std::span<const std::string_view>(engine::air::kDailyNames);
  for (const auto& r : rows) {
    std::vector<Cell> row = report_cells(r, names, l);
    for (std::size_t i = 0; i < engine::air::kDailyItems; ++i) row.push_back(opt_real(r.value[i]));
    for (std::size_t i = 0; i < names.size(); ++i) row.push_back(opt_int(r.iaqi[i]));
    row.push_back(r.edition);
    t.add(std::move(row));
  }
}

}  // namespace

io::ObservationBatch read_observation_file(const std::string& path, const std::string& layout_name, const RunEnv& env) {
  io::FileBuffer buf(path, env.text_input());
  const std::optional<io::ObservationLayout> layout =
      layout_name == "auto" ? io::detect_layout(buf.text()) : io::parse_layout_name(layout_name);
  if (!layout) throw InputError(path + ":1:1: cannot recognise the layout; give --layout cnemc-wide|long");
  Step step(env, "读取 " + path, "reading " + path, buf.text().size());
  io::ObservationBatch batch = io::read_observations(buf.text(), path, *layout, [&](std::size_t b) { step.update(b); });
  step.finish();
  if (!batch.rejections.empty()) throw_rejections(path, batch.rejections, "nothing was computed");
  return batch;
}

AirAqiResult run_air_aqi(const AirAqiRequest& req, const RunEnv& env) {
  AirAqiResult r;
  r.daily = req.mode == "daily";
  KernelsByDay kernel_for(req.standard);
  for (const auto& path : req.files) {
    const io::ObservationBatch batch = read_observation_file(path, req.layout, env);
    for (const auto& g : io::station_hours(batch)) {
      if (r.daily)
        add_daily_rows(r.rows, g, req.standard, kernel_for);
      else
        add_hourly_rows(r.rows, g, kernel_for);
    }
  }
  return r;
}

Document air_aqi_document(const AirAqiResult& r, Lang l) {
  Table t;
  t.columns = r.daily ? daily_columns() : hourly_columns();
  if (r.daily)
    add_daily_cells(t, r.rows, l);
  else
    add_hourly_cells(t, r.rows, l);
  return Document(std::move(t));
}

AirHourlyResult run_air_hourly(const AirHourlyRequest& req, const RunEnv&) {
  store::Workspace ws(req.workspace, store::Workspace::Open::existing);
  AirHourlyResult r;
  r.period = req.period;
  KernelsByDay kernel_for(req.standard);
  bool found = req.station.empty();
  for (const auto& g : store::load_station_hours(ws, req.period)) {
    if (!req.station.empty() && g.station != req.station) continue;
    found = true;
    add_hourly_rows(r.rows, g, kernel_for);
  }
  if (!found)
    throw InputError(
        fmt::format("{}: no hourly data of station {} in {}", req.workspace, req.station, req.period.label));
  return r;
}

Document air_hourly_document(const AirHourlyResult& r, Lang l) {
  Table t;
  t.title_zh = fmt::format("逐小时空气质量指数（HJ 633 实时报，{}）", r.period.label);
  t.title_en = fmt::format("Hourly AQI (HJ 633 real-time report, {})", r.period.label);
  t.columns = hourly_columns();
  add_hourly_cells(t, r.rows, l);
  return Document(std::move(t));
}

}  // namespace eb::app::runs
