#pragma once

namespace CLI {
class App;
}

namespace eb::app {
struct Context;
// Registers every command and option on `app` (the whole command line, as run_cli parses it) with help and parse
// errors in the user's language; the message catalogue's completeness test walks what it builds.
void build_cli(CLI::App& app, Context& ctx);
// Runs the command line; returns the process exit code (docs/cli.md).
int run_cli(int argc, char** argv);
}  // namespace eb::app
