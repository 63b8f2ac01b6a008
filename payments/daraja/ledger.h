#pragma once
// The payment ledger's state machine, pure: given a payment as the books hold it and one thing
// that happened (Daraja's answer to the push, a callback, a query result, the end of polling),
// what the books should record. The executor applies the decision with
// storage::Payments::update_state and keeps the raw message with add_event.
//
// Rules (reference/mpesa-pesapal.md 3.3, 4, 9, and storage/payments.h):
// - idempotent: a repeat of what is recorded (same CheckoutRequestID, same receipt, same code)
//   is no_change; a message for another CheckoutRequestID is a conflict;
// - paid is final: nothing after it changes the state; a different receipt for a paid payment
//   is a conflict (a second debit someone must look at);
// - a success callback is paid only when its amount equals both the plan's price and the
//   amount pushed; otherwise a conflict, flagged and not paid;
// - a failed payment still becomes paid on a late success callback;
// - a query never carries a receipt, and the books record paid only with one: a query
//   ResultCode 0 keeps the payment pending with result code "0" and grants the ticket; the
//   callback's receipt makes it paid later. A query never downgrades a recorded "0";
// - first final result wins: a failure after a failure, or after a query's "0", is no_change
//   (the latter a conflict, since a ticket was already granted);
// - a push whose reply was lost is unknown, never failed (the customer may have paid);
// - polling that gives up (about 3 minutes) leaves the payment unknown, not failed.
// Feed the push's final answer only: a push refused for an invalid token and retried
// (token_cache.h) is one push.

#include <string>
#include <variant>

#include "core/money.h"
#include "payments/daraja/callback.h"
#include "payments/daraja/responses.h"
#include "storage/payments.h"

namespace hotspot::payments::daraja {

using storage::Payment;
using storage::PaymentState;
using storage::PaymentUpdate;

struct PushAccepted {
  StkPushAccepted answer;
};
struct PushRefused {
  DarajaError error;
};
struct PushReplyLost {};  // timeout, reset, 5xx without a body: Daraja may have accepted it
struct CallbackArrived {
  StkCallback callback;
};
struct QuerySettled {
  StkQuerySettled answer;
};
struct QueryStillProcessing {};
struct QueryFailed {
  DarajaError error;
};
struct PollingGaveUp {};

using LedgerEvent = std::variant<PushAccepted, PushRefused, PushReplyLost, CallbackArrived,
                                 QuerySettled, QueryStillProcessing, QueryFailed, PollingGaveUp>;

enum class LedgerVerdict {
  apply,      // call update_state(next, update)
  no_change,  // a duplicate or a message that adds nothing; keep the raw message only
  conflict,   // the message contradicts the books: record it, change nothing, alert
};
const char* ledger_verdict_name(LedgerVerdict verdict);

struct LedgerDecision {
  LedgerVerdict verdict = LedgerVerdict::no_change;
  PaymentState next = PaymentState::initiated;  // meaningful for apply
  PaymentUpdate update;
  bool grant_ticket = false;  // the customer has paid and has no ticket yet: issue one
  std::string reason;         // one sentence for the audit log; no phone numbers
};

// `plan_price` is the price of the payment's plan now.
LedgerDecision decide(const Payment& current, Kes plan_price, const LedgerEvent& event);

}  // namespace hotspot::payments::daraja
