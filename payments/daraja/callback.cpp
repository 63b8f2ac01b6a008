#include "payments/daraja/callback.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/internal/text.h"
#include "payments/daraja/json_fields.h"

namespace hotspot::payments::daraja {

using detail::bad_field;
using nlohmann::json;

namespace {

constexpr std::string_view kRoot = "Body.stkCallback";
constexpr std::string_view kItems = "Body.stkCallback.CallbackMetadata.Item";
constexpr std::size_t kMaxItems = 32;

std::string item_path(std::string_view name) {
  return std::string(kItems) + "[" + std::string(name) + "]";
}

// Amount comes as a decimal number (1.00, 10500.00) or in mocks as a string ("1", "1.00").
std::optional<std::int64_t> whole_shillings(const json& v) {
  if (v.is_number_unsigned()) {
    const auto n = v.get<std::uint64_t>();
    if (n > static_cast<std::uint64_t>(kMaxPriceKes)) return std::nullopt;
    return static_cast<std::int64_t>(n);
  }
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_number_float()) {
    const double d = v.get<double>();
    if (!std::isfinite(d) || d != std::floor(d) || d < 0 || d > kMaxPriceKes) return std::nullopt;
    return static_cast<std::int64_t>(d);
  }
  if (!v.is_string()) return std::nullopt;
  std::string_view s = v.get_ref<const std::string&>();
  if (auto dot = s.find('.'); dot != std::string_view::npos) {
    const auto cents = s.substr(dot + 1);
    if (cents.empty() || cents.find_first_not_of('0') != std::string_view::npos)
      return std::nullopt;
    s = s.substr(0, dot);
  }
  auto n = internal::parse_u64(s);
  if (!n || *n > static_cast<std::uint64_t>(kMaxPriceKes)) return std::nullopt;
  return static_cast<std::int64_t>(*n);
}

// Digits sent as a JSON number or a string: PhoneNumber and TransactionDate.
std::optional<std::string> digit_text(const json& v) {
  if (v.is_number_unsigned()) return std::to_string(v.get<std::uint64_t>());
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (s.size() <= 20 && internal::parse_u64(s)) return s;
  }
  return std::nullopt;
}

Result<Kes> read_amount(const json& v) {
  auto n = whole_shillings(v);
  if (!n || *n < kMinPriceKes) {
    return bad_field(item_path("Amount"), "must be a whole number of shillings from 1 to 250,000");
  }
  return Kes{*n};
}

Result<std::string> read_receipt(const json& v) {
  if (!v.is_string() || !looks_like_receipt(v.get_ref<const std::string&>())) {
    return bad_field(item_path("MpesaReceiptNumber"),
                     "must be 10 upper-case letters or digits, like NLJ7RT61SV");
  }
  return v.get<std::string>();
}

Result<PhoneNumber> read_phone(const json& v) {
  auto digits = digit_text(v);
  if (!digits) return bad_field(item_path("PhoneNumber"), "must be a 12-digit number");
  auto phone = parse_kenyan_phone(*digits);
  if (!phone) return bad_field(item_path("PhoneNumber"), phone.error().message);
  return *phone;
}

Result<std::string> read_date(const json& v) {
  auto digits = digit_text(v);
  if (!digits || digits->size() != 14) {
    return bad_field(item_path("TransactionDate"), "must be 14 digits YYYYMMDDHHmmss");
  }
  return *digits;
}

struct KnownItem {
  const char* name;
  unsigned bit;
  bool required;
};
constexpr KnownItem kKnownItems[] = {{"Amount", 1, true},
                                     {"MpesaReceiptNumber", 2, true},
                                     {"PhoneNumber", 4, true},
                                     {"TransactionDate", 8, false}};

