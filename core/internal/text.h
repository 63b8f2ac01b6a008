#pragma once
// Byte-level text helpers shared by the parsers in core/. Everything here is ASCII-only on
// purpose: <cctype> is locale-dependent and undefined for negative chars, and every input
// we parse may hold arbitrary bytes from a phone or a peer.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotspot::internal {

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_space(char c) { return c == ' ' || c == '\t'; }
inline char to_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
inline char to_upper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

std::string_view trim(std::string_view text);
std::string ascii_lower(std::string_view text);
bool iequals(std::string_view a, std::string_view b);

// Appends one decimal digit to `value`; false (and `value` untouched) on uint64 overflow.
bool push_digit(std::uint64_t& value, char digit);
// Decimal digits only, no sign; nullopt when empty, not all digits, or past uint64.
std::optional<std::uint64_t> parse_u64(std::string_view digits);

// "1,234,567" for people.
std::string group_thousands(std::uint64_t value);

// Strict UTF-8 decoding (no overlong forms, surrogates or values past U+10FFFF). On success
// advances `pos` past the sequence; on failure leaves `pos` alone.
std::optional<char32_t> decode_utf8(std::string_view text, std::size_t& pos);
// A C0 or C1 control character, or DEL.
bool is_control(char32_t cp);

// User input quoted for an error message: at most 32 characters, invalid UTF-8 and control
// characters shown as '?', so that the message itself is always safe, valid UTF-8 on one line.
std::string quote_for_message(std::string_view input);

}  // namespace hotspot::internal
