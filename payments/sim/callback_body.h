#pragma once
// The STK callback Daraja POSTs to the CallBackURL (reference §3.1): Body.stkCallback with the
// two request ids, a numeric ResultCode and its ResultDesc, and CallbackMetadata items only on
// success (Amount, MpesaReceiptNumber, Balance without a Value, TransactionDate, PhoneNumber).

#include <string>

#include "core/clock.h"

namespace hotspot::payments::sim {

struct SettledPush {
  std::string merchant_request_id;
  std::string checkout_request_id;
  int result_code = 0;
  long amount = 0;
  std::string receipt;  // 10 upper-case letters and digits
  std::string phone;    // 12 digits
  WallTime paid_at;
};

std::string stk_callback_body(const SettledPush& push);
// yyyyMMddHHmmss in Nairobi time (UTC+3, no daylight saving), as Daraja writes dates.
std::string nairobi_timestamp(WallTime time);

}  // namespace hotspot::payments::sim
