// ecobarrier.Workspace: the use-case runs on a workspace (GeoPackage path or PostgreSQL conninfo), the very runs the
// CLI and the API call, their results as the Document the CLI writes with --format csv (so the figures are the
// CLI's). Each method opens the workspace for its run, as a CLI command does.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "app/runs/air/air_rules.hpp"
#include "app/runs/air/aqi.hpp"
#include "app/runs/air/assess.hpp"
#include "app/runs/air/rank.hpp"
#include "app/runs/assess/progress.hpp"
#include "app/runs/assess/score.hpp"
#include "app/runs/carbon/carbon_account.hpp"
#include "app/runs/chief/coverage.hpp"
#include "app/runs/drinking/drinking.hpp"
#include "app/runs/groundwater/assess.hpp"
#include "app/runs/project/project_overlaps.hpp"
#include "app/runs/project/project_summary.hpp"
#include "app/runs/soil/construction_sites.hpp"
#include "app/runs/soil/farmland.hpp"
#include "app/runs/summary/summary.hpp"
#include "app/runs/water/assess.hpp"
#include "app/runs/water/trophic.hpp"
#include "app/runs/water/water_runs.hpp"
#include "bindings.hpp"
#include "core/civil_time.hpp"
#include "core/error.hpp"
#include "core/period.hpp"
#include "document.hpp"
#include "interruptible.hpp"

