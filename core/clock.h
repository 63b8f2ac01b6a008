#pragma once
// Time is read through this seam so that expiry and pacing can be tested with a fake clock.
// Wall time can jump (a Raspberry Pi boots in 1970 until NTP answers); durations are measured
// on the monotonic clock.

#include <chrono>

namespace hotspot {

using WallTime = std::chrono::system_clock::time_point;
using MonoTime = std::chrono::steady_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual WallTime wall_now() const = 0;
  virtual MonoTime monotonic_now() const = 0;
};

class SystemClock final : public Clock {
 public:
  WallTime wall_now() const override { return std::chrono::system_clock::now(); }
  MonoTime monotonic_now() const override { return std::chrono::steady_clock::now(); }
};

// Seconds since the Unix epoch, the unit the books store.
inline long long to_unix_seconds(WallTime t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}
inline WallTime from_unix_seconds(long long s) { return WallTime(std::chrono::seconds(s)); }

}  // namespace hotspot
