// Small workspaces for the runs' tests: the real leagues and cities of Inner Mongolia (and, on request, its banners
// and counties) from data/demo/boundaries, files written as text beside them and imported the way the CLI imports
// them, and the ellipsoidal area of a lon/lat box in closed form to check measured areas against.
#pragma once

#include <map>
#include <string>

#include "io/observation_layouts.hpp"
#include "store/admin_store.hpp"
#include "store/workspace.hpp"
#include "support/test_paths.hpp"

namespace eb::test {

// The region 150000 (derived from its leagues), its 12 leagues/cities and, when `counties`, its 103
// banners/counties (data/demo), with the given names (others keep the boundary file's Chinese names).
void import_demo_units(store::Workspace& ws, const std::map<std::string, store::UnitNames>& names, bool counties);
// The same with all 115 units and only the region's names given.
void import_demo_units(store::Workspace& ws);
// Writes `text` to dir/name and returns the path.
std::string write_text(const std::string& dir, const std::string& name, const std::string& text);
// Imports one observation file of a layout, stations keyed by code; the test fails on any rejection.
void import_observation_file(store::Workspace& ws, const std::string& path, io::ObservationLayout layout);

class UnitWorkspace {
 public:
  // The region (derived), its 12 leagues and cities and, when `counties`, its 103 banners and counties.
  explicit UnitWorkspace(bool counties = false);
  const std::string& path() const { return ws_.str(); }
  // Writes `text` to a file `name` beside the workspace and returns its path.
  std::string write(const std::string& name, const std::string& text) const;

 private:
  TempPath ws_;
};

// Area on the WGS 84 ellipsoid between the equator and latitude `lat_deg` over one radian of longitude, m² (the
// authalic-latitude integral in closed form).
double area_to_latitude_m2(double lat_deg);
// Ellipsoidal area of the lon/lat box [lon0, lon1] x [lat0, lat1] (degrees), m².
double box_area_m2(double lon0, double lat0, double lon1, double lat1);
// A GeoJSON polygon geometry of that box (counter-clockwise).
std::string box_geometry(double lon0, double lat0, double lon1, double lat1);

}  // namespace eb::test
