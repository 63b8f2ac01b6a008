#include "core/attempt_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "core/testutils/fake_clock.h"

namespace hotspot {
namespace {

using std::chrono::milliseconds;
using testing::FakeClock;

constexpr char kPhone[] = "AA:BB:CC:DD:EE:01";
constexpr char kOther[] = "AA:BB:CC:DD:EE:02";

AttemptLimiter::Options three_in_a_minute() {
  AttemptLimiter::Options o;
  o.max_failures = 3;
  o.window = Seconds(60);
  o.lockout = Seconds(30);
  return o;
}

TEST(AttemptLimiter, UnderTheLimitNeverWaits) {
  FakeClock clock;
  AttemptLimiter limiter(clock, three_in_a_minute());
  EXPECT_EQ(limiter.wait_seconds(kPhone), 0);
  limiter.record_failure(kPhone);
  EXPECT_EQ(limiter.wait_seconds(kPhone), 0);
  clock.advance(Seconds(1));
  limiter.record_failure(kPhone);
  EXPECT_EQ(limiter.wait_seconds(kPhone), 0);
}

TEST(AttemptLimiter, LockoutCountsDownFromTheLastFailure) {
  FakeClock clock;
  AttemptLimiter limiter(clock, three_in_a_minute());
  limiter.record_failure(kPhone);
  clock.advance(Seconds(10));
  limiter.record_failure(kPhone);
  clock.advance(Seconds(10));
  limiter.record_failure(kPhone);
  EXPECT_EQ(limiter.wait_seconds(kPhone), 30);
  clock.advance(milliseconds(1));
  EXPECT_EQ(limiter.wait_seconds(kPhone), 30) << "rounded up";
  clock.advance(Seconds(10));
  EXPECT_EQ(limiter.wait_seconds(kPhone), 20);
  clock.advance(Seconds(20) - milliseconds(2));
  EXPECT_EQ(limiter.wait_seconds(kPhone), 1);
  clock.advance(milliseconds(1));
  EXPECT_EQ(limiter.wait_seconds(kPhone), 0);
  clock.advance(Seconds(3'600));
  EXPECT_EQ(limiter.wait_seconds(kPhone), 0);
}

TEST(AttemptLimiter, FailingWhileLockedOutExtendsTheLockout) {
  FakeClock clock;
  AttemptLimiter limiter(clock, three_in_a_minute());
  for (int i = 0; i < 3; ++i) limiter.record_failure(kPhone);
  clock.advance(Seconds(20));
  EXPECT_EQ(limiter.wait_seconds(kPhone), 10);
  limiter.record_failure(kPhone);
  EXPECT_EQ(limiter.wait_seconds(kPhone), 30);
}

TEST(AttemptLimiter, OnlyTheWallClockMovingChangesNothing) {
  FakeClock clock;
  AttemptLimiter limiter(clock, three_in_a_minute());
  for (int i = 0; i < 3; ++i) limiter.record_failure(kPhone);
  clock.jump_wall(std::chrono::hours(24 * 365));  // NTP answering at boot
  EXPECT_EQ(limiter.wait_seconds(kPhone), 30);
}

TEST(AttemptLimiter, OldFailuresSlideOutOfTheWindow) {
  FakeClock clock;
  AttemptLimiter limiter(clock, three_in_a_minute());
  limiter.record_failure(kPhone);  // t=0
  clock.advance(Seconds(30));
  limiter.record_failure(kPhone);  // t=30
  clock.advance(Seconds(30));
  limiter.record_failure(kPhone);  // t=60: the first is exactly a window old and no longer counts
  EXPECT_EQ(limiter.wait_seconds(kPhone), 0);
  clock.advance(Seconds(29));
  limiter.record_failure(kPhone);  // t=89: 30, 60 and 89 fall within one window
  EXPECT_EQ(limiter.wait_seconds(kPhone), 30);
}

TEST(AttemptLimiter, SuccessClearsFailures) {
  FakeClock clock;
  AttemptLimiter limiter(clock, three_in_a_minute());
  limiter.record_failure(kPhone);
  limiter.record_failure(kPhone);
  limiter.record_success(kPhone);
  EXPECT_EQ(limiter.key_count(), 0u);
  limiter.record_failure(kPhone);
  limiter.record_failure(kPhone);
  EXPECT_EQ(limiter.wait_seconds(kPhone), 0) << "two failures since the success";
  limiter.record_failure(kPhone);
  EXPECT_EQ(limiter.wait_seconds(kPhone), 30);
  limiter.record_success(kPhone);
  EXPECT_EQ(limiter.wait_seconds(kPhone), 0);
  limiter.record_success("never seen");
  EXPECT_EQ(limiter.key_count(), 0u);
}

TEST(AttemptLimiter, KeysAreIndependent) {
  FakeClock clock;
  AttemptLimiter limiter(clock, three_in_a_minute());
  for (int i = 0; i < 3; ++i) limiter.record_failure(kPhone);
  limiter.record_failure(kOther);
  EXPECT_EQ(limiter.wait_seconds(kPhone), 30);
  EXPECT_EQ(limiter.wait_seconds(kOther), 0);
  limiter.record_success(kOther);
  EXPECT_EQ(limiter.wait_seconds(kPhone), 30);
  limiter.record_success(kPhone);
  for (int i = 0; i < 3; ++i) limiter.record_failure(kOther);
  EXPECT_EQ(limiter.wait_seconds(kPhone), 0);
  EXPECT_EQ(limiter.wait_seconds(kOther), 30);
}

TEST(AttemptLimiter, ForgetsTheKeysIdleLongest) {
  FakeClock clock;
  AttemptLimiter::Options options = three_in_a_minute();
  options.max_keys = 3;
  AttemptLimiter limiter(clock, options);
  auto lock_out = [&](const std::string& key) {
    for (int i = 0; i < 3; ++i) limiter.record_failure(key);
  };
  lock_out("a");
  lock_out("b");
  lock_out("c");
  limiter.record_failure("a");  // a is now the most recent; b is idle longest
  lock_out("d");
  EXPECT_EQ(limiter.key_count(), 3u);
  EXPECT_EQ(limiter.wait_seconds("b"), 0) << "forgotten";
  EXPECT_EQ(limiter.wait_seconds("a"), 30);
  EXPECT_EQ(limiter.wait_seconds("c"), 30);
  EXPECT_EQ(limiter.wait_seconds("d"), 30);

  for (int i = 0; i < 1'000; ++i) limiter.record_failure("k" + std::to_string(i));
  EXPECT_EQ(limiter.key_count(), 3u);
}

TEST(AttemptLimiter, OptionsAreKeptSane) {
  FakeClock clock;
  AttemptLimiter limiter(
      clock, {.max_failures = 0, .window = Seconds(-5), .lockout = Seconds(10), .max_keys = 0});
  limiter.record_failure(kPhone);
  EXPECT_EQ(limiter.wait_seconds(kPhone), 10) << "one failure is the least that locks out";
  limiter.record_failure(kOther);
  EXPECT_EQ(limiter.key_count(), 1u);
}

TEST(AttemptLimiter, SharedByFourThreads) {
  FakeClock clock;
  AttemptLimiter::Options options;
  options.max_failures = 5;
  options.max_keys = 64;
  AttemptLimiter limiter(clock, options);
  constexpr int kThreads = 4;
  constexpr int kRounds = 2'000;
  std::atomic<int> locked_seen{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        // Each thread has its own keys and one shared with all the others.
        std::string own = "own-" + std::to_string(t) + "-" + std::to_string(i % 20);
        limiter.record_failure(own);
        limiter.record_failure("shared");
        if (limiter.wait_seconds("shared") > 0) locked_seen.fetch_add(1);
        std::int64_t wait = limiter.wait_seconds(own);
        EXPECT_TRUE(wait == 0 || wait == 60) << wait;
        if (i % 7 == 0) limiter.record_success(own);
        if (t == 0 && i % 100 == 0) clock.advance(milliseconds(10));
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_LE(limiter.key_count(), 64u);
  EXPECT_GT(locked_seen.load(), 0);
  EXPECT_GT(limiter.wait_seconds("shared"), 0);
  limiter.record_success("shared");
  EXPECT_EQ(limiter.wait_seconds("shared"), 0);
}

}  // namespace
}  // namespace hotspot
