// Raster ecology on arrays and files: NDVI, FVC with its grades, the grades of any scheme, exact coverage fractions
// and zonal statistics. The per-cell kernels are those of `raster ndvi | fvc | classify` and the zonal statistics
// are `raster zonal`'s own (app/runs/raster/zonal), so figures equal the CLI's.
#include <cpl_vsi.h>
#include <fmt/format.h>
#include <pybind11/stl.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <memory>

#include "app/runs/carbon/carbon_sink.hpp"
#include "app/runs/raster/raster_inputs.hpp"
#include "app/runs/raster/zonal.hpp"
#include "array_raster.hpp"
#include "arrays.hpp"
#include "bindings.hpp"
#include "core/error.hpp"
#include "document.hpp"
#include "engine/raster/coverage.hpp"
#include "engine/raster/quantiles.hpp"
#include "engine/raster/vegetation_kernel.hpp"
#include "interruptible.hpp"
#include "standards/grade_scheme.hpp"
#include "standards/vegetation.hpp"

namespace eb::python {

namespace py = pybind11;
namespace raster = engine::raster;
namespace runs = app::runs;

namespace {

constexpr std::uint8_t kNoGrade = 255;   // as the CLI's Byte grade rasters mark nodata
constexpr std::size_t kChunk = 1 << 16;  // cells per parallel task

// Runs f(begin, end) over [0, n) in chunks on every core.
template <class F>
void parallel_chunks(std::size_t n, F&& f) {
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kChunk),
                    [&](const tbb::blocked_range<std::size_t>& r) { f(r.begin(), r.end()); });
}

std::vector<py::ssize_t> shape_of(const py::array& a) { return {a.shape(), a.shape() + a.ndim()}; }

py::array_t<double> ndvi(const py::object& red_obj, const py::object& nir_obj) {
  const auto red = as_array<double>(red_obj, "red");
  const auto nir = as_array<double>(nir_obj, "nir");
  if (shape_of(red) != shape_of(nir)) throw UsageError("red and nir: the arrays differ in shape");
  const auto n = static_cast<std::size_t>(red.size());
  std::vector<double> out(n);
  {
    py::gil_scoped_release released;
    parallel_chunks(n, [&](std::size_t b, std::size_t e) {
      // NaN marks an invalid cell in the arrays; the kernel takes validity flags.
      std::vector<std::uint8_t> valid_red(e - b), valid_nir(e - b), ok(e - b);
      for (std::size_t i = b; i < e; ++i) {
        valid_red[i - b] = !std::isnan(red.data()[i]);
        valid_nir[i - b] = !std::isnan(nir.data()[i]);
      }
      raster::ndvi_row(red.data() + b, nir.data() + b, valid_red.data(), valid_nir.data(), e - b, out.data() + b,
                       ok.data());
    });
  }
  return to_numpy(std::move(out), shape_of(red));
}

const standards::GradeScheme& scheme_of(const std::string& id) { return runs::scheme_option(id, "scheme"); }

