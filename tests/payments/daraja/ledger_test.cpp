#include "payments/daraja/ledger.h"

#include <gtest/gtest.h>

#include <string>

namespace hotspot::payments::daraja {
namespace {

using S = PaymentState;
using V = LedgerVerdict;

constexpr const char* kCheckout = "ws_CO_191220191020363925";
constexpr const char* kMerchant = "29115-34620561-1";
constexpr Kes kPrice{50};

Payment payment(S state, bool with_checkout = true) {
  Payment p;
  p.id = 7;
  p.state = state;
  p.phone = "254708374149";
  p.amount_kes = 50;
  p.plan_id = 3;
  p.created_at = 1'767'225'600;
  p.updated_at = p.created_at;
  if (with_checkout) {
    p.checkout_request_id = kCheckout;
    p.merchant_request_id = kMerchant;
  }
  if (state == S::paid) {
    p.receipt = "NLJ7RT61SV";
    p.result_code = "0";
    p.ticket_id = 11;
  }
  if (state == S::failed) p.result_code = "1032";
  return p;
}

StkCallback success(std::int64_t amount = 50, std::string receipt = "NLJ7RT61SV") {
  return {kMerchant, kCheckout, "0", "The service request is processed successfully.",
          CallbackPayment{Kes{amount}, std::move(receipt), "20260101030010",
                          PhoneNumber{"254708374149"}}};
}
StkCallback failure(std::string code = "1032") {
  return {kMerchant, kCheckout, std::move(code), "Request cancelled by user", std::nullopt};
}
StkQuerySettled query(std::string code) { return {kMerchant, kCheckout, std::move(code), "desc"}; }

struct Case {
  const char* name;
  Payment current;
  LedgerEvent event;
  V verdict;
  S next = S::initiated;  // checked for apply
  bool grant = false;
};

TEST(Ledger, EveryTransition) {
  const StkPushAccepted accepted{kMerchant, kCheckout, "0", "Success", "Success"};
  const DarajaError refused{"r", "400.002.02", "Bad Request - Invalid PhoneNumber"};
  Payment initiated_no_id = payment(S::initiated, false);
  Payment unknown_no_id = payment(S::unknown, false);
  Payment query_paid = payment(S::pending);
  query_paid.result_code = "0";
  query_paid.ticket_id = 11;
  Payment refused_before = payment(S::failed, false);
  refused_before.result_code = "400.002.02";
  const Case cases[] = {
      // The push's answer.
      {"accepted", initiated_no_id, PushAccepted{accepted}, V::apply, S::pending},
      {"accepted again", payment(S::pending), PushAccepted{accepted}, V::no_change},
      {"accepted after paid", payment(S::paid), PushAccepted{accepted}, V::no_change},
      {"accepted, other id", payment(S::pending),
       PushAccepted{{kMerchant, "ws_CO_other", "0", "", ""}}, V::conflict},
      {"refused", initiated_no_id, PushRefused{refused}, V::apply, S::failed},
      {"refused again", refused_before, PushRefused{refused}, V::no_change},
      {"refused after accepted", payment(S::pending), PushRefused{refused}, V::conflict},
      {"reply lost", initiated_no_id, PushReplyLost{}, V::apply, S::unknown},
      {"reply lost again", unknown_no_id, PushReplyLost{}, V::no_change},
      {"reply lost when pending", payment(S::pending), PushReplyLost{}, V::conflict},
      // Callbacks.
      {"paid", payment(S::pending), CallbackArrived{success()}, V::apply, S::paid, true},
      {"paid after lost reply", unknown_no_id, CallbackArrived{success()}, V::apply, S::paid, true},
      {"paid after polling gave up", payment(S::unknown), CallbackArrived{success()}, V::apply,
       S::paid, true},
      {"late success after failure", payment(S::failed), CallbackArrived{success()}, V::apply,
       S::paid, true},
      {"paid after query said so", query_paid, CallbackArrived{success()}, V::apply, S::paid},
      {"duplicate success", payment(S::paid), CallbackArrived{success()}, V::no_change},
      {"second receipt", payment(S::paid), CallbackArrived{success(50, "NLJ7RT61SW")}, V::conflict},
      {"amount too small", payment(S::pending), CallbackArrived{success(5)}, V::conflict},
      {"amount too large", payment(S::pending), CallbackArrived{success(500)}, V::conflict},
      {"other checkout", payment(S::pending), CallbackArrived{[] {
         auto cb = success();
         cb.checkout_request_id = "ws_CO_other";
         return cb;
       }()},
       V::conflict},
      {"cancelled", payment(S::pending), CallbackArrived{failure()}, V::apply, S::failed},
      {"failure after lost reply", unknown_no_id, CallbackArrived{failure("1037")}, V::apply,
       S::failed},
      {"duplicate failure", payment(S::failed), CallbackArrived{failure()}, V::no_change},
      {"other failure after failure", payment(S::failed), CallbackArrived{failure("1037")},
       V::no_change},
      {"failure after paid", payment(S::paid), CallbackArrived{failure()}, V::conflict},
      {"failure after query said paid", query_paid, CallbackArrived{failure()}, V::conflict},
      // Queries.
      {"query paid", payment(S::pending), QuerySettled{query("0")}, V::apply, S::pending, true},
      {"query paid again", query_paid, QuerySettled{query("0")}, V::no_change},
      {"query failure after query paid", query_paid, QuerySettled{query("1032")}, V::no_change},
      {"query failed", payment(S::pending), QuerySettled{query("1037")}, V::apply, S::failed},
      {"query never downgrades paid", payment(S::paid), QuerySettled{query("1032")}, V::no_change},
      {"query failure after failure", payment(S::failed), QuerySettled{query("1")}, V::no_change},
      {"query paid after failure", payment(S::failed), QuerySettled{query("0")}, V::conflict},
      {"query of another checkout", payment(S::pending),
       QuerySettled{{kMerchant, "ws_CO_other", "0", ""}}, V::conflict},
      {"query without a checkout", unknown_no_id, QuerySettled{query("0")}, V::conflict},
      {"still processing", payment(S::pending), QueryStillProcessing{}, V::no_change},
      {"query error", payment(S::pending), QueryFailed{{"r", "500.003.02", "Spike"}}, V::no_change},
      // Giving up.
      {"gave up", payment(S::pending), PollingGaveUp{}, V::apply, S::unknown},
      {"gave up before any answer", initiated_no_id, PollingGaveUp{}, V::apply, S::unknown},
      {"gave up after query paid", query_paid, PollingGaveUp{}, V::no_change},
      {"gave up after paid", payment(S::paid), PollingGaveUp{}, V::no_change},
      {"gave up after failed", payment(S::failed), PollingGaveUp{}, V::no_change},
      {"gave up twice", payment(S::unknown), PollingGaveUp{}, V::no_change},
  };
  for (const auto& c : cases) {
    const LedgerDecision d = decide(c.current, kPrice, c.event);
    EXPECT_EQ(d.verdict, c.verdict)
        << c.name << ": " << ledger_verdict_name(d.verdict) << ", " << d.reason;
    EXPECT_FALSE(d.reason.empty()) << c.name;
    EXPECT_EQ(d.grant_ticket, c.grant) << c.name;
    if (c.verdict == V::apply) {
      EXPECT_EQ(d.next, c.next) << c.name << ": " << storage::payment_state_name(d.next);
    }
  }
}

TEST(Ledger, PaidRecordsTheReceiptAndTheIds) {
  const LedgerDecision d = decide(payment(S::unknown, false), kPrice, CallbackArrived{success()});
  ASSERT_EQ(d.verdict, V::apply);
  EXPECT_EQ(d.update.receipt, "NLJ7RT61SV");
  EXPECT_EQ(d.update.checkout_request_id, kCheckout);
  EXPECT_EQ(d.update.merchant_request_id, kMerchant);
  EXPECT_EQ(d.update.result_code, "0");
  EXPECT_FALSE(d.update.amount_kes.has_value()) << "the amount is checked, never rewritten";
}

TEST(Ledger, FailureRecordsTheCodeAndDescription) {
  const LedgerDecision d = decide(payment(S::pending), kPrice, CallbackArrived{failure("2001")});
  ASSERT_EQ(d.verdict, V::apply);
  EXPECT_EQ(d.update.result_code, "2001");
  EXPECT_EQ(d.update.result_desc, "Request cancelled by user");
  const LedgerDecision r = decide(payment(S::initiated, false), kPrice,
                                  PushRefused{{"r", "500.001.1001", "Wrong credentials"}});
  EXPECT_EQ(r.update.result_code, "500.001.1001");
  EXPECT_EQ(r.update.result_desc, "Wrong credentials");
}

TEST(Ledger, AmountMustMatchThePlanAndThePush) {
  // The plan's price changed after the push: flagged for a person, not paid.
  EXPECT_EQ(decide(payment(S::pending), Kes{60}, CallbackArrived{success(50)}).verdict,
            V::conflict);
  Payment asked_60 = payment(S::pending);
  asked_60.amount_kes = 60;
  EXPECT_EQ(decide(asked_60, kPrice, CallbackArrived{success(50)}).verdict, V::conflict);
  const auto d = decide(payment(S::pending), kPrice, CallbackArrived{success(49)});
  EXPECT_NE(d.reason.find("KES 49"), std::string::npos) << d.reason;
}

TEST(Ledger, ApplyingADecisionThenRepeatingTheEventChangesNothing) {
  // Walk the common path, applying each decision as the books would, then replay every event.
  Payment p = payment(S::initiated, false);
  const LedgerEvent events[] = {PushAccepted{{kMerchant, kCheckout, "0", "", ""}},
                                QueryStillProcessing{}, QuerySettled{query("0")},
                                CallbackArrived{success()}};
  for (const auto& e : events) {
    const LedgerDecision d = decide(p, kPrice, e);
    ASSERT_NE(d.verdict, V::conflict) << d.reason;
    if (d.verdict != V::apply) continue;
    p.state = d.next;
    if (d.update.checkout_request_id) p.checkout_request_id = d.update.checkout_request_id;
    if (d.update.receipt) p.receipt = d.update.receipt;
    if (d.update.result_code) p.result_code = *d.update.result_code;
    if (d.grant_ticket) p.ticket_id = 11;
  }
  EXPECT_EQ(p.state, S::paid);
  for (const auto& e : events) {
    EXPECT_NE(decide(p, kPrice, e).verdict, V::apply);
    EXPECT_FALSE(decide(p, kPrice, e).grant_ticket);
  }
}

}  // namespace
}  // namespace hotspot::payments::daraja
