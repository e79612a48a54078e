// ecobarrier's typed errors (core/error.hpp) as Python exceptions with the same message text. Every class derives
// from ecobarrier.Error and carries `exit_code`, the CLI's exit status for it; the ones with a natural builtin
// counterpart derive from it too, so `except ValueError` and `except OSError` catch what they would expect.
#include <fmt/format.h>

#include <stdexcept>

#include "bindings.hpp"
#include "core/error.hpp"

namespace eb::python {

namespace py = pybind11;

namespace {

struct PythonErrors {
  PyObject* error = nullptr;
  PyObject* usage = nullptr;
  PyObject* input = nullptr;
  PyObject* geometry = nullptr;
  PyObject* store = nullptr;
  PyObject* io = nullptr;
  PyObject* denied = nullptr;
  PyObject* interrupted = nullptr;
};
PythonErrors errors;

PyObject* new_error(py::module_& m, const char* name, std::initializer_list<PyObject*> bases, const char* doc) {
  py::tuple base_tuple(bases.size());
  std::size_t i = 0;
  for (PyObject* b : bases) base_tuple[i++] = py::reinterpret_borrow<py::object>(b);
  const std::string qualified = fmt::format("ecobarrier.{}", name);
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, base_tuple.ptr(), nullptr);
  if (type == nullptr) throw py::error_already_set();
  m.add_object(name, py::reinterpret_borrow<py::object>(type));
  return type;  // the module keeps a reference for the process's lifetime
}

void raise(PyObject* type, const Error& e) {
  py::object exc = py::reinterpret_borrow<py::object>(type)(e.what());
  exc.attr("exit_code") = static_cast<int>(e.code());
  PyErr_SetObject(type, exc.ptr());
}

}  // namespace

void bind_errors(py::module_& m) {
  errors.error = new_error(m, "Error", {PyExc_Exception},
                           "Base of every ecobarrier error; `exit_code` is the CLI's exit status for it.");
  errors.usage = new_error(m, "UsageError", {errors.error, PyExc_ValueError},
                           "An argument the function cannot accept (the CLI's exit status 2).");
  errors.input = new_error(m, "InputError", {errors.error, PyExc_ValueError},
                           "Input data that cannot be parsed or breaks a rule (exit status 3).");
  errors.geometry = new_error(m, "GeometryError", {errors.input}, "Invalid or unusable geometry (exit status 3).");
  errors.store = new_error(m, "StoreError", {errors.error},
                           "The workspace cannot be used: missing, newer, corrupt or locked (exit status 4).");
  errors.io = new_error(m, "IoError", {errors.error, PyExc_OSError},
                        "A file could not be opened, read or written (exit status 5).");
  errors.denied = new_error(m, "DeniedError", {errors.error, PyExc_PermissionError},
                            "Not signed in, or the account may not do this (exit status 6).");
  errors.interrupted =
      new_error(m, "Interrupted", {errors.error}, "The run was asked to stop and stopped cleanly (exit status 130).");

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const GeometryError& e) {
      raise(errors.geometry, e);
    } catch (const Error& e) {
      switch (e.code()) {
        case ExitCode::usage:
          raise(errors.usage, e);
          break;
        case ExitCode::input:
          raise(errors.input, e);
          break;
        case ExitCode::workspace:
          raise(errors.store, e);
          break;
        case ExitCode::io:
          raise(errors.io, e);
          break;
        case ExitCode::denied:
          raise(errors.denied, e);
          break;
        case ExitCode::interrupted:
          raise(errors.interrupted, e);
          break;
        default:
          raise(errors.error, e);
          break;
      }
    }
  });
}

}  // namespace eb::python
