#include "routeros/provision/ipv4.h"

namespace hotspot::routeros {
namespace {

// One decimal octet: 1-3 digits, no leading zero, at most 255.
std::optional<std::uint32_t> parse_octet(std::string_view text) {
  if (text.empty() || text.size() > 3) return std::nullopt;
  if (text.size() > 1 && text.front() == '0') return std::nullopt;
  std::uint32_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (v > 255) return std::nullopt;
  return v;
}

}  // namespace

std::optional<Ipv4> parse_ipv4(std::string_view text) {
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    auto dot = text.find('.');
    if ((i < 3) != (dot != std::string_view::npos)) return std::nullopt;
    auto octet = parse_octet(text.substr(0, dot));
    if (!octet) return std::nullopt;
    value = (value << 8) | *octet;
    text = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  }
  return Ipv4{value};
}

std::optional<Ipv4Prefix> parse_ipv4_prefix(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto ip = parse_ipv4(text.substr(0, slash));
  auto len_text = text.substr(slash + 1);
  if (!ip || len_text.empty() || len_text.size() > 2) return std::nullopt;
  if (len_text.size() == 2 && len_text.front() == '0') return std::nullopt;
  int length = 0;
  for (char c : len_text) {
    if (c < '0' || c > '9') return std::nullopt;
    length = length * 10 + (c - '0');
  }
  if (length > 32) return std::nullopt;
  return Ipv4Prefix{*ip, length};
}

std::string format_ipv4(Ipv4 ip) {
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8) {
    if (!out.empty()) out += '.';
    out += std::to_string((ip.value >> shift) & 0xffu);
  }
  return out;
}

std::string format_prefix(Ipv4 ip, int length) { return format_ipv4(ip) + '/' + std::to_string(length); }

std::uint32_t prefix_mask(int length) {
  return length <= 0 ? 0u : (length >= 32 ? 0xffffffffu : ~((1u << (32 - length)) - 1u));
}

Ipv4 network_of(Ipv4 ip, int length) { return Ipv4{ip.value & prefix_mask(length)}; }

Ipv4 broadcast_of(Ipv4 ip, int length) { return Ipv4{ip.value | ~prefix_mask(length)}; }

bool prefix_contains(Ipv4 network, int length, Ipv4 ip) {
  return network_of(ip, length) == network_of(network, length);
}

}  // namespace hotspot::routeros
