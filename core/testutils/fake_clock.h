#pragma once

#include <mutex>

#include "core/clock.h"

namespace hotspot::testing {

// A clock that moves only when told. advance() moves both clocks, as real time does;
// jump_wall() moves wall time alone, as NTP does at boot.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(WallTime start = from_unix_seconds(1'767'225'600))  // 2026-01-01T00:00Z
      : wall_(start) {}

  WallTime wall_now() const override {
    std::lock_guard lock(mu_);
    return wall_;
  }
  MonoTime monotonic_now() const override {
    std::lock_guard lock(mu_);
    return mono_;
  }
  void advance(std::chrono::nanoseconds d) {
    std::lock_guard lock(mu_);
    wall_ += std::chrono::duration_cast<WallTime::duration>(d);
    mono_ += d;
  }
  void jump_wall(std::chrono::nanoseconds d) {
    std::lock_guard lock(mu_);
    wall_ += std::chrono::duration_cast<WallTime::duration>(d);
  }
  void set_wall(WallTime t) {
    std::lock_guard lock(mu_);
    wall_ = t;
  }

 private:
  mutable std::mutex mu_;
  WallTime wall_;
  MonoTime mono_{};
};

}  // namespace hotspot::testing
