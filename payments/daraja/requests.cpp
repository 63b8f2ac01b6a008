#include "payments/daraja/requests.h"

#include <mbedtls/base64.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/internal/text.h"

namespace hotspot::payments::daraja {
namespace {

using internal::is_alpha;
using internal::is_digit;

Error field_error(std::string_view field, std::string_view what) {
  return make_error(Errc::invalid_argument, std::string(field) + ": " + std::string(what));
}

bool all_digits(std::string_view s) {
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return !s.empty();
}

Status check_code(std::string_view field, std::string_view value) {
  if (value.size() < 5 || value.size() > 7 || !all_digits(value)) {
    return field_error(field, "must be 5 to 7 digits, got " + internal::quote_for_message(value));
  }
  return {};
}

// Printable ASCII without spaces: what keys, secrets, passkeys and Daraja ids look like.
bool is_token_text(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) return false;
  for (char c : s) {
    if (c <= ' ' || c > '~') return false;
  }
  return true;
}

Status check_secret(std::string_view field, std::string_view value) {
  if (!is_token_text(value, 256)) {
    return field_error(field, "must be 1 to 256 printable characters without spaces");
  }
  return {};
}

Status check_clock(WallTime now) {
  if (to_unix_seconds(now) < kEarliestPlausibleUnixTime) {
    return make_error(Errc::unavailable,
                      "clock: the wall clock is not set yet (waiting for NTP); Daraja would "
                      "refuse the timestamp");
  }
  return {};
}

}  // namespace

Status validate_credentials(const DarajaCredentials& creds) {
  if (auto s = check_secret("consumer_key", creds.consumer_key); !s) return s;
  if (creds.consumer_key.find(':') != std::string::npos) {
    return field_error("consumer_key", "must not contain ':'");
  }
  if (auto s = check_secret("consumer_secret", creds.consumer_secret); !s) return s;
  if (auto s = check_secret("passkey", creds.passkey); !s) return s;
  if (auto s = check_code("shortcode", creds.shortcode); !s) return s;
  if (creds.type == ShortcodeType::till) return check_code("till_number", creds.till_number);
  if (!creds.till_number.empty()) {
    return field_error("till_number", "is only for a till; a paybill is paid to its shortcode");
  }
  return {};
}

std::string stk_timestamp(WallTime t) {
  using namespace std::chrono;
  // Fixed offset arithmetic on purpose: the system time zone of the box is irrelevant here.
  const auto nairobi = time_point_cast<seconds>(t) + hours(3);
  const auto day = floor<days>(nairobi);
  const year_month_day ymd{day};
  const hh_mm_ss hms{nairobi - day};
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%04d%02u%02u%02d%02d%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf.data();
}

Result<WallTime> parse_stk_timestamp(std::string_view text) {
  using namespace std::chrono;
  auto field = [&](std::size_t pos, std::size_t len) {
    return static_cast<int>(internal::parse_u64(text.substr(pos, len)).value_or(0));
  };
  if (text.size() != 14 || !all_digits(text)) {
    return field_error("timestamp", "must be 14 digits YYYYMMDDHHmmss");
  }
  const year_month_day ymd{year{field(0, 4)}, month{static_cast<unsigned>(field(4, 2))},
                           day{static_cast<unsigned>(field(6, 2))}};
  const int h = field(8, 2), m = field(10, 2), s = field(12, 2);
  if (!ymd.ok() || h > 23 || m > 59 || s > 59) {
    return field_error("timestamp", "is not a real date and time: " + std::string(text));
  }
  const auto local = sys_days{ymd} + hours(h) + minutes(m) + seconds(s);
  return WallTime(local - hours(3));  // Nairobi is UTC+3 all year
}

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  std::size_t written = 0;
  mbedtls_base64_encode(reinterpret_cast<unsigned char*>(out.data()), out.size(), &written,
                        reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  out.resize(written);
  return out;
}

std::string stk_password(std::string_view shortcode, std::string_view passkey,
                         std::string_view timestamp) {
  std::string joined;
  joined.append(shortcode).append(passkey).append(timestamp);
  return base64_encode(joined);
}

std::string oauth_basic_header(std::string_view consumer_key, std::string_view consumer_secret) {
  std::string joined;
  joined.append(consumer_key).append(":").append(consumer_secret);
  return "Basic " + base64_encode(joined);
}

