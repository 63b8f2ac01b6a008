#include "payments/sim/stk_request.h"

#include <mbedtls/base64.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "payments/http/url.h"

namespace hotspot::payments::sim {
namespace {

using nlohmann::json;

bool all_digits(const std::string& text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

// Daraja's samples send numbers as JSON numbers or strings interchangeably; both are read.
std::optional<std::string> text_field(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  return std::nullopt;
}

bool valid_timestamp(const std::string& text) {
  if (text.size() != 14 || !all_digits(text)) return false;
  auto part = [&text](std::size_t at, std::size_t n) { return std::stoi(text.substr(at, n)); };
  return part(4, 2) >= 1 && part(4, 2) <= 12 && part(6, 2) >= 1 && part(6, 2) <= 31 &&
         part(8, 2) <= 23 && part(10, 2) <= 59 && part(12, 2) <= 59;
}

// 12 digits, 2547XXXXXXXX or 2541XXXXXXXX (reference §8).
bool valid_msisdn(const std::string& text) {
  return text.size() == 12 && all_digits(text) && text.rfind("254", 0) == 0 &&
         (text[3] == '7' || text[3] == '1');
}

bool valid_shortcode(const std::string& text) {
  return all_digits(text) && text.size() >= 5 && text.size() <= 7;
}

bool valid_reference(const std::string& text) {
  return !text.empty() && text.size() <= 12 &&
         std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

std::optional<long> read_amount(const json& body) {
  auto it = body.find("Amount");
  if (it == body.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<long>();
  if (it->is_string() && all_digits(it->get<std::string>()) && it->get<std::string>().size() <= 9) {
    return std::stol(it->get<std::string>());
  }
  return std::nullopt;  // decimals included: whole shillings only
}

bool valid_callback_url(const std::string& text, bool allow_http) {
  auto url = http::parse_url(text);
  return url.ok() && (url->tls || allow_http);
}

// The shortcode, then the password made from it, the passkey and the body's timestamp.
std::optional<DarajaError> check_merchant(const json& body, const Merchant& merchant,
                                          std::string& shortcode, std::string& timestamp) {
  auto code = text_field(body, "BusinessShortCode");
  if (!code || !valid_shortcode(*code)) return invalid_field("BusinessShortCode");
  auto stamp = text_field(body, "Timestamp");
  if (!stamp || !valid_timestamp(*stamp)) return invalid_field("Timestamp");
  auto password = text_field(body, "Password");
  if (!password || password->empty()) return invalid_field("Password");
  if (*code != merchant.shortcode) return merchant_does_not_exist();
  if (*password != stk_password(*code, merchant.passkey, *stamp)) return wrong_credentials();
  shortcode = *code;
  timestamp = *stamp;
  return std::nullopt;
}

std::optional<json> parse_object(const std::string& text) {
  json body = json::parse(text, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return std::nullopt;
  return body;
}

// The fields after the merchant's, in Daraja's order of complaint.
std::optional<DarajaError> read_push_fields(const json& body, bool allow_http, StkPush& out) {
  auto type = text_field(body, "TransactionType");
  if (!type || (*type != "CustomerPayBillOnline" && *type != "CustomerBuyGoodsOnline")) {
    return invalid_field("TransactionType");
  }
  auto amount = read_amount(body);
  if (!amount || *amount < 1 || *amount > 250000) return invalid_field("Amount");
  auto party_a = text_field(body, "PartyA");
  if (!party_a || !valid_msisdn(*party_a)) return invalid_field("PartyA");
  auto party_b = text_field(body, "PartyB");
  if (!party_b || !valid_shortcode(*party_b)) return invalid_field("PartyB");
  auto phone = text_field(body, "PhoneNumber");
  if (!phone || !valid_msisdn(*phone)) return invalid_field("PhoneNumber");
  auto callback = text_field(body, "CallBackURL");
  if (!callback || !valid_callback_url(*callback, allow_http)) return invalid_field("CallBackURL");
  auto reference = text_field(body, "AccountReference");
  if (!reference || !valid_reference(*reference)) return invalid_field("AccountReference");
  auto description = text_field(body, "TransactionDesc").value_or("");
  if (description.size() > 13) return invalid_field("TransactionDesc");
  out.transaction_type = *type;
  out.amount = *amount;
  out.party_a = *party_a;
  out.party_b = *party_b;
  out.phone = *phone;
  out.callback_url = *callback;
  out.account_reference = *reference;
  out.description = description;
  return std::nullopt;
}

}  // namespace

std::string stk_password(const std::string& shortcode, const std::string& passkey,
                         const std::string& timestamp) {
  const std::string plain = shortcode + passkey + timestamp;
  std::string out(4 * ((plain.size() + 2) / 3) + 1, '\0');
  std::size_t written = 0;
  mbedtls_base64_encode(reinterpret_cast<unsigned char*>(out.data()), out.size(), &written,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size());
  out.resize(written);
  return out;
}

std::optional<DarajaError> read_stk_push(const std::string& text, const Merchant& merchant,
                                         bool allow_http_callbacks, StkPush& out) {
  // A body that is not JSON reaches Daraja's first check as no shortcode at all.
  auto body = parse_object(text);
  if (!body) return invalid_field("BusinessShortCode");
  if (auto error = check_merchant(*body, merchant, out.shortcode, out.timestamp)) return error;
  return read_push_fields(*body, allow_http_callbacks, out);
}

std::optional<DarajaError> read_stk_query(const std::string& text, const Merchant& merchant,
                                          StkQuery& out) {
  auto body = parse_object(text);
  if (!body) return invalid_field("BusinessShortCode");
  if (auto error = check_merchant(*body, merchant, out.shortcode, out.timestamp)) return error;
  auto id = text_field(*body, "CheckoutRequestID");
  if (!id || id->empty()) return invalid_field("CheckoutRequestID");
  out.checkout_request_id = *id;
  return std::nullopt;
}

}  // namespace hotspot::payments::sim
