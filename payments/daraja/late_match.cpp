#include "payments/daraja/late_match.h"

#include "payments/daraja/requests.h"

namespace hotspot::payments::daraja {

namespace {

// When the money moved, by M-PESA's word when it gave one.
long long paid_at(const CallbackPayment& paid, WallTime received_at) {
  if (paid.transaction_date) {
    if (auto t = parse_stk_timestamp(*paid.transaction_date)) return to_unix_seconds(*t);
  }
  return to_unix_seconds(received_at);
}

bool fits(const storage::Payment& p, const CallbackPayment& paid, long long at,
          const LateMatchOptions& o) {
  return p.state == storage::PaymentState::unknown && !p.checkout_request_id &&
         p.phone == paid.phone.msisdn && p.amount_kes == paid.amount.shillings &&
         p.created_at <= at + o.clock_skew.count() && at - p.created_at <= o.window.count();
}

}  // namespace

Result<std::int64_t> match_late_callback(const StkCallback& callback,
                                         const std::vector<storage::Payment>& candidates,
                                         WallTime received_at, LateMatchOptions options) {
  if (!callback.payment) {
    return make_error(Errc::invalid_argument,
                      "callback: a failure carries no phone or amount to match a payment by");
  }
  const long long at = paid_at(*callback.payment, received_at);
  std::vector<std::int64_t> found;
  for (const auto& p : candidates) {
    if (fits(p, *callback.payment, at, options)) found.push_back(p.id);
  }
  if (found.empty()) {
    return make_error(Errc::not_found, "callback: no unanswered push for that phone and amount");
  }
  if (found.size() > 1) {
    return make_error(Errc::conflict, "callback: " + std::to_string(found.size()) +
                                          " unanswered pushes fit; a person must choose");
  }
  return found.front();
}

}  // namespace hotspot::payments::daraja
