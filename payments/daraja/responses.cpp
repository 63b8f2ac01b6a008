#include "payments/daraja/responses.h"

#include "core/internal/text.h"
#include "payments/daraja/json_fields.h"

namespace hotspot::payments::daraja {

using detail::bad_field;
using detail::code_field;
using detail::id_field;
using detail::text_field;
using nlohmann::json;

namespace {

bool contains_ci(std::string_view haystack, std::string_view needle) {
  return internal::ascii_lower(haystack).find(needle) != std::string::npos;
}

DarajaErrorKind classify_1001(std::string_view message) {
  if (contains_ci(message, "being processed")) return DarajaErrorKind::still_processing;
  if (contains_ci(message, "lock subscriber") || contains_ci(message, "already in process")) {
    return DarajaErrorKind::subscriber_locked;
  }
  if (contains_ci(message, "merchant does not exist") || contains_ci(message, "credentials")) {
    return DarajaErrorKind::merchant_config;
  }
  return DarajaErrorKind::server_error;  // the sandbox's intermittent 1001s: retry later
}

}  // namespace

DarajaErrorKind classify_daraja_error(const DarajaError& e) {
  const std::string& c = e.error_code;
  if (c == "404.001.03" || c == "400.003.01") return DarajaErrorKind::invalid_token;
  if (c == "500.001.1001") return classify_1001(e.error_message);
  if (c == "500.003.02" || c == "500.003.03") return DarajaErrorKind::throttled;
  if (c == "404.001.01" || c == "404.001.04" || c == "405.001" || c.rfind("400.008.", 0) == 0) {
    return DarajaErrorKind::merchant_config;  // wrong endpoint, method or auth: our setup
  }
  if (c.rfind("400.", 0) == 0) return DarajaErrorKind::bad_request;
  return DarajaErrorKind::server_error;
}

const char* daraja_error_kind_name(DarajaErrorKind kind) {
  switch (kind) {
    case DarajaErrorKind::invalid_token:
      return "invalid-token";
    case DarajaErrorKind::bad_request:
      return "bad-request";
    case DarajaErrorKind::still_processing:
      return "still-processing";
    case DarajaErrorKind::subscriber_locked:
      return "subscriber-locked";
    case DarajaErrorKind::merchant_config:
      return "merchant-config";
    case DarajaErrorKind::throttled:
      return "throttled";
    case DarajaErrorKind::server_error:
      return "server-error";
  }
  return "server-error";
}

namespace {

Error envelope_as_error(const DarajaError& e, std::string_view what) {
  return make_error(Errc::unavailable, std::string(what) + ": Daraja answered " + e.error_code +
                                           " " + internal::quote_for_message(e.error_message));
}

constexpr long long kMaxTokenLifetime = 86'400;

Result<Seconds> expires_in(const json& j) {
  auto it = j.find("expires_in");
  if (it == j.end()) return bad_field("expires_in", "is missing");
  std::optional<std::uint64_t> n;
  if (it->is_number_unsigned()) n = it->get<std::uint64_t>();
  if (it->is_string()) n = internal::parse_u64(it->get_ref<const std::string&>());
  if (!n || *n < 1 || *n > kMaxTokenLifetime) {
    return bad_field("expires_in", "must be a whole number of seconds from 1 to 86400");
  }
  return Seconds(static_cast<long long>(*n));
}

}  // namespace

Result<OAuthToken> parse_oauth_answer(std::string_view body) {
  auto j = detail::parse_object(body, "OAuth answer");
  if (!j) return j.error();
  if (detail::is_error_envelope(*j)) {
    auto e = detail::error_envelope(*j);
    if (!e) return e.error();
    return envelope_as_error(*e, "OAuth");
  }
  auto token = id_field(*j, "access_token", "access_token");
  if (!token) return token.error();
  auto expires = expires_in(*j);
  if (!expires) return expires.error();
  return OAuthToken{std::move(*token), *expires};
}

namespace {

Result<StkPushAccepted> read_push_accepted(const json& j) {
  StkPushAccepted a;
  auto code = code_field(j, "ResponseCode", "ResponseCode");
  if (!code) return code.error();
  a.response_code = std::move(*code);
  a.response_description = text_field(j, "ResponseDescription");
  a.customer_message = text_field(j, "CustomerMessage");
  if (a.response_code != "0") return a;  // the ids may be missing from a refusal
  auto merchant = id_field(j, "MerchantRequestID", "MerchantRequestID");
  if (!merchant) return merchant.error();
  auto checkout = id_field(j, "CheckoutRequestID", "CheckoutRequestID");
  if (!checkout) return checkout.error();
  a.merchant_request_id = std::move(*merchant);
  a.checkout_request_id = std::move(*checkout);
  return a;
}

}  // namespace

Result<StkPushAnswer> parse_stk_push_answer(std::string_view body) {
  auto j = detail::parse_object(body, "STK push answer");
  if (!j) return j.error();
  if (detail::is_error_envelope(*j)) {
    auto e = detail::error_envelope(*j);
    if (!e) return e.error();
    return StkPushAnswer(std::move(*e));
  }
  auto a = read_push_accepted(*j);
  if (!a) return a.error();
  if (a->response_code != "0") {
    return StkPushAnswer(DarajaError{"", a->response_code, a->response_description});
  }
  return StkPushAnswer(std::move(*a));
}

Result<StkQueryAnswer> parse_stk_query_answer(std::string_view body) {
  auto j = detail::parse_object(body, "STK query answer");
  if (!j) return j.error();
  if (detail::is_error_envelope(*j)) {
    auto e = detail::error_envelope(*j);
    if (!e) return e.error();
    if (classify_daraja_error(*e) == DarajaErrorKind::still_processing) {
      return StkQueryAnswer(StkQueryStillProcessing{std::move(*e)});
    }
    return StkQueryAnswer(std::move(*e));
  }
  auto response = code_field(*j, "ResponseCode", "ResponseCode");
  if (!response) return response.error();
  if (*response != "0") {
    return StkQueryAnswer(DarajaError{"", *response, text_field(*j, "ResponseDescription")});
  }
  StkQuerySettled s;
  auto merchant = id_field(*j, "MerchantRequestID", "MerchantRequestID");
  if (!merchant) return merchant.error();
  auto checkout = id_field(*j, "CheckoutRequestID", "CheckoutRequestID");
  if (!checkout) return checkout.error();
  auto result = code_field(*j, "ResultCode", "ResultCode");
  if (!result) return result.error();
  s.merchant_request_id = std::move(*merchant);
  s.checkout_request_id = std::move(*checkout);
  s.result_code = std::move(*result);
  s.result_desc = text_field(*j, "ResultDesc");
  return StkQueryAnswer(std::move(s));
}

}  // namespace hotspot::payments::daraja
