// Whole flows from Daraja's raw bodies to the books' decisions, the way the payment service will
// chain the pieces: parse, decide, apply, and the abuse rules in between.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "payments/daraja/callback.h"
#include "payments/daraja/late_match.h"
#include "payments/daraja/ledger.h"
#include "payments/daraja/outcomes.h"
#include "payments/daraja/push_guard.h"
#include "payments/daraja/responses.h"

namespace hotspot::payments::daraja {
namespace {

using S = PaymentState;

constexpr long long kStart = 1'767'225'600;  // 2026-01-01T00:00Z, 03:00 in Nairobi
constexpr Kes kPrice{20};

const char* kAccepted = R"({"MerchantRequestID":"29115-34620561-1",
  "CheckoutRequestID":"ws_CO_010120260300001234","ResponseCode":"0",
  "ResponseDescription":"Success. Request accepted for processing",
  "CustomerMessage":"Success. Request accepted for processing"})";
const char* kProcessing = R"({"requestId":"r1","errorCode":"500.001.1001",
  "errorMessage":"The transaction is being processed"})";

std::string success_callback(const char* checkout, int amount) {
  return std::string(R"({"Body":{"stkCallback":{"MerchantRequestID":"29115-34620561-1",
    "CheckoutRequestID":")") +
         checkout +
         R"(","ResultCode":0,"ResultDesc":"The service request is processed successfully.",
    "CallbackMetadata":{"Item":[{"Name":"Amount","Value":)" +
         std::to_string(amount) + R"(.00},
      {"Name":"MpesaReceiptNumber","Value":"TLM3XK9QPZ"},{"Name":"Balance"},
      {"Name":"TransactionDate","Value":20260101030045},
      {"Name":"PhoneNumber","Value":254712345678}]}}}})";
}

Payment new_payment() {
  Payment p;
  p.id = 1;
  p.phone = "254712345678";
  p.amount_kes = kPrice.shillings;
  p.created_at = p.updated_at = kStart;
  return p;
}

// What storage::Payments::update_state does with a decision, enough for these flows.
LedgerDecision feed(Payment& p, const LedgerEvent& event, long long now) {
  LedgerDecision d = decide(p, kPrice, event);
  if (d.verdict != LedgerVerdict::apply) return d;
  p.state = d.next;
  p.updated_at = now;
  if (d.update.checkout_request_id) p.checkout_request_id = d.update.checkout_request_id;
  if (d.update.receipt) p.receipt = d.update.receipt;
  if (d.update.result_code) p.result_code = *d.update.result_code;
  if (d.grant_ticket) p.ticket_id = 99;
  return d;
}

template <class T>
T must(Result<T> r) {
  EXPECT_TRUE(r.ok()) << r.error().message;
  return std::move(r).value();
}

TEST(Flows, PushPollThenCallbackThenDuplicate) {
  Payment p = new_payment();
  auto answer = must(parse_stk_push_answer(kAccepted));
  feed(p, PushAccepted{std::get<StkPushAccepted>(answer)}, kStart + 1);
  EXPECT_EQ(p.state, S::pending);
  auto q = must(parse_stk_query_answer(kProcessing));
  ASSERT_TRUE(std::holds_alternative<StkQueryStillProcessing>(q));
  EXPECT_EQ(feed(p, QueryStillProcessing{}, kStart + 20).verdict, LedgerVerdict::no_change);
  auto cb = must(parse_stk_callback(success_callback("ws_CO_010120260300001234", 20)));
  auto d = feed(p, CallbackArrived{cb}, kStart + 45);
  EXPECT_EQ(p.state, S::paid);
  EXPECT_TRUE(d.grant_ticket);
  EXPECT_EQ(p.receipt, "TLM3XK9QPZ");
  EXPECT_EQ(customer_message(classify_result_code(cb.result_code), Language::swahili),
            "Malipo yamepokelewa. Unaunganishwa sasa.");
  d = feed(p, CallbackArrived{cb}, kStart + 300);
  EXPECT_EQ(d.verdict, LedgerVerdict::no_change);
  EXPECT_FALSE(d.grant_ticket);
}

TEST(Flows, LostReplyBlocksThePhoneThenALateCallbackIsMatched) {
  Payment p = new_payment();
  feed(p, PushReplyLost{}, kStart + 30);
  EXPECT_EQ(p.state, S::unknown);
  auto block = phone_push_block({p}, kPrice, from_unix_seconds(kStart + 60));
  ASSERT_TRUE(block.has_value());
  EXPECT_EQ(block->wait_seconds, 90);
  EXPECT_FALSE(phone_push_block({p}, Kes{50}, from_unix_seconds(kStart + 150)).has_value());
  // The callback arrives through the relay an hour later, with an id the books never saw.
  auto cb = must(parse_stk_callback(success_callback("ws_CO_010120260300009999", 20)));
  auto id = match_late_callback(cb, {p}, from_unix_seconds(kStart + 3600));
  ASSERT_TRUE(id.ok()) << id.error().message;
  EXPECT_EQ(*id, p.id);
  auto d = feed(p, CallbackArrived{cb}, kStart + 3600);
  EXPECT_EQ(p.state, S::paid);
  EXPECT_EQ(p.checkout_request_id, "ws_CO_010120260300009999");
  EXPECT_TRUE(d.grant_ticket);
}

TEST(Flows, AWrongAmountIsFlaggedNotPaid) {
  Payment p = new_payment();
  feed(p, PushAccepted{std::get<StkPushAccepted>(must(parse_stk_push_answer(kAccepted)))}, kStart);
  auto cb = must(parse_stk_callback(success_callback("ws_CO_010120260300001234", 2)));
  auto d = feed(p, CallbackArrived{cb}, kStart + 45);
  EXPECT_EQ(d.verdict, LedgerVerdict::conflict);
  EXPECT_EQ(p.state, S::pending);
  EXPECT_FALSE(d.grant_ticket);
}

TEST(Flows, PollingGivesUpThenTheCallbackStillCounts) {
  Payment p = new_payment();
  feed(p, PushAccepted{std::get<StkPushAccepted>(must(parse_stk_push_answer(kAccepted)))}, kStart);
  feed(p, PollingGaveUp{}, kStart + 180);
  EXPECT_EQ(p.state, S::unknown);
  auto cb = must(parse_stk_callback(success_callback("ws_CO_010120260300001234", 20)));
  feed(p, CallbackArrived{cb}, kStart + 900);
  EXPECT_EQ(p.state, S::paid);
}

}  // namespace
}  // namespace hotspot::payments::daraja
