// Running a unit of work again when a concurrent writer made the server roll it back (PostgreSQL: serialization
// failure or deadlock, thrown as StoreConflict). SQLite never throws it: its writers take turns on the file lock.
#pragma once

#include <chrono>
#include <random>
#include <thread>

#include "core/error.hpp"
#include "store/database.hpp"

namespace eb::store {

// Runs `unit` and returns what it returns. When it throws StoreConflict, waits a short random time (so that the two
// writers that collided do not collide again) and runs it again, `attempts` times in all; the last conflict is
// rethrown (the user then sees "… could not serialize access …", nothing written).
//
// The unit must be safe to run again from the start: it opens its own outermost Transaction on `db` (so a failed
// attempt left nothing behind) and builds everything it returns afresh. Called inside a transaction, the conflict
// has aborted the caller's transaction too: `unit` then runs once and the conflict goes to the caller, whose own
// unit of work is the one to run again.
template <class F>
auto with_retry(Database& db, F&& unit, int attempts = 5) -> decltype(unit()) {
  const bool nested = db.in_transaction();
  for (int attempt = 1;; ++attempt) {
    try {
      return unit();
    } catch (const StoreConflict&) {
      if (nested || attempt >= attempts) throw;
    }
    // 5–20 ms after the first conflict, doubling each time (at most 80–320 ms before the fifth attempt).
    thread_local std::minstd_rand random(std::random_device{}());
    const int base_ms = 5 << (attempt - 1);
    std::uniform_int_distribution<int> jitter(base_ms, 4 * base_ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(jitter(random)));
  }
}

}  // namespace eb::store
