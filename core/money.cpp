#include "core/money.h"

#include <limits>

#include "core/internal/text.h"

namespace hotspot {
namespace {

using internal::is_digit;

Error bad_amount(std::string_view input, std::string_view why) {
  return make_error(
      Errc::invalid_argument,
      internal::quote_for_message(input) + " is not an amount in shillings: " + std::string(why));
}

constexpr std::string_view kUseForm = "use whole shillings like 1500 or KES 1,500";

// Drops a leading currency marker ("KES", "Ksh", "KSh.", "Kshs") and the spaces after it.
std::string_view strip_currency(std::string_view text) {
  for (std::string_view prefix : {"kshs", "kes", "ksh"}) {
    if (text.size() >= prefix.size() && internal::iequals(text.substr(0, prefix.size()), prefix)) {
      text.remove_prefix(prefix.size());
      if (!text.empty() && text.front() == '.') text.remove_prefix(1);
      return internal::trim(text);
    }
  }
  return text;
}

// The Kenyan "/=" or "/-" after a whole amount.
std::string_view strip_slash_suffix(std::string_view text) {
  if (text.size() >= 2 && text[text.size() - 2] == '/' &&
      (text.back() == '=' || text.back() == '-')) {
    text.remove_suffix(2);
    return internal::trim(text);
  }
  return text;
}

// Commas are accepted only as thousands separators, so "1,50" is refused as a likely typo.
bool valid_grouping(std::string_view digits) {
  std::size_t first = digits.find(',');
  if (first == std::string_view::npos) return true;
  if (first == 0 || first > 3) return false;
  for (std::size_t i = first; i < digits.size(); i += 4) {
    if (digits[i] != ',' || digits.size() - i < 4) return false;
    for (std::size_t j = i + 1; j < i + 4; ++j) {
      if (!is_digit(digits[j])) return false;
    }
  }
  return true;
}

}  // namespace

Result<Kes> parse_kes(std::string_view input) {
  std::string_view text = internal::trim(input);
  if (text.empty()) {
    return make_error(Errc::invalid_argument, "An amount is required: " + std::string(kUseForm));
  }
  text = strip_slash_suffix(strip_currency(text));
  if (!text.empty() && text.front() == '-') return bad_amount(input, "it must not be negative");
  std::uint64_t value = 0;
  bool any_digit = false;
  for (char c : text) {
    if (c == '.') return bad_amount(input, "M-PESA takes whole shillings, no cents");
    if (c == ',') continue;
    if (!is_digit(c)) return bad_amount(input, kUseForm);
    if (!internal::push_digit(value, c)) return bad_amount(input, "the number is too large");
    any_digit = true;
  }
  if (!any_digit || !valid_grouping(text)) return bad_amount(input, kUseForm);
  if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return bad_amount(input, "the number is too large");
  }
  return Kes{static_cast<std::int64_t>(value)};
}

Status validate_price(Kes price) {
  if (price.shillings >= kMinPriceKes && price.shillings <= kMaxPriceKes) return {};
  return make_error(Errc::invalid_argument, "price: must be between " +
                                                format_kes(Kes{kMinPriceKes}) + " and " +
                                                format_kes(Kes{kMaxPriceKes}) + " (got " +
                                                std::to_string(price.shillings) + ")");
}

std::string format_kes(Kes amount) {
  // Negate in unsigned arithmetic so that INT64_MIN (a refund gone wrong) prints too.
  bool negative = amount.shillings < 0;
  auto magnitude = static_cast<std::uint64_t>(amount.shillings);
  if (negative) magnitude = 0 - magnitude;
  return std::string("KES ") + (negative ? "-" : "") + internal::group_thousands(magnitude);
}

}  // namespace hotspot
