#pragma once
// What a Daraja ResultCode means for the customer in front of the portal, and the sentence the
// portal shows them in English and Swahili. Codes: reference/mpesa-pesapal.md 3.2. Only 0 is
// paid; every other code is a final failure for that CheckoutRequestID, but some the customer
// can fix by trying again and some only the provider can fix.

#include <string_view>

#include "payments/daraja/responses.h"

namespace hotspot::payments::daraja {

enum class PaymentOutcome {
  paid,                // 0
  still_processing,    // no result yet (query 500.001.1001 "being processed", or no answer)
  cancelled,           // 1032: the customer dismissed the prompt
  timeout,             // 1037 unreachable or PIN not entered in time, 1019 expired, 1025, 9999
  wrong_pin,           // 2001
  insufficient_funds,  // 1
  busy,                // 17 same amount within 2 minutes, 26 system busy, 1001 subscriber locked
  invalid_phone,       // push refused 400.002.02 "Invalid PhoneNumber": not an M-PESA line
  failed,              // everything else, including the provider's configuration (see below)
};

PaymentOutcome classify_result_code(std::string_view result_code);
// For a push Daraja refused outright (error envelope): what to tell the customer.
PaymentOutcome classify_push_refusal(const DarajaError& error);
const char* payment_outcome_name(PaymentOutcome outcome);  // "paid", "wrong-pin", ...

// Codes that mean the provider's setup or the amount is wrong (2, 3, 4, 8, 2028, SFC_IC0003):
// worth an alert to the provider, not a customer retry.
bool is_provider_problem(std::string_view result_code);
// Whether the customer may simply try again (after the wait `busy` asks for).
bool customer_can_retry(PaymentOutcome outcome);

enum class Language { english, swahili };
// One short sentence for the portal, never a code or a raw ResultDesc.
std::string_view customer_message(PaymentOutcome outcome, Language language);
// For a payment whose result never came (the push's reply lost, or polling gave up): the
// customer may have paid, and the receipt in M-PESA's SMS gets them online.
std::string_view unconfirmed_message(Language language);

}  // namespace hotspot::payments::daraja
