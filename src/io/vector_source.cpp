#include "io/vector_source.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/utf8.hpp"

namespace eb::io {

namespace {

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

}  // namespace

MemoryFiles::~MemoryFiles() {
  for (const auto& n : names_) VSIUnlink(n.c_str());
}

void MemoryFiles::add(const std::string& name, std::string_view bytes) {
  auto* copy = static_cast<GByte*>(CPLMalloc(std::max<std::size_t>(bytes.size(), 1)));
  std::copy(bytes.begin(), bytes.end(), copy);
  VSILFILE* f = VSIFileFromMemBuffer(name.c_str(), copy, bytes.size(), TRUE);
  if (!f) {
    CPLFree(copy);
    throw IoError(name + ": cannot create an in-memory copy");
  }
  VSIFCloseL(f);
  names_.push_back(name);
}

std::string VectorSource::place(long fid) const {
  return csv ? fmt::format("{}:{}", path, fid + 1) : fmt::format("{}: feature {}", path, fid);
}

VectorSource open_vector_layer(const std::string& path, const std::string& layer_name, const ReadOptions& options) {
  GDALAllRegister();
  VectorSource s;
  s.path = path;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec) && lower_extension(path) != ".gdb")
    throw IoError(path + ": is a directory, not a file");
  if (std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) == 0 && !ec)
    throw InputError(path + ": empty file (no features)");
  std::string open_path = path;
  std::vector<std::string> open_options;
  const std::string ext = lower_extension(path);
  // A zip archive holding one CSV is read as that CSV (FileBuffer unzips text inputs within its bounds); any other
  // .zip (a zipped shapefile, .shp.zip) is left to GDAL.
  std::string csv_name = std::filesystem::path(path).filename().string();
  if (ext == ".zip" && !lower_extension(std::filesystem::path(path).stem().string()).ends_with(".shp")) {
    ReadOptions raw;
    raw.text = false;
    const FileBuffer archive(path, raw);
    if (is_zip_archive(archive.text())) {
      const std::string member = std::filesystem::path(zip_member_name(archive.text(), path)).filename().string();
      if (lower_extension(member) == ".csv") csv_name = member;
    }
  }
  static std::atomic<unsigned> serial{0};
  if (path == "-") {
    // Standard input: one file of a format GDAL knows by its content (GeoJSON, GeoPackage, FlatGeobuf, ...), read
    // within FileBuffer's bounds and opened from memory.
    ReadOptions raw;
    raw.text = false;
    const FileBuffer input(path, raw);
    if (input.text().empty()) throw InputError("-: empty standard input (no features)");
    open_path = fmt::format("/vsimem/ecobarrier-{}-{}/stdin", ::getpid(), serial++);
    s.memory.add(open_path, input.text());
  } else if (ext == ".csv" || lower_extension(csv_name) == ".csv") {
    // Checked by our reader; OGR reads the checked UTF-8 copy (with the .csvt and .prj beside the file, if any).
    s.csv = true;
    ReadOptions text = options;
    text.text = true;
    const FileBuffer file(path, text);
    CsvReader csv(file.text(), path);
    std::size_t records = 0;
    while (csv.next()) ++records;
    s.records = records > 0 ? records - 1 : 0;
    const std::string dir = fmt::format("/vsimem/ecobarrier-{}-{}/", ::getpid(), serial++);
    const std::filesystem::path p(path);
    open_path = dir + csv_name;
    s.memory.add(open_path, file.text());
    for (const char* sidecar : {".csvt", ".prj"}) {
      const std::filesystem::path side = std::filesystem::path(p).replace_extension(sidecar);
      if (std::filesystem::is_regular_file(side, ec)) {
        ReadOptions raw;
        raw.text = false;
        const FileBuffer bytes(side.string(), raw);
        s.memory.add(dir + side.filename().string(), bytes.text());
      }
    }
  } else if (ext == ".shp" || ext == ".dbf") {
    if (options.encoding != TextEncoding::utf8)
      open_options.push_back(fmt::format("ENCODING={}", options.encoding == TextEncoding::gbk ? "CP936" : "GB18030"));
  }
  std::vector<const char*> opts;
  for (const auto& o : open_options) opts.push_back(o.c_str());
  opts.push_back(nullptr);
  s.dataset.reset(GDALOpenEx(open_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, opts.data(), nullptr));
  if (!s.dataset) throw IoError(path + ": cannot open as a vector data set");
  if (GDALDatasetGetLayerCount(s.dataset.get()) < 1) throw InputError(path + ": no layer");
  s.layer = layer_name.empty() ? GDALDatasetGetLayer(s.dataset.get(), 0)
                               : GDALDatasetGetLayerByName(s.dataset.get(), layer_name.c_str());
  if (!s.layer) throw InputError(path + ": no layer \"" + quote_input(layer_name) + "\"");
  CPLErrorReset();
  return s;
}

