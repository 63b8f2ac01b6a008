#include "payments/daraja/token_cache.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "core/testutils/fake_clock.h"

namespace hotspot::payments::daraja {
namespace {

using std::chrono::seconds;
using testing::FakeClock;

DarajaCredentials creds(const char* key, const char* secret) {
  return {key, secret, "174379", "passkey", ShortcodeType::paybill, ""};
}

TEST(TokenCache, RefreshesAMinuteBeforeExpiry) {
  FakeClock clock;
  TokenCache cache(clock);
  const std::string id = credentials_id(creds("k", "s"));
  EXPECT_FALSE(cache.get(id));
  cache.store(id, {"tok1", Seconds(3599)}, clock.monotonic_now());
  struct Step {
    long long advance_to;  // seconds since the token was requested
    bool cached;
  } steps[] = {{0, true}, {1, true}, {3538, true}, {3539, false}, {3600, false}};
  long long at = 0;
  for (const auto& s : steps) {
    clock.advance(seconds(s.advance_to - at));
    at = s.advance_to;
    EXPECT_EQ(cache.get(id).has_value(), s.cached) << "at " << at;
  }
}

TEST(TokenCache, CountsTheLifetimeFromTheRequestNotTheAnswer) {
  FakeClock clock;
  TokenCache cache(clock);
  const MonoTime requested = clock.monotonic_now();
  clock.advance(seconds(20));  // a slow OAuth answer
  cache.store("id", {"tok", Seconds(3599)}, requested);
  clock.advance(seconds(3518));  // 3538 s after the request
  EXPECT_TRUE(cache.get("id"));
  clock.advance(seconds(1));
  EXPECT_FALSE(cache.get("id"));
}

TEST(TokenCache, AShortLifetimeKeepsHalfOfIt) {
  FakeClock clock;
  TokenCache cache(clock);
  cache.store("id", {"tok", Seconds(100)}, clock.monotonic_now());
  clock.advance(seconds(49));
  EXPECT_TRUE(cache.get("id"));
  clock.advance(seconds(1));
  EXPECT_FALSE(cache.get("id"));
}

TEST(TokenCache, WallClockJumpsChangeNothing) {
  FakeClock clock;
  TokenCache cache(clock);
  cache.store("id", {"tok", Seconds(3599)}, clock.monotonic_now());
  clock.jump_wall(std::chrono::hours(24 * 365 * 50));
  EXPECT_EQ(cache.get("id"), "tok");
}

TEST(TokenCache, InvalidateDropsOnlyTheRefusedToken) {
  FakeClock clock;
  TokenCache cache(clock);
  cache.store("a", {"old", Seconds(3599)}, clock.monotonic_now());
  cache.store("b", {"other", Seconds(3599)}, clock.monotonic_now());
  cache.store("a", {"new", Seconds(3599)}, clock.monotonic_now());  // another caller refreshed
  cache.invalidate("a", "old");
  EXPECT_EQ(cache.get("a"), "new");
  cache.invalidate("a", "new");
  EXPECT_FALSE(cache.get("a"));
  EXPECT_EQ(cache.get("b"), "other");
}

TEST(TokenCache, KeepsCredentialSetsApartAndBounded) {
  FakeClock clock;
  TokenCache cache(clock, {Seconds(60), 2});
  const auto a = credentials_id(creds("k", "s1"));
  const auto b = credentials_id(creds("k", "s2"));
  const auto c = credentials_id(creds("k2", "s1"));
  EXPECT_NE(a, b);
  EXPECT_NE(a, c);
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a.find("s1"), std::string::npos);
  cache.store(a, {"ta", Seconds(100)}, clock.monotonic_now());
  cache.store(b, {"tb", Seconds(3599)}, clock.monotonic_now());
  cache.store(c, {"tc", Seconds(3599)}, clock.monotonic_now());  // evicts a, due soonest
  EXPECT_FALSE(cache.get(a));
  EXPECT_EQ(cache.get(b), "tb");
  EXPECT_EQ(cache.get(c), "tc");
}

TEST(TokenCache, SharedBetweenThreads) {
  FakeClock clock;
  TokenCache cache(clock);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      const std::string id = "id" + std::to_string(t % 2);
      for (int i = 0; i < 500; ++i) {
        if (auto token = cache.get(id)) {
          EXPECT_EQ(token->rfind("tok", 0), 0u);
        } else {
          cache.store(id, {"tok" + std::to_string(i), Seconds(3599)}, clock.monotonic_now());
        }
        if (i % 50 == 0) cache.invalidate(id, "tok0");
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_TRUE(cache.get("id0").has_value() || cache.get("id1").has_value());
}

TEST(AfterDarajaError, RefreshesOnceOnAnInvalidTokenOnly) {
  const DarajaError token{"r", "404.001.03", "Invalid Access Token"};
  const DarajaError token2{"r", "400.003.01", "Invalid Access Token"};
  const DarajaError spike{"r", "500.003.02", "Spike Arrest Violation"};
  EXPECT_EQ(after_daraja_error(token, 0), TokenRetry::refresh_and_retry);
  EXPECT_EQ(after_daraja_error(token2, 0), TokenRetry::refresh_and_retry);
  EXPECT_EQ(after_daraja_error(token, 1), TokenRetry::give_up);
  EXPECT_EQ(after_daraja_error(spike, 0), TokenRetry::give_up);
}

}  // namespace
}  // namespace hotspot::payments::daraja
