#include "core/destination.h"

#include <cstdint>

#include "core/internal/text.h"

namespace hotspot {
namespace {

constexpr std::size_t kMaxUrlLength = 2048;

bool is_hex(char c) {
  return internal::is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// What follows "http://" or "https://", or nullopt for any other scheme.
std::optional<std::string_view> after_scheme(std::string_view url) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (url.size() >= scheme.size() && internal::iequals(url.substr(0, scheme.size()), scheme)) {
      return url.substr(scheme.size());
    }
  }
  return std::nullopt;
}

// Dotted-quad decimal only. Leading zeros are refused: some resolvers read "010" as octal.
bool is_ipv4(std::string_view text) {
  for (int i = 0; i < 4; ++i) {
    std::size_t dot = text.find('.');
    bool last = i == 3;
    if (last != (dot == std::string_view::npos)) return false;
    std::string_view part = text.substr(0, dot);
    auto value = internal::parse_u64(part);
    if (!value || *value > 255 || part.size() > 3 || (part.size() > 1 && part[0] == '0')) {
      return false;
    }
    if (!last) text.remove_prefix(dot + 1);
  }
  return true;
}

// Colon-separated groups of 1-4 hex digits, added to `groups`; the last may be an IPv4 address
// (two groups' worth) when `may_end_in_ipv4`. Empty text is no groups.
bool count_ipv6_groups(std::string_view text, bool may_end_in_ipv4, int& groups) {
  while (!text.empty()) {
    std::size_t colon = text.find(':');
    std::string_view group = text.substr(0, colon);
    bool last = colon == std::string_view::npos;
    if (last && may_end_in_ipv4 && group.find('.') != std::string_view::npos) {
      groups += 2;
      return is_ipv4(group);
    }
    if (group.empty() || group.size() > 4) return false;
    for (char c : group) {
      if (!is_hex(c)) return false;
    }
    ++groups;
    if (last) return true;
    text.remove_prefix(colon + 1);
    if (text.empty()) return false;  // a trailing single colon
  }
  return true;
}

// RFC 4291 text form: eight groups, or fewer with one "::" standing for the zero groups left out;
// an IPv4 address may take the last two. No zone ids.
bool is_ipv6(std::string_view text) {
  int groups = 0;
  std::size_t gap = text.find("::");
  if (gap == std::string_view::npos) return count_ipv6_groups(text, true, groups) && groups == 8;
  std::string_view after = text.substr(gap + 2);
  if (after.find("::") != std::string_view::npos) return false;
  return count_ipv6_groups(text.substr(0, gap), false, groups) &&
         count_ipv6_groups(after, true, groups) && groups <= 7;
}

// Letters, digits, '-' and '.', with no empty label but an optional trailing dot. A name made
// only of digits and dots is read by browsers as an address, so it must be a valid one.
bool is_host_name(std::string_view host) {
  if (host.empty() || host.front() == '.' || host.find("..") != std::string_view::npos) {
    return false;
  }
  bool numeric = true;
  for (char c : host) {
    if (!internal::is_alpha(c) && !internal::is_digit(c) && c != '-' && c != '.') return false;
    numeric = numeric && (internal::is_digit(c) || c == '.');
  }
  return !numeric || is_ipv4(host);
}

bool is_port(std::string_view digits) {
  auto value = internal::parse_u64(digits);
  return value && digits.size() <= 5 && *value >= 1 && *value <= 65'535;
}

// host[:port] or [ipv6][:port]. An '@' (userinfo) fails here, as no host may contain one.
bool is_authority(std::string_view authority) {
  std::string_view port_part;
  if (!authority.empty() && authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos || !is_ipv6(authority.substr(1, close - 1))) return false;
    port_part = authority.substr(close + 1);
  } else {
    std::size_t colon = authority.find(':');
    if (!is_host_name(authority.substr(0, colon))) return false;
    if (colon != std::string_view::npos) port_part = authority.substr(colon);
  }
  if (port_part.empty()) return true;
  return port_part.front() == ':' && is_port(port_part.substr(1));
}

// Path, query and fragment: nothing that could close a quoted attribute, open a tag, split a
// header line, or be read as a path separator by lenient browsers.
bool is_safe_tail(std::string_view tail) {
  for (char c : tail) {
    auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f) return false;
    if (c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\') return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> safe_destination(std::string_view url) {
  if (url.size() > kMaxUrlLength) return std::nullopt;
  auto rest = after_scheme(url);
  if (!rest) return std::nullopt;
  std::size_t tail_start = rest->find_first_of("/?#");
  std::string_view authority = rest->substr(0, tail_start);
  std::string_view tail =
      tail_start == std::string_view::npos ? std::string_view() : rest->substr(tail_start);
  if (!is_authority(authority) || !is_safe_tail(tail)) return std::nullopt;
  return std::string(url);
}

}  // namespace hotspot
