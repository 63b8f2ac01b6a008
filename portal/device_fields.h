#pragma once
// The fields the router's login page passes to the portal (routeros.md §3.2), checked one by
// one: a field that fails its check is dropped (left empty), never echoed or passed on raw.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "portal/backend.h"

namespace hotspot::portal {

// The most bytes of the router's $(error) text the portal will show.
inline constexpr std::size_t kMaxRouterErrorBytes = 200;

struct RouterFields {
  DeviceContext device;
  // The CHAP values as the router escaped them: what the portal's own forms carry along,
  // since the decoded bytes in `device` are not text.
  std::string chap_id_escaped;
  std::string chap_challenge_escaped;
  std::string error;  // the router's $(error), trimmed to kMaxRouterErrorBytes; shown escaped
};

// "aa-bb-cc-dd-ee-ff" or "AA:BB:CC:DD:EE:FF" -> "AA:BB:CC:DD:EE:FF"; nullopt for anything
// that is not six hex pairs with one kind of separator.
std::optional<std::string> normalize_mac(std::string_view text);
// Dotted-quad IPv4, each part 0..255 without leading zeros.
bool is_ipv4(std::string_view text);

// Reads the fields through `field` (a query or form value by name, empty when absent).
// `client_ip` is the address the request came from, kept as it is.
RouterFields parse_router_fields(const std::function<std::string(std::string_view)>& field,
                                 std::string_view client_ip);

}  // namespace hotspot::portal
