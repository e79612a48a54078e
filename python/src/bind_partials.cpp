// ecobarrier.dask's kernels: a zonal job planned on the client, summed window by window in tasks, merged and
// finished (app/runs/raster/zonal_windows.hpp). Partials and the zones' polygons are bytes, so any task system can
// ship them; the C++ work runs without the GIL.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "app/runs/air/assess.hpp"
#include "app/runs/air/assess_partials.hpp"
#include "app/runs/raster/trend.hpp"
#include "app/runs/raster/vegetation_windows.hpp"
#include "app/runs/raster/zonal_windows.hpp"
#include "bindings.hpp"
#include "core/error.hpp"
#include "core/period.hpp"
#include "document.hpp"
#include "interruptible.hpp"

namespace py = pybind11;

namespace eb::python {

namespace {

using app::runs::ZonalWindowPlan;

app::runs::ZonalRequest zonal_request(const std::string& raster, const std::string& zones, const std::string& id_field,
                                      const std::string& stats, int band, const std::string& layer,
                                      const std::string& where, bool make_valid) {
  app::runs::ZonalRequest req;
  req.rasters = {raster};
  req.zones = zones;
  req.zone_options.id_field = id_field;
  req.zone_options.layer = layer;
  req.zone_options.where = where;
  req.zone_options.make_valid = make_valid;
  req.stats = stats;
  req.band = band;
  return req;
}

// The table of `raster zonal` (zonal_document) as {column key: list of values}, None for empty cells.
py::dict zonal_columns(const app::runs::ZonalResult& result) {
  const app::Document doc = app::runs::zonal_document(result, app::Lang::en);
  const app::Table& table = doc.parts.front().second;
  py::dict out;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    py::list column;
    for (const auto& row : table.rows) {
      std::visit(
          [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
              column.append(py::none());
            } else {
              column.append(v);
            }
          },
          row[c].value);
    }
    out[py::str(table.columns[c].key)] = column;
  }
  return out;
}

std::string_view view_of(const py::bytes& b) {
  char* data = nullptr;
  Py_ssize_t size = 0;
  if (PyBytes_AsStringAndSize(b.ptr(), &data, &size) != 0) throw py::error_already_set();
  return {data, static_cast<std::size_t>(size)};
}

// What an air assessment over observation files is of: the CLI's --period, --level, --standard, ... (--period
// parsed as the CLI parses it).
app::runs::AirAssessRequest air_request(const std::string& workspace, const std::string& period,
                                        const std::string& level, const std::string& standard, int zone_class,
                                        const std::string& composite, const std::string& dust) {
  app::runs::AirAssessRequest req;
  req.workspace = workspace;
  const auto p = parse_period(period);
  if (!p) throw UsageError("--period: expected 2019, 2019-03, 2019Q1 or 2019-01-01..2019-06-30, got " + period);
  req.period = *p;
  req.level = level;
  req.standard = standard;
  req.zone_class = zone_class;
  req.composite = composite;
  req.dust = app::runs::air_dust(dust);
  return req;
}

void bind_fvc_request(py::module_& m) {
  py::class_<app::runs::FvcRequest>(m, "FvcRequest", "What `raster fvc` is asked: inputs, outputs, endpoints.")
      .def(py::init<>())
      .def_readwrite("ndvi", &app::runs::FvcRequest::ndvi)
      .def_readwrite("red", &app::runs::FvcRequest::red)
      .def_readwrite("nir", &app::runs::FvcRequest::nir)
      .def_readwrite("red_band", &app::runs::FvcRequest::red_band)
      .def_readwrite("nir_band", &app::runs::FvcRequest::nir_band)
      .def_readwrite("mask", &app::runs::FvcRequest::mask)
      .def_readwrite("output", &app::runs::FvcRequest::output)
      .def_readwrite("grades_output", &app::runs::FvcRequest::grades_output)
      .def_readwrite("ndvi_output", &app::runs::FvcRequest::ndvi_output)
      .def_readwrite("scheme", &app::runs::FvcRequest::scheme)
      .def_readwrite("soil", &app::runs::FvcRequest::soil)
      .def_readwrite("veg", &app::runs::FvcRequest::veg)
      .def_readwrite("percentiles", &app::runs::FvcRequest::percentiles)
      .def(py::pickle(
          [](const app::runs::FvcRequest& r) {
            return py::make_tuple(r.ndvi, r.red, r.nir, r.red_band, r.nir_band, r.mask, r.output, r.grades_output,
                                  r.ndvi_output, r.scheme, r.soil, r.veg, r.percentiles);
          },
          [](const py::tuple& t) {
            app::runs::FvcRequest r;
            r.ndvi = t[0].cast<std::string>();
            r.red = t[1].cast<std::string>();
            r.nir = t[2].cast<std::string>();
            r.red_band = t[3].cast<int>();
            r.nir_band = t[4].cast<int>();
            r.mask = t[5].cast<std::string>();
            r.output = t[6].cast<std::string>();
            r.grades_output = t[7].cast<std::string>();
            r.ndvi_output = t[8].cast<std::string>();
            r.scheme = t[9].cast<std::string>();
            r.soil = t[10].cast<std::optional<double>>();
            r.veg = t[11].cast<std::optional<double>>();
            r.percentiles = t[12].cast<std::vector<double>>();
            return r;
          }));
}

