#pragma once
// Building the bodies and headers Daraja's STK push, STK query and OAuth calls expect, from
// validated inputs only: every field that reaches Daraja is checked or cleaned here, so that a
// refusal comes from our own clear message rather than a "400.002.02 Invalid XXXX".
// Source of every rule: reference/mpesa-pesapal.md sections 1, 2, 4 and 8.

#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/money.h"
#include "core/phone.h"
#include "core/result.h"

namespace hotspot::payments::daraja {

enum class ShortcodeType { paybill, till };

// One provider's Daraja app and shortcode. Secrets: never log this struct.
struct DarajaCredentials {
  std::string consumer_key;
  std::string consumer_secret;
  std::string shortcode;  // BusinessShortCode: the paybill, or a till's head-office number
  std::string passkey;
  ShortcodeType type = ShortcodeType::paybill;
  std::string till_number;  // PartyB for Buy Goods; empty for a paybill
};

// Shortcode and till number 5-7 digits (till only for `till`); key, secret and passkey 1-256
// printable ASCII characters without spaces, and no ':' in the key (HTTP Basic splits on it).
// The message names the field.
Status validate_credentials(const DarajaCredentials& creds);

// "YYYYMMDDHHmmss" in Nairobi time (UTC+3, no daylight saving), whatever the system time zone:
// Daraja rejects a UTC timestamp as expired.
std::string stk_timestamp(WallTime t);
// The reverse, for a callback's TransactionDate: 14 digits naming a real Nairobi date and time.
Result<WallTime> parse_stk_timestamp(std::string_view text);
// base64(shortcode + passkey + timestamp); the timestamp must be the body's own.
std::string stk_password(std::string_view shortcode, std::string_view passkey,
                         std::string_view timestamp);
// The Authorization header value for the OAuth call: "Basic base64(key:secret)".
std::string oauth_basic_header(std::string_view consumer_key, std::string_view consumer_secret);
// Standard base64 with padding.
std::string base64_encode(std::string_view bytes);

inline constexpr std::size_t kMaxAccountReference = 12;
inline constexpr std::size_t kMaxTransactionDesc = 13;
inline constexpr std::size_t kMaxCallbackUrl = 1024;

// Keeps ASCII letters and digits (special characters have made pushes fail), at most 12.
std::string clean_account_reference(std::string_view text);
// Keeps ASCII letters, digits and single spaces, trimmed, at most 13.
std::string clean_transaction_desc(std::string_view text);
// https:// with a host, at most 1024 characters, no whitespace or control characters, and none
// of the words Daraja's URL filters refuse (mpesa, m-pesa, safaricom, exe, cmd, sql, query).
Status validate_callback_url(std::string_view url);

struct StkPushRequest {
  PhoneNumber phone;  // PartyA and PhoneNumber
  Kes amount;         // whole shillings, 1..250,000
  std::string callback_url;
  std::string account_reference;  // cleaned; must keep at least one character
  std::string transaction_desc;   // cleaned; optional, left out when empty
};

// Wall times before this are a clock that NTP has not set yet (a Raspberry Pi boots in 1970):
// a push stamped then would be refused as expired, so it is refused here instead.
inline constexpr long long kEarliestPlausibleUnixTime = 1'704'067'200;  // 2024-01-01T00:00Z

// The STK push JSON body, Timestamp and Password from the one reading `now`. Errors:
// invalid_argument naming the field, unavailable when the clock is not set.
Result<std::string> stk_push_body(const DarajaCredentials& creds, const StkPushRequest& request,
                                  WallTime now);
// The STK query JSON body for one CheckoutRequestID (1-64 printable ASCII, no spaces).
Result<std::string> stk_query_body(const DarajaCredentials& creds,
                                   std::string_view checkout_request_id, WallTime now);

}  // namespace hotspot::payments::daraja
