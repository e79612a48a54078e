// Small workspaces for the runs' tests: the bundled boundaries of Inner Mongolia, and files written as text into a
// scratch directory and imported the way the CLI imports them.
#pragma once

#include <string>

#include "io/observation_layouts.hpp"
#include "store/workspace.hpp"

namespace eb::test {

// The region 150000 (derived from its leagues), its 12 leagues/cities and 103 banners/counties (data/demo).
void import_demo_units(store::Workspace& ws);
// Writes `text` to dir/name and returns the path.
std::string write_text(const std::string& dir, const std::string& name, const std::string& text);
// Imports one observation file of a layout, stations keyed by code; the test fails on any rejection.
void import_observation_file(store::Workspace& ws, const std::string& path, io::ObservationLayout layout);

}  // namespace eb::test
