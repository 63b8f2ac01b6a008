#pragma once
// What the technician asks provisioning to build, and its validation. Every field that reaches
// the script or the login page is checked here; each error names the field. The request holds
// the API password, so the script made from it is a secret too.

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "routeros/provision/ipv4.h"
#include "routeros/provision/version_gate.h"

namespace hotspot::routeros {

// One plan as a hotspot user profile, tagged "hotspot-edge:plan=<id>" so that reconciliation
// recognises it as the appliance's.
struct PlanProfile {
  std::int64_t plan_id = 0;
  std::string name;        // the profile name: [A-Za-z0-9._-], 1..64
  std::string rate_limit;  // "upload/download" from the client's view ("2M/5M"); empty = none
  int shared_users = 1;
};

enum class ApiService { api, api_ssl };

struct ProvisioningRequest {
  std::string router_version;               // as /system resource reports it: "7.12.1"
  std::vector<std::string> lan_interfaces;  // bridged together: "ether2", "wlan1"
  std::string wan_interface;                // optional: masquerade the hotspot network out of it
  std::string bridge_name = "br-hotspot";
  std::string network;                      // "10.5.50.0/24"
  std::string gateway;                      // empty: the first host (.1)
  std::string pool_first;                   // empty: network + 10
  std::string pool_last;                    // empty: the last host (.254 in a /24)
  std::string hotspot_dns_name;             // the login host on the router: "login.wifi.lan"
  std::string appliance_address;            // "10.5.50.2"
  std::string appliance_mac;                // optional: bypass by MAC rather than by address
  std::uint16_t portal_port = 80;
  bool portal_https = false;
  std::string portal_host;                  // optional DNS name pinned to the appliance
  std::string portal_path = "/portal";
  std::vector<PlanProfile> plans;
  std::string api_user;
  std::string api_password;                 // secret
  std::string api_allowed_address;          // "10.5.50.2/32" (a bare address means /32)
  ApiService api_service = ApiService::api;
  std::vector<std::string> ntp_servers;     // addresses or host names, 1..3
  bool router_has_flash = false;            // boards whose persistent files live under flash/
};

// The request after validation, with the addressing worked out.
struct HotspotLayout {
  RouterOsVersion version;
  Ipv4 network;
  int prefix_length = 24;
  Ipv4 gateway;
  Ipv4 pool_first;
  Ipv4 pool_last;
  Ipv4 appliance;
  std::string api_allowed;  // normalised prefix: "10.5.50.2/32"

  std::string network_cidr() const { return format_prefix(network, prefix_length); }
  std::string gateway_cidr() const { return format_prefix(gateway, prefix_length); }
  std::string pool_range() const { return format_ipv4(pool_first) + "-" + format_ipv4(pool_last); }
  bool appliance_on_hotspot_lan() const { return prefix_contains(network, prefix_length, appliance); }
};

inline constexpr std::size_t kMaxNameLength = 64;
inline constexpr std::size_t kMaxDnsNameLength = 253;
inline constexpr std::size_t kMinPasswordLength = 12;
inline constexpr std::size_t kMaxPasswordLength = 64;
inline constexpr std::size_t kMaxPlans = 64;
inline constexpr std::size_t kMaxLanInterfaces = 16;
inline constexpr std::size_t kMaxNtpServers = 3;

// Errc::invalid_argument naming the field, or Errc::unsupported for the router version.
Result<HotspotLayout> validate_request(const ProvisioningRequest& request);

// The html directory of the hotspot server profile, where login.html goes.
std::string hotspot_html_directory(const ProvisioningRequest& request);

// The portal URL without query: "http://10.5.50.2:8080/portal".
std::string portal_base_url(const ProvisioningRequest& request);

}  // namespace hotspot::routeros
