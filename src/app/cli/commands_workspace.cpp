// ecobarrier init WS
#include <fmt/format.h>

#include "app/cli/context.hpp"
#include "app/table/lang.hpp"
#include "store/workspace.hpp"

namespace eb::app {

void add_workspace_commands(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("init", "Create a workspace (a GeoPackage file), or migrate an older one forward");
  auto path = std::make_shared<std::string>();
  cmd->add_option("WS", *path, "Workspace file (.gpkg)")->required();
  cmd->footer(
      "Examples:\n  ecobarrier init ws.gpkg\n\n"
      "Re-running is safe. An older workspace is migrated to the current schema; a workspace made by a\n"
      "newer ecobarrier is refused (exit code 4). QGIS opens the file directly.");
  cmd->callback([path, &ctx] {
    store::Workspace ws(*path, store::Workspace::Open::create_if_missing);
    const Lang l = ctx.lang();
    if (ws.migrated().empty()) {
      ctx.out() << fmt::format("{}: {} {}\n", *path,
                               tr(l, "工作空间已是最新，架构版本", "workspace is current, schema version"),
                               ws.schema_version());
    } else {
      ctx.out() << fmt::format("{}: {} {} → {}\n", *path, tr(l, "已迁移架构版本", "schema migrated"),
                               ws.migrated().front() - 1, ws.schema_version());
    }
  });
}

}  // namespace eb::app
