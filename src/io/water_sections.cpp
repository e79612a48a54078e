#include "io/water_sections.hpp"

#include <fmt/format.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/utf8.hpp"
#include "io/layout_support.hpp"
#include "io/vector_source.hpp"
#include "standards/tables.hpp"

namespace eb::io {

namespace {

std::string ascii_lower(std::string_view t) {
  std::string out(t);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

std::string water_assessment_level(std::string_view control_level) {
  const std::string key = ascii_lower(trim(control_level));
  const auto& t = standards::DataTable::get("water_assessment_levels.csv");
  for (std::size_t i = 0; i < t.size(); ++i)
    if (ascii_lower(t.at(i, "control_level")) == key) return t.at(i, "assessment_level");
  return "other";
}

std::vector<std::string> water_section_sets() {
  const auto& t = standards::DataTable::get("water_section_sets.csv");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < t.size(); ++i) out.push_back(t.at(i, "set"));
  return out;
}

bool water_section_in_set(std::string_view assessment_level, std::string_view set) {
  const auto& t = standards::DataTable::get("water_section_sets.csv");
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t.at(i, "set") != set) continue;
    const std::string& levels = t.at(i, "assessment_levels");
    std::size_t from = 0;
    while (from <= levels.size()) {
      const std::size_t bar = std::min(levels.find('|', from), levels.size());
      if (std::string_view(levels).substr(from, bar - from) == assessment_level) return true;
      from = bar + 1;
    }
  }
  return false;
}

std::optional<int> parse_water_class(std::string_view t) {
  t = trim(t);
  static constexpr std::string_view kRoman[] = {"I", "II", "III", "IV", "V"};
  for (int i = 0; i < 5; ++i)
    if (t == kRoman[i] || t == std::to_string(i + 1)) return i + 1;
  if (t == "劣V" || t == "劣Ⅴ" || t == "6" || t == "worse than V") return standards::kWorseThanV;
  return std::nullopt;
}

WaterSectionList read_water_sections(std::string_view text, const std::string& file) {
  WaterSectionList out;
  out.file = file;
  CsvReader csv(text, file);
  if (!csv.next()) throw InputError(file + ": empty file");
  static const std::map<std::string, std::string, std::less<>> kNames = {{"code", "code"},
                                                                         {"断面编码", "code"},
                                                                         {"name", "name"},
                                                                         {"断面名称", "name"},
                                                                         {"waterbody", "waterbody"},
                                                                         {"水体类型", "waterbody"},
                                                                         {"lon", "lon"},
                                                                         {"经度", "lon"},
                                                                         {"lat", "lat"},
                                                                         {"纬度", "lat"},
                                                                         {"river", "river"},
                                                                         {"河流", "river"},
                                                                         {"basin", "basin"},
                                                                         {"流域", "basin"},
                                                                         {"control_level", "control_level"},
                                                                         {"级别", "control_level"},
                                                                         {"target_class", "target_class"},
                                                                         {"目标类别", "target_class"},
                                                                         {"city", "city"},
                                                                         {"城市", "city"}};
  std::map<std::string, std::size_t> col;
  for (std::size_t i = 0; i < csv.size(); ++i) {
    const auto it = kNames.find(trim(csv[i]));
    if (it == kNames.end())
      throw InputError(detail::header_error(file, 1, static_cast<std::uint32_t>(i + 1),
                                            fmt::format("unknown column \"{}\" in a section list", trim(csv[i]))));
    col[it->second] = i;
  }
  for (const char* required : {"code", "name", "waterbody", "lon", "lat"})
    if (!col.count(required))
      throw InputError(detail::header_error(file, 1, 1, fmt::format("required column \"{}\" is missing", required)));
  const std::size_t n_fields = csv.size();
  std::set<std::string> seen;
  auto field = [&](const char* name) -> std::string_view {
    const auto it = col.find(name);
    return it == col.end() ? std::string_view() : trim(csv[it->second]);
  };
  auto column_of = [&](const char* name) { return static_cast<std::uint32_t>(col.at(name) + 1); };
  while (csv.next()) {
    const auto line = static_cast<std::uint32_t>(csv.line());
    if (csv.size() != n_fields) {
      detail::reject_line(out.rejections, line, 0, csv.raw(),
                          fmt::format("expected {} fields, found {}", n_fields, csv.size()));
      continue;
    }
    WaterSectionRecord r;
    r.station.line = line;
    r.station.code = std::string(field("code"));
    r.station.name = std::string(field("name"));
    r.station.city = std::string(field("city"));
    if (r.station.code.empty() || !seen.insert(r.station.code).second) {
      detail::reject_line(
          out.rejections, line, column_of("code"), csv.raw(),
          r.station.code.empty() ? "empty section code" : "section " + r.station.code + " is listed twice");
      continue;
    }
    const std::string_view wb = field("waterbody");
    if (wb == "river" || wb == "河流")
      r.waterbody = standards::Waterbody::river;
    else if (wb == "lake" || wb == "湖库" || wb == "湖泊" || wb == "水库" || wb == "reservoir")
      r.waterbody = standards::Waterbody::lake;
    else {
      detail::reject_line(out.rejections, line, column_of("waterbody"), csv.raw(),
                          fmt::format("waterbody \"{}\" is neither river nor lake", wb));
      continue;
    }
    const auto lon = parse_number(field("lon")), lat = parse_number(field("lat"));
    if (!lon || *lon < -180 || *lon > 180 || !lat || *lat < -90 || *lat > 90) {
      detail::reject_line(out.rejections, line, column_of(!lon || *lon < -180 || *lon > 180 ? "lon" : "lat"), csv.raw(),
                          "impossible coordinates");
      continue;
    }
    r.station.lon = *lon;
    r.station.lat = *lat;
    r.river = std::string(field("river"));
    r.basin = std::string(field("basin"));
    r.control_level = std::string(field("control_level"));
    if (const std::string_view t = field("target_class"); !t.empty()) {
      r.target_class = parse_water_class(t);
      if (!r.target_class) {
        detail::reject_line(out.rejections, line, column_of("target_class"), csv.raw(),
                            fmt::format("target class \"{}\" is not I-V or 劣V", t));
        continue;
      }
    }
    out.sections.push_back(std::move(r));
  }
  return out;
}