namespace eb::python {

namespace py = pybind11;
namespace runs = app::runs;

namespace {

// The CLI's --period (or --baseline): 2019, 2019-03, 2019Q1 or FROM..TO.
Period period_of(const std::string& text, const char* option = "--period") {
  const auto p = parse_period(text);
  if (!p)
    throw UsageError(fmt::format("{}: expected 2019, 2019-03, 2019Q1 or 2019-01-01..2019-06-30, got {}", option, text));
  return *p;
}

// The checks the CLI's parser makes of an option's value before its command runs (CLI11's IsMember and Range): a bad
// value fails here with the first line of the CLI's message, before the run (some runs would take any value).
template <class T>
void check_member(const char* option, const T& value, const std::vector<T>& choices) {
  if (std::find(choices.begin(), choices.end(), value) == choices.end())
    throw UsageError(fmt::format("{}: {} not in {{{}}}", option, value, fmt::join(choices, ",")));
}
void check_range(const char* option, int value, int lo, int hi) {
  if (value < lo || value > hi)
    throw UsageError(fmt::format("{}: Value {} not in range {} to {}", option, value, lo, hi));
}
const std::vector<int> kLevels12{1, 2};  // --level of the league/city (2) and region (1) results

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
          py::arg("lang") = "en")
      .def(
          "air_rank",
          [](const Workspace& ws, const std::string& period, const std::string& baseline, const std::string& standard,
             const std::string& composite, const std::string& dust, const std::string& lang) {
            const app::Lang l = lang_of(lang);
            check_member("--standard", standard, runs::air_standard_choices(true));
            check_member("--composite", composite, std::vector<std::string>{"auto", "unweighted", "weighted"});
            check_member("--dust", dust, std::vector<std::string>{"raw", "deducted"});
            runs::AirRankRequest req;
            req.workspace = ws.path;
            req.standard = standard;
            req.composite = composite;
            req.dust = runs::air_dust(dust);
            req.period = period_of(period);
            if (!baseline.empty()) req.baseline = period_of(baseline, "--baseline");
            const app::Document doc = run_interruptibly(
                [&](const runs::RunEnv& env) { return runs::air_rank_document(runs::run_air_rank(req, env), l); });
            return document_to_python(doc, l);
          },
          py::arg("period"), py::arg("baseline") = "", py::arg("standard") = "auto", py::arg("composite") = "auto",
          py::arg("dust") = "raw", py::arg("lang") = "en")
      .def(
          "air_trend",
          [](const Workspace& ws, int from, int to, const std::string& level, const std::string& pollutant,
             const std::string& statistic, const std::string& lang) {
            const app::Lang l = lang_of(lang);
            check_member("--level", level, std::vector<std::string>{"station", "city", "region"});
            const runs::AirTrendRequest req{ws.path, from, to, level, pollutant, statistic};
            const app::Document doc = run_interruptibly(
                [&](const runs::RunEnv& env) { return runs::air_trend_document(runs::run_air_trend(req, env), l); });
            return document_to_python(doc, l);
          },
          py::arg("from_"), py::arg("to"), py::arg("level") = "city", py::arg("pollutant") = "PM2.5",
          py::arg("statistic") = "mean", py::arg("lang") = "en")
      .def(
          "soil_assess",
          [](const Workspace& ws, int year, int level, const std::string& lang) {
            const app::Lang l = lang_of(lang);
            check_member("--level", level, kLevels12);
            const runs::SoilAssessRequest req{ws.path, year, level};
            const app::Document doc = run_interruptibly(
                [&](const runs::RunEnv&) { return runs::soil_assess_document(runs::run_soil_assess(req), l); });
            return document_to_python(doc, l);
          },
          py::arg("year"), py::arg("level") = 2, py::arg("lang") = "en")
      .def(
          "soil_site_assess",
          [](const Workspace& ws, int year, int level, const std::string& lang) {
            const app::Lang l = lang_of(lang);
            check_member("--level", level, kLevels12);
            const runs::SoilSiteAssessRequest req{ws.path, year, level};
            const app::Document doc = run_interruptibly([&](const runs::RunEnv&) {
              return runs::soil_site_assess_document(runs::run_soil_site_assess(req), l);
            });
            return document_to_python(doc, l);
          },
          py::arg("year"), py::arg("level") = 2, py::arg("lang") = "en")
      .def(
          "water_source_assess",
          [](const Workspace& ws, int year, int level, const std::string& source_level, const std::string& annual,
             const std::string& below_detection, const std::string& lang) {
            const app::Lang l = lang_of(lang);
            check_member("--level", level, kLevels12);
            check_member("--source-level", source_level, std::vector<std::string>{"city", "county", "township", "all"});
            if (!annual.empty())
              check_member("--annual", annual, std::vector<std::string>{"every_month", "annual_mean"});
            check_member("--below-dl", below_detection, std::vector<std::string>{"half", "limit", "zero"});
            // The CLI's own validation of the option values (the same UsageError texts).
            const runs::DrinkingAssessRequest req =
                runs::drinking_assess_request(ws.path, year, level, source_level, annual, below_detection);
            const app::Document doc = run_interruptibly(
                [&](const runs::RunEnv&) { return runs::drinking_assess_document(runs::run_drinking_assess(req), l); });
            return document_to_python(doc, l);
          },
          py::arg("year"), py::arg("level") = 2, py::arg("source_level") = "all", py::arg("annual") = "",
          py::arg("below_detection") = "half", py::arg("lang") = "en")
      .def(
          "carbon_account",
          [](const Workspace& ws, int year, int base_year, int level, int grid_factor_year,
             const std::string& electricity, const std::string& lang) {
            const app::Lang l = lang_of(lang);
            check_member("--level", level, kLevels12);
            check_member("--electricity", electricity, std::vector<std::string>{"equivalent", "equal_value"});
            runs::CarbonAccountRequest req;
            req.workspace = ws.path;
            req.year = year;
            req.base_year = base_year;
            req.level = level;
            if (grid_factor_year != 0) req.grid_factor_year = grid_factor_year;
            req.electricity_equal_value = electricity == "equal_value";
            const app::Document doc = run_interruptibly(
                [&](const runs::RunEnv&) { return runs::carbon_account_document(runs::run_carbon_account(req), l); });
            return document_to_python(doc, l);
          },
          py::arg("year"), py::arg("base_year") = 2020, py::arg("level") = 2, py::arg("grid_factor_year") = 0,
          py::arg("electricity") = "equivalent", py::arg("lang") = "en")
      .def(
          "project_summary",
          [](const Workspace& ws, int year, int since, int level, const std::string& lang) {
            const app::Lang l = lang_of(lang);
            check_range("--level", level, 1, 5);
            const runs::ProjectSummaryRequest req{ws.path, year, since, level};
            app::Document doc = run_interruptibly([&](const runs::RunEnv& env) {
              return runs::project_summary_document(runs::run_project_summary(req, env), l);
            });
            // The CLI writes the mine-restoration balance as a second table, without a key: named here.
            if (doc.parts.size() > 1 && doc.parts[1].first.empty()) doc.parts[1].first = "mining";
            return document_to_python(doc, l);
          },
          py::arg("year"), py::arg("since") = 0, py::arg("level") = 2, py::arg("lang") = "en")
      .def(
          "assess_score",
          [](const Workspace& ws, const std::string& registry, int year, int level, const std::string& unit_targets,
             const std::string& missing, double max_missing, int draws, std::uint64_t seed, double spread,
             const std::string& lang) {
            const app::Lang l = lang_of(lang);
            check_range("--level", level, 1, 5);
            runs::AssessScoreRequest req;
            req.ws = ws.path;
            req.registry = registry;
            req.unit_targets = unit_targets;
            req.year = year;
            req.level = level;
            req.missing = missing;
            req.max_missing = max_missing;
            req.draws = draws;
            req.seed = seed;
            req.spread = spread;
            const app::Document doc = run_interruptibly([&](const runs::RunEnv& env) {
              return runs::assess_score_document(runs::run_assess_score(req, env), l);
            });
            return document_to_python(doc, l);
          },
          py::arg("registry"), py::arg("year"), py::arg("level") = 2, py::arg("unit_targets") = "",
          py::arg("missing") = "renormalize", py::arg("max_missing") = 0.2, py::arg("draws") = 1000,
          py::arg("seed") = 1, py::arg("spread") = 0.25, py::arg("lang") = "en")
      .def(
          "assess_progress",
          [](const Workspace& ws, const std::string& registry, int year, int level, const std::string& unit_targets,
             const std::string& indicator, const std::string& lang) {
            const app::Lang l = lang_of(lang);
            check_range("--level", level, 1, 5);
            runs::AssessProgressRequest req;
            req.ws = ws.path;
            req.registry = registry;
            req.unit_targets = unit_targets;
            req.indicator = indicator;
            req.year = year;
            req.level = level;
            const app::Document doc = run_interruptibly([&](const runs::RunEnv& env) {
              return runs::assess_progress_document(runs::run_assess_progress(req, env), l);
            });
            return document_to_python(doc, l);
          },
          py::arg("registry"), py::arg("year"), py::arg("level") = 2, py::arg("unit_targets") = "",
          py::arg("indicator") = "", py::arg("lang") = "en")
      .def(
          "summary",
          [](const Workspace& ws, const std::string& period, const std::string& part, const std::string& averaging,
             const std::string& lang) {
            const app::Lang l = lang_of(lang);
            check_member("--part", part, std::vector<std::string>{"all", "units", "stations", "unlocated", "capture"});
            // The CLI's own validation of the option values (the same UsageError texts).
            const runs::SummaryRequest req = runs::summary_request(ws.path, period, part, averaging);
            // As the CLI's JSON: the parts asked for, each the table the CLI writes with --part P --format csv (CSV
            // holds one table, so the CLI refuses part all there).
            const app::Document doc = run_interruptibly([&](const runs::RunEnv&) {
              return runs::summary_document(runs::run_summary(req), l, app::Format::json);
            });
            return document_to_python(doc, l);
          },
          py::arg("period") = "", py::arg("part") = "all", py::arg("averaging") = "", py::arg("lang") = "en")
      .def(
          "water_trophic",
          [](const Workspace& ws, int from, int to, const std::string& by, const std::string& below_detection,
             const std::string& lang) {
            const app::Lang l = lang_of(lang);
            check_member("--by", by, std::vector<std::string>{"month", "year"});
            check_member("--below-dl", below_detection, std::vector<std::string>{"half", "limit", "zero"});
            const runs::WaterTrophicRequest req{
                ws.path, from, to, by == "month" ? runs::WaterTrophicBy::month : runs::WaterTrophicBy::year,
                runs::water_below_detection_option(below_detection)};
            const app::Document doc = run_interruptibly([&](const runs::RunEnv&) {
              return runs::water_trophic_document(runs::run_water_trophic(req), l, app::Format::csv);
            });
            return document_to_python(doc, l);
          },
          py::arg("from_"), py::arg("to"), py::arg("by") = "year", py::arg("below_detection") = "half",
          py::arg("lang") = "en")
      .def(
          "water_cwqi",
          [](const Workspace& ws, const std::string& period, const std::string& baseline,
             const std::string& below_detection, const std::string& lang) {
            const app::Lang l = lang_of(lang);
            check_member("--below-dl", below_detection, std::vector<std::string>{"half", "limit", "zero"});
            runs::WaterCwqiRequest req;
            req.workspace = ws.path;
            req.period = runs::water_period_option(period, "--period");
            if (!baseline.empty()) req.baseline = runs::water_period_option(baseline, "--baseline");
            req.below_detection = runs::water_below_detection_option(below_detection);
            const app::Document doc = run_interruptibly(
                [&](const runs::RunEnv&) { return runs::water_cwqi_document(runs::run_water_cwqi(req), l); });
            return document_to_python(doc, l);
          },
          py::arg("period"), py::arg("baseline") = "", py::arg("below_detection") = "half", py::arg("lang") = "en")
      .def(
          "chief_coverage",
          [](const Workspace& ws, const std::string& period, const std::string& as_of, int level,
             const std::string& lang) {
            const app::Lang l = lang_of(lang);
            check_range("--level", level, 1, 5);
            // The CLI's checks of --period and --as-of (src/app/cli/commands_chief.cpp), with its messages.
            runs::ChiefCoverageRequest req;
            req.ws = ws.path;
            req.level = level;
            const auto p = parse_period(period);
            if (!p) throw UsageError("--period: e.g. 2023, 2023-06, 2023Q2 or 2023-01-01..2023-06-30");
            req.period = *p;
            if (!as_of.empty()) {
              req.as_of = parse_iso_date(as_of);
              if (!req.as_of) throw UsageError("--as-of: a date YYYY-MM-DD");
            }
            const app::Document doc = run_interruptibly([&](const runs::RunEnv& env) {
              return runs::chief_coverage_document(runs::run_chief_coverage(req, env), l);
            });
            return document_to_python(doc, l);
          },
          py::arg("period"), py::arg("as_of") = "", py::arg("level") = 2, py::arg("lang") = "en")
      .def(
          "project_overlaps",
          [](const Workspace& ws, const std::string& lang) {
            const app::Lang l = lang_of(lang);
            const app::Document doc = run_interruptibly([&](const runs::RunEnv& env) {
              return runs::project_overlaps_document(runs::run_project_overlaps({ws.path}, env), l);
            });
            return document_to_python(doc, l);
          },
          py::arg("lang") = "en");
}

}  // namespace eb::python