py::dict fvc(const py::object& ndvi_obj, std::optional<double> soil, std::optional<double> veg,
             const std::vector<double>& percentiles, const std::string& scheme_id, const py::object& mask_obj) {
  const auto ndvi_values = as_array<double>(ndvi_obj, "ndvi");
  const standards::GradeScheme& scheme = scheme_of(scheme_id);
  if (soil.has_value() != veg.has_value()) throw UsageError("soil and veg go together");
  if (percentiles.size() != 2 || !(percentiles[0] >= 0 && percentiles[0] < percentiles[1] && percentiles[1] <= 100))
    throw UsageError("percentiles: two values LO,HI with 0 <= LO < HI <= 100");
  const auto n = static_cast<std::size_t>(ndvi_values.size());
  // Cells that count: NDVI not NaN and, with a mask, mask == 0 (as `raster fvc --mask`).
  std::vector<std::uint8_t> use(n);
  std::optional<CArray<double>> mask;
  if (!mask_obj.is_none()) {
    mask = as_array<double>(mask_obj, "mask");
    if (shape_of(*mask) != shape_of(ndvi_values)) throw UsageError("mask: its shape differs from the NDVI's");
  }
  const double* v = ndvi_values.data();
  for (std::size_t i = 0; i < n; ++i) use[i] = !std::isnan(v[i]) && (!mask || mask->data()[i] == 0);
  double ndvi_soil = 0, ndvi_veg = 0;
  if (soil) {
    ndvi_soil = *soil;
    ndvi_veg = *veg;
  } else {
    // The exact percentiles `raster fvc` takes (two passes over the cells that count).
    raster::TwoPassQuantiles q({percentiles[0] / 100, percentiles[1] / 100});
    q.count(std::span(v, n), use);
    if (!q.plan()) throw InputError("ndvi: no valid NDVI cells (after the mask)");
    q.collect(std::span(v, n), use);
    const auto result = q.result();
    ndvi_soil = result[0];
    ndvi_veg = result[1];
  }
  if (!(ndvi_veg > ndvi_soil))
    throw InputError(fmt::format("ndvi: NDVI_veg ({}) must exceed NDVI_soil ({})", ndvi_veg, ndvi_soil));
  std::vector<double> cover(n), grade(n);
  std::vector<std::uint8_t> grade_code(n);
  {
    py::gil_scoped_release released;
    const raster::GradeLookup lookup(scheme);
    const raster::FvcParameters p{ndvi_soil, ndvi_veg};
    parallel_chunks(n, [&](std::size_t b, std::size_t e) {
      raster::CoverSums sums;  // areas are the CLI's business; the arrays carry the cells
      raster::fvc_row(v + b, use.data() + b, e - b, p, lookup, 1.0, cover.data() + b, grade.data() + b, sums);
      for (std::size_t i = b; i < e; ++i) {
        if (!use[i]) cover[i] = std::nan("");
        grade_code[i] = use[i] ? static_cast<std::uint8_t>(grade[i]) : kNoGrade;
      }
    });
  }
  py::dict out;
  out["fvc"] = to_numpy(std::move(cover), shape_of(ndvi_values));
  out["grade"] = to_numpy(std::move(grade_code), shape_of(ndvi_values));
  out["soil"] = ndvi_soil;
  out["veg"] = ndvi_veg;
  out["endpoints_given"] = soil.has_value();
  return out;
}

py::array_t<std::uint8_t> grades(const py::object& values_obj, const std::string& scheme_id,
                                 const std::vector<double>& breaks) {
  const auto values = as_array<double>(values_obj, "values");
  if (scheme_id.empty() == breaks.empty()) throw UsageError("grades: give scheme or breaks (one)");
  standards::GradeScheme scheme;
  if (!scheme_id.empty()) {
    scheme = scheme_of(scheme_id);
  } else {
    try {
      scheme = standards::scheme_from_breaks(breaks);
    } catch (const std::invalid_argument& e) {
      throw UsageError(std::string("breaks: ") + e.what());
    }
  }
  const auto n = static_cast<std::size_t>(values.size());
  std::vector<std::uint8_t> out(n);
  {
    py::gil_scoped_release released;
    const raster::GradeLookup lookup(scheme);
    const double* v = values.data();
    parallel_chunks(n, [&](std::size_t b, std::size_t e) {
      for (std::size_t i = b; i < e; ++i)
        out[i] = std::isnan(v[i]) ? kNoGrade : static_cast<std::uint8_t>(lookup.classify(v[i]));
    });
  }
  return to_numpy(std::move(out), shape_of(values));
}

raster::Ring ring_of(const py::handle& obj) {
  const auto xy = as_array<double>(obj, "ring");
  if (xy.ndim() != 2 || xy.shape(1) < 2) throw UsageError("ring: expected an n x 2 array of x, y");
  raster::Ring ring;
  ring.reserve(static_cast<std::size_t>(xy.shape(0)));
  for (py::ssize_t i = 0; i < xy.shape(0); ++i) ring.push_back({xy.at(i, 0), xy.at(i, 1)});
  return ring;
}

// polygons: [[exterior, hole, ...], ...] with every ring an n x 2 array.
py::dict coverage(const py::sequence& polygons, const std::array<double, 6>& geotransform, int rows, int cols) {
  const raster::Grid grid = grid_of(geotransform, rows, cols, "grid");
  raster::Zone zone;
  for (const auto& rings : polygons) {
    raster::Polygon p;
    bool first = true;
    for (const auto& ring : rings.cast<py::sequence>()) {
      if (first)
        p.exterior = ring_of(ring);
      else
        p.holes.push_back(ring_of(ring));
      first = false;
    }
    if (!first) zone.push_back(std::move(p));
  }
  raster::ZoneCoverage c;
  {
    py::gil_scoped_release released;
    c = raster::compute_coverage(grid, zone);
  }
  std::vector<std::int32_t> row, col;
  std::vector<double> fraction;
  const std::size_t cells = c.cell_count();
  row.reserve(cells);
  col.reserve(cells);
  fraction.reserve(cells);
  for (const auto& run : c.runs) {
    for (int k = run.col_begin; k < run.col_end; ++k) {
      row.push_back(run.row);
      col.push_back(k);
      fraction.push_back(c.fraction(run, k));
    }
  }
  py::dict out;
  out["row"] = to_numpy(std::move(row));
  out["col"] = to_numpy(std::move(col));
  out["fraction"] = to_numpy(std::move(fraction));
  return out;
}

