#include "payments/daraja/late_match.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace hotspot::payments::daraja {
namespace {

using storage::Payment;
using storage::PaymentState;

// The callback's TransactionDate 20260101030010 (Nairobi) is 2026-01-01T00:00:10Z.
constexpr long long kPaidAt = 1'767'225'610;

Payment lost(std::int64_t id, long long created_at, std::string phone = "254708374149",
             std::int64_t amount = 50) {
  Payment p;
  p.id = id;
  p.state = PaymentState::unknown;
  p.phone = std::move(phone);
  p.amount_kes = amount;
  p.created_at = created_at;
  p.updated_at = created_at;
  return p;
}

StkCallback success(std::optional<std::string> date = "20260101030010") {
  return {"m", "ws_CO_1", "0", "ok",
          CallbackPayment{Kes{50}, "NLJ7RT61SV", std::move(date), PhoneNumber{"254708374149"}}};
}

TEST(MatchLateCallback, FindsTheOneUnansweredPush) {
  struct Case {
    const char* name;
    std::vector<Payment> candidates;
    Errc error;  // Errc::internal when a match (id 1) is expected
  };
  Payment pending = lost(2, kPaidAt - 30);
  pending.state = PaymentState::pending;
  Payment with_id = lost(3, kPaidAt - 30);
  with_id.checkout_request_id = "ws_CO_9";
  const Case cases[] = {
      {"exact", {lost(1, kPaidAt - 30)}, Errc::internal},
      {"among others",
       {lost(1, kPaidAt - 30), pending, with_id, lost(4, kPaidAt - 30, "254711111111"),
        lost(5, kPaidAt - 30, "254708374149", 60), lost(6, kPaidAt - 3600)},
       Errc::internal},
      {"at the window's edge", {lost(1, kPaidAt - 600)}, Errc::internal},
      {"within the clock skew", {lost(1, kPaidAt + 120)}, Errc::internal},
      {"none", {}, Errc::not_found},
      {"too old", {lost(1, kPaidAt - 601)}, Errc::not_found},
      {"after the payment", {lost(1, kPaidAt + 121)}, Errc::not_found},
      {"other phone", {lost(1, kPaidAt, "254711111111")}, Errc::not_found},
      {"other amount", {lost(1, kPaidAt, "254708374149", 49)}, Errc::not_found},
      {"not unknown", {pending}, Errc::not_found},
      {"already has an id", {with_id}, Errc::not_found},
      {"two fit", {lost(1, kPaidAt - 30), lost(7, kPaidAt - 90)}, Errc::conflict},
  };
  const WallTime received = from_unix_seconds(kPaidAt + 7200);  // the relay was late by 2 h
  for (const auto& c : cases) {
    auto r = match_late_callback(success(), c.candidates, received);
    if (c.error == Errc::internal) {
      ASSERT_TRUE(r.ok()) << c.name << ": " << r.error().message;
      EXPECT_EQ(*r, 1) << c.name;
    } else {
      ASSERT_FALSE(r.ok()) << c.name;
      EXPECT_EQ(r.error().code, c.error) << c.name << ": " << r.error().message;
    }
  }
}

TEST(MatchLateCallback, UsesTheArrivalTimeWithoutATransactionDate) {
  const std::vector<Payment> candidates = {lost(1, kPaidAt - 30)};
  EXPECT_TRUE(
      match_late_callback(success(std::nullopt), candidates, from_unix_seconds(kPaidAt)).ok());
  EXPECT_FALSE(
      match_late_callback(success(std::nullopt), candidates, from_unix_seconds(kPaidAt + 7200))
          .ok());
}

TEST(MatchLateCallback, AFailureCannotBeMatched) {
  StkCallback failure{"m", "ws_CO_1", "1032", "cancelled", std::nullopt};
  auto r = match_late_callback(failure, {lost(1, kPaidAt)}, from_unix_seconds(kPaidAt));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::invalid_argument);
}

}  // namespace
}  // namespace hotspot::payments::daraja
