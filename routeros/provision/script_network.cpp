// Preflight checks, the LAN bridge and its addressing, DHCP and DNS.
#include "routeros/provision/script_sections.h"

#include "routeros/provision/rsc.h"
#include "routeros/reconcile/records.h"

namespace hotspot::routeros::provision_script {

std::string tag(std::string_view detail) { return owner_comment(detail); }

void preflight(const Context& c, Lines& out) {
  // Refuse before changing anything: a missing port, or a user or profile with our names that
  // someone else made (the appliance never takes over what it did not create).
  out.push_back("# preflight: stop before any change if something is in the way");
  for (const auto& port : c.request.lan_interfaces) {
    out.push_back(rsc_fail_if_none("/interface", rsc_eq("name", port),
                                   "hotspot-edge: interface " + port + " does not exist; nothing was changed"));
  }
  if (!c.request.wan_interface.empty()) {
    const auto& wan = c.request.wan_interface;
    out.push_back(rsc_fail_if_none("/interface", rsc_eq("name", wan),
                                   "hotspot-edge: interface " + wan + " does not exist; nothing was changed"));
  }
  out.push_back(rsc_fail_if_any("/user", rsc_eq("name", c.request.api_user) + " and " + rsc_eq("comment!", tag("api")),
                                "hotspot-edge: user " + c.request.api_user +
                                    " exists and is not the appliance's; choose another api user name"));
  for (const auto& plan : c.request.plans) {
    const std::string owner = tag("plan=" + std::to_string(plan.plan_id));
    out.push_back(rsc_fail_if_any("/ip hotspot user profile", rsc_eq("name", plan.name) + " and " + rsc_eq("comment!", owner),
                                  "hotspot-edge: user profile " + plan.name +
                                      " exists and is not this plan's; rename the plan or the profile"));
  }
}

void lan_section(const Context& c, Lines& out) {
  const auto& r = c.request;
  const auto& l = c.layout;
  const std::string bridge = rsc_eq("name", r.bridge_name);
  out.push_back("# LAN: the hotspot runs on a bridge, never on a bridge port (a port already in another bridge is moved)");
  out.push_back(rsc_add_if_missing("/interface bridge", bridge, {{"name", r.bridge_name}, {"comment", tag("bridge")}}));
  out.push_back(rsc_set_where("/interface bridge", bridge, {{"comment", tag("bridge")}}));
  for (const auto& port : r.lan_interfaces) {
    const RscArgs args = {{"bridge", r.bridge_name}, {"comment", tag("lan-port")}};
    RscArgs add = {{"interface", port}};
    add.insert(add.end(), args.begin(), args.end());
    out.push_back(rsc_add_if_missing("/interface bridge port", rsc_eq("interface", port), add));
    out.push_back(rsc_set_where("/interface bridge port", rsc_eq("interface", port), args));
  }
  const std::string address = rsc_eq("comment", tag("lan-address"));
  const RscArgs addr = {{"address", l.gateway_cidr()}, {"interface", r.bridge_name}};
  RscArgs addr_add = addr;
  addr_add.emplace_back("comment", tag("lan-address"));
  out.push_back(rsc_add_if_missing("/ip address", address, addr_add));
  out.push_back(rsc_set_where("/ip address", address, addr));
}

void dhcp_section(const Context& c, Lines& out) {
  const auto& l = c.layout;
  const std::string named = rsc_eq("name", kObjectName);
  const RscArgs pool = {{"ranges", l.pool_range()}};
  out.push_back("# pool and DHCP: the pool is also the hotspot's address-pool");
  out.push_back(rsc_add_if_missing("/ip pool", named, {{"name", std::string(kObjectName)}, {"ranges", l.pool_range()}}));
  out.push_back(rsc_set_where("/ip pool", named, pool));
  out.push_back(rsc_tolerant(rsc_set_where("/ip pool", named, {{"comment", tag("provision")}})));
  const RscArgs server = {{"interface", c.request.bridge_name},
                          {"address-pool", std::string(kObjectName)},
                          {"lease-time", "1h"},
                          {"disabled", "no"}};
  RscArgs server_add = {{"name", std::string(kObjectName)}};
  server_add.insert(server_add.end(), server.begin(), server.end());
  out.push_back(rsc_add_if_missing("/ip dhcp-server", named, server_add));
  out.push_back(rsc_set_where("/ip dhcp-server", named, server));
  out.push_back(rsc_tolerant(rsc_set_where("/ip dhcp-server", named, {{"comment", tag("provision")}})));
  const std::string net = rsc_eq("comment", tag("dhcp-network"));
  const RscArgs network = {{"address", l.network_cidr()},
                           {"gateway", format_ipv4(l.gateway)},
                           {"dns-server", format_ipv4(l.gateway)}};
  RscArgs network_add = network;
  network_add.emplace_back("comment", tag("dhcp-network"));
  out.push_back(rsc_add_if_missing("/ip dhcp-server network", net, network_add));
  out.push_back(rsc_set_where("/ip dhcp-server network", net, network));
}

void dns_section(const Context& c, Lines& out) {
  out.push_back("# DNS: clients resolve through the router; the factory firewall keeps the WAN side closed");
  out.push_back(rsc_set("/ip dns", {{"allow-remote-requests", "yes"}}));
  const auto& host = c.request.portal_host;
  if (host.empty()) return;
  const std::string where = rsc_eq("name", host);
  const std::string appliance = format_ipv4(c.layout.appliance);
  out.push_back(rsc_add_if_missing("/ip dns static", where,
                                   {{"name", host}, {"address", appliance}, {"comment", tag("portal")}}));
  out.push_back(rsc_set_where("/ip dns static", where, {{"address", appliance}, {"comment", tag("portal")}}));
}

void nat_section(const Context& c, Lines& out) {
  // Only when asked: the factory configuration of most boards already masquerades everything
  // leaving its WAN list, and a second rule would do no harm but no good either.
  if (c.request.wan_interface.empty()) return;
  const std::string where = rsc_eq("comment", tag("masquerade"));
  const RscArgs nat = {{"chain", "srcnat"},
                       {"src-address", c.layout.network_cidr()},
                       {"out-interface", c.request.wan_interface},
                       {"action", "masquerade"}};
  RscArgs nat_add = nat;
  nat_add.emplace_back("comment", tag("masquerade"));
  out.push_back("# NAT: the hotspot network reaches the internet through the WAN");
  out.push_back(rsc_add_if_missing("/ip firewall nat", where, nat_add));
  out.push_back(rsc_set_where("/ip firewall nat", where, nat));
}

}  // namespace hotspot::routeros::provision_script
