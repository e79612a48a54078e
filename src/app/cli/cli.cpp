#include "app/cli/cli.hpp"

#include <fmt/format.h>
#include <tbb/global_control.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "app/cli/context.hpp"
#include "app/cli/help.hpp"
#include "app/table/lang.hpp"
#include "app/table/messages.hpp"
#include "app/table/xlsx.hpp"
#include "core/error.hpp"
#include "core/utf8.hpp"
#include "io/atomic_file.hpp"
#include "io/gdal_raster.hpp"
#include "store/database.hpp"

#ifndef ECOBARRIER_VERSION
#define ECOBARRIER_VERSION "dev"
#endif

namespace eb::app {

namespace {

// The exit codes of core/error.hpp, for `ecobarrier --help` (also in docs/cli.md).
std::string exit_code_help() {
  return "Exit codes:\n"
         "  0  success\n"
         "  1  unexpected internal failure\n"
         "  2  bad command line\n"
         "  3  input data rejected (file:line:column reported); nothing was stored\n"
         "  4  workspace missing, newer than this program, or unusable\n"
         "  5  a file could not be read or written\n"
         "  130  interrupted (Ctrl-C, SIGTERM); no output was left under its final name\n";
}

// A second writer waits for the first: ECOBARRIER_WRITE_WAIT seconds (default 60), a bar on a terminal, one note
// otherwise; then "workspace busy (another import is writing); retry".
void set_up_write_wait(const Context& ctx) {
  store::WriteWait wait;
  if (const char* env = std::getenv("ECOBARRIER_WRITE_WAIT"); env && *env) {
    char* end = nullptr;
    const double s = std::strtod(env, &end);
    if (end == env || *end != '\0' || !(s >= 0) || s > 86400)
      throw UsageError(std::string("ECOBARRIER_WRITE_WAIT: seconds from 0 to 86400, not \"") + env + "\"");
    wait.bound = std::chrono::milliseconds(static_cast<std::int64_t>(s * 1000));
  }
  auto bar = std::make_shared<std::unique_ptr<Progress>>();
  const Lang l = ctx.lang();
  const bool quiet = ctx.quiet;
  wait.on_wait = [bar, l, quiet](std::chrono::milliseconds waited, std::chrono::milliseconds bound, bool done) {
    if (done) {
      bar->reset();
      return;
    }
    if (!*bar) {
      const std::string label = fmt::format(fmt::runtime(tr(l, "工作空间正被另一导入写入，最多等待 {} 秒",
                                                            "workspace busy: waiting up to {} s for another writer")),
                                            bound.count() / 1000);
      if (!Progress::stderr_is_terminal() && !quiet) std::cerr << label << "\n";
      *bar = std::make_unique<Progress>(label, static_cast<std::size_t>(bound.count()));
    }
    (*bar)->update(static_cast<std::size_t>(waited.count()));
  };
  store::set_write_wait(std::move(wait));
}

}  // namespace

namespace {

// The format an output file's extension names (any case); none for other extensions. Results joined to geometry
// (.gpkg, .geojson) are for the commands that write layers, which claim those extensions themselves.
std::optional<std::string> format_of_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* known : {"csv", "xlsx", "json"})
    if (ext == std::string(".") + known) return std::string(known);
  return std::nullopt;
}

}  // namespace

std::string Context::output_format() const {
  const bool to_file = !output_path.empty() && output_path != "-";
  const std::optional<std::string> by_extension = to_file ? format_of_extension(output_path) : std::nullopt;
  if (format_name.empty()) return by_extension.value_or("table");
  if (by_extension && *by_extension != format_name)
    throw UsageError(
        fmt::format("--format {} contradicts -o {} (its extension means {}): drop --format or change the extension",
                    format_name, output_path, *by_extension));
  return format_name;
}

Format Context::format() const {
  const std::string name = output_format();
  if (name == "csv") return Format::csv;
  if (name == "json") return Format::json;
  return Format::table;
}

bool Context::workbook() const { return output_format() == "xlsx"; }

