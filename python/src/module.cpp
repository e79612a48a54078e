// ecobarrier._core: the compiled half of the Python module `ecobarrier` (python/ecobarrier wraps it in pandas).
#include "bindings.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() =
      "ecobarrier's engines (HJ 633 AQI, HJ 663 daily values, GB 3838 classes, NDVI/FVC/grades, exact coverage and "
      "zonal statistics) and use-case runs on workspaces. Use the package `ecobarrier`, which returns DataFrames.";
  m.attr("__version__") = ECOBARRIER_VERSION;
  eb::python::bind_errors(m);
  eb::python::bind_air(m);
  eb::python::bind_water(m);
  eb::python::bind_raster(m);
  eb::python::bind_workspace(m);
  eb::python::bind_partials(m);
}
