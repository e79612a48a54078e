// What every command shares: global options and where results go.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "app/cli/progress.hpp"
#include "app/layers/layer_file.hpp"
#include "app/runs/run_env.hpp"
#include "app/table/table.hpp"
#include "core/period.hpp"
#include "io/admin_features.hpp"
#include "io/atomic_file.hpp"
#include "io/observation_batch.hpp"

namespace eb::app {

struct Context {
  std::string format_name;   // --format; empty: the -o file's extension (.csv, .xlsx, .json) decides, else table
  bool bom = false;          // --bom: a UTF-8 BOM before CSV on stdout (CSV files always get one)
  std::string command_line;  // as typed, for the notes sheet of a workbook
  std::string lang_name;
  std::string output_path;  // -o; empty = stdout
  bool quiet = false;
  std::string memory_limit_text;  // --memory-limit: e.g. 512M, 2G; empty = half the physical memory
  int threads = 0;                // --threads: 0 = every core
  double max_pixels = 0;          // --max-pixels: cells a raster job's grid may have; 0 = runs::kDefaultMaxPixels
  bool cog = false;               // --cog: raster outputs as Cloud Optimized GeoTIFFs with overviews
  std::string encoding_name;      // --encoding: utf-8 (default), gbk or gb18030 for the input files read

  std::string command_name;  // the command as typed, e.g. "air assess" (set once the command line is parsed)

  // The output's format: --format, or the one the -o file's extension names (csv, xlsx, json; table for other
  // extensions and stdout); a UsageError naming both when they disagree.
  std::string output_format() const;
  // How tables are written: table, csv or json. A workbook (xlsx) holds the tables in the shape people read:
  // table, so that runs that shape their documents by format give it their table form.
  Format format() const;
  // Whether the output is an XLSX workbook: present() gathers the command's documents and finish_output writes it.
  bool workbook() const;
  // The checks of the output options that need no command: --format against -o, --bom, a workbook to a terminal.
  void check_output_options() const;
  // The layer format -o asks for by its extension (.gpkg, .geojson): results go there as map layers (present), not
  // as text; nothing otherwise.
  std::optional<layers::LayerFormat> layer_format() const;
  Lang lang() const;
  // The stream results go to: stdout, or the -o file (CSV files get a UTF-8 BOM so Excel reads Chinese). The file
  // is an io::AtomicFile, published when the command succeeds (finish_output), so a failed or killed run never
  // leaves half a result under the final name; a stale .part of an earlier run is removed at start-up.
  // Text results go here directly; under --format xlsx only documents (present) can be written, and a command that
  // writes text is a UsageError.
  std::ostream& out();
  void remove_stale_output() const;
  void finish_output();
  void discard_output();
  // Bytes a raster job may hold (--memory-limit); jobs estimate their need up front and stop if it is larger.
  std::int64_t memory_limit() const;
  // Notes for people (counts, warnings) go to stderr unless --quiet.
  void note(const std::string& text) const;
  // What runs take from the command line: --memory-limit, --cog, and a progress bar on a terminal.
  runs::RunEnv run_env();
  // run_env() whose run stops cleanly at the next block on SIGINT or SIGTERM (exit code 130); a second signal
  // ends the program at once. For the long raster jobs.
  runs::RunEnv cancellable_run_env();
  // A run's document: its notes to stderr (unless --quiet), its tables to the output in --format (under xlsx the
  // documents of the command are gathered and written as one workbook by finish_output), or, with -o
  // result.gpkg|.geojson, as layers joined to the geometry of `workspace` (a UsageError for a document that has
  // no table joined to geometry, or when no workspace is given).
  void present(const Document& doc, const std::string& workspace = {});
  // Directory of bundled data (ECOBARRIER_DATA_DIR overrides the build-time location).
  static std::string data_dir();

