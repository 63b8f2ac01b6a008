#pragma once
// Where a customer may be sent after logging in. The router hands the portal the page the customer
// wanted (link-orig) and its own login form (link-login-only); both come through the customer's
// browser, so both are untrusted and end up in a Location header and an HTML attribute.

#include <optional>
#include <string>
#include <string_view>

namespace hotspot {

// `url` if it is a plain absolute http:// or https:// URL safe to put in a Location header and
// an HTML attribute, else nullopt: at most 2048 bytes; scheme http or https (any case); a non-empty
// host of letters, digits, '-', '.', or an IPv4 address, or a bracketed IPv6; optional :port
// (1-65535); then optional path/query/fragment of printable ASCII without spaces, quotes ("'),
// '<', '>', backslash or control characters; no userinfo (user@host). Used for the router's
// link-orig (where the customer wanted to go) and link-login-only (the router's login form).
std::optional<std::string> safe_destination(std::string_view url);

}  // namespace hotspot