void Context::check_output_options() const {
  if (bom && output_format() != "csv") throw UsageError("--bom is for CSV output (--format csv or -o FILE.csv)");
  if (workbook() && (output_path.empty() || output_path == "-") && isatty(STDOUT_FILENO))
    throw UsageError("XLSX is a binary file and is not written to a terminal: use -o FILE.xlsx");
  layer_format();  // -o x.gpkg with --format csv|json|xlsx: refused before any work
}

std::optional<layers::LayerFormat> Context::layer_format() const {
  if (output_path.empty() || output_path == "-") return std::nullopt;
  const auto layer = layers::layer_format_of(output_path);
  if (layer && (format_name == "csv" || format_name == "json" || format_name == "xlsx"))
    throw UsageError(fmt::format("-o {} is a {} layer file, which contradicts --format {}", output_path,
                                 layers::layer_format_name(*layer), format_name));
  return layer;
}

Lang Context::lang() const {
  if (lang_name == "en") return Lang::en;
  if (lang_name == "zh") return Lang::zh;
  return default_lang();
}

std::ostream& Context::out() {
  if (workbook())
    throw UsageError(
        "this command writes text, not tables, and cannot write an XLSX workbook: use --format table, csv or json");
  if (const auto layer = layer_format())
    throw UsageError(fmt::format("{}: `{}` writes text, not map layers, and cannot write {}; use .csv, .json or "
                                 "--format table",
                                 output_path, command_name, layers::layer_format_name(*layer)));
  return sink();
}

std::ostream& Context::sink() {
  if (output_path.empty() || output_path == "-") {
    if (bom && !stdout_bom_written_ && format() == Format::csv) std::cout << "\xEF\xBB\xBF";
    stdout_bom_written_ = true;
    return std::cout;
  }
  if (!file_) {
    file_ = std::make_unique<io::AtomicFile>(output_path);
    if (format() == Format::csv) file_->stream() << "\xEF\xBB\xBF";
  }
  return file_->stream();
}

void Context::remove_stale_output() const {
  if (output_path.empty() || output_path == "-" || io::AtomicFile::is_stream(output_path)) return;
  io::AtomicFile::remove_stale(io::AtomicFile::part_of(output_path));
}

void Context::finish_output() {
  if (workbook_) {
    const auto workbook = std::move(workbook_);
    sink() << xlsx_workbook(*workbook, lang(), command_line);
  }
  std::cout.flush();
  if (!file_) return;
  const auto file = std::move(file_);
  file->commit();
}

void Context::discard_output() {
  workbook_.reset();
  file_.reset();
}

std::int64_t Context::memory_limit() const {
  if (memory_limit_text.empty()) {
    return static_cast<std::int64_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<std::int64_t>(sysconf(_SC_PAGE_SIZE)) / 2;
  }
  // A number with an optional K, M or G (powers of 1024).
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(memory_limit_text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  std::string unit = memory_limit_text.substr(used);
  if (!unit.empty() && (unit.back() == 'B' || unit.back() == 'b')) unit.pop_back();
  const std::map<std::string, double> units = {{"", 1.0},           {"K", 1024.0},         {"k", 1024.0},
                                               {"M", 1048576.0},    {"m", 1048576.0},      {"G", 1073741824.0},
                                               {"g", 1073741824.0}, {"T", 1099511627776.0}};
  const auto it = units.find(unit);
  if (used == 0 || it == units.end() || !(value > 0)) {
    throw UsageError("--memory-limit: a size such as 512M or 2G, not \"" + memory_limit_text + "\"");
  }
  return static_cast<std::int64_t>(value * it->second);
}

runs::RunEnv Context::run_env() {
  runs::RunEnv env;
  env.memory_limit = memory_limit();
  env.max_pixels = static_cast<std::int64_t>(max_pixels);
  env.raster_layout = cog ? io::RasterLayout::cog : io::RasterLayout::tiled;
  if (!encoding_name.empty()) {
    const auto e = io::parse_text_encoding(encoding_name);
    if (!e) throw UsageError("--encoding: utf-8, gbk or gb18030, not \"" + encoding_name + "\"");
    env.encoding = *e;
  }
  if (!progress_) progress_ = std::make_unique<TerminalProgress>(lang());
  env.progress = progress_.get();
  return env;
}

namespace {

std::atomic<bool> cancel_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");

extern "C" void on_cancel_signal(int sig) {
  // The first signal asks the run to stop at its next block; a second one ends the program as the signal would.
  if (cancel_requested.exchange(true)) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }
}

}  // namespace

