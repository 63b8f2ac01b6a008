#include "daemon/time_trust.h"

#include <sys/timex.h>

namespace hotspot::daemon {
namespace {

long long seconds_between(WallTime a, WallTime b) {
  return std::chrono::duration_cast<std::chrono::seconds>(a - b).count();
}

}  // namespace

SweepTime TimeTrust::assess(WallTime wall, MonoTime mono, const TimeEvidence& evidence) {
  // Behind what the books already hold: the clock restarted from an old saved time.
  const bool behind_books =
      newest_in_books_ && seconds_between(*newest_in_books_, wall) > kJumpTolerance;
  if (trusted_) {
    const WallTime expected =
        anchor_wall_ + std::chrono::duration_cast<WallTime::duration>(mono - anchor_mono_);
    const long long drift = seconds_between(wall, expected);
    if (drift > kJumpTolerance || drift < -kJumpTolerance) trusted_ = false;  // it jumped
  }
  const bool router_agrees = evidence.router_offset_s &&
                             *evidence.router_offset_s <= kRouterTolerance &&
                             *evidence.router_offset_s >= -kRouterTolerance;
  if (behind_books) {
    trusted_ = false;
  } else if (evidence.kernel_synchronised || router_agrees) {
    trusted_ = true;
  } else if (evidence.router_offset_s) {
    trusted_ = false;  // no NTP here, and the router's clock says ours is off
  }
  if (trusted_) {
    anchor_wall_ = wall;
    anchor_mono_ = mono;
    if (!newest_in_books_ || wall > *newest_in_books_) newest_in_books_ = wall;
  }
  return SweepTime{wall, trusted_};
}

bool kernel_clock_synchronised() {
  struct timex tx {};
  const int state = ::adjtimex(&tx);
  return state != -1 && state != TIME_ERROR && (tx.status & STA_UNSYNC) == 0;
}

}  // namespace hotspot::daemon
