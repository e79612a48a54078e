// ecobarrier init WS; ecobarrier workspace copy SRC DST
#include "app/cli/context.hpp"
#include "app/runs/catalog/catalog.hpp"
#include "app/runs/workspace/workspace_copy.hpp"

namespace eb::app {

void add_workspace_commands(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("init", "Create a workspace (a GeoPackage file), or migrate an older one forward");
  auto path = std::make_shared<std::string>();
  cmd->add_option("WS", *path, "Workspace file (.gpkg)")->required();
  cmd->footer(
      "Examples:\n  ecobarrier init ws.gpkg\n\n"
      "Re-running is safe. An older workspace is migrated to the current schema; a workspace made by a\n"
      "newer ecobarrier is refused (exit code 4). QGIS opens the file directly.");
  cmd->callback([path, &ctx] { ctx.out() << runs::workspace_init_text(runs::run_workspace_init(*path), ctx.lang()); });

  auto* workspace =
      app.add_subcommand("workspace", "Whole workspaces: copy one into another (GeoPackage ↔ PostgreSQL)");
  workspace->require_subcommand(1);
  auto req = std::make_shared<runs::WorkspaceCopyRequest>();
  auto* copy = workspace->add_subcommand(
      "copy", "Copy every table and layer of a workspace into a new (or empty) one, verified by counts and checksums");
  copy->add_option("SRC", req->source, "Workspace to copy: a .gpkg file or a postgresql:// connection")->required();
  copy->add_option("DST", req->destination,
                   "New workspace: a .gpkg file that does not exist, or a PostgreSQL database that does not exist or "
                   "is empty (or an empty workspace made by init)")
      ->required();
  copy->footer(
      "Examples:\n"
      "  ecobarrier workspace copy postgresql://analyst@db.example/eco province.gpkg   take a province home\n"
      "  ecobarrier workspace copy ws.gpkg postgresql://admin@db.example/eco          move to a server\n\n"
      "Ids, geometries and the audit log are copied as they are, in one transaction: any failure, or Ctrl-C,\n"
      "leaves the destination as it was (a new file is removed). Each table is read back and compared\n"
      "(rows and a SHA-256 of its rows in key order) before the copy commits; the destination's audit log\n"
      "then records the copy.\n"
      "A destination that holds data is refused (exit code 4). Passwords come from PGPASSFILE or PGPASSWORD.");
  copy->callback([req, &ctx] {
    ctx.present(runs::workspace_copy_document(runs::run_workspace_copy(*req, ctx.cancellable_run_env()), ctx.lang()));
  });
}

}  // namespace eb::app
