#include "io/class_raster.hpp"

#include <cpl_string.h>
#include <fmt/format.h>
#include <gdal_priv.h>
#include <gdal_rat.h>

#include <algorithm>
#include <array>
#include <filesystem>

#include "core/error.hpp"
#include "io/atomic_file.hpp"
#include "io/qgis_style.hpp"

namespace eb::io {

namespace {

int class_code(const standards::StyleClass& c, const std::string& path) {
  try {
    std::size_t used = 0;
    const int code = std::stoi(c.value, &used);
    if (used == c.value.size() && code >= 0 && code < 255) return code;
  } catch (const std::exception&) {
  }
  throw IoError(fmt::format("{}: class \"{}\" is not a Byte class code (0..254)", path, c.value));
}

std::array<short, 3> rgb(const std::string& hex) {
  const auto channel = [&](std::size_t at) { return static_cast<short>(std::stoi(hex.substr(at, 2), nullptr, 16)); };
  return {channel(1), channel(3), channel(5)};
}

}  // namespace

std::string raster_qml_path(const std::string& path) {
  return std::filesystem::path(path).replace_extension(".qml").string();
}

void write_raster_classes(const std::string& path, const std::vector<standards::StyleClass>& classes, bool zh) {
  GDALAllRegister();
  // Opened read-only, GDAL keeps what is set in "<file>.aux.xml" (its PAM) and leaves the file's bytes, and so a
  // COG's layout, as they are.
  GDALDataset* ds = GDALDataset::FromHandle(GDALOpenEx(path.c_str(), GDAL_OF_RASTER, nullptr, nullptr, nullptr));
  if (ds == nullptr) throw IoError(fmt::format("{}: cannot reopen: {}", path, CPLGetLastErrorMsg()));
  GDALRasterBand* band = ds->GetRasterBand(1);
  // Every code not a class (nodata 255 included) transparent.
  GDALColorTable table;
  const GDALColorEntry none{0, 0, 0, 0};
  for (int code = 0; code < 256; ++code) table.SetColorEntry(code, &none);
  int last = 0;
  for (const standards::StyleClass& c : classes) last = std::max(last, class_code(c, path));
  CPLStringList names;
  for (int code = 0; code <= last; ++code) names.AddString("");
  GDALDefaultRasterAttributeTable rat;
  rat.CreateColumn("Value", GFT_Integer, GFU_MinMax);
  rat.CreateColumn("Name", GFT_String, GFU_Name);
  rat.CreateColumn("Red", GFT_Integer, GFU_Red);
  rat.CreateColumn("Green", GFT_Integer, GFU_Green);
  rat.CreateColumn("Blue", GFT_Integer, GFU_Blue);
  int row = 0;
  for (const standards::StyleClass& c : classes) {
    const int code = class_code(c, path);
    const auto [r, g, b] = rgb(c.colour);
    const GDALColorEntry entry{r, g, b, 255};
    table.SetColorEntry(code, &entry);
    const std::string& name = c.name(zh);
    CPLFree(names.List()[code]);
    names.List()[code] = CPLStrdup(name.c_str());
    rat.SetValue(row, 0, code);
    rat.SetValue(row, 1, name.c_str());
    rat.SetValue(row, 2, r);
    rat.SetValue(row, 3, g);
    rat.SetValue(row, 4, b);
    ++row;
  }
  CPLErrorReset();
  band->SetColorTable(&table);
  band->SetColorInterpretation(GCI_PaletteIndex);
  band->SetCategoryNames(names.List());
  band->SetDefaultRAT(&rat);
  GDALClose(GDALDataset::ToHandle(ds));
  if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal)
    throw IoError(fmt::format("{}: cannot write its classes ({}.aux.xml): {}", path, path, CPLGetLastErrorMsg()));
  const std::string style = paletted_raster_qml(classes, zh);
  const std::string qml = raster_qml_path(path);
  if (!qml.starts_with("/vsi")) {
    AtomicFile::write(qml, style);
    return;
  }
  VSILFILE* f = VSIFOpenL(qml.c_str(), "wb");
  if (f == nullptr) throw IoError(fmt::format("{}: cannot write", qml));
  const bool written = VSIFWriteL(style.data(), 1, style.size(), f) == style.size();
  if (VSIFCloseL(f) != 0 || !written) throw IoError(fmt::format("{}: cannot write", qml));
}

}  // namespace eb::io