 private:
  std::ostream& sink();
  std::unique_ptr<io::AtomicFile> file_;  // the -o file once written to
  std::unique_ptr<Document> workbook_;    // what present() gathered under xlsx
  bool stdout_bom_written_ = false;
  std::unique_ptr<TerminalProgress> progress_;
};

using runs::throw_problems;
using runs::throw_rejections;

// Each noun registers its verbs on the top-level app.
void add_workspace_commands(CLI::App& app, Context& ctx);
void add_unit_commands(CLI::App& app, Context& ctx);
void add_station_commands(CLI::App& app, Context& ctx);
void add_obs_commands(CLI::App& app, Context& ctx);
void add_summary_command(CLI::App& app, Context& ctx);
void add_demo_command(CLI::App& app, Context& ctx);
void add_air_commands(CLI::App& app, Context& ctx);
void add_air_assess_command(CLI::App& air, Context& ctx);
void add_air_rank_commands(CLI::App& air, Context& ctx);
void add_air_dust_commands(CLI::App& air, Context& ctx);
void add_water_commands(CLI::App& app, Context& ctx);
void add_soil_commands(CLI::App& app, Context& ctx);  // soil classify (farmland, GB 15618)
void add_soil_site_commands(CLI::App& app, Context& ctx);
void add_groundwater_commands(CLI::App& app, Context& ctx);
void add_drinking_commands(CLI::App& app, Context& ctx);  // `water source`: after add_water_commands
void add_raster_commands(CLI::App& app, Context& ctx);
void add_spatial_commands(CLI::App& app, Context& ctx);
void add_ledger_commands(CLI::App& app, Context& ctx);
void add_assess_commands(CLI::App& app, Context& ctx);
void add_chief_commands(CLI::App& app, Context& ctx);
void add_source_commands(CLI::App& app, Context& ctx);
void add_carbon_commands(CLI::App& app, Context& ctx);
void add_review_commands(CLI::App& app, Context& ctx);
void add_audit_commands(CLI::App& app, Context& ctx);
void add_user_commands(CLI::App& app, Context& ctx);
void add_report_command(CLI::App& app, Context& ctx);
void add_serve_command(CLI::App& app, Context& ctx);
// Faces over runs::run_water_section_import and runs::run_water_assess (app/runs/water), shared with the demo.
void run_water_section_import(Context& ctx, const std::string& ws_path, const std::vector<std::string>& files);
void run_water_assess(Context& ctx, const std::string& ws_path, const std::string& period, const std::string& level,
                      const std::string& baseline, const std::string& below_dl, const std::string& set = "all");

// Command bodies, shared with the demo.
void run_unit_import(Context& ctx, const std::string& ws_path, const std::vector<std::string>& files,
                     const io::AdminFieldNames& fields, const std::string& names_path);
void run_station_import(Context& ctx, const std::string& ws_path, const std::vector<std::string>& files,
                        const std::string& kind);
void run_obs_import(Context& ctx, const std::string& ws_path, const std::vector<std::string>& paths,
                    const std::string& layout_name, const std::string& source, const std::string& quarantine,
                    const std::string& station_map_path);
// A --period (or --baseline) value, or a UsageError naming the option.
Period period_option(const std::string& text, const char* option = "--period");
// The faces of the air runs (app/runs/air), shared with the demo.
namespace runs {
struct AirAssessRequest;
enum class AirDust;
}  // namespace runs
// --dust raw|deducted[|both] (and the older --exclude-dust, which means deducted) on an air command.
void add_dust_options(CLI::App& cmd, runs::AirDust& dust, bool allow_both);
using AssessRequest = runs::AirAssessRequest;
// `wide`: CSV in the table's shape (a row per unit) instead of the long form; XLSX is always wide, with the long
// form as a second sheet.
void print_air_assessment(Context& ctx, const std::string& ws_path, const AssessRequest& req,
                          const std::string& whatif_standard, bool wide = false);
// Hourly AQI (HJ 633 real-time report) of the stored station hours of a period (`air hourly`); all stations
// when `station` is empty.
void print_air_hourly(Context& ctx, const std::string& ws_path, const Period& period, const std::string& station,
                      const std::string& standard);
// The daily values behind an assessment (`air daily`).
void print_air_daily(Context& ctx, const std::string& ws_path, const AssessRequest& req);
// The face over runs::run_summary (app/runs/summary), shared with the demo.
void print_summary(Context& ctx, const std::string& workspace, const std::string& period, const std::string& part,
                   const std::string& averaging);

}  // namespace eb::app
