#include "routeros/sim/login.h"

#include <mbedtls/md5.h>

namespace hotspot::routeros::sim {

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    hex.push_back(kDigits[c >> 4]);
    hex.push_back(kDigits[c & 0x0F]);
  }
  return hex;
}

std::string challenge_response(std::string_view password, std::string_view challenge) {
  std::string input(1, '\0');
  input.append(password);
  input.append(challenge);
  unsigned char digest[16];
  mbedtls_md5_ret(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  return "00" + to_hex(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

}  // namespace hotspot::routeros::sim
