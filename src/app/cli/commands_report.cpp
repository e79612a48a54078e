// ecobarrier report: the yearly bulletin (being written; see issue 8).
#include "app/cli/context.hpp"

namespace eb::app {

void add_report_command(CLI::App&, Context&) {}

}  // namespace eb::app
