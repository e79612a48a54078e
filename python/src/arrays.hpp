// numpy in and out of the kernels without copies where the layout allows: inputs are viewed when they are already
// C-contiguous of the kernel's type (pybind11 converts only the others), and results computed into std::vectors are
// handed to numpy as they are, owned by a capsule, instead of being copied into a new array.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace eb::python {

namespace py = pybind11;

// A read-only C-contiguous view of `obj` as T: the array itself when it already is one, else a converted copy.
template <class T>
using CArray = py::array_t<T, py::array::c_style | py::array::forcecast>;

// `obj` as a C-contiguous array of T; UsageError naming `what` when it cannot be converted.
template <class T>
CArray<T> as_array(const py::handle& obj, const char* what);

// A 1-D float64 column of exactly `n` values (n < 0: any length); UsageError naming `what` otherwise.
CArray<double> column(const py::handle& obj, const char* what, py::ssize_t n = -1);

// Moves `values` into a numpy array of `shape` (its size must match) without copying the data.
template <class T>
py::array_t<T> to_numpy(std::vector<T>&& values, std::vector<py::ssize_t> shape) {
  auto* owned = new std::vector<T>(std::move(values));
  py::capsule free_when_done(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(std::move(shape), owned->data(), free_when_done);
}
template <class T>
py::array_t<T> to_numpy(std::vector<T>&& values) {
  const auto n = static_cast<py::ssize_t>(values.size());
  return to_numpy(std::move(values), {n});
}

}  // namespace eb::python
