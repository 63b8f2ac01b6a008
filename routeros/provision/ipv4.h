#pragma once
// IPv4 addresses and prefixes as the provisioning request carries them. Strict dotted-quad only
// (no leading zeros, which some parsers read as octal), so what reaches the router is exactly
// what the technician typed.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotspot::routeros {

struct Ipv4 {
  std::uint32_t value = 0;
  bool operator==(const Ipv4&) const = default;
  auto operator<=>(const Ipv4&) const = default;
};

struct Ipv4Prefix {
  Ipv4 address;  // as written; for a network CIDR the host bits must be zero
  int length = 32;
};

std::optional<Ipv4> parse_ipv4(std::string_view text);
// "10.5.50.0/24"; a bare address is not a prefix here.
std::optional<Ipv4Prefix> parse_ipv4_prefix(std::string_view text);

std::string format_ipv4(Ipv4 ip);
std::string format_prefix(Ipv4 ip, int length);  // "10.5.50.1/24"

std::uint32_t prefix_mask(int length);
Ipv4 network_of(Ipv4 ip, int length);
Ipv4 broadcast_of(Ipv4 ip, int length);
bool prefix_contains(Ipv4 network, int length, Ipv4 ip);

}  // namespace hotspot::routeros
