// /raster/list, /raster/zonal: the rasters of the server's raster folder (serve --rasters), and a raster's zonal
// statistics over the workspace's administrative units of a level through the run of `raster zonal`
// (app/runs/raster/zonal).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "app/runs/raster/zonal.hpp"
#include "app/serve/cache.hpp"
#include "app/serve/handlers.hpp"
#include "core/error.hpp"

namespace eb::app::serve {

namespace {

namespace fs = std::filesystem;

// The folder, or a 404 when the server has none.
fs::path raster_folder(const ApiOptions& options) {
  if (options.rasters.empty())
    throw ApiError(404, "no_rasters",
                   "the server has no raster folder (serve --rasters DIR, or a rasters/ folder beside the workspace)");
  return options.rasters;
}

bool raster_extension(const fs::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".tif" || ext == ".tiff" || ext == ".vrt" || ext == ".img" || ext == ".jp2" || ext == ".nc" ||
         ext == ".asc";
}

// The raster files of the folder (GeoTIFF, VRT, ...; not hidden ones), by file name.
std::vector<fs::path> raster_files(const ApiOptions& options) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(raster_folder(options), ec)) {
    const fs::path& p = entry.path();
    if (entry.is_regular_file(ec) && raster_extension(p) && !p.filename().string().starts_with(".")) files.push_back(p);
  }
  std::sort(files.begin(), files.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
  return files;
}

std::string names_of(const std::vector<fs::path>& files) {
  std::string list;
  for (const auto& f : files) list += (list.empty() ? "" : ", ") + f.filename().string();
  return list.empty() ? "none" : list;
}

// The file a raster's name means: its file name, else its stem when one file has it; a 404 listing the rasters
// there are for an unknown name, a 400 for a stem that several files share.
fs::path raster_path(const ApiOptions& options, const std::string& name) {
  const std::vector<fs::path> files = raster_files(options);
  for (const auto& f : files)
    if (f.filename() == name) return f;
  std::vector<fs::path> stems;
  std::copy_if(files.begin(), files.end(), std::back_inserter(stems),
               [&](const fs::path& f) { return f.stem() == name; });
  if (stems.size() == 1) return stems.front();
  if (stems.size() > 1)
    bad_parameter("raster", fmt::format("\"{}\" names several files ({}); give the file name", name, names_of(stems)));
  throw ApiError(404, "no_raster",
                 fmt::format("no raster \"{}\" in the server's raster folder; there are: {}", name, names_of(files)),
                 "raster");
}

}  // namespace

Result raster_list(const ApiOptions& options, const Query& q) {
  Table t;
  t.title_zh = "服务器栅格目录";
  t.title_en = "Rasters of the server's folder";
  t.columns = {{"name", "名称", "name"}, {"file", "文件", "file"}, {"bytes", "字节", "bytes"}};
  std::error_code ec;
  for (const auto& f : raster_files(options))
    t.add({f.stem().string(), f.filename().string(), static_cast<std::int64_t>(fs::file_size(f, ec))});
  return table_result(t, lang_of(q));
}

// As `raster zonal RASTER ZONES --id-field code --make-valid` over the units of the level: the same run, the zones
// read from the workspace's admin_unit layer.
Result raster_zonal(const ApiOptions& options, const Query& q) {
  runs::ZonalRequest req;
  req.rasters = {raster_path(options, q.at("raster")).string()};
  req.zones = options.workspace;
  req.zone_options = runs::admin_unit_zones(std::stoi(q.at("level")));
  req.stats = q.at("stats");
  try {
    return document_result(runs::zonal_document(runs::run_zonal(req, runs::RunEnv{}), lang_of(q)), lang_of(q));
  } catch (const IoError& e) {  // a file of the folder GDAL cannot read
    throw ApiError(400, "bad_raster", fmt::format("{}: {}", q.at("raster"), e.what()), "raster");
  }
}

std::string raster_folder_version(const ApiOptions& options, const Query&) {
  return file_version(raster_folder(options).string());
}

std::string raster_file_version(const ApiOptions& options, const Query& q) {
  return file_version(raster_path(options, q.at("raster")).string());
}

}  // namespace eb::app::serve