runs::RunEnv Context::cancellable_run_env() {
  runs::RunEnv env = run_env();
  std::signal(SIGINT, on_cancel_signal);
  std::signal(SIGTERM, on_cancel_signal);
  env.cancel = &cancel_requested;
  return env;
}

void Context::present(const Document& doc, const std::string& workspace) {
  for (const auto& n : doc.notes) note(n);
  if (const auto layer = layer_format()) {
    // The layer is named after the command ("air assess" -> air_assess), so QGIS lists it by what made it.
    std::string layer_name = command_name;
    std::replace(layer_name.begin(), layer_name.end(), ' ', '_');
    for (const auto& n :
         layers::write_document_layers(output_path, *layer, doc, workspace, command_name, layer_name, lang()))
      note(n);
    return;
  }
  if (workbook()) {
    if (!workbook_) workbook_ = std::make_unique<Document>();
    for (const auto& part : doc.parts) workbook_->parts.push_back(part);
    for (const auto& n : doc.notes) workbook_->note(n);
    return;
  }
  if (!doc.parts.empty()) write_tables(out(), doc, format(), lang());
}

void Context::note(const std::string& text) const {
  if (!quiet) std::cerr << text << (text.empty() || text.back() != '\n' ? "\n" : "");
}

std::string Context::data_dir() { return runs::data_dir(); }

void build_cli(CLI::App& app, Context& ctx) {
  // One formatter for the whole tree: subcommands take their parent's when added, so it is set first.
  app.formatter(std::make_shared<LocalizedFormatter>(default_lang()));
  app.failure_message(
      [&ctx](const CLI::App* root, const CLI::Error& e) { return parse_failure_message(*root, e, ctx.lang()); });
  app.description(
      "ecobarrier — monitoring, evaluation and reporting for an ecological security barrier programme\n"
      "生态安全屏障监测评估系统");
  app.name("ecobarrier");
  app.set_version_flag("--version", std::string("ecobarrier ") + ECOBARRIER_VERSION);
  app.require_subcommand(1);
  app.add_option("--format", ctx.format_name,
                 "Output format: table (people), csv (Excel, pandas), json (programs), xlsx (Excel workbook); "
                 "default: the -o file's extension (.csv, .xlsx, .json), else table")
      ->check(CLI::IsMember({"table", "csv", "json", "xlsx"}));
  app.add_flag("--bom", ctx.bom, "Start CSV on stdout with a UTF-8 BOM, so that Excel reads Chinese (files get one)");
  // Set as soon as it is read, so that an error in an option before it is already in its language.
  app.add_option("--lang", ctx.lang_name, "Language of labels: zh or en (default: $ECOBARRIER_LANG, else zh)")
      ->check(CLI::IsMember({"zh", "en"}))
      ->trigger_on_parse();
  app.add_option("-o,--output", ctx.output_path,
                 "Write results to this file instead of stdout (-: stdout); .csv, .xlsx and .json choose the "
                 "format");
  app.add_flag("-q,--quiet", ctx.quiet, "Print results only, no notes on stderr");
  app.add_option("--memory-limit", ctx.memory_limit_text,
                 "Memory a raster job may use, e.g. 512M or 2G (default: half the physical memory); jobs that "
                 "need more stop before they start");
  app.add_option("--max-pixels", ctx.max_pixels,
                 "Cells (width x height) a raster job's grid may have, e.g. 2e10 (default 1e10: Inner Mongolia's "
                 "extent at 30 m runs); larger grids stop before anything is read")
      ->check(CLI::PositiveNumber);
  app.add_flag("--cog", ctx.cog,
               "Write raster outputs as Cloud Optimized GeoTIFFs with overviews (one more pass; default: tiled "
               "GeoTIFF)");
  app.add_option("--encoding", ctx.encoding_name,
                 "Encoding of the input text files: utf-8 (default), gbk or gb18030 (converted to UTF-8 as read)");
  app.add_option("--threads", ctx.threads, "Worker threads for raster jobs (default: every core)")
      ->check(CLI::Range(1, 1024));
  app.footer(
      "Examples:\n"
      "  ecobarrier demo                               build the demo workspace and print its summary\n"
      "  ecobarrier init ws.gpkg                       create (or migrate) a workspace\n"
      "  ecobarrier unit import ws.gpkg leagues.json   import administrative boundaries\n"
      "  ecobarrier obs import ws.gpkg cnemc.csv       import CNEMC hourly station data\n"
      "  ecobarrier summary ws.gpkg --format json      units, stations and data capture\n\n" +
      exit_code_help() +
      "\nA file argument - reads standard input, and -o - writes to standard output.\n"
      "Every command has --help; --lang en (or ECOBARRIER_LANG=en) shows it in English.");

  add_workspace_commands(app, ctx);
  add_unit_commands(app, ctx);
  add_station_commands(app, ctx);
  add_obs_commands(app, ctx);
  add_summary_command(app, ctx);
  add_air_commands(app, ctx);
  add_water_commands(app, ctx);
  add_soil_commands(app, ctx);
  add_soil_site_commands(app, ctx);
  add_groundwater_commands(app, ctx);
  add_drinking_commands(app, ctx);
  add_raster_commands(app, ctx);
  add_spatial_commands(app, ctx);
  add_ledger_commands(app, ctx);
  add_assess_commands(app, ctx);
  add_chief_commands(app, ctx);
  add_source_commands(app, ctx);
  add_carbon_commands(app, ctx);
  add_review_commands(app, ctx);
  add_audit_commands(app, ctx);
  add_user_commands(app, ctx);
  add_report_command(app, ctx);
  add_serve_command(app, ctx);
  add_demo_command(app, ctx);
  // Global options may follow the command at any depth (ecobarrier water section import ... --lang en).
  std::function<void(CLI::App*)> let_options_fall_through = [&](CLI::App* parent) {
    for (CLI::App* sub : parent->get_subcommands([](CLI::App*) { return true; })) {
      sub->fallthrough();
      let_options_fall_through(sub);
    }
  };
  let_options_fall_through(&app);
}

