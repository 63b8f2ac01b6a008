#pragma once
// Whether the wall clock can be believed when ending tickets. A Raspberry Pi has no real-time
// clock: it boots with the time it last saved (or 1970) and jumps when NTP answers. A wall-clock
// plan must end neither early nor late because of that, so its expiry waits until the clock is
// trusted; counted use (connected time, bytes) ends tickets whatever the clock says.
//
// Trust is gained on evidence (the kernel reports NTP synchronisation, or the router's clock
// agrees with ours) and kept while the wall clock keeps pace with the monotonic clock, so that a
// site whose uplink drops later still ends tickets on time. A jump, or a clock behind the newest
// time the books hold, loses it.

#include <chrono>
#include <optional>

#include "core/clock.h"
#include "core/lifecycle.h"

namespace hotspot::daemon {

struct TimeEvidence {
  bool kernel_synchronised = false;          // adjtimex: NTP disciplines the clock
  std::optional<long long> router_offset_s;  // the router's clock minus ours, when it answered
};

class TimeTrust {
 public:
  // How far the router's clock may be from ours, and the wall clock from its expected pace,
  // before they disagree.
  static constexpr long long kRouterTolerance = 300;  // seconds
  static constexpr long long kJumpTolerance = 60;     // seconds

  // `newest_in_books`: the newest time the books recorded (the clock must not be behind it).
  explicit TimeTrust(std::optional<WallTime> newest_in_books) : newest_in_books_(newest_in_books) {}

  // The time to sweep tickets with, now.
  SweepTime assess(WallTime wall, MonoTime mono, const TimeEvidence& evidence);

 private:
  std::optional<WallTime> newest_in_books_;
  bool trusted_ = false;
  WallTime anchor_wall_{};
  MonoTime anchor_mono_{};
};

// The kernel's view (adjtimex): true when an NTP client keeps the clock synchronised.
bool kernel_clock_synchronised();

}  // namespace hotspot::daemon