io::ZoneLayerOptions zone_options(const std::string& id_field, bool make_valid, const std::string& layer,
                                  const std::string& where) {
  io::ZoneLayerOptions o;
  o.id_field = id_field;
  o.make_valid = make_valid;
  o.layer = layer;
  o.where = where;
  return o;
}

// `raster zonal RASTERS... ZONES`: the CLI's run on files, unchanged.
py::dict zonal_files(const std::vector<std::string>& rasters, const std::string& zones, const std::string& id_field,
                     const std::string& stats, int band, bool make_valid, const std::string& layer,
                     const std::string& where) {
  runs::ZonalRequest req;
  req.rasters = rasters;
  req.zones = zones;
  req.zone_options = zone_options(id_field, make_valid, layer, where);
  req.stats = stats;
  req.band = band;
  const app::Document doc = run_interruptibly([&](const runs::RunEnv& env) {
    const runs::ZonalResult r = runs::run_zonal(req, env);
    app::Document d = runs::zonal_document(r, app::Lang::en);
    if (r.zones_outside) d.note(runs::zones_outside_note(r.zones_outside, app::Lang::en));
    return d;
  });
  return document_to_python(doc, app::Lang::en);
}

// The same over arrays on one grid (a stack: one array per raster), read in place.
py::dict zonal_arrays(const std::vector<py::array>& arrays, const std::vector<std::string>& names,
                      const std::array<double, 6>& geotransform, const std::string& zones, const std::string& crs,
                      std::optional<double> nodata, const std::string& id_field, const std::string& stats,
                      bool make_valid, const std::string& layer, const std::string& where) {
  if (arrays.empty() || arrays.size() != names.size()) throw UsageError("zonal: one name per array");
  if (arrays.front().ndim() != 2) throw UsageError("raster: expected a 2-D array");
  const auto rows = static_cast<int>(arrays.front().shape(0));
  const auto cols = static_cast<int>(arrays.front().shape(1));
  const raster::Grid grid = grid_of(geotransform, rows, cols, "transform");
  const CrsFacts facts = crs_facts(crs);
  std::vector<std::unique_ptr<ArrayRaster>> owned;
  std::vector<raster::RasterSource*> sources;
  for (const auto& a : arrays) {
    owned.push_back(std::make_unique<ArrayRaster>(a, grid, nodata));
    sources.push_back(owned.back().get());
  }
  const app::Document doc = run_interruptibly([&](const runs::RunEnv& env) {
    // Named statistics are checked before the zones are read, as run_zonal does.
    raster::parse_zonal_statistics(stats);
    const runs::ZoneSet zone_set =
        runs::load_zones(env, grid, facts.wkt, names.front(), zones, zone_options(id_field, make_valid, layer, where));
    const runs::ZonalRasters in{sources, names, facts.geographic, facts.metres_per_unit};
    const runs::ZonalResult r = runs::zonal_of(in, zone_set, stats, env);
    app::Document d = runs::zonal_document(r, app::Lang::en);
    if (r.zones_outside) d.note(runs::zones_outside_note(r.zones_outside, app::Lang::en));
    return d;
  });
  return document_to_python(doc, app::Lang::en);
}

// GDAL's in-memory files: a GeoDataFrame's GeoJSON is handed to the zone reader as a file, without touching disk.
std::atomic<int> memory_file_serial{0};

