#include "document.hpp"

#include <pybind11/stl.h>

#include "core/error.hpp"

namespace eb::python {

namespace py = pybind11;

namespace {

py::object cell_to_python(const app::Cell& c) {
  return std::visit(
      [](const auto& v) -> py::object {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return py::none();
        else
          return py::cast(v);
      },
      c.value);
}

py::dict table_to_python(const std::string& key, const app::Table& t, app::Lang lang) {
  py::list columns;
  py::dict data;
  for (std::size_t j = 0; j < t.columns.size(); ++j) {
    const app::Column& col = t.columns[j];
    py::dict c;
    c["key"] = col.key;
    c["label"] = lang == app::Lang::zh ? col.label_zh : col.label_en;
    c["decimals"] = col.decimals;
    columns.append(c);
    py::list values(t.rows.size());
    for (std::size_t i = 0; i < t.rows.size(); ++i)
      values[i] = j < t.rows[i].size() ? cell_to_python(t.rows[i][j]) : py::none();
    data[py::str(col.key)] = values;
  }
  py::dict out;
  out["key"] = key;
  out["title"] = lang == app::Lang::zh ? t.title_zh : t.title_en;
  out["columns"] = columns;
  out["data"] = data;
  return out;
}

}  // namespace

py::dict document_to_python(const app::Document& doc, app::Lang lang) {
  py::list parts;
  for (const auto& [key, table] : doc.parts) parts.append(table_to_python(key, table, lang));
  py::dict out;
  out["parts"] = parts;
  out["notes"] = py::cast(doc.notes);
  return out;
}

app::Lang lang_of(const std::string& name) {
  if (name == "en") return app::Lang::en;
  if (name == "zh") return app::Lang::zh;
  throw UsageError("lang: expected zh or en, got " + name);
}

}  // namespace eb::python
