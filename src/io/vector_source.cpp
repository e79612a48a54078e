#include "io/vector_source.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <ogr_api.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>

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
  if (ext == ".csv") {
    // Checked by our reader; OGR reads the checked UTF-8 copy (with the .csvt and .prj beside the file, if any).
    s.csv = true;
    ReadOptions text = options;
    text.text = true;
    const FileBuffer file(path, text);
    CsvReader csv(file.text(), path);
    std::size_t records = 0;
    while (csv.next()) ++records;
    s.records = records > 0 ? records - 1 : 0;
    static std::atomic<unsigned> serial{0};
    const std::string dir = fmt::format("/vsimem/ecobarrier-{}-{}/", ::getpid(), serial++);
    const std::filesystem::path p(path);
    open_path = dir + p.filename().string();
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
