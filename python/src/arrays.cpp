#include "arrays.hpp"

#include <fmt/format.h>

#include <cstdint>

#include "core/error.hpp"

namespace eb::python {

template <class T>
CArray<T> as_array(const py::handle& obj, const char* what) {
  if (obj.is_none()) throw UsageError(fmt::format("{}: an array is required, got None", what));
  auto array = CArray<T>::ensure(obj);
  if (!array) {
    PyErr_Clear();
    throw UsageError(fmt::format("{}: cannot be read as an array of numbers", what));
  }
  return array;
}
template CArray<double> as_array<double>(const py::handle&, const char*);
template CArray<float> as_array<float>(const py::handle&, const char*);

CArray<double> column(const py::handle& obj, const char* what, py::ssize_t n) {
  CArray<double> a = as_array<double>(obj, what);
  if (a.ndim() != 1) throw UsageError(fmt::format("{}: expected a 1-D array, got {} dimensions", what, a.ndim()));
  if (n >= 0 && a.shape(0) != n) throw UsageError(fmt::format("{}: expected {} values, got {}", what, n, a.shape(0)));
  return a;
}

}  // namespace eb::python
