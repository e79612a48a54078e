// ecobarrier.Workspace: the use-case runs on a workspace (GeoPackage path or PostgreSQL conninfo), the very runs the
// CLI and the API call, their results as the Document the CLI writes with --format csv (so the figures are the
// CLI's). Each method opens the workspace for its run, as a CLI command does.
#include <pybind11/stl.h>

#include <memory>

#include "app/runs/air/aqi.hpp"
#include "app/runs/air/assess.hpp"
#include "app/runs/groundwater/assess.hpp"
#include "app/runs/water/assess.hpp"
#include "bindings.hpp"
#include "core/error.hpp"
#include "core/period.hpp"
#include "document.hpp"
#include "interruptible.hpp"

namespace eb::python {

namespace py = pybind11;
namespace runs = app::runs;

namespace {

// The CLI's --period: 2019, 2019-03, 2019Q1 or FROM..TO.
Period period_of(const std::string& text) {
  const auto p = parse_period(text);
  if (!p) throw UsageError("--period: expected 2019, 2019-03, 2019Q1 or 2019-01-01..2019-06-30, got " + text);
  return *p;
}

struct Workspace {
  std::string path;
};

runs::AirAssessRequest assess_request(const Workspace& ws, const std::string& period, const std::string& level,
                                      const std::string& standard, int zone_class, const std::string& composite,
                                      const std::string& dust) {
  runs::AirAssessRequest req;
  req.workspace = ws.path;
  req.period = period_of(period);
  req.level = level;
  req.standard = standard;
  req.zone_class = zone_class;
  req.composite = composite;
  req.dust = runs::air_dust(dust);
  return req;
}

}  // namespace

void bind_workspace(py::module_& m) {
  py::class_<Workspace>(m, "Workspace")
      .def(py::init([](const std::string& path) { return Workspace{path}; }), py::arg("path"))
      .def_readonly("path", &Workspace::path)
      .def(
          "air_assess",
          [](const Workspace& ws, const std::string& period, const std::string& level, const std::string& standard,
             const std::string& what_if, int zone_class, const std::string& composite, const std::string& dust,
             bool wide, const std::string& lang) {
            const app::Lang l = lang_of(lang);
            runs::AirAssessRequest req = assess_request(ws, period, level, standard, zone_class, composite, dust);
            req.whatif_standard = what_if;
            const app::Document doc = run_interruptibly([&](const runs::RunEnv& env) {
              const runs::AirAssessResult r = runs::run_air_assess(req, env);
              return wide ? runs::air_assess_wide_document(r, l, false) : runs::air_assess_long_document(r, l);
            });
            return document_to_python(doc, l);
          },
          py::arg("period"), py::arg("level") = "city", py::arg("standard") = "auto", py::arg("what_if") = "",
          py::arg("zone_class") = 2, py::arg("composite") = "auto", py::arg("dust") = "raw", py::arg("wide") = false,
          py::arg("lang") = "en")
      .def(
          "air_daily",
          [](const Workspace& ws, const std::string& period, const std::string& level, const std::string& standard,
             const std::string& dust, const std::string& lang) {
            const app::Lang l = lang_of(lang);
            const runs::AirAssessRequest req = assess_request(ws, period, level, standard, 2, "auto", dust);
            const app::Document doc = run_interruptibly(
                [&](const runs::RunEnv& env) { return runs::air_daily_document(runs::run_air_daily(req, env), l); });
            return document_to_python(doc, l);
          },
          py::arg("period"), py::arg("level") = "city", py::arg("standard") = "auto", py::arg("dust") = "raw",
          py::arg("lang") = "en")
      .def(
          "air_hourly",
          [](const Workspace& ws, const std::string& period, const std::string& station, const std::string& standard,
             const std::string& lang) {
            const app::Lang l = lang_of(lang);
            const runs::AirHourlyRequest req{ws.path, period_of(period), station, standard};
            const app::Document doc = run_interruptibly(
                [&](const runs::RunEnv& env) { return runs::air_hourly_document(runs::run_air_hourly(req, env), l); });
            return document_to_python(doc, l);
          },
          py::arg("period"), py::arg("station") = "", py::arg("standard") = "auto", py::arg("lang") = "en")
      .def(
          "water_assess",
          [](const Workspace& ws, const std::string& period, const std::string& level, const std::string& baseline,
             const std::string& below_detection, const std::string& set, const std::string& lang) {
            const app::Lang l = lang_of(lang);
            // The CLI's own validation of the option values (the same UsageError texts).
            const runs::WaterAssessRequest req =
                runs::water_assess_request(ws.path, period, level, baseline, below_detection, set);
            const app::Document doc = run_interruptibly(
                [&](const runs::RunEnv&) { return runs::water_assess_document(runs::run_water_assess(req), l); });
            return document_to_python(doc, l);
          },
          py::arg("period"), py::arg("level") = "section", py::arg("baseline") = "",
          py::arg("below_detection") = "half", py::arg("set") = "all", py::arg("lang") = "en")
      .def(
          "groundwater_assess",
          [](const Workspace& ws, int year, int baseline, int level, const std::string& set, const std::string& lang) {
            const app::Lang l = lang_of(lang);
            const runs::GroundwaterAssessRequest req =
                runs::groundwater_assess_request(ws.path, year, baseline, level, set);
            const app::Document doc = run_interruptibly([&](const runs::RunEnv&) {
              return runs::groundwater_assess_document(runs::run_groundwater_assess(req), l);
            });
            return document_to_python(doc, l);
          },
          py::arg("year"), py::arg("baseline") = 0, py::arg("level") = 2, py::arg("set") = "all",
          py::arg("lang") = "en");
}

}  // namespace eb::python
