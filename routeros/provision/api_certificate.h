#pragma once
// The router's API-SSL certificate that provisioning creates (self-signed, on the router), and
// the two ways the appliance learns its fingerprint to pin it (routeros.md §1.10): from
// `/certificate print detail` over the authenticated SSH channel, or, when that output cannot be
// read, from the certificate the router presents in the TLS handshake right after provisioning.
// Pure: the caller runs the command and the handshake.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotspot::routeros {

inline constexpr std::string_view kApiCertificateName = "hotspot-edge-api";
inline constexpr std::uint16_t kApiSslPort = 8729;

// The SHA-256 fingerprint in `/certificate print detail` output, as 64 lower-case hex digits.
// RouterOS's exact wording is not in the reference, so `fingerprint=` (or `fingerprint:`) with
// 64 hex digits, quoted or not, ':' between bytes or not, is taken; anything else (no such
// field, another length, two different values) is nullopt.
std::optional<std::string> fingerprint_from_certificate_print(std::string_view output);

// The DER of the server's own certificate (the first in its Certificate message), read from the
// bytes a server sent in a TLS 1.2 handshake, where that message is still in the clear. nullopt
// when the bytes hold no complete Certificate message (TLS 1.3 encrypts it).
std::optional<std::string> server_certificate_from_handshake(std::string_view server_bytes);

// 64 lower-case hex digits: the pin format of TlsOptions::pinned_sha256.
std::string sha256_hex(std::string_view bytes);

}  // namespace hotspot::routeros
