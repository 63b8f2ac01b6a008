#pragma once
// Reading the STK callback Daraja POSTs (through the cloud relay) once the customer has acted.
// The callback is unsigned, so nothing in it is believed until checked: shape, types, sizes, a
// receipt that looks like one, a whole positive amount within M-PESA's cap, a Kenyan phone.
// Shape and types: reference/mpesa-pesapal.md 3.1; number-or-string is accepted wherever the
// reference shows Daraja (or its community mocks) sending either.

#include <optional>
#include <string>
#include <string_view>

#include "core/money.h"
#include "core/phone.h"
#include "core/result.h"

namespace hotspot::payments::daraja {

// CallbackMetadata of a successful payment (ResultCode 0).
struct CallbackPayment {
  Kes amount;
  std::string receipt;                          // MpesaReceiptNumber: 10 of A-Z, 0-9
  std::optional<std::string> transaction_date;  // YYYYMMDDHHmmss in Nairobi time, if sent
  PhoneNumber phone;                            // the payer
  bool operator==(const CallbackPayment&) const = default;
};

struct StkCallback {
  std::string merchant_request_id;
  std::string checkout_request_id;
  std::string result_code;  // decimal text of the number ("0", "1032"), or e.g. "SFC_IC0003"
  std::string result_desc;  // cut to 256 bytes; never matched on
  std::optional<CallbackPayment> payment;  // present exactly when result_code is "0"
  bool paid() const { return payment.has_value(); }
  bool operator==(const StkCallback&) const = default;
};

// Errors (invalid_argument) name the field by its path, e.g.
// "Body.stkCallback.CallbackMetadata.Item[MpesaReceiptNumber]: ...". A success without its
// metadata, Amount, MpesaReceiptNumber or PhoneNumber is refused: it cannot be matched to money.
// TransactionDate may be missing (nothing depends on it) but must be well-formed if present;
// Balance and unknown items are ignored.
Result<StkCallback> parse_stk_callback(std::string_view body);

// "NLJ7RT61SV": exactly 10 ASCII upper-case letters or digits.
bool looks_like_receipt(std::string_view text);

// The acknowledgement Daraja expects back: {"ResultCode":0,"ResultDesc":"Accepted"}.
std::string callback_acknowledgement();

}  // namespace hotspot::payments::daraja
