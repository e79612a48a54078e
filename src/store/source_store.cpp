#include "store/source_store.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "io/file_buffer.hpp"
#include "store/admin_store.hpp"

namespace eb::store {

std::string device_password_hash(std::string_view mn, std::string_view password) {
  std::string salted(mn);
  salted += ':';
  salted += password;
  return "sha256:" + io::sha256_hex(salted);
}

SourceImportReport import_sources(Workspace& ws, const std::vector<OutletRecord>& outlets) {
  Database& db = ws.db();
  SourceImportReport report;
  Transaction tx(db);
  Statement enterprise = db.prepare(
      "INSERT INTO enterprise (id, name, industry, unit_code, lon, lat, source) VALUES (?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (id) DO UPDATE SET name = excluded.name, industry = excluded.industry, "
      "unit_code = excluded.unit_code, lon = excluded.lon, lat = excluded.lat, source = excluded.source");
  Statement outlet = db.prepare(
      "INSERT INTO outlet (enterprise_id, outlet_id, name, kind, mn, password_hash, standard, lon, lat, unit_code, "
      "source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (enterprise_id, outlet_id) DO UPDATE SET "
      "name = excluded.name, kind = excluded.kind, mn = excluded.mn, password_hash = excluded.password_hash, "
      "standard = excluded.standard, lon = excluded.lon, lat = excluded.lat, unit_code = excluded.unit_code, "
      "source = excluded.source");
  std::unordered_map<std::string, bool> seen;
  for (const OutletRecord& o : outlets) {
    const auto units = units_at(ws, o.lon, o.lat);
    std::optional<std::string> unit;
    if (!units.empty()) {
      unit = units.back().code;
      ++report.located;
    }
    if (seen.emplace(o.enterprise_id, true).second) {
      enterprise.bind(1, o.enterprise_id).bind(2, o.enterprise_name);
      enterprise.bind(3, o.industry.empty() ? std::optional<std::string>() : std::optional<std::string>(o.industry));
      enterprise.bind(4, unit).bind(5, o.lon).bind(6, o.lat).bind(7, o.source).run();
      ++report.enterprises;
    }
    outlet.bind(1, o.enterprise_id).bind(2, o.outlet_id);
    outlet.bind(3, o.outlet_name.empty() ? std::optional<std::string>() : std::optional<std::string>(o.outlet_name));
    outlet.bind(4, o.kind).bind(5, o.mn).bind(6, device_password_hash(o.mn, o.password)).bind(7, o.standard);
    outlet.bind(8, o.lon).bind(9, o.lat).bind(10, unit).bind(11, o.source).run();
    ++report.outlets;
  }
  tx.commit();
  return report;
}

std::unordered_map<std::string, std::string> outlet_mns(Workspace& ws) {
  std::unordered_map<std::string, std::string> out;
  Statement q = ws.db().prepare("SELECT mn, enterprise_id || '/' || outlet_id FROM outlet");
  while (q.step()) out.emplace(q.text(0), q.text(1));
  return out;
}

std::vector<OutletRow> list_outlets(Workspace& ws) {
  std::vector<OutletRow> out;
  Statement q = ws.db().prepare(
      "SELECT o.enterprise_id, e.name, o.outlet_id, o.kind, o.mn, o.standard, o.unit_code, o.lon, o.lat, "
      "(SELECT sum(json_array_length(r.values_json)) FROM source_record r WHERE r.outlet = o.fid), "
      "(SELECT max(data_time) FROM source_record r WHERE r.outlet = o.fid) "
      "FROM outlet o JOIN enterprise e ON e.id = o.enterprise_id ORDER BY o.enterprise_id, o.outlet_id");
  while (q.step()) {
    OutletRow r;
    r.enterprise_id = q.text(0);
    r.enterprise_name = q.text(1);
    r.outlet_id = q.text(2);
    r.kind = q.text(3);
    r.mn = q.text(4);
    r.standard = q.text(5);
    r.unit_code = q.opt_text(6);
    r.lon = q.real(7);
    r.lat = q.real(8);
    r.values = q.int64(9);
    if (!q.is_null(10)) r.last_time = q.int64(10);
    out.push_back(std::move(r));
  }
  return out;
}

std::optional<OutletRef> find_outlet(Workspace& ws, std::string_view key_or_mn) {
  Statement q = ws.db().prepare(
      "SELECT fid, enterprise_id || '/' || outlet_id FROM outlet WHERE enterprise_id || '/' || outlet_id = ?1 "
      "OR mn = ?1");
  q.bind(1, key_or_mn);
  if (!q.step()) return std::nullopt;
  return OutletRef{q.int64(0), q.text(1)};
}

std::unordered_map<std::string, DeviceKey> load_devices(Workspace& ws) {
  std::unordered_map<std::string, DeviceKey> out;
  Statement q = ws.db().prepare("SELECT mn, fid, password_hash FROM outlet");
  while (q.step()) out.emplace(q.text(0), DeviceKey{q.int64(1), q.text(2)});
  return out;
}

namespace {

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  // Codes are printable ASCII (io/hj212 refuses the rest); quote and backslash are the two that need escaping.
  if (std::none_of(text.begin(), text.end(), [](char c) { return c == '"' || c == '\\'; })) {
    out += text;
  } else {
    for (const char c : text) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
  }
  out += '"';
}

}  // namespace

void append_values_json(std::string& out, std::span<const SourceValue> values) {
  out += '[';
  bool first = true;
  for (const SourceValue& v : values) {
    if (!first) out += ',';
    first = false;
    out += '[';
    append_json_string(out, v.pollutant);
    out += ',';
    append_json_string(out, v.kind);
    // Shortest round-trip form; the parser refuses NaN and infinities, which JSON cannot hold.
    char number[40];  // fmt's shortest form of a double fits in 25 characters
    out += ',';
    out.append(number, fmt::format_to(number, "{}", v.value));
    out += ',';
    if (v.flag) {
      const char f[4] = {'"', v.flag, '"', 0};
      out += f;
    } else {
      out += "null";
    }
    out += ']';
  }
  out += ']';
}

SourceValueWriter::SourceValueWriter(Workspace& ws)
    : put_(ws.db().prepare("INSERT INTO source_record (outlet, cn, data_time, part, qn, received_at, values_json) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (outlet, cn, data_time, part) DO NOTHING")),
      db_(ws.db()) {}

bool SourceValueWriter::insert(const SourceRecord& r) {
  json_.clear();
  append_values_json(json_, r.values);
  put_.bind(1, r.outlet).bind(2, r.cn).bind(3, r.data_time).bind(4, r.part);
  if (r.qn.empty()) {
    put_.bind_null(5);
  } else {
    put_.bind(5, r.qn);
  }
  put_.bind(6, r.received_at).bind(7, std::string_view(json_)).run();
  return db_.changes() > 0;
}

}  // namespace eb::store
