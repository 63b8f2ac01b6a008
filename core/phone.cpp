#include "core/phone.h"

#include "core/internal/text.h"

namespace hotspot {
namespace {

constexpr std::string_view kValidForms = "use 07XX XXX XXX, 01XX XXX XXX or +254 7XX XXX XXX";

Error not_kenyan(std::string_view input) {
  return make_error(Errc::invalid_argument,
                    internal::quote_for_message(input) +
                        " is not a Kenyan mobile number: " + std::string(kValidForms));
}

bool is_separator(char c) {
  return c == ' ' || c == '\t' || c == '-' || c == '.' || c == '(' || c == ')';
}

bool mobile_nsn(std::string_view nsn) {
  return nsn.size() == 9 && (nsn.front() == '7' || nsn.front() == '1');
}

// The 9-digit national significant number inside one of the accepted shapes, or empty.
std::string_view find_nsn(std::string_view digits, bool international) {
  if (international || digits.size() == 12) {
    if (digits.size() != 12 || digits.substr(0, 3) != "254") return {};
    digits.remove_prefix(3);
  } else if (digits.size() == 10) {
    if (digits.front() != '0') return {};
    digits.remove_prefix(1);
  }
  return mobile_nsn(digits) ? digits : std::string_view{};
}

}  // namespace

Result<PhoneNumber> parse_kenyan_phone(std::string_view input) {
  std::string_view text = internal::trim(input);
  if (text.empty()) {
    return make_error(Errc::invalid_argument,
                      "A phone number is required: " + std::string(kValidForms));
  }
  bool international = text.front() == '+';
  if (international) text.remove_prefix(1);
  std::string digits;
  for (char c : text) {
    if (is_separator(c)) continue;
    // 16 digits is past every accepted shape; stop copying so huge input stays cheap.
    if (!internal::is_digit(c) || digits.size() > 16) return not_kenyan(input);
    digits.push_back(c);
  }
  std::string_view nsn = find_nsn(digits, international);
  if (nsn.empty()) return not_kenyan(input);
  return PhoneNumber{"254" + std::string(nsn)};
}

std::string format_phone_local(const PhoneNumber& phone) {
  if (phone.msisdn.size() != 12) return phone.msisdn;  // not from the parser; show as is
  std::string_view nsn = std::string_view(phone.msisdn).substr(3);
  return "0" + std::string(nsn.substr(0, 3)) + " " + std::string(nsn.substr(3, 3)) + " " +
         std::string(nsn.substr(6));
}

std::string mask_phone(const PhoneNumber& phone) {
  if (phone.msisdn.size() != 12) return "****";  // never risk printing an unknown shape whole
  return phone.msisdn.substr(0, 4) + "****" + phone.msisdn.substr(8);
}

}  // namespace hotspot
