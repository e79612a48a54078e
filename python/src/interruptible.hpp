// Long runs that Ctrl-C (or Jupyter's interrupt button) stops: the run works on a thread of its own while the
// calling thread, which holds the GIL only for a moment every 50 ms, looks for a pending KeyboardInterrupt. Then it
// asks the run to stop through RunEnv::cancel, as the CLI does on SIGINT (the run stops between strips, with nothing
// half written), waits for it and raises the KeyboardInterrupt.
#pragma once

#include <pybind11/pybind11.h>

#include <atomic>
#include <chrono>
#include <future>
#include <utility>

#include "app/runs/run_env.hpp"

namespace eb::python {

// Calls run(env) (env: a RunEnv with a cancel flag) with the GIL released; returns what it returns or rethrows what
// it throws; throws pybind11::error_already_set (KeyboardInterrupt) when interrupted. Call with the GIL held.
template <class F>
auto run_interruptibly(F&& run) {
  std::atomic<bool> cancel{false};
  app::runs::RunEnv env;
  env.cancel = &cancel;
  auto result = std::async(std::launch::async, [&run, &env] { return run(env); });
  bool interrupted = false;
  {
    pybind11::gil_scoped_release released;
    while (result.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
      if (interrupted) continue;
      pybind11::gil_scoped_acquire held;
      if (PyErr_CheckSignals() != 0) {  // the KeyboardInterrupt stays pending on this thread until it is raised
        interrupted = true;
        cancel.store(true);
      }
    }
  }
  if (interrupted) {
    try {
      result.get();
    } catch (...) {  // Interrupted, or whatever the run met on its way out: the interrupt is what the caller asked
    }
    throw pybind11::error_already_set();
  }
  return result.get();
}

}  // namespace eb::python
