// The appliance's API account and service, and the NTP client.
#include "routeros/provision/script_sections.h"

#include "routeros/provision/api_certificate.h"
#include "routeros/provision/rsc.h"

namespace hotspot::routeros::provision_script {
namespace {

// read: print users, profiles, sessions and system menus; write: add, set and remove hotspot
// users and profiles and log sessions in and out; api: log in over the API at all. Nothing else:
// no ssh/ftp (the technician's own SSH login uploads login.html and runs /import), no
// sensitive (reconciliation never reads passwords back), no test, policy, password or reboot.
constexpr std::string_view kApiPolicies = "read,write,api";

std::string secret(const Context& c) { return c.redact_secrets ? "********" : c.request.api_password; }

// API-SSL with a certificate the router makes and signs itself: the appliance pins its
// fingerprint (routeros.md §1.10), so no CA is involved and anonymous DH is never offered.
// The private key never leaves the router.
void api_certificate_lines(const Context& c, Lines& out) {
  const std::string name(kApiCertificateName);
  const std::string mine = rsc_eq("name", name);
  out.push_back("# API-SSL certificate: self-signed on the router; the appliance pins its fingerprint");
  out.push_back(rsc_add_if_missing("/certificate", mine,
                                   {{"name", name}, {"common-name", format_ipv4(c.layout.gateway)},
                                    {"days-valid", "3650"}, {"key-size", "2048"},
                                    {"key-usage", "digital-signature,key-encipherment,tls-server"}}));
  // A template has no private key until it is signed. What `sign` does to a certificate that
  // is already signed is not documented, so the guard is backed by a tolerant line.
  const std::string sign = "/certificate sign " + rsc_value(name);
  out.push_back(rsc_tolerant(rsc_run_if_none("/certificate", mine + " and private-key", sign)));
}

// The API answers only the appliance; the variant not chosen is switched off. API-SSL serves the
// router's own certificate, TLS 1.2 only.
void api_service_lines(const Context& c, Lines& out) {
  const bool tls = c.request.api_service == ApiService::api_ssl;
  if (tls) api_certificate_lines(c, out);
  out.push_back("# API service: only from the appliance");
  out.push_back(rsc_set_where("/ip service", rsc_eq("name", "api"),
                              {{"address", c.layout.api_allowed}, {"disabled", tls ? "yes" : "no"}}));
  RscArgs api_ssl = {{"address", c.layout.api_allowed}};
  if (tls) api_ssl.emplace_back("certificate", std::string(kApiCertificateName));
  api_ssl.emplace_back("disabled", tls ? "no" : "yes");
  out.push_back(rsc_set_where("/ip service", rsc_eq("name", "api-ssl"), api_ssl));
  // tls-version is documented for RouterOS 7 only: a line of its own that may fail on 6 without
  // stopping the import (mbedTLS here speaks TLS 1.2 either way).
  if (tls) {
    out.push_back(rsc_tolerant(rsc_set_where("/ip service", rsc_eq("name", "api-ssl"),
                                             {{"tls-version", "only-1.2"}})));
  }
}

}  // namespace

void api_access_section(const Context& c, Lines& out) {
  const auto& r = c.request;
  const std::string group = rsc_eq("name", kApiGroup);
  out.push_back("# the appliance's API account: its own group with only the policies it needs");
  out.push_back(rsc_add_if_missing("/user group", group, {{"name", std::string(kApiGroup)}, {"policy", std::string(kApiPolicies)}}));
  out.push_back(rsc_set_where("/user group", group, {{"policy", std::string(kApiPolicies)}}));
  out.push_back(rsc_tolerant(rsc_set_where("/user group", group, {{"comment", tag("api")}})));
  // The user may log in only from the allowed address, on top of the service restriction.
  const RscArgs user = {{"group", std::string(kApiGroup)}, {"address", c.layout.api_allowed}, {"password", secret(c)}};
  RscArgs user_add = {{"name", r.api_user}};
  user_add.insert(user_add.end(), user.begin(), user.end());
  user_add.emplace_back("comment", tag("api"));
  out.push_back(rsc_add_if_missing("/user", rsc_eq("name", r.api_user), user_add));
  out.push_back(rsc_set_where("/user", rsc_eq("name", r.api_user) + " and " + rsc_eq("comment", tag("api")), user));
  api_service_lines(c, out);
}

void ntp_section(const Context& c, Lines& out) {
  const auto& servers = c.request.ntp_servers;
  out.push_back("# NTP client: the appliance checks its clock against the router's");
  if (c.layout.version.major >= 7) {
    std::string list;
    for (const auto& s : servers) list += (list.empty() ? "" : ",") + s;
    out.push_back(rsc_set("/system ntp client", {{"enabled", "yes"}, {"servers", list}}));
    return;
  }
  // v6 takes addresses in primary-ntp/secondary-ntp and names in server-dns-names (a field
  // whose presence on every 6.x is not confirmed: set on a best-effort line).
  std::vector<std::string> addresses;
  std::string names;
  for (const auto& s : servers) {
    if (parse_ipv4(s)) {
      addresses.push_back(s);
    } else {
      names += (names.empty() ? "" : ",") + s;
    }
  }
  out.push_back(rsc_set("/system ntp client",
                        {{"enabled", "yes"},
                         {"primary-ntp", addresses.size() > 0 ? addresses[0] : "0.0.0.0"},
                         {"secondary-ntp", addresses.size() > 1 ? addresses[1] : "0.0.0.0"}}));
  if (!names.empty()) out.push_back(rsc_tolerant(rsc_set("/system ntp client", {{"server-dns-names", names}})));
}

}  // namespace hotspot::routeros::provision_script
