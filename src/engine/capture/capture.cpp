#include "engine/capture/capture.hpp"

namespace eb::engine {

Capture capture(std::span<const EpochSeconds> times, EpochSeconds from, EpochSeconds to, std::int64_t step) {
  Capture c;
  if (to < from || step <= 0) return c;
  c.expected = (to - from) / step + 1;
  std::int64_t next_slot = 0;  // first slot not yet accounted for
  auto close_gap = [&](std::int64_t upto) {
    const std::int64_t gap = upto - next_slot;
    if (gap > c.longest_gap) {
      c.longest_gap = gap;
      c.gap_start = from + next_slot * step;
    }
  };
  for (const EpochSeconds t : times) {
    if (t < from || t > to || (t - from) % step != 0) continue;
    const std::int64_t slot = (t - from) / step;
    if (slot < next_slot) continue;  // repeated time
    close_gap(slot);
    ++c.present;
    next_slot = slot + 1;
  }
  close_gap(c.expected);
  return c;
}

}  // namespace eb::engine