int run_cli(int argc, char** argv) {
  Context ctx;
  ctx.command_line = "ecobarrier";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool plain = !arg.empty() && arg.find_first_of(" \t'\"\\$`") == std::string::npos;
    ctx.command_line += " " + (plain ? arg : "'" + arg + "'");
  }
  CLI::App app;
  build_cli(app, ctx);

  // --threads bounds the worker pool of every raster job; set once the options are known, before any command runs.
  std::unique_ptr<tbb::global_control> thread_limit;
  app.parse_complete_callback([&] {
    for (const CLI::App* cmd = &app; !cmd->get_subcommands().empty();) {
      cmd = cmd->get_subcommands().front();
      ctx.command_name += (ctx.command_name.empty() ? "" : " ") + cmd->get_name();
    }
    set_up_write_wait(ctx);
    ctx.check_output_options();
    ctx.remove_stale_output();
    io::set_gdal_threads(ctx.threads);
    if (ctx.threads > 0)
      thread_limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                           static_cast<std::size_t>(ctx.threads));
  });

  try {
    app.parse(argc, argv);
    ctx.finish_output();
    return 0;
  } catch (const CLI::ParseError& e) {
    ctx.discard_output();
    // Help and parse errors in the language of --lang (read by now, wherever it stood on the line).
    if (auto formatter = std::dynamic_pointer_cast<LocalizedFormatter>(app.get_formatter()))
      formatter->set_lang(ctx.lang());
    const int rc = app.exit(e);
    return rc == 0 ? 0 : static_cast<int>(ExitCode::usage);
  } catch (const Error& e) {
    ctx.discard_output();
    // never echo a bad input byte; the message in the catalogue's words under --lang zh
    const std::string what = translate_message(ctx.lang(), escape_invalid_utf8(e.what()));
    std::cerr << translate(ctx.lang(), "ecobarrier: error: ") << what << (what.ends_with("\n") ? "" : "\n");
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    ctx.discard_output();
    std::cerr << translate(ctx.lang(), "ecobarrier: internal error: ") << escape_invalid_utf8(e.what()) << "\n";
    return static_cast<int>(ExitCode::failure);
  }
}

}  // namespace eb::app
