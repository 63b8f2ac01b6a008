#include "payments/daraja/push_guard.h"

#include <gtest/gtest.h>

#include <vector>

#include "core/testutils/fake_clock.h"

namespace hotspot::payments::daraja {
namespace {

using storage::Payment;
using S = storage::PaymentState;

constexpr long long kNow = 1'767'225'600;

Payment at(std::int64_t id, S state, long long created_ago, std::int64_t amount = 50,
           long long updated_ago = -1) {
  Payment p;
  p.id = id;
  p.state = state;
  p.phone = "254708374149";
  p.amount_kes = amount;
  p.created_at = kNow - created_ago;
  p.updated_at = kNow - (updated_ago < 0 ? created_ago : updated_ago);
  if (state != S::initiated && state != S::unknown) p.checkout_request_id = "ws_CO_" + std::to_string(id);
  return p;
}

// A push Daraja refused, or that never reached it: no CheckoutRequestID.
Payment refused(std::int64_t id, long long created_ago) {
  Payment p = at(id, S::failed, created_ago);
  p.checkout_request_id.reset();
  p.result_code = "400.002.02";
  return p;
}

Payment rule_limited(std::int64_t id, long long created_ago) {
  Payment p = at(id, S::failed, created_ago);
  p.result_code = "17";
  return p;
}

TEST(PhonePushBlock, OneOpenPushPerPhoneAndTwoMinutesAfterALostOne) {
  struct Case {
    const char* name;
    std::vector<Payment> recent;
    std::int64_t wait;  // 0: allowed
    std::int64_t by = 0;
  };
  const Case cases[] = {
      {"no history", {}, 0},
      {"open push", {at(1, S::pending, 10, 20)}, 230, 1},
      {"initiated push", {at(1, S::initiated, 0, 20)}, 240, 1},
      {"open push past its life", {at(1, S::pending, 240, 20)}, 0},
      {"lost push", {at(1, S::unknown, 30, 20)}, 90, 1},
      {"lost push two minutes on", {at(1, S::unknown, 120, 20)}, 0},
      {"lost push counted from when it became unknown", {at(1, S::unknown, 200, 20, 60)}, 60, 1},
      {"paid earlier", {at(1, S::paid, 10)}, 0},
      {"failed, other amount", {at(1, S::failed, 10, 20)}, 0},
      {"failed, same amount (rule 17)", {at(1, S::failed, 10)}, 110, 1},
      {"failed, same amount, later", {at(1, S::failed, 120)}, 0},
      {"refused by Daraja, same amount", {refused(1, 10)}, 0},
      {"itself rule-limited, same amount", {rule_limited(1, 10)}, 0},
      {"the longest wins", {at(1, S::unknown, 100, 20), at(2, S::pending, 30, 20)}, 210, 2},
      {"clock went back", {at(1, S::unknown, -3600, 20)}, 120, 1},
  };
  for (const auto& c : cases) {
    auto b = phone_push_block(c.recent, Kes{50}, from_unix_seconds(kNow));
    if (c.wait == 0) {
      EXPECT_FALSE(b.has_value()) << c.name << ": " << (b ? b->reason : "");
      continue;
    }
    ASSERT_TRUE(b.has_value()) << c.name;
    EXPECT_EQ(b->wait_seconds, c.wait) << c.name;
    EXPECT_EQ(b->payment_id, c.by) << c.name;
    EXPECT_FALSE(b->reason.empty());
  }
}

TEST(PushRateLimiter, BoundsPushesPerDeviceAndAddress) {
  testing::FakeClock clock;
  PushRateLimiter limiter(clock, {2, 3, 100});
  EXPECT_EQ(limiter.wait_seconds("aa:bb", "10.5.50.2"), 0);
  limiter.record_push("aa:bb", "10.5.50.2");
  EXPECT_EQ(limiter.wait_seconds("aa:bb", "10.5.50.2"), 0);
  limiter.record_push("aa:bb", "10.5.50.2");
  EXPECT_EQ(limiter.wait_seconds("aa:bb", "10.5.50.2"), 60) << "two per MAC per minute";
  EXPECT_EQ(limiter.wait_seconds("cc:dd", "10.5.50.3"), 0) << "others are not affected";
  // A device changing its MAC is still held by its address.
  limiter.record_push("cc:dd", "10.5.50.2");
  EXPECT_EQ(limiter.wait_seconds("ee:ff", "10.5.50.2"), 60);
  clock.advance(std::chrono::seconds(60));
  EXPECT_EQ(limiter.wait_seconds("aa:bb", "10.5.50.2"), 0);
  // Unknown keys are not counted.
  limiter.record_push("", "");
  EXPECT_EQ(limiter.wait_seconds("", ""), 0);
}

}  // namespace
}  // namespace hotspot::payments::daraja
