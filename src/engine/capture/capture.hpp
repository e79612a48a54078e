// Data capture of a series against its expected calendar. Capture is judged against the calendar
// (every expected slot from `from` to `to`), never against the rows that happen to be present.
#pragma once

#include <cstdint>
#include <span>

#include "core/civil_time.hpp"

namespace eb::engine {

struct Capture {
  std::int64_t expected = 0;     // slots in the calendar
  std::int64_t present = 0;      // slots with a value
  std::int64_t longest_gap = 0;  // longest run of consecutive empty slots
  EpochSeconds gap_start = 0;    // first empty slot of that run (meaningful when longest_gap > 0)
  double ratio() const { return expected ? static_cast<double>(present) / static_cast<double>(expected) : 0.0; }
};

// `times` sorted ascending; slots are from, from+step, ..., up to and including `to`.
// Times off the slot grid or outside [from, to] are not counted.
Capture capture(std::span<const EpochSeconds> times, EpochSeconds from, EpochSeconds to, std::int64_t step);

}  // namespace eb::engine