WaterSectionList read_water_sections_vector(const std::string& path, const ReadOptions& options) {
  const VectorSource source = open_vector_layer(path, {}, options);
  OGRLayerH layer = source.layer;
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
  // The attribute table as CSV text, so that one reader applies one set of rules to both kinds of input.
  std::vector<std::string> fields;
  for (int i = 0; i < OGR_FD_GetFieldCount(defn); ++i) {
    const std::string name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));
    if (!is_valid_utf8(name))
      throw InputError(fmt::format("{}: field name \"{}\" is not valid UTF-8", path, quote_input(name)));
    if (name != "lon" && name != "lat" && name != "经度" && name != "纬度") fields.push_back(name);
  }
  auto quote = [](const std::string& v) {
    std::string out = "\"";
    for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  std::string csv;
  for (const auto& f : fields) csv += quote(f) + ",";
  csv += "lon,lat\n";
  OGRSpatialReferenceH wgs84 = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(wgs84, 4326);
  OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER);
  OGRCoordinateTransformationH to_wgs84 = nullptr;
  if (OGRSpatialReferenceH src = OGR_L_GetSpatialRef(layer); src && !OSRIsSame(src, wgs84))
    to_wgs84 = OCTNewCoordinateTransformation(src, wgs84);
  struct Release {
    OGRCoordinateTransformationH& t;
    OGRSpatialReferenceH s;
    ~Release() {
      if (t) OCTDestroyCoordinateTransformation(t);
      OSRDestroySpatialReference(s);
    }
  } release{to_wgs84, wgs84};
  const ExtentCheck extent(OGR_L_GetSpatialRef(layer));
  OGR_L_ResetReading(layer);
  std::size_t features = 0;
  while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
    const std::unique_ptr<void, void (*)(OGRFeatureH)> guard(f, OGR_F_Destroy);
    ++features;
    const long fid = static_cast<long>(OGR_F_GetFID(f));
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (!g || wkbFlatten(OGR_G_GetGeometryType(g)) != wkbPoint)
      throw InputError(fmt::format("{}: feature {}: a section must be a point", path, fid));
    if (auto why = extent.problem(g)) throw InputError(fmt::format("{}: feature {}: {}", path, fid, *why));
    double x = OGR_G_GetX(g, 0), y = OGR_G_GetY(g, 0), z = 0;
    if (to_wgs84) OCTTransform(to_wgs84, 1, &x, &y, &z);
    for (const auto& name : fields) {
      const int idx = OGR_F_GetFieldIndex(f, name.c_str());
      csv += quote(OGR_F_IsFieldSetAndNotNull(f, idx) ? field_text(source, f, idx) : "") + ",";
    }
    csv += fmt::format("{:.8f},{:.8f}\n", x, y);
  }
  finish_reading(source, features);
  WaterSectionList list = read_water_sections(csv, path);
  // Line numbers of the generated table are feature positions: line 2 is the first feature.
  for (auto& r : list.rejections) r.reason = fmt::format("feature #{}: {}", r.line - 1, r.reason);
  return list;
}

}  // namespace eb::io
