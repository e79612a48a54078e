// HJ 633 AQI (hourly and daily reports, both editions) and HJ 663 daily values on columns of concentrations, and
// observation files read as `air aqi` reads them. The kernels are those of `air aqi`: results are identical.
#include <pybind11/stl.h>

#include <map>
#include <optional>

#include "app/runs/air/air_rules.hpp"
#include "app/runs/air/aqi.hpp"
#include "arrays.hpp"
#include "bindings.hpp"
#include "core/error.hpp"
#include "engine/air/aqi_kernel.hpp"
#include "engine/air/daily_values.hpp"
#include "io/air_grid.hpp"

namespace eb::python {

namespace py = pybind11;
namespace air = engine::air;
namespace runs = app::runs;

namespace {

// The AQI edition of every row: one for a named standard; for "auto", the edition in force on each row's day
// (days since 1970-01-01, Beijing), as `air aqi --standard auto` chooses it.
struct RowEditions {
  std::vector<const standards::AqiEdition*> editions;  // distinct, in order of first use
  std::vector<std::uint8_t> index;                     // per row, into editions (empty: editions[0] for every row)
};

RowEditions row_editions(const std::string& standard, const py::object& days, std::size_t n) {
  RowEditions out;
  if (days.is_none()) {
    if (standard == "auto")
      throw UsageError("standard auto chooses the edition in force on each day: give the rows' times (or days)");
    out.editions.push_back(runs::air_rules(standard, CivilDate{2000, 1, 1}).aqi);
    return out;
  }
  const auto day_array = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>::ensure(days);
  if (!day_array || day_array.ndim() != 1 || static_cast<std::size_t>(day_array.shape(0)) != n)
    throw UsageError("days: expected one day (days since 1970-01-01) per row");
  std::map<std::int64_t, std::uint8_t> by_day;
  out.index.resize(n);
  const std::int64_t* d = day_array.data();
  for (std::size_t i = 0; i < n; ++i) {
    auto it = by_day.find(d[i]);
    if (it == by_day.end()) {
      const standards::AqiEdition* e = runs::air_rules(standard, civil_from_days(d[i])).aqi;
      std::size_t k = 0;
      while (k < out.editions.size() && out.editions[k] != e) ++k;
      if (k == out.editions.size()) out.editions.push_back(e);
      it = by_day.emplace(d[i], static_cast<std::uint8_t>(k)).first;
    }
    out.index[i] = it->second;
  }
  return out;
}

// Rows of `from` where index == k copied into `to` (same size): the report of the edition each row falls under.
void take_rows(const air::AqiColumns& from, const std::vector<std::uint8_t>& index, std::uint8_t k,
               air::AqiColumns& to) {
  for (std::size_t i = 0; i < index.size(); ++i) {
    if (index[i] != k) continue;
    to.aqi[i] = from.aqi[i];
    to.primary[i] = from.primary[i];
    to.exceeding[i] = from.exceeding[i];
    to.available[i] = from.available[i];
    to.iaqi[i] = from.iaqi[i];
  }
}

// The columns of a report as numpy arrays (moved, not copied) with the edition of every row.
py::dict report_to_python(air::AqiColumns&& a, RowEditions&& e) {
  const auto n = static_cast<py::ssize_t>(a.aqi.size());
  auto* iaqi = new std::vector<std::array<std::int16_t, 7>>(std::move(a.iaqi));
  py::capsule free_iaqi(iaqi, [](void* p) { delete static_cast<std::vector<std::array<std::int16_t, 7>>*>(p); });
  py::dict out;
  out["aqi"] = to_numpy(std::move(a.aqi));
  out["primary"] = to_numpy(std::move(a.primary));
  out["exceeding"] = to_numpy(std::move(a.exceeding));
  out["available"] = to_numpy(std::move(a.available));
  out["iaqi"] =
      py::array_t<std::int16_t>({n, py::ssize_t{7}}, reinterpret_cast<const std::int16_t*>(iaqi->data()), free_iaqi);
  if (e.index.empty()) e.index.assign(static_cast<std::size_t>(n), 0);
  out["edition"] = to_numpy(std::move(e.index));
  py::list ids;
  for (const auto* ed : e.editions) ids.append(ed->id());
  out["editions"] = ids;
  return out;
}

// `count` float64 columns of one length; nothing for a column given as None (missing throughout).
std::vector<std::optional<CArray<double>>> columns_of(const py::sequence& seq, std::size_t count, const char* what,
                                                      std::size_t& n) {
  if (static_cast<std::size_t>(py::len(seq)) != count)
    throw UsageError(std::string(what) + ": expected " + std::to_string(count) + " columns");
  std::vector<std::optional<CArray<double>>> out;
  py::ssize_t length = -1;
  for (const auto& item : seq) {
    if (item.is_none()) {
      out.emplace_back();
      continue;
    }
    out.emplace_back(column(item, what, length));
    length = out.back()->shape(0);
  }
  if (length < 0) throw UsageError(std::string(what) + ": every column is None");
  n = static_cast<std::size_t>(length);
  return out;
}

py::dict aqi_hourly(const py::sequence& concentrations, const py::object& so2_24h, const std::string& standard,
                    const py::object& days) {
  std::size_t n = 0;
  const auto cols = columns_of(concentrations, air::kPollutants, "concentrations", n);
  std::optional<CArray<double>> so2_24h_column;
  if (!so2_24h.is_none()) so2_24h_column = column(so2_24h, "so2_24h", static_cast<py::ssize_t>(n));
  RowEditions editions = row_editions(standard, days, n);
  std::vector<double> missing;  // a None column: NaN throughout
  std::array<const double*, air::kPollutants> conc{};
  for (std::size_t p = 0; p < air::kPollutants; ++p) {
    if (cols[p]) {
      conc[p] = cols[p]->data();
    } else {
      if (missing.empty()) missing.assign(n, air::kMissing);
      conc[p] = missing.data();
    }
  }
  air::AqiColumns out;
  {
    py::gil_scoped_release released;
    const double* so2 = so2_24h_column ? so2_24h_column->data() : nullptr;
    air::AqiKernel::of(*editions.editions[0]).hourly(conc, so2, n, out);
    for (std::size_t k = 1; k < editions.editions.size(); ++k) {
      air::AqiColumns other;
      air::AqiKernel::of(*editions.editions[k]).hourly(conc, so2, n, other);
      take_rows(other, editions.index, static_cast<std::uint8_t>(k), out);
    }
  }
  return report_to_python(std::move(out), std::move(editions));
}

py::dict aqi_daily(const py::sequence& values, const std::string& standard, const py::object& days) {
  std::size_t n = 0;
  const auto cols = columns_of(values, air::kDailyItems, "daily values", n);
  RowEditions editions = row_editions(standard, days, n);
  std::array<const double*, air::kDailyItems> columns{};
  for (std::size_t i = 0; i < air::kDailyItems; ++i) columns[i] = cols[i] ? cols[i]->data() : nullptr;
  air::AqiColumns out;
  {
    py::gil_scoped_release released;
    air::daily_aqi(columns, n, air::AqiKernel::of(*editions.editions[0]), out);
    for (std::size_t k = 1; k < editions.editions.size(); ++k) {
      air::AqiColumns other;
      air::daily_aqi(columns, n, air::AqiKernel::of(*editions.editions[k]), other);
      take_rows(other, editions.index, static_cast<std::uint8_t>(k), out);
    }
  }
  return report_to_python(std::move(out), std::move(editions));
}

// Daily values of `days` whole days of hourly values (hour 0 = 00:00 Beijing of the first day).
py::dict daily_values(const py::sequence& hourly, double o3_8h_limit) {
  std::size_t n = 0;
  const auto cols = columns_of(hourly, air::kPollutants, "hourly concentrations", n);
  if (n % 24 != 0)
    throw UsageError("hourly concentrations: expected whole days of 24 hours (hour 0 = 00:00), got " +
                     std::to_string(n) + " values");
  const std::size_t days = n / 24;
  std::vector<double> missing;
  air::DailyValues d("", CivilDate{1970, 1, 1}, days);
  {
    py::gil_scoped_release released;
    std::array<const double*, air::kPollutants> base{};
    for (std::size_t p = 0; p < air::kPollutants; ++p) {
      if (cols[p]) {
        base[p] = cols[p]->data();
      } else {
        if (missing.empty()) missing.assign(n, air::kMissing);
        base[p] = missing.data();
      }
    }
    for (std::size_t day = 0; day < days; ++day) {
      std::array<const double*, air::kPollutants> hours{};
      for (std::size_t p = 0; p < air::kPollutants; ++p) hours[p] = base[p] + day * 24;
      air::daily_values_of_day(hours, o3_8h_limit, d, day);
    }
  }
  py::list values, counts;
  for (std::size_t i = 0; i < air::kDailyItems; ++i) {
    values.append(to_numpy(std::move(d.value[i])));
    counts.append(to_numpy(std::move(d.count[i])));
  }
  py::dict out;
  out["values"] = values;
  out["counts"] = counts;
  return out;
}

// The stations of an observation file on their hourly grids (whole Beijing days), as `air aqi` reads them.
py::list read_observations(const std::string& path, const std::string& layout) {
  std::vector<air::StationHours> stations;
  {
    py::gil_scoped_release released;
    stations = io::station_hours(runs::read_observation_file(path, layout, runs::RunEnv{}));
  }
  py::list out;
  for (auto& s : stations) {
    py::dict station;
    station["station"] = s.station;
    station["first_day"] = days_from_civil(s.first_day);
    station["days"] = s.days;
    py::list hourly;
    for (auto& column_values : s.hourly) hourly.append(to_numpy(std::move(column_values)));
    station["hourly"] = hourly;
    station["so2_24h"] = s.so2_24h.empty() ? py::object(py::none()) : py::object(to_numpy(std::move(s.so2_24h)));
    out.append(station);
  }
  return out;
}

py::dict air_rules_of(const std::string& standard, std::int64_t day, int zone_class) {
  const runs::AirRules r = runs::air_rules(standard, civil_from_days(day));
  py::dict out;
  out["aqi"] = r.aqi->id();
  out["label"] = r.label();
  out["o3_8h_limit"] = r.limits->limit("O3", "8h", zone_class);
  return out;
}

}  // namespace

void bind_air(py::module_& m) {
  m.attr("HOURLY_ITEMS") = py::cast(std::vector<std::string>(air::kHourlyNames.begin(), air::kHourlyNames.end()));
  m.attr("DAILY_ITEMS") = py::cast(std::vector<std::string>(air::kDailyNames.begin(), air::kDailyNames.end()));
  m.def("aqi_hourly", &aqi_hourly, py::arg("concentrations"), py::arg("so2_24h") = py::none(),
        py::arg("standard") = "auto", py::arg("days") = py::none(),
        "Real-time report of n station-hours: six float64 columns PM2.5, PM10, SO2, NO2, CO (mg/m3), O3 (None: "
        "missing), the SO2 24-hour means for the 2012 SO2 > 800 rule, the standard and, for auto, each row's day. "
        "Returns aqi (-1: none), primary/exceeding bits, available, iaqi (n x 7), the edition of each row.");
  m.def("aqi_daily", &aqi_daily, py::arg("values"), py::arg("standard") = "auto", py::arg("days") = py::none(),
        "Daily report of n days: seven float64 columns PM2.5, PM10, SO2, NO2, CO 24-hour means, O3 daily max "
        "8-h and 1-h. Returns the columns of aqi_hourly.");
  m.def("daily_values", &daily_values, py::arg("hourly"), py::arg("o3_8h_limit") = 160.0,
        "HJ 663 / GB 3095 daily values of whole days of hourly values (six columns of days x 24). Returns "
        "values and counts, seven columns each (PM2.5, PM10, SO2, NO2, CO, O3_8h, O3_1h).");
  m.def("read_observations", &read_observations, py::arg("path"), py::arg("layout") = "auto",
        "The stations of an observation file (CNEMC wide, long, UCI Beijing) on whole Beijing days of hours.");
  m.def("air_rules", &air_rules_of, py::arg("standard"), py::arg("day"), py::arg("zone_class") = 2,
        "The rules of a standard on a day (days since 1970-01-01): the AQI edition, the label, the O3 8-h limit.");
  m.def("aqi_levels", [] {
    py::list out;
    for (const auto& l : standards::aqi_levels()) {
      py::dict d;
      d["level"] = l.level;
      d["name_zh"] = l.name_zh;
      d["name_en"] = l.name_en;
      d["rgb_hex"] = l.rgb_hex;
      d["aqi_min"] = l.aqi_min;
      d["aqi_max"] = l.aqi_max;
      out.append(d);
    }
    return out;
  });
}

}  // namespace eb::python
