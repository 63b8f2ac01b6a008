#pragma once
// The login.html that replaces the router's own: it sends the browser straight on to the
// appliance's portal with everything the portal needs to log the customer in. Served by the
// router, it must work on an old phone with no internet yet: no external assets, a meta refresh
// that works without JavaScript, a script for browsers that ignore the refresh, and a visible link.

#include <array>
#include <string>
#include <string_view>

#include "routeros/provision/request.h"

namespace hotspot::routeros {

// The query parameters the portal receives, and the router variable each carries. The URL-escaped
// "-esc" twins are used (reference §3.2), so a value can never break out of the URL or the HTML
// attribute it sits in. chap-id and chap-challenge arrive as octal escapes ("\371") inside the
// URL escaping; the portal decodes both.
struct PortalParam {
  std::string_view query_name;
  std::string_view router_variable;
};
inline constexpr std::array<PortalParam, 7> kPortalParams = {{
    {"mac", "mac"},
    {"ip", "ip"},
    {"login", "link-login-only"},
    {"dst", "link-orig"},
    {"chap_id", "chap-id"},
    {"chap_challenge", "chap-challenge"},
    {"error", "error"},
}};

// "http://10.5.50.2/portal?mac=$(mac-esc)&ip=$(ip-esc)&..." (with '&' as written, not escaped).
std::string portal_redirect_url(const ProvisioningRequest& request);

// The page. Call with a validated request: the URL parts are then plain characters.
std::string render_login_page(const ProvisioningRequest& request);

}  // namespace hotspot::routeros
