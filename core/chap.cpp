#include "core/chap.h"

#include <mbedtls/md5.h>
#include <mbedtls/platform_util.h>

#include <array>
#include <cstdint>

namespace hotspot {
namespace {

// RouterOS sends a 1-byte id and a 16-byte challenge; the bound keeps a hostile form field from
// growing the hash input.
constexpr std::size_t kMaxChapBytes = 64;

bool is_octal(char c) { return c >= '0' && c <= '7'; }

Error chap_error(std::size_t offset, const std::string& why) {
  return make_error(Errc::invalid_argument,
                    "chap: " + why + " (at character " + std::to_string(offset + 1) + ")");
}

}  // namespace

Result<std::string> decode_chap_escapes(std::string_view escaped) {
  std::string out;
  std::size_t pos = 0;
  while (pos < escaped.size()) {
    if (out.size() == kMaxChapBytes) {
      return make_error(Errc::invalid_argument,
                        "chap: must decode to at most " + std::to_string(kMaxChapBytes) + " bytes");
    }
    if (escaped[pos] != '\\') {
      out.push_back(escaped[pos++]);
      continue;
    }
    std::string_view digits = escaped.substr(pos + 1, 3);
    if (digits.size() != 3 || !is_octal(digits[0]) || !is_octal(digits[1]) ||
        !is_octal(digits[2])) {
      return chap_error(pos, "a backslash must be followed by three octal digits");
    }
    int value = (digits[0] - '0') * 64 + (digits[1] - '0') * 8 + (digits[2] - '0');
    if (value > 0377) return chap_error(pos, "an octal escape must be at most \\377");
    out.push_back(static_cast<char>(value));
    pos += 4;
  }
  return out;
}

std::string chap_password(std::string_view chap_id, std::string_view password,
                          std::string_view chap_challenge) {
  std::string input;
  input.reserve(chap_id.size() + password.size() + chap_challenge.size());
  input.append(chap_id).append(password).append(chap_challenge);

  std::array<unsigned char, 16> digest{};
  int rc = mbedtls_md5_ret(reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                           digest.data());
  // The input holds the ticket's password: leave no copy of it on the heap.
  mbedtls_platform_zeroize(input.data(), input.size());
  // Software MD5 cannot fail; should a hardware backend ever fail, an empty answer makes the
  // router refuse the login rather than accept a wrong hash.
  if (rc != 0) return {};

  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(digest.size() * 2);
  for (unsigned char byte : digest) {
    hex.push_back(kHex[byte >> 4]);
    hex.push_back(kHex[byte & 0x0f]);
  }
  return hex;
}

}  // namespace hotspot
