#pragma once

namespace eb::app {
// Runs the command line; returns the process exit code (docs/cli.md).
int run_cli(int argc, char** argv);
}  // namespace eb::app
