#include "core/branding.h"

#include "core/internal/text.h"

namespace hotspot {
namespace {

Error field_error(std::string_view field, std::string why) {
  return make_error(Errc::invalid_argument, std::string(field) + ": " + std::move(why));
}

// Characters of UTF-8 text, or an error naming the field.
Result<std::size_t> text_length(std::string_view field, std::string_view text) {
  std::size_t pos = 0;
  std::size_t characters = 0;
  while (pos < text.size()) {
    auto cp = internal::decode_utf8(text, pos);
    if (!cp) return field_error(field, "must be valid UTF-8 text");
    if (internal::is_control(*cp)) return field_error(field, "must not contain control characters");
    ++characters;
  }
  return characters;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = internal::to_lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

Status validate_brand_name(std::string_view name) {
  if (name.empty()) return field_error("name", "must not be empty");
  auto length = text_length("name", name);
  if (!length) return length.error();
  if (*length > kMaxBrandNameLength) {
    return field_error("name", "must be at most " + std::to_string(kMaxBrandNameLength) +
                                   " characters (got " + std::to_string(*length) + ")");
  }
  if (internal::is_space(name.front()) || internal::is_space(name.back())) {
    return field_error("name", "must not start or end with a space");
  }
  return {};
}

Status validate_brand_welcome(std::string_view welcome) {
  auto length = text_length("welcome", welcome);
  if (!length) return length.error();
  if (*length > kMaxBrandWelcomeLength) {
    return field_error("welcome", "must be at most " + std::to_string(kMaxBrandWelcomeLength) +
                                      " characters (got " + std::to_string(*length) + ")");
  }
  return {};
}

Status validate_brand_colour(std::string_view colour) {
  if (colour.size() != 7 || colour[0] != '#') {
    return field_error("colour", "must be written #rrggbb, e.g. #0b5fa5");
  }
  for (char c : colour.substr(1)) {
    if (hex_value(c) < 0) return field_error("colour", "must be written #rrggbb, e.g. #0b5fa5");
  }
  return {};
}

Status validate_support_phone(std::string_view phone) {
  if (phone.size() > 20) return field_error("support phone", "must be at most 20 characters");
  int digits = 0;
  for (char c : phone) {
    if (internal::is_digit(c)) {
      ++digits;
    } else if (c != ' ' && c != '+' && c != '-' && c != '(' && c != ')') {
      return field_error("support phone", "may hold only digits, spaces, '+', '-' and brackets");
    }
  }
  if (!phone.empty() && digits < 7) return field_error("support phone", "needs at least 7 digits");
  return {};
}

}  // namespace hotspot
