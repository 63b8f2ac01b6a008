#pragma once
// Finding the payment a success callback belongs to when the books know no payment with its
// CheckoutRequestID: the push whose HTTP reply was lost never learnt that id, so the callback is
// matched by what it does carry, the payer's phone, the amount and the time
// (reference/mpesa-pesapal.md 9, "Push sent, HTTP response lost"). Pure.

#include <cstdint>
#include <vector>

#include "core/clock.h"
#include "core/duration.h"
#include "core/result.h"
#include "payments/daraja/callback.h"
#include "storage/payments.h"

namespace hotspot::payments::daraja {

struct LateMatchOptions {
  // How long after the push the money may have moved: the prompt lives about a minute, and the
  // relay may deliver hours later, which is why the payment's own time is used when sent.
  Seconds window{600};
  // How far our clock and M-PESA's may disagree.
  Seconds clock_skew{120};
};

// Among `candidates` (the books' recent payments for the callback's phone), the id of the one
// payment that is unknown, has no CheckoutRequestID, the same phone and amount, and was created
// at most `window` before the payment happened (its TransactionDate, else `received_at`) and at
// most `clock_skew` after it. Errors: invalid_argument (a failure callback: it carries no phone
// or amount), not_found (keep the callback as an unmatched event for the provider), conflict
// (more than one fits: a person decides, the code does not guess).
Result<std::int64_t> match_late_callback(const StkCallback& callback,
                                         const std::vector<storage::Payment>& candidates,
                                         WallTime received_at, LateMatchOptions options = {});

}  // namespace hotspot::payments::daraja
