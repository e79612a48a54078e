#include "store/source_values.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>

#include "core/error.hpp"
#include "standards/emission.hpp"

namespace eb::store {

namespace {

constexpr int kHourlyData = 2061;  // HJ 212 CN of hourly data

bool valid_flag(const std::optional<std::string>& flag) {
  return standards::hj212_flag_use(flag && !flag->empty() ? (*flag)[0] : '\0') == standards::FlagUse::valid;
}

struct Hour {
  double o2 = engine::source::kNoValue, flow = engine::source::kNoValue;
  bool o2_left_out = false, flow_left_out = false;
  // pollutant (2017 code) -> value, flag, sent under its 2017 code
  struct Concentration {
    double value;
    char flag;
    bool code_2017;
  };
  std::map<std::string, Concentration> values;
};

// The hourly rows of one outlet folded into HourlyValues.
void read_values(Statement& q, OutletHourly& o) {
  const std::string flow_code = o.kind == "water" ? "w00000" : "a00000";
  std::map<std::int64_t, Hour> hours;
  while (q.step()) {
    const std::int64_t t = q.int64(0);
    const std::string sent = q.text(1);
    const std::string kind = q.text(2);
    const double value = q.real(3);
    const std::optional<std::string> flag = q.opt_text(4);
    if (t % 3600 != 0) {
      ++o.off_hour;
      continue;
    }
    const standards::Hj212Code* code = standards::hj212_code(sent);
    const std::string pollutant = code ? code->code : sent;
    Hour& h = hours[t];
    if (pollutant == "a19001") {
      if (kind != "Avg") continue;
      if (valid_flag(flag)) {
        h.o2 = value;
      } else {
        h.o2_left_out = true;
      }
    } else if (pollutant == flow_code) {
      if (kind != "Cou") continue;
      if (valid_flag(flag)) {
        h.flow = value;
      } else {
        h.flow_left_out = true;
      }
    } else if (kind == "Avg" && (!code || code->kind != "flow")) {
      const bool is_2017 = sent == pollutant;
      const char f = flag && !flag->empty() ? (*flag)[0] : '\0';
      const auto [at, fresh] = h.values.try_emplace(pollutant, Hour::Concentration{value, f, is_2017});
      if (!fresh) {
        ++o.duplicates;
        if (is_2017 && !at->second.code_2017) at->second = {value, f, true};
      }
    }
  }
  for (const auto& [t, h] : hours) {
    ++o.hours;
    if (h.o2_left_out && std::isnan(h.o2)) ++o.o2_left_out;
    if (h.flow_left_out && std::isnan(h.flow)) ++o.flow_left_out;
    for (const auto& [pollutant, c] : h.values) {
      engine::source::HourlyValue v;
      v.hour = t;
      v.pollutant = pollutant;
      v.value = c.value;
      v.o2 = h.o2;
      v.flow = h.flow;
      v.flag = c.flag;
      o.values.push_back(std::move(v));
    }
  }
}

bool named(const OutletHourly& o, const std::string& name) {
  return name == o.enterprise_id + "/" + o.outlet_id || name == o.outlet_id || name == o.mn;
}

}  // namespace

void for_each_outlet_hours(Workspace& ws, std::int64_t begin, std::int64_t end, const std::vector<std::string>& outlets,
                           const std::function<void(OutletHourly&)>& each) {
  std::vector<OutletHourly> out;
  Statement registry = ws.db().prepare(
      "SELECT o.fid, o.enterprise_id, e.name, o.outlet_id, o.name, o.kind, o.mn, o.standard, o.unit_code, o.lon, "
      "o.lat FROM outlet o JOIN enterprise e ON e.id = o.enterprise_id ORDER BY o.enterprise_id, o.outlet_id");
  std::vector<bool> found(outlets.size(), false);
  while (registry.step()) {
    OutletHourly o;
    o.fid = registry.int64(0);
    o.enterprise_id = registry.text(1);
    o.enterprise_name = registry.text(2);
    o.outlet_id = registry.text(3);
    o.outlet_name = registry.opt_text(4).value_or("");
    o.kind = registry.text(5);
    o.mn = registry.text(6);
    o.standard = registry.text(7);
    o.unit_code = registry.opt_text(8);
    o.lon = registry.real(9);
    o.lat = registry.real(10);
    if (!outlets.empty()) {
      bool wanted = false;
      for (std::size_t i = 0; i < outlets.size(); ++i)
        if (named(o, outlets[i])) wanted = found[i] = true;
      if (!wanted) continue;
    }
    out.push_back(std::move(o));
  }
  for (std::size_t i = 0; i < outlets.size(); ++i)
    if (!found[i])
      throw InputError("no outlet \"" + outlets[i] +
                       "\" in the workspace (ENTERPRISE_ID/OUTLET_ID, an outlet id or an MN; see `source list`)");
  // Only the kinds used: the hour's Avg concentrations and O2, the Cou of the flow.
  Statement values = ws.db().prepare(
      "SELECT data_time, pollutant, kind, value, flag FROM source_value WHERE outlet = ? AND cn = ? AND "
      "data_time >= ? AND data_time < ? AND kind IN ('Avg', 'Cou') ORDER BY data_time, pollutant, kind");
  for (OutletHourly& o : out) {
    values.bind(1, o.fid).bind(2, kHourlyData).bind(3, begin).bind(4, end);
    read_values(values, o);
    values.reset();
    each(o);
    // One outlet's year of hourly values at a time: a province's thousands of outlets never sit in memory at once.
    o.values.clear();
    o.values.shrink_to_fit();
  }
}

std::vector<OutletHourly> load_outlet_hours(Workspace& ws, std::int64_t begin, std::int64_t end,
                                            const std::vector<std::string>& outlets) {
  std::vector<OutletHourly> out;
  for_each_outlet_hours(ws, begin, end, outlets, [&](OutletHourly& o) { out.push_back(o); });
  return out;
}

}  // namespace eb::store
