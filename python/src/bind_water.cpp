// GB 3838-2002 classes of many samples at once, an item per column (engine/water ClassKernel, the kernel behind
// `water classify`'s item classes), and the section class: the worst class of the routine items present.
#include <pybind11/stl.h>

#include <algorithm>

#include "arrays.hpp"
#include "bindings.hpp"
#include "core/error.hpp"
#include "engine/water/class_kernel.hpp"
#include "standards/gb3838.hpp"

namespace eb::python {

namespace py = pybind11;

namespace {

standards::Waterbody waterbody_of(const std::string& name) {
  if (name == "river") return standards::Waterbody::river;
  if (name == "lake") return standards::Waterbody::lake;
  throw UsageError("waterbody: expected river or lake, got " + name);
}

// items: {code or alias: float64 column} -> {"items": [codes], "classes": [uint8 columns], "class": uint8 column}.
// Classes 1..6 (6 = worse than V), 0 where the value is missing; "class" is 0 without any routine item.
py::dict water_classes(const py::dict& items, const std::string& waterbody_name) {
  const standards::Waterbody waterbody = waterbody_of(waterbody_name);
  std::vector<std::string> codes;
  std::vector<CArray<double>> columns;
  py::ssize_t n = -1;
  for (const auto& [key, value] : items) {
    const std::string name = py::str(key);
    const standards::WaterParameter* p = standards::find_water_parameter(name);
    if (p == nullptr || standards::find_water_item(p->code) == nullptr)
      throw UsageError("unknown water parameter \"" + name + "\" (not a GB 3838-2002 Table 1 item)");
    codes.push_back(p->code);
    columns.push_back(column(value, name.c_str(), n));
    n = columns.back().shape(0);
  }
  if (n < 0) n = 0;
  const auto count = static_cast<std::size_t>(n);
  std::vector<std::vector<std::uint8_t>> classes(codes.size(), std::vector<std::uint8_t>(count));
  std::vector<std::uint8_t> section(count, 0);
  {
    py::gil_scoped_release released;
    for (std::size_t k = 0; k < codes.size(); ++k) {
      const engine::water::ClassKernel kernel(codes[k], waterbody);
      const std::span<const double> values(columns[k].data(), count);
      kernel.classify(values, classes[k]);
      if (standards::find_water_item(codes[k])->routine)
        for (std::size_t i = 0; i < count; ++i) section[i] = std::max(section[i], classes[k][i]);
    }
  }
  py::list class_columns;
  for (auto& c : classes) class_columns.append(to_numpy(std::move(c)));
  py::dict out;
  out["items"] = codes;
  out["classes"] = class_columns;
  out["class"] = to_numpy(std::move(section));
  return out;
}

}  // namespace

void bind_water(py::module_& m) {
  m.def("water_classes", &water_classes, py::arg("items"), py::arg("waterbody") = "river",
        "GB 3838-2002 class of every value of every item (1..6, 0 = missing) and the section class over the "
        "routine items (single-factor method).");
  m.def(
      "water_item_code",
      [](const std::string& name) -> std::optional<std::string> {
        const standards::WaterParameter* p = standards::find_water_parameter(name);
        if (p == nullptr || standards::find_water_item(p->code) == nullptr) return std::nullopt;
        return p->code;
      },
      py::arg("name"),
      "The GB 3838 Table 1 code of an item's code or alias (Chinese name, HJ 212 code); None if none.");
  m.def(
      "water_class_name", [](int cls, bool zh) { return std::string(standards::class_name(cls, zh)); }, py::arg("cls"),
      py::arg("zh") = false);
  m.def("water_items", [] {
    py::list out;
    for (const auto& i : standards::water_items())
      out.append(py::dict(py::arg("code") = i.code, py::arg("name_zh") = i.name_zh, py::arg("name_en") = i.name_en,
                          py::arg("unit") = i.unit, py::arg("routine") = i.routine));
    return out;
  });
}

}  // namespace eb::python
