// The portal's memory of phones with nothing to welcome back: it must never outlive a change
// of the books, nor its few seconds.

#include "daemon/welcome_back_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace hotspot::daemon {
namespace {

using namespace std::chrono_literals;

const MonoTime kStart = MonoTime{} + 1000s;
constexpr std::string_view kPhone = "AA:BB:CC:DD:EE:01";

TEST(NoWelcomeBackCache, HoldsWhileTheBooksAreUnchanged) {
  NoWelcomeBackCache cache;
  EXPECT_FALSE(cache.holds(kPhone, 7, kStart));
  cache.remember(kPhone, 7, kStart);
  EXPECT_TRUE(cache.holds(kPhone, 7, kStart + 1s));
  EXPECT_FALSE(cache.holds("AA:BB:CC:DD:EE:02", 7, kStart + 1s)) << "another phone";
}

TEST(NoWelcomeBackCache, ACommitEndsEveryEntry) {
  NoWelcomeBackCache cache;
  cache.remember(kPhone, 7, kStart);
  EXPECT_FALSE(cache.holds(kPhone, 8, kStart + 1s));
  // Read again after the commit: it holds at the new count.
  cache.remember(kPhone, 8, kStart + 1s);
  EXPECT_TRUE(cache.holds(kPhone, 8, kStart + 2s));
}

TEST(NoWelcomeBackCache, AnEntryAgesOutForWritesFromOtherProcesses) {
  NoWelcomeBackCache cache(NoWelcomeBackCache::Options{.entries_per_shard = 512, .keep_for = 5s});
  cache.remember(kPhone, 7, kStart);
  EXPECT_TRUE(cache.holds(kPhone, 7, kStart + 4s));
  EXPECT_FALSE(cache.holds(kPhone, 7, kStart + 5s));
  EXPECT_FALSE(cache.holds(kPhone, 7, kStart - 1s)) << "a time before the read proves nothing";
}

TEST(NoWelcomeBackCache, StaysBoundedWithManyPhones) {
  NoWelcomeBackCache cache(NoWelcomeBackCache::Options{.entries_per_shard = 4, .keep_for = 5s});
  int held = 0;
  for (int i = 0; i < 1000; ++i) cache.remember("PHONE-" + std::to_string(i), 1, kStart);
  for (int i = 0; i < 1000; ++i) {
    if (cache.holds("PHONE-" + std::to_string(i), 1, kStart)) ++held;
  }
  EXPECT_GT(held, 0);
  EXPECT_LE(held, 16 * 4);
}

}  // namespace
}  // namespace hotspot::daemon
