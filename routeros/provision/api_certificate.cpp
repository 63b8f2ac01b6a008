#include "routeros/provision/api_certificate.h"

#include <mbedtls/sha256.h>

#include <cctype>

namespace hotspot::routeros {
namespace {

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// The value after one `fingerprint=` at `at` (just past the '='), as lower-case hex with the
// byte separators dropped; empty unless it is exactly 64 hex digits.
std::string fingerprint_value(std::string_view output, std::size_t at) {
  while (at < output.size() && (output[at] == ' ' || output[at] == '"')) ++at;
  std::string hex;
  for (; at < output.size() && (is_hex(output[at]) || output[at] == ':'); ++at) {
    if (output[at] != ':') hex += static_cast<char>(std::tolower(static_cast<unsigned char>(output[at])));
  }
  // A longer run of word characters is some other value (a SHA-512, a name): not ours.
  if (at < output.size() && std::isalnum(static_cast<unsigned char>(output[at]))) return {};
  return hex.size() == 64 ? hex : std::string();
}

std::size_t be(std::string_view bytes, std::size_t at, int width) {
  std::size_t value = 0;
  for (int i = 0; i < width; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

// The handshake messages carried in the records before ChangeCipherSpec (type 20), after which
// everything is encrypted. Alerts and a partial last record are skipped.
std::string cleartext_handshake(std::string_view records) {
  constexpr unsigned char kChangeCipherSpec = 20, kHandshake = 22;
  std::string out;
  for (std::size_t at = 0; at + 5 <= records.size();) {
    const auto type = static_cast<unsigned char>(records[at]);
    const std::size_t length = be(records, at + 3, 2);
    if (type == kChangeCipherSpec || at + 5 + length > records.size()) break;
    if (type == kHandshake) out.append(records.substr(at + 5, length));
    at += 5 + length;
  }
  return out;
}

}  // namespace

std::optional<std::string> fingerprint_from_certificate_print(std::string_view output) {
  std::optional<std::string> found;
  for (std::string_view key : {"fingerprint=", "fingerprint:"}) {
    for (auto at = output.find(key); at != std::string_view::npos; at = output.find(key, at + 1)) {
      // "ca-fingerprint=" or "xfingerprint=" would be another field.
      if (at > 0 && !std::isspace(static_cast<unsigned char>(output[at - 1]))) continue;
      const std::string value = fingerprint_value(output, at + key.size());
      if (value.empty()) continue;
      if (found && *found != value) return std::nullopt;  // two certificates: which one is ours?
      found = value;
    }
  }
  return found;
}

std::optional<std::string> server_certificate_from_handshake(std::string_view server_bytes) {
  constexpr unsigned char kCertificate = 11;
  const std::string messages = cleartext_handshake(server_bytes);
  const std::string_view m = messages;
  for (std::size_t at = 0; at + 4 <= m.size();) {
    const std::size_t length = be(m, at + 1, 3);
    if (at + 4 + length > m.size()) return std::nullopt;
    if (static_cast<unsigned char>(m[at]) == kCertificate) {
      // certificate_list<3>, then each certificate<3>: the server's own comes first (RFC 5246 §7.4.2).
      const std::string_view body = m.substr(at + 4, length);
      if (body.size() < 6) return std::nullopt;
      const std::size_t first = be(body, 3, 3);
      if (3 + be(body, 0, 3) != body.size() || first == 0 || 6 + first > body.size()) return std::nullopt;
      return std::string(body.substr(6, first));
    }
    at += 4 + length;
  }
  return std::nullopt;
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char hash[32];
  mbedtls_sha256_ret(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), hash, 0);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : hash) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xf];
  }
  return out;
}

}  // namespace hotspot::routeros
