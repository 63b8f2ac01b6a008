#include "routeros/provision/request.h"

#include <set>

#include "core/plan.h"
#include "routeros/provision/request_fields.h"

namespace hotspot::routeros {
namespace {

using provision_fields::invalid_field;

Status validate_interfaces(const ProvisioningRequest& r) {
  if (r.lan_interfaces.empty()) return invalid_field("lan_interfaces", "name at least one LAN interface");
  if (r.lan_interfaces.size() > kMaxLanInterfaces) return invalid_field("lan_interfaces", "too many interfaces");
  if (auto s = provision_fields::check_name("bridge_name", r.bridge_name, kMaxNameLength); !s) return s;
  std::set<std::string> seen;
  for (const auto& name : r.lan_interfaces) {
    if (auto s = provision_fields::check_name("lan_interfaces", name, kMaxNameLength); !s) return s;
    if (!seen.insert(name).second) return invalid_field("lan_interfaces", "names an interface twice");
    if (name == r.bridge_name) return invalid_field("lan_interfaces", "must not include the bridge itself");
  }
  if (r.wan_interface.empty()) return {};
  if (auto s = provision_fields::check_name("wan_interface", r.wan_interface, kMaxNameLength); !s) return s;
  if (seen.count(r.wan_interface) != 0 || r.wan_interface == r.bridge_name) {
    return invalid_field("wan_interface", "must not be bridged into the hotspot LAN");
  }
  return {};
}

// An address given in `text`, or `fallback` when it is empty; it must lie strictly inside the
// network (neither the network nor the broadcast address).
Result<Ipv4> host_in_network(std::string_view field, const std::string& text, Ipv4 fallback,
                             const HotspotLayout& l) {
  Ipv4 ip = fallback;
  if (!text.empty()) {
    auto parsed = parse_ipv4(text);
    if (!parsed) return invalid_field(field, "is not an IPv4 address such as 10.5.50.1");
    ip = *parsed;
  }
  if (!prefix_contains(l.network, l.prefix_length, ip) || ip == l.network ||
      ip == broadcast_of(l.network, l.prefix_length)) {
    return invalid_field(field, "is outside the network " + l.network_cidr() + " or is its network or broadcast address");
  }
  return ip;
}

Status parse_network(const ProvisioningRequest& r, HotspotLayout& l) {
  auto prefix = parse_ipv4_prefix(r.network);
  if (!prefix) return invalid_field("network", "is not an IPv4 network such as 10.5.50.0/24");
  if (prefix->length < 16 || prefix->length > 28) {
    return invalid_field("network", "needs a prefix length from /16 to /28");
  }
  if (network_of(prefix->address, prefix->length) != prefix->address) {
    return invalid_field("network", "has host bits set; the network of that address is " +
                                        format_prefix(network_of(prefix->address, prefix->length), prefix->length));
  }
  l.network = prefix->address;
  l.prefix_length = prefix->length;
  return {};
}

Status plan_addresses(const ProvisioningRequest& r, HotspotLayout& l) {
  if (auto s = parse_network(r, l); !s) return s;
  auto gw = host_in_network("gateway", r.gateway, Ipv4{l.network.value + 1}, l);
  if (!gw) return gw.error();
  l.gateway = *gw;
  auto first = host_in_network("pool_first", r.pool_first, Ipv4{l.network.value + 10}, l);
  if (!first) return first.error();
  auto last = host_in_network("pool_last", r.pool_last, Ipv4{broadcast_of(l.network, l.prefix_length).value - 1}, l);
  if (!last) return last.error();
  if (*last < *first) return invalid_field("pool_last", "comes before pool_first");
  l.pool_first = *first;
  l.pool_last = *last;
  if (l.gateway >= l.pool_first && l.gateway <= l.pool_last) {
    return invalid_field("gateway", "lies inside the DHCP pool " + l.pool_range());
  }
  return {};
}

Status plan_appliance(const ProvisioningRequest& r, HotspotLayout& l) {
  auto ip = parse_ipv4(r.appliance_address);
  if (!ip) return invalid_field("appliance_address", "is not an IPv4 address such as 10.5.50.2");
  l.appliance = *ip;
  if (l.appliance == l.gateway) return invalid_field("appliance_address", "is the router's own gateway address");
  if (l.appliance_on_hotspot_lan()) {
    auto inside = host_in_network("appliance_address", r.appliance_address, l.appliance, l);
    if (!inside) return inside.error();
    if (l.appliance >= l.pool_first && l.appliance <= l.pool_last) {
      return invalid_field("appliance_address", "lies inside the DHCP pool " + l.pool_range() +
                                                    "; give the appliance a fixed address outside it");
    }
  }
  if (!r.appliance_mac.empty()) return provision_fields::check_mac("appliance_mac", r.appliance_mac);
  return {};
}

Status validate_portal(const ProvisioningRequest& r) {
  if (auto s = provision_fields::check_dns_name("hotspot_dns_name", r.hotspot_dns_name); !s) return s;
  if (r.portal_port == 0) return invalid_field("portal_port", "must be 1 to 65535");
  if (!r.portal_host.empty()) {
    if (auto s = provision_fields::check_dns_name("portal_host", r.portal_host); !s) return s;
    if (r.portal_host == r.hotspot_dns_name) return invalid_field("portal_host", "must differ from hotspot_dns_name");
  }
  return provision_fields::check_url_path("portal_path", r.portal_path);
}

Status validate_plan(const PlanProfile& p, std::set<std::int64_t>& ids, std::set<std::string>& names) {
  const std::string field = "plans[" + std::to_string(p.plan_id) + "]";
  if (p.plan_id <= 0) return invalid_field("plans", "every plan needs a stored id (a positive number)");
  if (!ids.insert(p.plan_id).second) return invalid_field(field, "appears twice");
  if (auto s = provision_fields::check_name(field + ".name", p.name, kMaxNameLength); !s) return s;
  if (p.name == "default") return invalid_field(field + ".name", "'default' is the router's own profile");
  if (!names.insert(p.name).second) return invalid_field(field + ".name", "is used by another plan");
  if (auto s = provision_fields::check_rate_limit(field + ".rate_limit", p.rate_limit); !s) return s;
  if (p.shared_users < 1 || p.shared_users > kMaxSharedDevices) {
    return invalid_field(field + ".shared_users", "must be 1 to " + std::to_string(kMaxSharedDevices));
  }
  return {};
}

Status validate_plans(const ProvisioningRequest& r) {
  if (r.plans.size() > kMaxPlans) return invalid_field("plans", "more than " + std::to_string(kMaxPlans) + " plans");
  std::set<std::int64_t> ids;
  std::set<std::string> names;
  for (const auto& p : r.plans) {
    if (auto s = validate_plan(p, ids, names); !s) return s;
  }
  return {};
}

Status validate_api(const ProvisioningRequest& r, HotspotLayout& l) {
  if (auto s = provision_fields::check_name("api_user", r.api_user, 32); !s) return s;
  if (r.api_user == "admin") return invalid_field("api_user", "must be a dedicated user, not admin");
  if (auto s = provision_fields::check_password("api_password", r.api_password); !s) return s;
  if (r.api_password == r.api_user) return invalid_field("api_password", "must differ from the user name");
  auto prefix = parse_ipv4_prefix(r.api_allowed_address);
  if (!prefix) {
    auto ip = parse_ipv4(r.api_allowed_address);
    if (!ip) return invalid_field("api_allowed_address", "is not an IPv4 address or prefix such as 10.5.50.2/32");
    prefix = Ipv4Prefix{*ip, 32};
  }
  if (prefix->length < 24 || network_of(prefix->address, prefix->length) != prefix->address) {
    return invalid_field("api_allowed_address", "must be the appliance's address (/32) or a small network (/24 or longer) without host bits");
  }
  l.api_allowed = format_prefix(prefix->address, prefix->length);
  return {};
}

Status validate_ntp(const ProvisioningRequest& r, const HotspotLayout& l) {
  if (r.ntp_servers.empty() || r.ntp_servers.size() > kMaxNtpServers) {
    return invalid_field("ntp_servers", "name 1 to " + std::to_string(kMaxNtpServers) + " NTP servers");
  }
  int addresses = 0;
  for (const auto& server : r.ntp_servers) {
    if (auto s = provision_fields::check_host("ntp_servers", server); !s) return s;
    if (parse_ipv4(server)) ++addresses;
  }
  // RouterOS 6 has two address fields (primary-ntp, secondary-ntp) and nothing for a third.
  if (l.version.major < 7 && addresses > 2) {
    return invalid_field("ntp_servers", "RouterOS 6 takes at most two NTP server addresses");
  }
  return {};
}

}  // namespace

Result<HotspotLayout> validate_request(const ProvisioningRequest& r) {
  HotspotLayout layout;
  auto version = check_supported_version(r.router_version);
  if (!version) return version.error();
  layout.version = *version;
  for (Status s : {validate_interfaces(r), plan_addresses(r, layout)}) {
    if (!s) return s.error();
  }
  for (Status s : {plan_appliance(r, layout), validate_portal(r), validate_plans(r), validate_api(r, layout),
                   validate_ntp(r, layout)}) {
    if (!s) return s.error();
  }
  return layout;
}

std::string hotspot_html_directory(const ProvisioningRequest& request) {
  // The router's own default directory, so that every page we do not replace (status, logout,
  // md5.js, errors.txt) is still there; boards with flash keep it under flash/.
  return request.router_has_flash ? "flash/hotspot" : "hotspot";
}

std::string portal_base_url(const ProvisioningRequest& r) {
  const bool default_port = (r.portal_https && r.portal_port == 443) || (!r.portal_https && r.portal_port == 80);
  std::string url = r.portal_https ? "https://" : "http://";
  url += r.portal_host.empty() ? r.appliance_address : r.portal_host;
  if (!default_port) url += ":" + std::to_string(r.portal_port);
  return url + r.portal_path;
}

}  // namespace hotspot::routeros
