#pragma once
// What the simulated customer and Daraja do with one STK push: the customer's answer (the
// callback's ResultCode), how the callback travels, or a synchronous fault instead of an
// acceptance. Chosen by the phone number's last two digits (README.md), or set in advance
// through the control endpoint.

#include <optional>
#include <string>

namespace hotspot::payments::sim {

enum class Outcome {
  success,              // ResultCode 0, CallbackMetadata with a receipt
  cancelled,            // 1032
  timeout,              // 1037
  wrong_pin,            // 2001
  insufficient_funds,   // 1
  callback_lost,        // paid, but no callback is ever sent (the query still knows)
  callback_duplicated,  // paid, and the same callback arrives twice
  callback_late,        // paid; the query settles first, the callback comes long after
  query_pending,        // paid; the first two queries still say "being processed"
  http_500,             // the push is refused: 500.003.1001 Internal Server Error
  token_expired,        // the push is refused: 404.001.03, and the token is dropped
  spike_arrest,         // the push is refused: 500.003.02 Spike Arrest Violation
  rule_limited,         // 17: the same amount to the same customer within two minutes
};

// The outcomes that refuse a request instead of settling a push; the only ones the control
// endpoint can set for the OAuth and query endpoints.
bool is_synchronous_fault(Outcome outcome);

const char* outcome_name(Outcome outcome);
std::optional<Outcome> parse_outcome(const std::string& name);
// The fixed table by the phone number's last two digits; anything not listed succeeds.
Outcome outcome_for_phone(const std::string& msisdn);

// The callback's (and the query's) ResultCode and ResultDesc for an outcome that settles.
int result_code(Outcome outcome);
const char* result_description(int result_code);

}  // namespace hotspot::payments::sim