std::string clean_account_reference(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (out.size() == kMaxAccountReference) break;
    if (is_alpha(c) || is_digit(c)) out.push_back(c);
  }
  return out;
}

std::string clean_transaction_desc(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (is_alpha(c) || is_digit(c)) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != ' ') {
      out.push_back(' ');  // any run of other characters becomes one space
    }
  }
  if (out.size() > kMaxTransactionDesc) out.resize(kMaxTransactionDesc);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

Status validate_callback_url(std::string_view url) {
  constexpr std::string_view kScheme = "https://";
  if (url.size() > kMaxCallbackUrl) return field_error("callback_url", "is longer than 1024");
  for (char c : url) {
    if (c <= ' ' || c > '~') {
      return field_error("callback_url", "must not contain spaces or control characters");
    }
  }
  if (url.substr(0, kScheme.size()) != kScheme || url.size() == kScheme.size() ||
      url[kScheme.size()] == '/') {
    return field_error("callback_url", "must start with https:// and a host");
  }
  const std::string lower = internal::ascii_lower(url);
  for (std::string_view word : {"mpesa", "m-pesa", "safaricom", "exe", "cmd", "sql", "query"}) {
    if (lower.find(word) != std::string::npos) {
      return field_error("callback_url", "must not contain the word \"" + std::string(word) +
                                             "\", which Daraja's URL filters refuse");
    }
  }
  return {};
}

namespace {

Status check_push_request(const StkPushRequest& r) {
  if (auto p = parse_kenyan_phone(r.phone.msisdn); !p || p->msisdn != r.phone.msisdn) {
    return field_error("phone", "must be a 12-digit MSISDN 2547XXXXXXXX or 2541XXXXXXXX");
  }
  if (auto s = validate_price(r.amount); !s) {
    return field_error("amount", "must be a whole number of shillings from 1 to 250,000");
  }
  if (auto s = validate_callback_url(r.callback_url); !s) return s;
  if (r.account_reference.empty() ||
      r.account_reference != clean_account_reference(r.account_reference)) {
    return field_error("account_reference", "must be 1 to 12 ASCII letters or digits");
  }
  if (r.transaction_desc != clean_transaction_desc(r.transaction_desc)) {
    return field_error("transaction_desc",
                       "must be at most 13 ASCII letters, digits and single spaces");
  }
  return {};
}

}  // namespace

Result<std::string> stk_push_body(const DarajaCredentials& creds, const StkPushRequest& request,
                                  WallTime now) {
  if (auto s = validate_credentials(creds); !s) return s.error();
  if (auto s = check_push_request(request); !s) return s.error();
  if (auto s = check_clock(now); !s) return s.error();
  const std::string timestamp = stk_timestamp(now);
  const bool till = creds.type == ShortcodeType::till;
  nlohmann::json body = {
      {"BusinessShortCode", creds.shortcode},
      {"Password", stk_password(creds.shortcode, creds.passkey, timestamp)},
      {"Timestamp", timestamp},
      {"TransactionType", till ? "CustomerBuyGoodsOnline" : "CustomerPayBillOnline"},
      {"Amount", request.amount.shillings},
      {"PartyA", request.phone.msisdn},
      {"PartyB", till ? creds.till_number : creds.shortcode},
      {"PhoneNumber", request.phone.msisdn},
      {"CallBackURL", request.callback_url},
      {"AccountReference", request.account_reference},
  };
  if (!request.transaction_desc.empty()) body["TransactionDesc"] = request.transaction_desc;
  return body.dump();
}

Result<std::string> stk_query_body(const DarajaCredentials& creds,
                                   std::string_view checkout_request_id, WallTime now) {
  if (auto s = validate_credentials(creds); !s) return s.error();
  if (!is_token_text(checkout_request_id, 64)) {
    return field_error("checkout_request_id", "must be 1 to 64 printable characters");
  }
  if (auto s = check_clock(now); !s) return s.error();
  const std::string timestamp = stk_timestamp(now);
  nlohmann::json body = {
      {"BusinessShortCode", creds.shortcode},
      {"Password", stk_password(creds.shortcode, creds.passkey, timestamp)},
      {"Timestamp", timestamp},
      {"CheckoutRequestID", std::string(checkout_request_id)},
  };
  return body.dump();
}

}  // namespace hotspot::payments::daraja
