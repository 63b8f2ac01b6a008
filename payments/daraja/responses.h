#pragma once
// Reading Daraja's synchronous answers: the OAuth token, the STK push acknowledgement and the
// STK query result. Every body is untrusted: anything that is not the documented shape (not
// JSON, wrong types, missing or oversized fields, more than 64 KiB) is an invalid_argument
// error that says what was wrong, never an exception. Shapes: reference/mpesa-pesapal.md 1, 2, 4.

#include <string>
#include <string_view>
#include <variant>

#include "core/duration.h"
#include "core/result.h"

namespace hotspot::payments::daraja {

inline constexpr std::size_t kMaxDarajaBody = 64 * 1024;
inline constexpr std::size_t kMaxDarajaId = 64;     // ids, codes, tokens
inline constexpr std::size_t kMaxDarajaText = 256;  // descriptions are cut to this, not refused

// Daraja's common error envelope.
struct DarajaError {
  std::string request_id;
  std::string error_code;  // "404.001.03", "500.001.1001", ...
  std::string error_message;
  bool operator==(const DarajaError&) const = default;
};

// What an error envelope means for the caller. 500.001.1001 is overloaded, so it is told apart
// by its message, as the reference advises.
enum class DarajaErrorKind {
  invalid_token,      // 404.001.03 / 400.003.01: refresh the token once and retry once
  bad_request,        // 400.002.02 and other 400s: our payload; do not retry unchanged
  still_processing,   // 500.001.1001 "being processed" (STK query): the customer is deciding
  subscriber_locked,  // 500.001.1001 "Unable to lock subscriber": a push is already open
  merchant_config,    // 500.001.1001 "Merchant does not exist" / "Wrong credentials", 404/405
  throttled,          // 500.003.02 busy or spike arrest, 500.003.03 quota: back off
  server_error,       // 500.003.1001 and anything else
};
DarajaErrorKind classify_daraja_error(const DarajaError& error);
const char* daraja_error_kind_name(DarajaErrorKind kind);

struct OAuthToken {
  std::string access_token;
  Seconds expires_in{0};
};
// {"access_token": "...", "expires_in": "3599"}; expires_in as a string or a number, 1 to
// 86,400 seconds. An error envelope is returned as an error quoting its code.
Result<OAuthToken> parse_oauth_answer(std::string_view body);

// ResponseCode "0": accepted for processing, which is not yet paid.
struct StkPushAccepted {
  std::string merchant_request_id;
  std::string checkout_request_id;
  std::string response_code;
  std::string response_description;
  std::string customer_message;
  bool operator==(const StkPushAccepted&) const = default;
};
// A body with a ResponseCode other than "0" is read as a refusal with that code.
using StkPushAnswer = std::variant<StkPushAccepted, DarajaError>;
Result<StkPushAnswer> parse_stk_push_answer(std::string_view body);

// The query's settled answer. ResultCode is a string here ("0", "1032"); a number is accepted.
struct StkQuerySettled {
  std::string merchant_request_id;
  std::string checkout_request_id;
  std::string result_code;
  std::string result_desc;
  bool operator==(const StkQuerySettled&) const = default;
};
struct StkQueryStillProcessing {
  DarajaError error;
};
using StkQueryAnswer = std::variant<StkQuerySettled, StkQueryStillProcessing, DarajaError>;
Result<StkQueryAnswer> parse_stk_query_answer(std::string_view body);

}  // namespace hotspot::payments::daraja
