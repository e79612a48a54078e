// The bulletin's tables as typed tables (the GeoPackage edition of `ecobarrier report --gpkg`): one per table of the
// document, named after its section, titled by its caption; a table whose rows are administrative units carries
// their codes and joins to their geometry.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "app/report/bulletin.hpp"
#include "app/table/table.hpp"

namespace eb::app::report {

// Layer names "<section id>_<n>" (n counts the section's tables from 1). Columns: "code" (the unit, for per-unit
// tables), then the headers as they print (key and label); a numeric column whose every cell is a plain number (or
// a dash for none) holds numbers, any other column text as printed.
std::vector<std::pair<std::string, Table>> bulletin_tables(const Bulletin& b);

}  // namespace eb::app::report
