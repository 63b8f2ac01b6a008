#include "core/clock.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "core/testutils/fake_clock.h"

namespace hotspot {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(UnixSeconds, RoundTrip) {
  for (long long s : {0LL, 1LL, 1'767'225'600LL, -86'400LL, 4'102'444'800LL}) {
    EXPECT_EQ(to_unix_seconds(from_unix_seconds(s)), s);
  }
  // Sub-second parts are dropped, not rounded.
  EXPECT_EQ(to_unix_seconds(from_unix_seconds(10) + milliseconds(999)), 10);
}

TEST(SystemClock, MonotonicNeverGoesBack) {
  SystemClock clock;
  MonoTime previous = clock.monotonic_now();
  for (int i = 0; i < 1'000; ++i) {
    MonoTime now = clock.monotonic_now();
    EXPECT_GE(now, previous);
    previous = now;
  }
  EXPECT_GT(to_unix_seconds(clock.wall_now()), 1'600'000'000);  // this machine is past 2020
}

TEST(FakeClock, StartsAtTheDocumentedInstant) {
  testing::FakeClock clock;
  EXPECT_EQ(to_unix_seconds(clock.wall_now()), 1'767'225'600);  // 2026-01-01T00:00Z
  EXPECT_EQ(clock.monotonic_now(), MonoTime{});
  testing::FakeClock other(from_unix_seconds(42));
  EXPECT_EQ(to_unix_seconds(other.wall_now()), 42);
}

TEST(FakeClock, StandsStillUntilTold) {
  testing::FakeClock clock;
  WallTime w = clock.wall_now();
  MonoTime m = clock.monotonic_now();
  std::this_thread::sleep_for(milliseconds(5));
  EXPECT_EQ(clock.wall_now(), w);
  EXPECT_EQ(clock.monotonic_now(), m);
}

TEST(FakeClock, AdvanceMovesBothClocks) {
  testing::FakeClock clock;
  WallTime w = clock.wall_now();
  MonoTime m = clock.monotonic_now();
  clock.advance(hours(1) + milliseconds(250));
  EXPECT_EQ(clock.wall_now() - w, hours(1) + milliseconds(250));
  EXPECT_EQ(clock.monotonic_now() - m, hours(1) + milliseconds(250));
}

TEST(FakeClock, WallJumpsLeaveMonotonicAlone) {
  testing::FakeClock clock(from_unix_seconds(0));  // a Pi before NTP answers
  MonoTime m = clock.monotonic_now();
  clock.jump_wall(hours(24 * 365 * 56));
  EXPECT_GT(to_unix_seconds(clock.wall_now()), 1'700'000'000);
  EXPECT_EQ(clock.monotonic_now(), m);
  clock.jump_wall(-hours(1));  // NTP may also step backwards
  EXPECT_EQ(clock.monotonic_now(), m);
  clock.set_wall(from_unix_seconds(100));
  EXPECT_EQ(to_unix_seconds(clock.wall_now()), 100);
  EXPECT_EQ(clock.monotonic_now(), m);
}

TEST(FakeClock, UsableThroughTheInterface) {
  testing::FakeClock fake;
  const Clock& clock = fake;
  WallTime before = clock.wall_now();
  fake.advance(seconds(30));
  EXPECT_EQ(clock.wall_now() - before, seconds(30));
}

TEST(FakeClock, SafeToAdvanceFromManyThreads) {
  testing::FakeClock clock;
  MonoTime start = clock.monotonic_now();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&clock] {
      for (int i = 0; i < 1'000; ++i) {
        clock.advance(milliseconds(1));
        (void)clock.wall_now();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(clock.monotonic_now() - start, seconds(4));
}

}  // namespace
}  // namespace hotspot