namespace {

std::optional<standards::GeoBox> area_of_use_as_declared(OGRSpatialReferenceH crs) {
  double west = 0, south = 0, east = 0, north = 0;
  const char* name = nullptr;
  if (!OSRGetAreaOfUse(crs, &west, &south, &east, &north, &name)) return std::nullopt;
  if (!std::isfinite(west) || !std::isfinite(south) || !std::isfinite(east) || !std::isfinite(north) || west < -180 ||
      east > 180 || south < -90 || north > 90)
    return std::nullopt;
  return standards::GeoBox{west, south, east, north};
}

// A CRS read from a file's WKT (GeoJSON, Shapefile .prj) often carries its EPSG code but not the area of use that
// the EPSG database gives it: look the code up, or else the database's equivalent CRS.
std::optional<standards::GeoBox> area_of_use(OGRSpatialReferenceH crs) {
  if (auto area = area_of_use_as_declared(crs)) return area;
  std::optional<standards::GeoBox> out;
  const char* authority = OSRGetAuthorityName(crs, nullptr);
  const char* code = OSRGetAuthorityCode(crs, nullptr);
  if (authority && code && std::string_view(authority) == "EPSG") {
    OGRSpatialReferenceH fresh = OSRNewSpatialReference(nullptr);
    if (OSRImportFromEPSG(fresh, std::atoi(code)) == OGRERR_NONE) out = area_of_use_as_declared(fresh);
    OSRDestroySpatialReference(fresh);
    if (out) return out;
  }
  int n = 0;
  int* confidence = nullptr;
  OGRSpatialReferenceH* matches = OSRFindMatches(crs, nullptr, &n, &confidence);
  if (matches && n > 0 && confidence && confidence[0] >= 90) out = area_of_use_as_declared(matches[0]);
  OSRFreeSRSArray(matches);
  CPLFree(confidence);
  return out;
}

}  // namespace

ExtentCheck::ExtentCheck(OGRSpatialReferenceH crs) {
  if (crs == nullptr) return;
  crs_name_ = OSRGetName(crs) ? OSRGetName(crs) : "";
  if (const auto area = area_of_use(crs)) area_ = *area;
  wgs84_ = OSRNewSpatialReference(nullptr);
  OSRImportFromEPSG(wgs84_, 4326);
  OSRSetAxisMappingStrategy(wgs84_, OAMS_TRADITIONAL_GIS_ORDER);
  if (!OSRIsSame(crs, wgs84_)) {
    // The layer's axis order as the file holds it (x = easting or longitude), whatever the CRS's definition says.
    OGRSpatialReferenceH source = OSRClone(crs);
    OSRSetAxisMappingStrategy(source, OAMS_TRADITIONAL_GIS_ORDER);
    to_wgs84_ = OCTNewCoordinateTransformation(source, wgs84_);
    OSRDestroySpatialReference(source);
  }
}

ExtentCheck::~ExtentCheck() {
  if (to_wgs84_) OCTDestroyCoordinateTransformation(to_wgs84_);
  if (wgs84_) OSRDestroySpatialReference(wgs84_);
}

std::optional<std::string> ExtentCheck::problem(OGRGeometryH g) const {
  if (g == nullptr || OGR_G_IsEmpty(g)) return std::nullopt;
  OGREnvelope e;
  OGR_G_GetEnvelope(g, &e);
  if (!std::isfinite(e.MinX) || !std::isfinite(e.MinY) || !std::isfinite(e.MaxX) || !std::isfinite(e.MaxY))
    return "coordinates are not finite numbers";
  standards::GeoBox box{e.MinX, e.MinY, e.MaxX, e.MaxY};
  if (to_wgs84_) {
    // The envelope's corners on the globe: enough to see a geometry that lies far from where its CRS is used.
    double x[4] = {e.MinX, e.MaxX, e.MinX, e.MaxX}, y[4] = {e.MinY, e.MinY, e.MaxY, e.MaxY};
    int ok[4] = {0, 0, 0, 0};
    const bool transformed = OCTTransformEx(to_wgs84_, 4, x, y, nullptr, ok) != 0;
    if (!transformed || !ok[0] || !ok[1] || !ok[2] || !ok[3])
      return fmt::format("extent x {:g}..{:g}, y {:g}..{:g} cannot be placed on the globe with {} ({})", e.MinX, e.MaxX,
                         e.MinY, e.MaxY, crs_name_.empty() ? "its CRS" : crs_name_, standards::kPlausibilityTable);
    box = {*std::min_element(x, x + 4), *std::min_element(y, y + 4), *std::max_element(x, x + 4),
           *std::max_element(y, y + 4)};
  }
  return standards::outside_area_of_use(box, area_, crs_name_);
}

std::string field_text(const VectorSource& source, OGRFeatureH feature, int index) {
  std::string text = OGR_F_GetFieldAsString(feature, index);
  const std::size_t bad = find_invalid_utf8(text);
  if (bad == std::string::npos) return text;
  OGRFieldDefnH defn = OGR_F_GetFieldDefnRef(feature, index);
  const std::string name = defn ? quote_input(OGR_Fld_GetNameRef(defn), 40) : std::to_string(index);
  std::string msg = fmt::format("{}: field \"{}\": invalid UTF-8 byte \\x{:02X} at byte {}: \"{}\"",
                                source.place(static_cast<long>(OGR_F_GetFID(feature))), name,
                                static_cast<unsigned char>(text[bad]), bad + 1, quote_input(text));
  if (looks_like_gbk(text, bad))
    msg += "; the text looks like GBK/GB18030: re-save the layer as UTF-8 (for a Shapefile or CSV, --encoding gbk)";
  throw InputError(msg);
}

void finish_reading(const VectorSource& source, std::size_t features_read) {
  if (CPLGetLastErrorType() >= CE_Failure) {
    const std::string why = quote_input(CPLGetLastErrorMsg(), 200);
    CPLErrorReset();
    throw InputError(
        fmt::format("{}: reading stopped with an error after {} feature(s): {}", source.path, features_read, why));
  }
  if (source.records && *source.records != features_read)
    throw InputError(fmt::format("{}: {} record(s) in the file but {} read as features; nothing was imported",
                                 source.path, *source.records, features_read));
}

}  // namespace eb::io
