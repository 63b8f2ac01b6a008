// The hotspot server profile and server, one user profile per plan, the walled garden and the
// appliance's bypass.
#include "routeros/provision/script_sections.h"

#include "routeros/provision/rsc.h"

namespace hotspot::routeros::provision_script {
namespace {

RscArgs with_front(RscArgs front, const RscArgs& rest) {
  front.insert(front.end(), rest.begin(), rest.end());
  return front;
}

}  // namespace

void hotspot_section(const Context& c, Lines& out) {
  const std::string named = rsc_eq("name", kObjectName);
  const std::string name(kObjectName);
  // http-chap: the portal can answer the challenge it is given; http-pap: a portal that posts
  // the plain password back (or a browser without JavaScript) still logs in; mac-cookie: a
  // returning phone gets back online without retyping anything.
  const RscArgs profile = {{"hotspot-address", format_ipv4(c.layout.gateway)},
                           {"dns-name", c.request.hotspot_dns_name},
                           {"html-directory", hotspot_html_directory(c.request)},
                           {"login-by", "http-chap,http-pap,mac-cookie"},
                           {"use-radius", "no"}};
  // RouterOS copies its default pages into the html directory when the profile is created
  // ([HSC]); login.html is replaced after the import, the other pages stay the router's.
  out.push_back("# hotspot: login page served from the router's html directory, which redirects to the appliance");
  out.push_back(rsc_add_if_missing("/ip hotspot profile", named, with_front({{"name", name}}, profile)));
  out.push_back(rsc_set_where("/ip hotspot profile", named, profile));
  const RscArgs server = {{"interface", c.request.bridge_name},
                          {"address-pool", name},
                          {"profile", name},
                          {"disabled", "no"}};
  out.push_back(rsc_add_if_missing("/ip hotspot", named, with_front({{"name", name}}, server)));
  out.push_back(rsc_set_where("/ip hotspot", named, server));
}

void plan_profiles_section(const Context& c, Lines& out) {
  if (c.request.plans.empty()) return;
  out.push_back("# one user profile per plan; rate-limit is upload/download from the client's view");
  for (const auto& plan : c.request.plans) {
    const std::string owner = tag("plan=" + std::to_string(plan.plan_id));
    const RscArgs fields = {{"rate-limit", plan.rate_limit},
                            {"shared-users", std::to_string(plan.shared_users)},
                            {"add-mac-cookie", "yes"}};
    out.push_back(rsc_add_if_missing("/ip hotspot user profile", rsc_eq("name", plan.name),
                                     with_front({{"name", plan.name}}, with_front(fields, {{"comment", owner}}))));
    // Only ever the plan's own profile: the preflight refused a same-named one that is not.
    out.push_back(rsc_set_where("/ip hotspot user profile", rsc_eq("name", plan.name) + " and " + rsc_eq("comment", owner),
                                fields));
  }
}

void walled_garden_section(const Context& c, Lines& out) {
  const std::string appliance = format_ipv4(c.layout.appliance);
  const std::string port = std::to_string(c.request.portal_port);
  // IP level is what lets a customer reach the portal before login (it covers HTTPS too);
  // the HTTP entry matches the portal's host name for plain-HTTP requests.
  out.push_back("# walled garden: the portal loads before login");
  const std::string ip_where = rsc_eq("comment", tag("portal"));
  const RscArgs ip = {{"action", "accept"}, {"dst-address", appliance}, {"protocol", "tcp"}, {"dst-port", port}};
  out.push_back(rsc_add_if_missing("/ip hotspot walled-garden ip", ip_where, with_front(ip, {{"comment", tag("portal")}})));
  out.push_back(rsc_set_where("/ip hotspot walled-garden ip", ip_where, ip));
  const std::string host = c.request.portal_host.empty() ? appliance : c.request.portal_host;
  const std::string http_where = rsc_eq("comment", tag("portal-http"));
  const RscArgs http = {{"action", "allow"}, {"dst-host", host}};
  out.push_back(rsc_add_if_missing("/ip hotspot walled-garden", http_where,
                                   with_front(http, {{"comment", tag("portal-http")}})));
  out.push_back(rsc_set_where("/ip hotspot walled-garden", http_where, http));
  if (!c.layout.appliance_on_hotspot_lan()) return;
  // The appliance on the hotspot LAN must not itself be captive (reference §3.4).
  out.push_back("# the appliance is not a hotspot client");
  const std::string bind_where = rsc_eq("comment", tag("appliance"));
  const RscArgs bind = c.request.appliance_mac.empty()
                           ? RscArgs{{"address", appliance}, {"type", "bypassed"}}
                           : RscArgs{{"mac-address", c.request.appliance_mac}, {"type", "bypassed"}};
  out.push_back(rsc_add_if_missing("/ip hotspot ip-binding", bind_where, with_front(bind, {{"comment", tag("appliance")}})));
  out.push_back(rsc_set_where("/ip hotspot ip-binding", bind_where, bind));
}

}  // namespace hotspot::routeros::provision_script
