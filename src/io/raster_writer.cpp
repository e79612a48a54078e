#include "io/raster_writer.hpp"

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <gdal_priv.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

#include "core/error.hpp"
#include "io/atomic_file.hpp"

namespace eb::io {

struct RasterWriter::Impl {
  std::string path, part;
  GDALDataset* dataset = nullptr;
  RasterType type;
  RasterLayout layout = RasterLayout::tiled;
  std::string tiled;          // the tiled file a COG is made from
  std::vector<float> floats;  // reused conversion buffers
  std::vector<std::uint8_t> bytes;
  bool committed = false;
};

RasterWriter::RasterWriter(const std::string& path, const engine::raster::Grid& grid, const std::string& crs_wkt,
                           RasterType type, const std::string& description, RasterLayout layout)
    : impl_(std::make_unique<Impl>()) {
  GDALAllRegister();
  Impl& m = *impl_;
  m.path = path;
  m.part = path + ".part";
  m.type = type;
  m.layout = layout;
  m.tiled = layout == RasterLayout::cog ? path + ".tiled.part" : m.part;
  // A killed run's leftovers, of either layout (GDAL would otherwise write over them, and a .tiled.part of a killed
  // --cog run would stay for good); on /vsimem/ there is nothing to clean.
  if (!path.starts_with("/vsi")) {
    AtomicFile::remove_stale(path + ".part");
    AtomicFile::remove_stale(path + ".tiled.part");
  }
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  CPLStringList options;
  options.SetNameValue("TILED", "YES");
  options.SetNameValue("BLOCKXSIZE", "256");
  options.SetNameValue("BLOCKYSIZE", "256");
  options.SetNameValue("COMPRESS", "DEFLATE");
  options.SetNameValue("PREDICTOR", type == RasterType::float32 ? "3" : "2");
  options.SetNameValue("BIGTIFF", "IF_SAFER");
  // Compression dominates writing: level 1 of libdeflate on every core keeps it off the critical path. Measured
  // on the 10000 x 10000 benchmark outputs against the default level 6: FVC (Float32) 1 % larger, grades (Byte)
  // 21 % larger (recompress with gdal_translate for archiving).
  options.SetNameValue("ZLEVEL", "1");
  options.SetNameValue("NUM_THREADS", CPLGetConfigOption("GDAL_NUM_THREADS", "ALL_CPUS"));
  m.dataset = driver->Create(m.tiled.c_str(), grid.cols, grid.rows, 1,
                             type == RasterType::float32 ? GDT_Float32 : GDT_Byte, options.List());
  if (m.dataset == nullptr) throw IoError(fmt::format("{}: cannot create: {}", m.tiled, CPLGetLastErrorMsg()));
  double gt[6] = {grid.x_min, grid.cell_width, 0, grid.y_max, 0, -grid.cell_height};
  m.dataset->SetGeoTransform(gt);
  if (!crs_wkt.empty()) m.dataset->SetProjection(crs_wkt.c_str());
  GDALRasterBand* band = m.dataset->GetRasterBand(1);
  band->SetNoDataValue(type == RasterType::float32 ? std::numeric_limits<double>::quiet_NaN() : 255.0);
  band->SetDescription(description.c_str());
  m.dataset->SetMetadataItem("TIFFTAG_SOFTWARE", "ecobarrier");
}

RasterWriter::~RasterWriter() {
  if (!impl_) return;
  if (impl_->dataset) GDALClose(GDALDataset::ToHandle(impl_->dataset));
  if (!impl_->committed) {
    VSIUnlink(impl_->part.c_str());
    VSIUnlink(impl_->tiled.c_str());
  }
}

void RasterWriter::write(const engine::raster::Window& w, std::span<const double> values,
                         std::span<const std::uint8_t> valid) {
  Impl& m = *impl_;
  const auto n = static_cast<std::size_t>(w.cell_count());
  CPLErr err;
  if (m.type == RasterType::float32) {
    m.floats.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      m.floats[i] = valid[i] ? static_cast<float>(values[i]) : std::numeric_limits<float>::quiet_NaN();
    }
    err = m.dataset->GetRasterBand(1)->RasterIO(GF_Write, w.col, w.row, w.cols, w.rows, m.floats.data(), w.cols, w.rows,
                                                GDT_Float32, 0, 0, nullptr);
  } else {
    m.bytes.resize(n);
    for (std::size_t i = 0; i < n; ++i) m.bytes[i] = valid[i] ? static_cast<std::uint8_t>(values[i]) : 255;
    err = m.dataset->GetRasterBand(1)->RasterIO(GF_Write, w.col, w.row, w.cols, w.rows, m.bytes.data(), w.cols, w.rows,
                                                GDT_Byte, 0, 0, nullptr);
  }
  if (err != CE_None) throw IoError(fmt::format("{}: write failed: {}", m.part, CPLGetLastErrorMsg()));
}

void RasterWriter::commit() {
  Impl& m = *impl_;
  // GDAL 3.6's close reports failures (a full disk while flushing the last tiles) only through the error state.
  CPLErrorReset();
  GDALClose(GDALDataset::ToHandle(m.dataset));
  m.dataset = nullptr;
  if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal) {
    throw IoError(fmt::format("{}: could not be completed: {}", m.tiled, CPLGetLastErrorMsg()));
  }
  if (m.layout == RasterLayout::cog) {
    GDALDataset* tiled = GDALDataset::FromHandle(GDALOpen(m.tiled.c_str(), GA_ReadOnly));
    if (tiled == nullptr) throw IoError(fmt::format("{}: cannot reopen: {}", m.tiled, CPLGetLastErrorMsg()));
    CPLStringList options;
    options.SetNameValue("COMPRESS", "DEFLATE");
    options.SetNameValue("LEVEL", "1");
    options.SetNameValue("PREDICTOR", "YES");
    options.SetNameValue("BLOCKSIZE", "256");
    options.SetNameValue("BIGTIFF", "IF_SAFER");
    options.SetNameValue("NUM_THREADS", CPLGetConfigOption("GDAL_NUM_THREADS", "ALL_CPUS"));
    // Class codes must not be averaged into codes that mean something else.
    options.SetNameValue("RESAMPLING", m.type == RasterType::float32 ? "AVERAGE" : "NEAREST");
    GDALDriver* cog = GetGDALDriverManager()->GetDriverByName("COG");
    if (cog == nullptr) {
      GDALClose(GDALDataset::ToHandle(tiled));
      throw IoError("this GDAL has no COG driver");
    }
    CPLErrorReset();
    GDALDataset* out = cog->CreateCopy(m.part.c_str(), tiled, FALSE, options.List(), nullptr, nullptr);
    GDALClose(GDALDataset::ToHandle(tiled));
    if (out == nullptr) throw IoError(fmt::format("{}: COG conversion failed: {}", m.part, CPLGetLastErrorMsg()));
    GDALClose(GDALDataset::ToHandle(out));
    if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal) {
      throw IoError(fmt::format("{}: could not be completed: {}", m.part, CPLGetLastErrorMsg()));
    }
    VSIUnlink(m.tiled.c_str());
  }
  if (m.path.starts_with("/vsi")) {
    if (VSIRename(m.part.c_str(), m.path.c_str()) != 0)
      throw IoError(fmt::format("{}: cannot rename to {}", m.part, m.path));
  } else {
    AtomicFile::publish(m.part, m.path);  // fsynced before the rename, like every final output
  }
  m.committed = true;
}

}  // namespace eb::io
