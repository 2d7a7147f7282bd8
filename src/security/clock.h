// Time source of the trust layer, behind an interface so tests control time (STYLE.md 7).
// Instants are UTC seconds since the epoch.
#pragma once

#include <atomic>

#include "core/time.h"

namespace vigil::security {

struct Clock {
  virtual ~Clock() = default;
  // The current instant, UTC seconds. Thread-safe in every implementation.
  virtual UnixSeconds Now() const = 0;
};

// Wall clock of the machine.
class SystemClock final : public Clock {
 public:
  UnixSeconds Now() const override;
};

// A clock that moves only when told to. For tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(UnixSeconds start = 1'700'000'000) : now_(start) {}
  UnixSeconds Now() const override { return now_.load(); }
  void Set(UnixSeconds t) { now_.store(t); }
  void Advance(UnixSeconds seconds) { now_.fetch_add(seconds); }

 private:
  std::atomic<UnixSeconds> now_;
};

}  // namespace vigil::security