std::string memory_file(const py::bytes& content, const std::string& suffix) {
  const std::string path =
      fmt::format("/vsimem/ecobarrier-python/{}-{}{}", ::getpid(), memory_file_serial.fetch_add(1), suffix);
  const std::string data = content;
  auto* buffer = static_cast<GByte*>(VSIMalloc(data.size()));
  if (buffer == nullptr && !data.empty()) throw std::bad_alloc();
  std::memcpy(buffer, data.data(), data.size());
  VSILFILE* f = VSIFileFromMemBuffer(path.c_str(), buffer, data.size(), TRUE);
  if (f == nullptr) throw IoError(path + ": cannot create the in-memory file");
  VSIFCloseL(f);
  return path;
}

}  // namespace

void bind_raster(py::module_& m) {
  m.def("ndvi", &ndvi, py::arg("red"), py::arg("nir"),
        "NDVI = (NIR - Red) / (NIR + Red) of two arrays of one shape; NaN where a band is NaN or the sum is 0.");
  m.def("fvc", &fvc, py::arg("ndvi"), py::arg("soil") = py::none(), py::arg("veg") = py::none(),
        py::arg("percentiles") = std::vector<double>{5, 95},
        py::arg("scheme") = std::string(standards::kDefaultFvcScheme), py::arg("mask") = py::none(),
        "FVC by the dimidiate pixel model and its grades (uint8, 255 = none); soil/veg default to the exact "
        "percentiles of the valid cells, as `raster fvc`.");
  m.def("grades", &grades, py::arg("values"), py::arg("scheme") = "", py::arg("breaks") = std::vector<double>{},
        "The grade of every value by a scheme of data/standards/grade_schemes.csv or by ascending breaks "
        "(uint8, 255 = NaN).");
  m.def("grade_schemes", [] {
    py::dict out;
    for (const auto& id : standards::grade_scheme_ids()) {
      const auto& s = standards::grade_scheme(id);
      py::list grades_list;
      for (const auto& g : s.grades)
        grades_list.append(py::dict(py::arg("code") = g.code, py::arg("name_zh") = g.name_zh,
                                    py::arg("name_en") = g.name_en, py::arg("lower") = g.lower,
                                    py::arg("upper") = g.upper));
      out[py::str(id)] = grades_list;
    }
    return out;
  });
  m.def("coverage", &coverage, py::arg("polygons"), py::arg("geotransform"), py::arg("rows"), py::arg("cols"),
        "Exact coverage fractions of a (multi)polygon on a grid: row, col, fraction of every cell it touches.");
  m.def("zonal_files", &zonal_files, py::arg("rasters"), py::arg("zones"), py::arg("id_field") = "",
        py::arg("stats") = "count,sum,mean,min,max", py::arg("band") = 1, py::arg("make_valid") = false,
        py::arg("layer") = "", py::arg("where") = "", "`raster zonal` on files: the CLI's run, as a document.");
  m.def("zonal_arrays", &zonal_arrays, py::arg("arrays"), py::arg("names"), py::arg("geotransform"), py::arg("zones"),
        py::arg("crs") = "", py::arg("nodata") = py::none(), py::arg("id_field") = "",
        py::arg("stats") = "count,sum,mean,min,max", py::arg("make_valid") = false, py::arg("layer") = "",
        py::arg("where") = "", "`raster zonal` over 2-D arrays on one grid (read in place), as a document.");
  m.def("memory_file", &memory_file, py::arg("content"), py::arg("suffix") = ".geojson",
        "Writes bytes to a GDAL in-memory file (/vsimem) and returns its path.");
  m.def(
      "unlink_memory_file", [](const std::string& path) { VSIUnlink(path.c_str()); }, py::arg("path"));
  m.def(
      "carbon_sink",
      [](const std::string& before, const std::string& after, int from_year, int to_year, const std::string& zones,
         const std::string& id_field, const std::string& scheme, const std::string& lang) {
        const app::Lang l = lang_of(lang);
        runs::CarbonSinkRequest req;
        req.before = before;
        req.after = after;
        req.years = {from_year, to_year};
        req.zones = zones;
        req.id_field = id_field;
        req.scheme = scheme;
        const app::Document doc = run_interruptibly(
            [&](const runs::RunEnv& env) { return runs::carbon_sink_document(runs::run_carbon_sink(req, env), l); });
        return document_to_python(doc, l);
      },
      py::arg("before"), py::arg("after"), py::arg("from_year"), py::arg("to_year"), py::arg("zones"),
      py::arg("id_field") = "adcode", py::arg("scheme") = "clcd", py::arg("lang") = "en",
      "`carbon sink`: the land-cover carbon sink ESTIMATE per zone, as the CLI's document.");
}

}  // namespace eb::python
