#pragma once
// The request a technician typically makes: two LAN ports, a /24, two plans.

#include "routeros/provision/request.h"

namespace hotspot::routeros::testing {

inline ProvisioningRequest typical_request() {
  ProvisioningRequest r;
  r.router_version = "7.12.1";
  r.lan_interfaces = {"ether2", "ether3"};
  r.network = "10.5.50.0/24";
  r.hotspot_dns_name = "login.wifi.lan";
  r.appliance_address = "10.5.50.2";
  r.portal_port = 8080;
  r.plans = {{1, "plan-1h", "2M/5M", 1}, {2, "plan-day", "5M/10M 10M/20M 4M/8M 16/16", 2}};
  r.api_user = "hs-api";
  r.api_password = "c0rrect-Horse$?";
  r.api_allowed_address = "10.5.50.2/32";
  r.ntp_servers = {"162.159.200.1", "pool.ntp.org"};
  return r;
}

}  // namespace hotspot::routeros::testing
