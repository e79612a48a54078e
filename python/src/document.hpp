// A run's Document (app/table) as plain Python objects, which ecobarrier._frames turns into pandas DataFrames:
// the same tables the CLI writes with --format csv, with the values unrounded (a column's `decimals` says how the
// CLI rounds it) and the notes it prints on stderr.
#pragma once

#include <pybind11/pybind11.h>

#include "app/table/table.hpp"

namespace eb::python {

// {"parts": [{"key", "title", "columns": [{"key", "label", "decimals"}], "data": {key: [values]}}], "notes": [...]}
// Cells become None, str, int or float; labels and titles are in `lang`.
pybind11::dict document_to_python(const app::Document& doc, app::Lang lang);

// "zh" or "en" (the CLI's --lang); UsageError otherwise.
app::Lang lang_of(const std::string& name);

}  // namespace eb::python