void bind_air_partials(py::module_& m) {
  m.def(
      "air_station_days",
      [](const std::string& path, const std::string& layout, const std::string& period, const std::string& standard,
         int zone_class, const std::string& composite) {
        const auto req = air_request("", period, "station", standard, zone_class, composite, "raw");
        std::string partial;
        {
          py::gil_scoped_release unlocked;
          partial = app::runs::station_days_of_file(path, layout, req, app::runs::RunEnv{});
        }
        return py::bytes(partial);
      },
      py::arg("path"), py::arg("layout"), py::arg("period"), py::arg("standard") = "auto", py::arg("zone_class") = 2,
      py::arg("composite") = "auto",
      "The daily values of every station of an observation file over the period (bytes), as a workspace's hourly "
      "data would give them.");
  m.def(
      "air_assess_station_days",
      [](const std::string& workspace, const std::vector<py::bytes>& partials, const std::string& period,
         const std::string& level, const std::string& standard, const std::string& what_if, int zone_class,
         const std::string& composite, const std::string& dust, bool wide, bool daily, const std::string& lang) {
        const app::Lang l = lang_of(lang);
        auto req = air_request(workspace, period, level, standard, zone_class, composite, dust);
        req.whatif_standard = daily ? "" : what_if;
        std::vector<std::string_view> views;
        for (const auto& p : partials) views.push_back(view_of(p));
        const app::Document doc = run_interruptibly([&](const app::runs::RunEnv& env) {
          const app::runs::AirAssessResult r =
              app::runs::run_air_assess(req, app::runs::merge_station_days(views), env);
          if (daily) return app::runs::air_daily_document(r, l);
          return wide ? app::runs::air_assess_wide_document(r, l, false) : app::runs::air_assess_long_document(r, l);
        });
        return document_to_python(doc, l);
      },
      py::arg("workspace"), py::arg("partials"), py::arg("period"), py::arg("level") = "city",
      py::arg("standard") = "auto", py::arg("what_if") = "", py::arg("zone_class") = 2, py::arg("composite") = "auto",
      py::arg("dust") = "raw", py::arg("wide") = false, py::arg("daily") = false, py::arg("lang") = "en",
      "`air assess` (daily=True: `air daily`) of the workspace's stations, cities or region from the stations' "
      "daily values (air_station_days of every file) in place of its hourly data: the CLI's table.");
}

}  // namespace