Status read_value(unsigned bit, const json& value, CallbackPayment& out) {
  if (bit == 1) {
    auto a = read_amount(value);
    if (!a) return a.error();
    out.amount = *a;
  } else if (bit == 2) {
    auto r = read_receipt(value);
    if (!r) return r.error();
    out.receipt = std::move(*r);
  } else if (bit == 4) {
    auto p = read_phone(value);
    if (!p) return p.error();
    out.phone = std::move(*p);
  } else {
    auto d = read_date(value);
    if (!d) return d.error();
    out.transaction_date = std::move(*d);
  }
  return {};
}

// One item's value into `out`; a second item of the same name is refused rather than guessed.
Status read_item(const json& item, CallbackPayment& out, unsigned& seen) {
  if (!item.is_object()) return bad_field(kItems, "every item must be an object");
  auto name_it = item.find("Name");
  if (name_it == item.end() || !name_it->is_string()) {
    return bad_field(kItems, "every item must have a string Name");
  }
  const auto& name = name_it->get_ref<const std::string&>();
  auto value = item.find("Value");
  for (const auto& k : kKnownItems) {
    if (name != k.name) continue;
    if (seen & k.bit) return bad_field(item_path(name), "appears twice");
    if (value == item.end()) return bad_field(item_path(name), "has no Value");
    seen |= k.bit;
    return read_value(k.bit, *value, out);
  }
  return {};  // Balance (often without a Value) and anything unknown are ignored
}

Result<CallbackPayment> read_metadata(const json& cb) {
  auto meta = cb.find("CallbackMetadata");
  if (meta == cb.end() || !meta->is_object()) {
    return bad_field(std::string(kRoot) + ".CallbackMetadata", "is missing from a success");
  }
  auto items = meta->find("Item");
  if (items == meta->end() || !items->is_array() || items->size() > kMaxItems) {
    return bad_field(kItems, "must be an array of at most 32 items");
  }
  CallbackPayment p;
  unsigned seen = 0;
  for (const auto& item : *items) {
    if (auto s = read_item(item, p, seen); !s) return s.error();
  }
  for (const auto& k : kKnownItems) {
    if (k.required && !(seen & k.bit)) return bad_field(item_path(k.name), "is missing");
  }
  return p;
}

Result<json> stk_callback_object(std::string_view body) {
  auto j = detail::parse_object(body, "STK callback");
  if (!j) return j.error();
  auto b = j->find("Body");
  if (b == j->end() || !b->is_object()) return bad_field("Body", "is missing or not an object");
  auto cb = b->find("stkCallback");
  if (cb == b->end() || !cb->is_object()) return bad_field(kRoot, "is missing or not an object");
  return *cb;
}

std::string path(std::string_view field) { return std::string(kRoot) + "." + std::string(field); }

}  // namespace

bool looks_like_receipt(std::string_view text) {
  if (text.size() != 10) return false;
  for (char c : text) {
    if (!internal::is_digit(c) && !(c >= 'A' && c <= 'Z')) return false;
  }
  return true;
}

Result<StkCallback> parse_stk_callback(std::string_view body) {
  auto cb = stk_callback_object(body);
  if (!cb) return cb.error();
  StkCallback out;
  auto merchant = detail::id_field(*cb, "MerchantRequestID", path("MerchantRequestID"));
  if (!merchant) return merchant.error();
  auto checkout = detail::id_field(*cb, "CheckoutRequestID", path("CheckoutRequestID"));
  if (!checkout) return checkout.error();
  auto code = detail::code_field(*cb, "ResultCode", path("ResultCode"));
  if (!code) return code.error();
  out.merchant_request_id = std::move(*merchant);
  out.checkout_request_id = std::move(*checkout);
  out.result_code = std::move(*code);
  out.result_desc = detail::text_field(*cb, "ResultDesc");
  if (out.result_code == "0") {
    auto payment = read_metadata(*cb);
    if (!payment) return payment.error();
    out.payment = std::move(*payment);
  }
  return out;
}

std::string callback_acknowledgement() { return R"({"ResultCode":0,"ResultDesc":"Accepted"})"; }

}  // namespace hotspot::payments::daraja
