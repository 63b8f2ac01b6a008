#include "payments/daraja/ledger.h"

namespace hotspot::payments::daraja {

const char* ledger_verdict_name(LedgerVerdict verdict) {
  switch (verdict) {
    case LedgerVerdict::apply:
      return "apply";
    case LedgerVerdict::no_change:
      return "no-change";
    case LedgerVerdict::conflict:
      return "conflict";
  }
  return "conflict";
}

namespace {

using S = PaymentState;

LedgerDecision no_change(std::string reason) {
  return {LedgerVerdict::no_change, S::initiated, {}, false, std::move(reason)};
}
LedgerDecision conflict(std::string reason) {
  return {LedgerVerdict::conflict, S::initiated, {}, false, std::move(reason)};
}
LedgerDecision apply(S next, PaymentUpdate update, std::string reason) {
  return {LedgerVerdict::apply, next, std::move(update), false, std::move(reason)};
}

bool has_checkout(const Payment& p) { return p.checkout_request_id.has_value(); }
bool same_checkout(const Payment& p, const std::string& id) {
  return p.checkout_request_id && *p.checkout_request_id == id;
}
bool confirmed_by_query(const Payment& p) { return p.state == S::pending && p.result_code == "0"; }
std::string other_checkout(const std::string& id) {
  return "the message is for CheckoutRequestID " + id + ", not this payment's";
}

LedgerDecision on_push_accepted(const Payment& p, const StkPushAccepted& a) {
  if (same_checkout(p, a.checkout_request_id)) return no_change("push acknowledgement repeated");
  if (has_checkout(p)) return conflict(other_checkout(a.checkout_request_id));
  if (p.state != S::initiated && p.state != S::unknown) {
    return conflict("a push acknowledgement for a payment that is already " +
                    std::string(storage::payment_state_name(p.state)));
  }
  PaymentUpdate u;
  u.checkout_request_id = a.checkout_request_id;
  u.merchant_request_id = a.merchant_request_id;
  return apply(S::pending, std::move(u), "Daraja accepted the push");
}

LedgerDecision on_push_refused(const Payment& p, const DarajaError& e) {
  if (p.state == S::failed && p.result_code == e.error_code) {
    return no_change("push refusal repeated");
  }
  if (p.state != S::initiated || has_checkout(p)) {
    return conflict("a push refusal (" + e.error_code + ") for a payment that is already " +
                    storage::payment_state_name(p.state));
  }
  PaymentUpdate u;
  u.result_code = e.error_code;
  u.result_desc = e.error_message;
  return apply(S::failed, std::move(u), "Daraja refused the push: " + e.error_code);
}

LedgerDecision on_push_reply_lost(const Payment& p) {
  if (p.state == S::unknown) return no_change("the push's reply was already lost");
  if (p.state != S::initiated) {
    return conflict("a lost push reply for a payment that is already " +
                    std::string(storage::payment_state_name(p.state)));
  }
  PaymentUpdate u;
  u.result_desc = "no answer to the push; Daraja may have accepted it";
  return apply(S::unknown, std::move(u), "the push's reply was lost");
}

// A success: paid, unless the amount is not what was asked or the books already differ.
LedgerDecision on_paid_callback(const Payment& p, Kes plan_price, const StkCallback& cb) {
  const CallbackPayment& paid = *cb.payment;
  if (p.state == S::paid) {
    if (p.receipt == paid.receipt) return no_change("success callback repeated");
    return conflict("a second receipt " + paid.receipt + " for a payment already paid with " +
                    p.receipt.value_or("?"));
  }
  if (paid.amount != plan_price || paid.amount.shillings != p.amount_kes) {
    return conflict("the callback says KES " + std::to_string(paid.amount.shillings) +
                    " was paid, but the plan costs KES " + std::to_string(plan_price.shillings) +
                    " and KES " + std::to_string(p.amount_kes) + " was asked");
  }
  PaymentUpdate u;
  u.checkout_request_id = cb.checkout_request_id;
  u.merchant_request_id = cb.merchant_request_id;
  u.receipt = paid.receipt;
  u.result_code = cb.result_code;
  u.result_desc = cb.result_desc;
  LedgerDecision d = apply(S::paid, std::move(u), "paid, receipt " + paid.receipt);
  d.grant_ticket = !p.ticket_id.has_value();
  return d;
}

LedgerDecision on_failed_callback(const Payment& p, const StkCallback& cb) {
  if (p.state == S::paid) {
    return conflict("a failure callback (" + cb.result_code + ") for a paid payment");
  }
  if (confirmed_by_query(p)) {
    return conflict("a failure callback (" + cb.result_code + ") after the query said paid");
  }
  if (p.state == S::failed) return no_change("the payment has already failed");
  PaymentUpdate u;
  u.checkout_request_id = cb.checkout_request_id;
  u.merchant_request_id = cb.merchant_request_id;
  u.result_code = cb.result_code;
  u.result_desc = cb.result_desc;
  return apply(S::failed, std::move(u), "failed: ResultCode " + cb.result_code);
}

LedgerDecision on_callback(const Payment& p, Kes plan_price, const StkCallback& cb) {
  // A payment without a CheckoutRequestID (its push reply was lost) only gets here when the
  // late-callback matcher chose it.
  if (has_checkout(p) && !same_checkout(p, cb.checkout_request_id)) {
    return conflict(other_checkout(cb.checkout_request_id));
  }
  if (cb.paid()) return on_paid_callback(p, plan_price, cb);
  return on_failed_callback(p, cb);
}

LedgerDecision on_query(const Payment& p, const StkQuerySettled& q) {
  if (!same_checkout(p, q.checkout_request_id)) {
    return conflict(other_checkout(q.checkout_request_id));
  }
  if (p.state == S::paid) return no_change("already paid; a query never changes that");
  if (confirmed_by_query(p)) return no_change("the query already said paid");
  const bool success = q.result_code == "0";
  if (p.state == S::failed) {
    if (!success) return no_change("the payment has already failed");
    return conflict("the query says paid but the books say failed (" + p.result_code + ")");
  }
  PaymentUpdate u;
  u.result_code = q.result_code;
  u.result_desc = q.result_desc;
  if (!success) return apply(S::failed, std::move(u), "failed: ResultCode " + q.result_code);
  // The books need the callback's receipt to say paid; the customer has paid meanwhile.
  LedgerDecision d = apply(S::pending, std::move(u), "the query says paid; awaiting the receipt");
  d.grant_ticket = !p.ticket_id.has_value();
  return d;
}

LedgerDecision on_gave_up(const Payment& p) {
  if (p.state != S::initiated && p.state != S::pending) return no_change("already settled");
  if (confirmed_by_query(p)) return no_change("paid by the query's word; awaiting the receipt");
  PaymentUpdate u;
  u.result_desc = "no result after polling; a late callback may still settle it";
  return apply(S::unknown, std::move(u), "polling gave up");
}

}  // namespace

LedgerDecision decide(const Payment& current, Kes plan_price, const LedgerEvent& event) {
  struct Visitor {
    const Payment& p;
    Kes price;
    LedgerDecision operator()(const PushAccepted& e) const { return on_push_accepted(p, e.answer); }
    LedgerDecision operator()(const PushRefused& e) const { return on_push_refused(p, e.error); }
    LedgerDecision operator()(const PushReplyLost&) const { return on_push_reply_lost(p); }
    LedgerDecision operator()(const CallbackArrived& e) const {
      return on_callback(p, price, e.callback);
    }
    LedgerDecision operator()(const QuerySettled& e) const { return on_query(p, e.answer); }
    LedgerDecision operator()(const QueryStillProcessing&) const {
      return no_change("the customer has not finished yet");
    }
    LedgerDecision operator()(const QueryFailed& e) const {
      return no_change("the query failed (" + e.error.error_code + "); ask again later");
    }
    LedgerDecision operator()(const PollingGaveUp&) const { return on_gave_up(p); }
  };
  return std::visit(Visitor{current, plan_price}, event);
}

}  // namespace hotspot::payments::daraja
