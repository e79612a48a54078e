// The parts of ecobarrier._core, one file each, all called from module.cpp (PYBIND11_MODULE). A new area is a new
// bind_<area>.cpp defining its function, declared here and called there.
#pragma once

#include <pybind11/pybind11.h>

namespace eb::python {

void bind_errors(pybind11::module_& m);     // errors.cpp: the exception hierarchy and the C++ -> Python translator
void bind_air(pybind11::module_& m);        // bind_air.cpp: HJ 633 AQI, HJ 663 daily values, observation files
void bind_water(pybind11::module_& m);      // bind_water.cpp: GB 3838 classes
void bind_raster(pybind11::module_& m);     // bind_raster.cpp: NDVI, FVC, grades, coverage, zonal statistics
void bind_workspace(pybind11::module_& m);  // bind_workspace.cpp: use-case runs on a workspace
void bind_partials(pybind11::module_& m);   // bind_partials.cpp: zonal statistics in windows, for ecobarrier.dask

}  // namespace eb::python
