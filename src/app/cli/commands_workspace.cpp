// ecobarrier init WS
#include "app/cli/context.hpp"
#include "app/runs/catalog/catalog.hpp"

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
}

}  // namespace eb::app