void bind_partials(py::module_& m) {
  bind_air_partials(m);
  bind_fvc_request(m);
  py::class_<ZonalWindowPlan>(m, "ZonalWindowPlan",
                              "A zonal job cut into windows of whole leaves (full width, whole block rows).")
      .def_readonly("raster", &ZonalWindowPlan::raster)
      .def_readonly("band", &ZonalWindowPlan::band)
      .def_readonly("stats", &ZonalWindowPlan::stats)
      .def_readonly("zone_ids", &ZonalWindowPlan::zone_ids)
      .def_readonly("rows", &ZonalWindowPlan::rows)
      .def_readonly("cols", &ZonalWindowPlan::cols)
      .def_readonly("block_rows", &ZonalWindowPlan::block_rows)
      .def_readonly("block_cols", &ZonalWindowPlan::block_cols)
      .def_readonly("leaf_rows", &ZonalWindowPlan::leaf_rows)
      .def_readonly("windows", &ZonalWindowPlan::windows)
      .def_property_readonly(
          "zones", [](const ZonalWindowPlan& p) { return py::bytes(p.zones); },
          "Every zone's polygons in the raster's coordinates (bytes), the input of every zonal_sum_window.");

  m.def(
      "zonal_plan",
      [](const std::string& raster, const std::string& zones, const std::string& id_field, const std::string& stats,
         int band, const std::string& layer, const std::string& where, bool make_valid, int window_rows) {
        const auto req = zonal_request(raster, zones, id_field, stats, band, layer, where, make_valid);
        py::gil_scoped_release unlocked;
        return app::runs::plan_zonal_windows(req, window_rows, app::runs::RunEnv{});
      },
      py::arg("raster"), py::arg("zones"), py::arg("id_field") = "", py::arg("stats") = "count,sum,mean,min,max",
      py::arg("band") = 1, py::arg("layer") = "", py::arg("where") = "", py::arg("make_valid") = false,
      py::arg("window_rows") = 0,
      "Reads the zones (in the raster's CRS) and cuts the job into windows (window_rows rounded to whole leaves; "
      "0: about 16 M cells each); each window's task covers its rows of the zones.");
  m.def(
      "zonal_sum_window",
      [](const std::string& raster, int band, const std::string& stats, const py::bytes& zones, int row_begin,
         int row_end, bool keep_buffers) {
        const std::string_view zone_bytes = view_of(zones);
        std::string partial;
        {
          py::gil_scoped_release unlocked;
          // A cluster worker sums window after window: its strips are allocated once per thread and kept (the
          // peak a window needs anyway) instead of being faulted in and zero-filled for every window. Elsewhere (a
          // notebook's thread pool) nothing is kept after the window.
          thread_local engine::raster::StripBuffers kept;
          engine::raster::StripBuffers* strips = keep_buffers ? &kept : nullptr;
          partial = app::runs::sum_zonal_window(raster, band, stats, zone_bytes, row_begin, row_end, strips);
        }
        return py::bytes(partial);
      },
      py::arg("raster"), py::arg("band"), py::arg("stats"), py::arg("zones"), py::arg("row_begin"), py::arg("row_end"),
      py::arg("keep_buffers") = false,
      "Covers one window's rows of the zones (the plan's zones) and sums them into a partial (bytes); "
      "keep_buffers: keep this thread's strip buffers for its next window (a cluster worker).");
  m.def(
      "zonal_merge",
      [](const std::vector<py::bytes>& partials) {
        std::vector<std::string_view> views;
        for (const auto& p : partials) views.push_back(view_of(p));
        std::string merged;
        {
          py::gil_scoped_release unlocked;
          merged = app::runs::merge_zonal_partials(views);
        }
        return py::bytes(merged);
      },
      py::arg("partials"), "Merges partials (bytes) of disjoint windows, in any order and grouping.");
  m.def(
      "zonal_finish",
      [](const ZonalWindowPlan& plan, const py::bytes& merged) {
        return zonal_columns(app::runs::finish_zonal_windows(plan, view_of(merged)));
      },
      py::arg("plan"), py::arg("merged"),
      "The statistics of every zone from the merged partial of all windows: {column: values}, the columns of "
      "`ecobarrier raster zonal`.");
  m.def(
      "ndvi_window",
      [](const std::string& red, const std::string& nir, int row_begin, int row_end, const std::string& tile,
         int red_band, int nir_band) {
        app::runs::NdviRequest req;
        req.red = red;
        req.nir = nir;
        req.red_band = red_band;
        req.nir_band = nir_band;
        py::gil_scoped_release unlocked;
        return app::runs::ndvi_window(req, row_begin, row_end, tile);
      },
      py::arg("red"), py::arg("nir"), py::arg("row_begin"), py::arg("row_end"), py::arg("tile"),
      py::arg("red_band") = 1, py::arg("nir_band") = 1,
      "NDVI of full-width rows [row_begin, row_end) written as a GeoTIFF tile; valid cells.");
  m.def(
      "trend_window",
      [](const std::vector<std::string>& years, int row_begin, int row_end, const std::string& slope,
         const std::string& z, const std::string& classes, double confidence, int min_years) {
        app::runs::TrendRequest req;
        req.years = years;
        req.slope_out = slope;
        req.z_out = z;
        req.class_out = classes;
        req.confidence = confidence;
        req.min_years = min_years;
        py::gil_scoped_release unlocked;
        return app::runs::trend_window(req, row_begin, row_end).class_area_m2;
      },
      py::arg("years"), py::arg("row_begin"), py::arg("row_end"), py::arg("slope") = "", py::arg("z") = "",
      py::arg("classes") = "", py::arg("confidence") = 0.95, py::arg("min_years") = 3,
      "`raster trend` on full-width rows [row_begin, row_end): its outputs written as tiles on those rows (empty "
      "path: not written); the class areas of the window (m², index 1 degrading, 2 stable, 3 improving).");
  m.def(
      "fvc_count_window",
      [](const app::runs::FvcRequest& req, int row_begin, int row_end) {
        std::string counts;
        {
          py::gil_scoped_release unlocked;
          counts = app::runs::fvc_count_window(req, row_begin, row_end);
        }
        return py::bytes(counts);
      },
      py::arg("request"), py::arg("row_begin"), py::arg("row_end"),
      "Pass 1 of the FVC percentiles on rows [row_begin, row_end): the NDVI histogram of the cells that count.");
  m.def(
      "merge_fvc_counts",
      [](const std::vector<py::bytes>& partials) {
        std::vector<std::string_view> views;
        for (const auto& p : partials) views.push_back(view_of(p));
        return py::bytes(app::runs::merge_fvc_counts(views));
      },
      py::arg("partials"), "The windows' NDVI histograms summed.");
  m.def(
      "fvc_collect_window",
      [](const app::runs::FvcRequest& req, const py::bytes& counts, int row_begin, int row_end) {
        const std::string_view c = view_of(counts);
        std::string kept;
        {
          py::gil_scoped_release unlocked;
          kept = app::runs::fvc_collect_window(req, c, row_begin, row_end);
        }
        return py::bytes(kept);
      },
      py::arg("request"), py::arg("counts"), py::arg("row_begin"), py::arg("row_end"),
      "Pass 2 on rows [row_begin, row_end): the NDVI values of the bins that hold the percentiles.");
  m.def(
      "fvc_endpoints",
      [](const app::runs::FvcRequest& req, const py::bytes& counts, const std::vector<py::bytes>& kept) {
        std::vector<std::string_view> views;
        for (const auto& p : kept) views.push_back(view_of(p));
        const app::runs::FvcResult r = app::runs::fvc_endpoints_of(req, view_of(counts), views);
        py::dict out;
        out["soil"] = r.soil;
        out["veg"] = r.veg;
        out["endpoints_given"] = r.endpoints_given;
        out["percentile_cells"] = r.percentile_cells;
        return out;
      },
      py::arg("request"), py::arg("counts"), py::arg("kept"),
      "NDVI_soil and NDVI_veg: given, or the exact percentiles from the summed counts and every window's values.");
  m.def(
      "fvc_window",
      [](const app::runs::FvcRequest& req, double soil, double veg, int row_begin, int row_end) {
        engine::raster::CoverSums sums;
        {
          py::gil_scoped_release unlocked;
          sums = app::runs::fvc_window(req, soil, veg, row_begin, row_end);
        }
        py::dict out;
        out["grade_area_m2"] = std::vector<double>(sums.grade_area_m2.begin(), sums.grade_area_m2.end());
        out["fvc_area_sum"] = sums.fvc_area_sum;
        out["area_m2"] = sums.area_m2;
        out["cells"] = sums.cells;
        return out;
      },
      py::arg("request"), py::arg("soil"), py::arg("veg"), py::arg("row_begin"), py::arg("row_end"),
      "FVC (and grades, NDVI) of rows [row_begin, row_end) written as tiles (the request's output paths); the "
      "window's cover sums.");
  m.def(
      "ndvi_whole",
      [](const std::string& red, const std::string& nir, const std::string& output, int red_band, int nir_band) {
        app::runs::NdviRequest req;
        req.red = red;
        req.nir = nir;
        req.output = output;
        req.red_band = red_band;
        req.nir_band = nir_band;
        py::gil_scoped_release unlocked;
        return app::runs::run_ndvi(req, app::runs::RunEnv{}).valid_cells;
      },
      py::arg("red"), py::arg("nir"), py::arg("output"), py::arg("red_band") = 1, py::arg("nir_band") = 1,
      "`ecobarrier raster ndvi` in one process; valid cells.");
  m.def(
      "zonal_whole",
      [](const std::string& raster, const std::string& zones, const std::string& id_field, const std::string& stats,
         int band, const std::string& layer, const std::string& where, bool make_valid) {
        const auto req = zonal_request(raster, zones, id_field, stats, band, layer, where, make_valid);
        app::runs::ZonalResult result;
        {
          py::gil_scoped_release unlocked;
          result = app::runs::run_zonal(req, app::runs::RunEnv{});
        }
        return zonal_columns(result);
      },
      py::arg("raster"), py::arg("zones"), py::arg("id_field") = "", py::arg("stats") = "count,sum,mean,min,max",
      py::arg("band") = 1, py::arg("layer") = "", py::arg("where") = "", py::arg("make_valid") = false,
      "The same statistics in one process (`ecobarrier raster zonal`), as {column: values}.");
}

}  // namespace eb::python
