#include "io/gdal_raster.hpp"

#include <cpl_conv.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "core/error.hpp"

namespace eb::io {

struct GdalRaster::Impl {
  std::string path;
  GDALDataset* dataset = nullptr;
  GDALRasterBand* band = nullptr;
  GDALRasterBand* mask = nullptr;  // null when every cell is valid (NaN still is not) or nodata says which
  // A plain nodata value is tested on the values read: GDAL's nodata mask band would read every block again.
  std::optional<double> nodata;
  bool nodata_as_float = false;  // Float32 bands compare in float, as GDAL's nodata mask does
  bool float32 = false;          // read in the native type and widened here, in the same pass as the validity
  std::vector<float> floats;     // reused; one reader at a time per raster
  engine::raster::Grid grid;
  int block_rows = 1, block_cols = 1;
  double scale = 1, offset = 0;
  std::string crs_wkt;
  bool geographic = false;
  double metres_per_unit = 1;
};

GdalRaster::GdalRaster(const std::string& path, int band_number) : impl_(std::make_unique<Impl>()) {
  GDALAllRegister();
  Impl& m = *impl_;
  m.path = path;
  m.dataset =
      GDALDataset::FromHandle(GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  if (m.dataset == nullptr) throw IoError(fmt::format("{}: cannot open as a raster", path));
  if (band_number < 1 || band_number > m.dataset->GetRasterCount()) {
    throw InputError(fmt::format("{}: no band {} (the raster has {})", path, band_number, m.dataset->GetRasterCount()));
  }
  m.band = m.dataset->GetRasterBand(band_number);
  double gt[6];
  if (m.dataset->GetGeoTransform(gt) != CE_None)
    throw InputError(fmt::format("{}: no geotransform (not georeferenced)", path));
  if (gt[2] != 0 || gt[4] != 0)
    throw InputError(fmt::format("{}: rotated or sheared geotransform is not supported", path));
  if (gt[1] <= 0) throw InputError(fmt::format("{}: pixel width must be positive", path));
  m.grid.cols = m.dataset->GetRasterXSize();
  m.grid.rows = m.dataset->GetRasterYSize();
  m.grid.x_min = gt[0];
  m.grid.cell_width = gt[1];
  if (gt[5] < 0) {
    m.grid.y_max = gt[3];
    m.grid.cell_height = -gt[5];
  } else {
    throw InputError(
        fmt::format("{}: south-up rasters (positive pixel height) are not supported; flip with gdalwarp", path));
  }
  m.band->GetBlockSize(&m.block_cols, &m.block_rows);
  m.float32 = m.band->GetRasterDataType() == GDT_Float32;
  int has = 0;
  const double scale = m.band->GetScale(&has);
  if (has) m.scale = scale;
  const double offset = m.band->GetOffset(&has);
  if (has) m.offset = offset;
  const int mask_flags = m.band->GetMaskFlags();
  int has_nodata = 0;
  const double nodata = m.band->GetNoDataValue(&has_nodata);
  if (mask_flags == GMF_NODATA && has_nodata) {
    if (!std::isnan(nodata)) m.nodata = nodata;  // NaN cells are invalid anyway
    m.nodata_as_float = m.band->GetRasterDataType() == GDT_Float32;
  } else if ((mask_flags & GMF_ALL_VALID) == 0) {
    m.mask = m.band->GetMaskBand();
  }
  if (const OGRSpatialReference* srs = m.dataset->GetSpatialRef()) {
    char* wkt = nullptr;
    srs->exportToWkt(&wkt);
    m.crs_wkt = wkt ? wkt : "";
    CPLFree(wkt);
    m.geographic = srs->IsGeographic();
    if (srs->IsProjected()) m.metres_per_unit = srs->GetLinearUnits();
  }
}

GdalRaster::~GdalRaster() {
  if (impl_ && impl_->dataset) GDALClose(GDALDataset::ToHandle(impl_->dataset));
}

const engine::raster::Grid& GdalRaster::grid() const { return impl_->grid; }
int GdalRaster::block_rows() const { return impl_->block_rows; }
int GdalRaster::block_cols() const { return impl_->block_cols; }
const std::string& GdalRaster::path() const { return impl_->path; }
const std::string& GdalRaster::crs_wkt() const { return impl_->crs_wkt; }
bool GdalRaster::geographic() const { return impl_->geographic; }
double GdalRaster::metres_per_unit() const { return impl_->metres_per_unit; }

void GdalRaster::read(const engine::raster::Window& w, std::span<double> values, std::span<std::uint8_t> valid) {
  Impl& m = *impl_;
  const auto n = static_cast<std::size_t>(w.cell_count());
  if (m.float32 && !m.mask) {
    // Float32 without a mask band (the common case for indices): one pass widens, tests nodata/NaN and scales.
    m.floats.resize(n);
    if (m.band->RasterIO(GF_Read, w.col, w.row, w.cols, w.rows, m.floats.data(), w.cols, w.rows, GDT_Float32, 0, 0,
                         nullptr) != CE_None) {
      throw IoError(
          fmt::format("{}: read failed at rows {}..{}: {}", m.path, w.row, w.row + w.rows - 1, CPLGetLastErrorMsg()));
    }
    const float* __restrict in = m.floats.data();
    double* __restrict out = values.data();
    std::uint8_t* __restrict ok = valid.data();
    // NaN never equals itself; with no nodata value NaN is the only invalid value.
    const float nodata = m.nodata ? static_cast<float>(*m.nodata) : std::numeric_limits<float>::quiet_NaN();
    const double scale = m.scale, offset = m.offset;
    for (std::size_t i = 0; i < n; ++i) {
      const float v = in[i];
      ok[i] = static_cast<std::uint8_t>((v == v) & (v != nodata));
      out[i] = static_cast<double>(v) * scale + offset;
    }
    return;
  }
  if (m.band->RasterIO(GF_Read, w.col, w.row, w.cols, w.rows, values.data(), w.cols, w.rows, GDT_Float64, 0, 0,
                       nullptr) != CE_None) {
    throw IoError(
        fmt::format("{}: read failed at rows {}..{}: {}", m.path, w.row, w.row + w.rows - 1, CPLGetLastErrorMsg()));
  }
  if (m.mask) {
    if (m.mask->RasterIO(GF_Read, w.col, w.row, w.cols, w.rows, valid.data(), w.cols, w.rows, GDT_Byte, 0, 0,
                         nullptr) != CE_None) {
      throw IoError(fmt::format("{}: mask read failed at rows {}..{}", m.path, w.row, w.row + w.rows - 1));
    }
    for (std::size_t i = 0; i < n; ++i) valid[i] = valid[i] != 0 && !std::isnan(values[i]);
  } else if (m.nodata && m.nodata_as_float) {
    const auto nodata = static_cast<float>(*m.nodata);
    for (std::size_t i = 0; i < n; ++i) valid[i] = static_cast<float>(values[i]) != nodata && values[i] == values[i];
  } else if (m.nodata) {
    const double nodata = *m.nodata;
    for (std::size_t i = 0; i < n; ++i) valid[i] = values[i] != nodata && values[i] == values[i];
  } else {
    for (std::size_t i = 0; i < n; ++i) valid[i] = values[i] == values[i];  // not NaN
  }
  if (m.scale != 1 || m.offset != 0) {
    for (std::size_t i = 0; i < n; ++i) values[i] = values[i] * m.scale + m.offset;
  }
}

bool same_crs(const std::string& wkt_a, const std::string& wkt_b) {
  if (wkt_a.empty() || wkt_b.empty()) return wkt_a.empty() && wkt_b.empty();
  OGRSpatialReference a, b;
  if (a.importFromWkt(wkt_a.c_str()) != OGRERR_NONE || b.importFromWkt(wkt_b.c_str()) != OGRERR_NONE) return false;
  return a.IsSame(&b);
}

std::string crs_wkt_from_epsg(int code) {
  OGRSpatialReference srs;
  if (srs.importFromEPSG(code) != OGRERR_NONE) throw InputError(fmt::format("EPSG:{}: unknown CRS", code));
  char* wkt = nullptr;
  srs.exportToWkt(&wkt);
  std::string out = wkt ? wkt : "";
  CPLFree(wkt);
  return out;
}

void require_aligned(const GdalRaster& a, const GdalRaster& b) {
  const auto& ga = a.grid();
  const auto& gb = b.grid();
  if (!same_crs(a.crs_wkt(), b.crs_wkt())) {
    throw InputError(fmt::format("{} and {}: different CRS (reproject one with gdalwarp -t_srs)", a.path(), b.path()));
  }
  if (ga.rows != gb.rows || ga.cols != gb.cols) {
    throw InputError(fmt::format("{} ({} x {}) and {} ({} x {}): grids do not align (different size)", a.path(),
                                 ga.cols, ga.rows, b.path(), gb.cols, gb.rows));
  }
  const double tol_x = ga.cell_width * 1e-6, tol_y = ga.cell_height * 1e-6;
  if (std::abs(ga.x_min - gb.x_min) > tol_x || std::abs(ga.y_max - gb.y_max) > tol_y ||
      std::abs(ga.cell_width - gb.cell_width) > tol_x || std::abs(ga.cell_height - gb.cell_height) > tol_y) {
    throw InputError(fmt::format("{} and {}: grids do not align (origin {},{} vs {},{}; cells {} x {} vs {} x {})",
                                 a.path(), b.path(), ga.x_min, ga.y_max, gb.x_min, gb.y_max, ga.cell_width,
                                 ga.cell_height, gb.cell_width, gb.cell_height));
  }
}

void set_gdal_cache_bytes(std::int64_t bytes) { GDALSetCacheMax64(bytes); }

void set_gdal_threads(int threads) {
  CPLSetConfigOption("GDAL_NUM_THREADS", threads > 0 ? std::to_string(threads).c_str() : "ALL_CPUS");
}

}  // namespace eb::io
