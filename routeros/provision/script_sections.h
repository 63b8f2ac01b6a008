#pragma once
// The sections of the provisioning script, in the order they run. Internal to the provisioning
// library: script.cpp assembles them, and each appends its own lines.

#include <string>
#include <string_view>
#include <vector>

#include "routeros/provision/request.h"

namespace hotspot::routeros::provision_script {

using Lines = std::vector<std::string>;

// Names of the objects the script owns where the menu has names. Menus whose comment field is
// not confirmed for both v6 and v7 (pool, DHCP server, hotspot profile and server, user group)
// carry the tag in the name and get a comment only on a best-effort line.
inline constexpr std::string_view kObjectName = "hotspot-edge";
inline constexpr std::string_view kApiGroup = "hotspot-edge-api";

struct Context {
  const ProvisioningRequest& request;
  const HotspotLayout& layout;
  bool redact_secrets = false;
};

std::string tag(std::string_view detail);  // owner_comment(detail)

void preflight(const Context& c, Lines& out);
void lan_section(const Context& c, Lines& out);
void dhcp_section(const Context& c, Lines& out);
void dns_section(const Context& c, Lines& out);
void hotspot_section(const Context& c, Lines& out);
void plan_profiles_section(const Context& c, Lines& out);
void walled_garden_section(const Context& c, Lines& out);
void api_access_section(const Context& c, Lines& out);
void nat_section(const Context& c, Lines& out);
void ntp_section(const Context& c, Lines& out);

}  // namespace hotspot::routeros::provision_script
