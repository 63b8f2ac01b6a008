#include "core/internal/text.h"

namespace hotspot::internal {

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = to_lower(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  }
  return true;
}

bool push_digit(std::uint64_t& value, char digit) {
  std::uint64_t next = 0;
  if (__builtin_mul_overflow(value, 10u, &next)) return false;
  if (__builtin_add_overflow(next, static_cast<std::uint64_t>(digit - '0'), &next)) return false;
  value = next;
  return true;
}

std::optional<std::uint64_t> parse_u64(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : digits) {
    if (!is_digit(c) || !push_digit(value, c)) return std::nullopt;
  }
  return value;
}

std::string group_thousands(std::uint64_t value) {
  std::string digits = std::to_string(value);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

namespace {

// Which lead bytes start a sequence of which length, and the payload bits they carry. C0, C1
// and F5..FF never appear in valid UTF-8; continuation bytes never lead.
struct Utf8Lead {
  unsigned char low, high, mask;
  std::size_t length;
};
constexpr Utf8Lead kUtf8Leads[] = {
    {0x00, 0x7F, 0x7F, 1}, {0xC2, 0xDF, 0x1F, 2}, {0xE0, 0xEF, 0x0F, 3}, {0xF0, 0xF4, 0x07, 4}};

bool utf8_lead(unsigned char b, std::size_t& len, char32_t& cp) {
  for (const Utf8Lead& lead : kUtf8Leads) {
    if (b >= lead.low && b <= lead.high) {
      len = lead.length;
      cp = b & lead.mask;
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<char32_t> decode_utf8(std::string_view text, std::size_t& pos) {
  if (pos >= text.size()) return std::nullopt;
  std::size_t len = 0;
  char32_t cp = 0;
  if (!utf8_lead(static_cast<unsigned char>(text[pos]), len, cp)) return std::nullopt;
  if (text.size() - pos < len) return std::nullopt;
  for (std::size_t i = 1; i < len; ++i) {
    auto b = static_cast<unsigned char>(text[pos + i]);
    if ((b & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr char32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinForLength[len] || cp > 0x10FFFF) return std::nullopt;
  if (cp >= 0xD800 && cp <= 0xDFFF) return std::nullopt;
  pos += len;
  return cp;
}

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

std::string quote_for_message(std::string_view input) {
  constexpr std::size_t kMaxShown = 32;
  std::string out = "'";
  std::size_t pos = 0;
  std::size_t shown = 0;
  while (pos < input.size() && shown < kMaxShown) {
    std::size_t start = pos;
    auto cp = decode_utf8(input, pos);
    if (!cp) {
      out.push_back('?');
      ++pos;
    } else if (is_control(*cp)) {
      out.push_back('?');
    } else {
      out.append(input.substr(start, pos - start));
    }
    ++shown;
  }
  if (pos < input.size()) out += "...";
  out.push_back('\'');
  return out;
}

}  // namespace hotspot::internal
