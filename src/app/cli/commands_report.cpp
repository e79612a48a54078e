// ecobarrier report WS --period YEAR [--registry FILE] [--pdf] [--issuer NAME] [--date YYYY-MM-DD] -o DIR: the
// yearly bilingual ecological bulletin. The face only: options to a BulletinRequest, build_bulletin (app/report) and
// the files it writes.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "app/cli/context.hpp"
#include "app/report/build_bulletin.hpp"
#include "core/error.hpp"
#include "io/atomic_file.hpp"

namespace eb::app {

void add_report_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::string ws, period, registry, map_note, issuer, date;
    bool gpkg = false, pdf = false;
  };
  auto o = std::make_shared<Options>();
  auto* cmd = app.add_subcommand("report", "The yearly ecological bulletin: self-contained HTML and Markdown");
  cmd->add_option("WS", o->ws, "Workspace")->required();
  cmd->add_option("--period", o->period, "The bulletin's year, e.g. 2023")->required();
  cmd->add_option("--registry", o->registry,
                  "Indicator registry for the assessment ranking (default: the bundled demo registry)");
  cmd->add_option("--map-note", o->map_note,
                  "Note under every map: map approval number (审图号) and boundary source (default: says the "
                  "boundaries are schematic, not from a standard map)");
  cmd->add_flag("--gpkg", o->gpkg,
                "Also write bulletin-YEAR-LANG.gpkg: every table of the bulletin as a layer, the per-unit ones "
                "joined to the units' boundaries (for QGIS)");
  cmd->add_flag("--pdf", o->pdf,
                "Also write the printable bulletin-YEAR-LANG.pdf (A4, cover, contents with pages, page numbers), "
                "printed by headless Chromium ($ECOBARRIER_CHROMIUM or chromium on PATH)");
  cmd->add_option("--issuer", o->issuer, "The issuing body on the cover, e.g. 内蒙古自治区生态环境厅");
  cmd->add_option("--date", o->date, "The date of issue on the cover, YYYY-MM-DD (default: today, Beijing time)");
  cmd->footer(
      "Examples:\n"
      "  ecobarrier report ws.gpkg --period 2023 -o bulletin/\n"
      "  ecobarrier report ws.gpkg --period 2023 --lang en -o bulletin/ --registry registry.csv\n"
      "  ecobarrier report ws.gpkg --period 2023 -o bulletin/ --gpkg\n"
      "  ecobarrier report ws.gpkg --period 2023 -o bulletin/ --pdf --issuer 内蒙古自治区生态环境厅 --date "
      "2024-06-05\n\n"
      "-o names the output directory (default: the current directory); the command writes\n"
      "bulletin-YEAR-LANG.html (inline CSS and SVG, no external resources), bulletin-YEAR-LANG.md, with --pdf\n"
      "bulletin-YEAR-LANG.pdf and with --gpkg bulletin-YEAR-LANG.gpkg, and prints their paths. Paths in the\n"
      "provenance notes are relative to DIR. A section without data for the year uses the latest earlier year and\n"
      "says so. See\n"
      "docs/bulletin.md.");
  cmd->callback([o, &ctx] {
    const auto period = parse_period(o->period);
    if (!period || period->first.month != 1 || period->first.day != 1 || period->last.month != 12 ||
        period->last.day != 31 || period->first.year != period->last.year)
      throw UsageError("--period: the bulletin is yearly; expected a year such as 2023, got " + o->period);
    // -o is the output directory here; results (the two paths) go to stdout, not to a file named like it.
    const std::filesystem::path dir = ctx.output_path.empty() || ctx.output_path == "-" ? "." : ctx.output_path;
    ctx.output_path.clear();

    BulletinRequest req;
    req.ws = o->ws;
    req.registry = o->registry;
    req.year = period->first.year;
    req.lang = ctx.lang();
    req.map_note = o->map_note;
    req.issuer = o->issuer;
    if (!o->date.empty()) {
      const auto day = parse_instant(o->date);
      if (!day || !day->date_only || o->date.size() != 10)
        throw UsageError("--date: expected a day such as 2024-06-05, got " + o->date);
      req.issued_on = epoch_to_beijing(day->epoch).date;
    }
    req.out_dir = dir.string();
    req.pdf = o->pdf;
    const BulletinDocuments docs = build_bulletin(req);
    std::filesystem::create_directories(dir);
    const std::string stem = fmt::format("bulletin-{}-{}", req.year, req.lang == Lang::zh ? "zh" : "en");
    const auto html = dir / (stem + ".html"), md = dir / (stem + ".md");
    // Each file whole or not at all: a killed or failed run never leaves half a bulletin under its name.
    io::AtomicFile::write(html.string(), docs.html);
    io::AtomicFile::write(md.string(), docs.markdown);
    std::cout << html.string() << "\n" << md.string() << "\n";
    if (o->pdf) {
      const auto pdf = dir / (stem + ".pdf");
      io::AtomicFile::write(pdf.string(), docs.pdf);
      std::cout << pdf.string() << "\n";
    }
    if (o->gpkg) {
      const auto gpkg = dir / (stem + ".gpkg");
      std::vector<layers::LayerTable> tables;
      for (const auto& [name, table] : docs.tables) tables.push_back({name, &table});
      for (const auto& n : layers::write_layers(gpkg.string(), layers::LayerFormat::gpkg, tables, o->ws, req.lang))
        ctx.note(n);
      std::cout << gpkg.string() << "\n";
    }
  });
}

}  // namespace eb::app
