#include "routeros/provision/request.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "routeros/provision/script.h"
#include "typical_request.h"

namespace hotspot::routeros {
namespace {

using testing::typical_request;

// The request with one change applied must be refused, with an error naming `field`.
void expect_refused(const std::function<void(ProvisioningRequest&)>& change, const std::string& field) {
  ProvisioningRequest r = typical_request();
  change(r);
  auto layout = validate_request(r);
  ASSERT_FALSE(layout.ok()) << "expected a refusal naming " << field;
  EXPECT_EQ(layout.error().code, Errc::invalid_argument) << layout.error().message;
  EXPECT_EQ(layout.error().message.rfind(field, 0), 0u) << layout.error().message;
  EXPECT_EQ(layout.error().message.find('\n'), std::string::npos);
  EXPECT_FALSE(generate_provisioning_script(r).ok());
}

TEST(ProvisioningRequest, TypicalRequestWorksOutTheLayout) {
  auto l = validate_request(typical_request());
  ASSERT_TRUE(l.ok()) << l.error().message;
  EXPECT_EQ(l->network_cidr(), "10.5.50.0/24");
  EXPECT_EQ(l->gateway_cidr(), "10.5.50.1/24");
  EXPECT_EQ(l->pool_range(), "10.5.50.10-10.5.50.254");
  EXPECT_EQ(l->api_allowed, "10.5.50.2/32");
  EXPECT_TRUE(l->appliance_on_hotspot_lan());
}

TEST(ProvisioningRequest, BareApiAddressMeansSlash32) {
  auto r = typical_request();
  r.api_allowed_address = "10.5.50.2";
  EXPECT_EQ(validate_request(r)->api_allowed, "10.5.50.2/32");
}

TEST(ProvisioningRequest, RefusesBadAddressing) {
  expect_refused([](auto& r) { r.network = "10.5.50.0"; }, "network");
  expect_refused([](auto& r) { r.network = "10.5.50.1/24"; }, "network");
  expect_refused([](auto& r) { r.network = "10.5.50.0/33"; }, "network");
  expect_refused([](auto& r) { r.network = "10.5.50.0/30"; }, "network");
  expect_refused([](auto& r) { r.network = "10.5.50.0/24\n/system reset-configuration"; }, "network");
  expect_refused([](auto& r) { r.gateway = "10.5.51.1"; }, "gateway");
  expect_refused([](auto& r) { r.gateway = "10.5.50.255"; }, "gateway");
  expect_refused([](auto& r) { r.gateway = "10.5.50.20"; }, "gateway");  // inside the pool
  expect_refused([](auto& r) { r.pool_first = "10.5.50.200"; r.pool_last = "10.5.50.100"; }, "pool_last");
  expect_refused([](auto& r) { r.appliance_address = "10.5.50.50"; }, "appliance_address");
  expect_refused([](auto& r) { r.appliance_address = "10.5.50.1"; }, "appliance_address");
  expect_refused([](auto& r) { r.appliance_address = "portal"; }, "appliance_address");
  expect_refused([](auto& r) { r.appliance_mac = "02:00:00:00:00"; }, "appliance_mac");
  expect_refused([](auto& r) { r.api_allowed_address = "0.0.0.0/0"; }, "api_allowed_address");
  expect_refused([](auto& r) { r.api_allowed_address = "10.5.50.2/24"; }, "api_allowed_address");
}

TEST(ProvisioningRequest, RefusesHostileNames) {
  for (const std::string& bad : std::vector<std::string>{"ether2\n/user add", "eth\"er", "ether$x", "ether?", "a;b", "a b", "-x", "", std::string(65, 'e')}) {
    expect_refused([&](auto& r) { r.lan_interfaces = {bad}; }, "lan_interfaces");
    expect_refused([&](auto& r) { r.bridge_name = bad; }, "bridge_name");
    expect_refused([&](auto& r) { r.plans[0].name = bad; }, "plans[1].name");
    expect_refused([&](auto& r) { r.api_user = bad; }, "api_user");
  }
  expect_refused([](auto& r) { r.wan_interface = "ether2"; }, "wan_interface");
  expect_refused([](auto& r) { r.wan_interface = "br-hotspot"; }, "wan_interface");
  expect_refused([](auto& r) { r.wan_interface = "ether1;/system reboot"; }, "wan_interface");
  expect_refused([](auto& r) { r.lan_interfaces = {}; }, "lan_interfaces");
  expect_refused([](auto& r) { r.lan_interfaces = {"ether2", "ether2"}; }, "lan_interfaces");
  expect_refused([](auto& r) { r.api_user = "admin"; }, "api_user");
  expect_refused([](auto& r) { r.plans[1].name = "plan-1h"; }, "plans[2].name");
  expect_refused([](auto& r) { r.plans[1].plan_id = 1; }, "plans[1]");
  expect_refused([](auto& r) { r.plans[0].name = "default"; }, "plans[1].name");
}

TEST(ProvisioningRequest, RefusesBadPlanLimits) {
  for (const std::string bad : {"fast", "2M/5M;", "2M/5M\n", "2M//5M", "2T/5M", "1 2 3 4 5 6 7", "2M/5M $x"}) {
    expect_refused([&](auto& r) { r.plans[0].rate_limit = bad; }, "plans[1].rate_limit");
  }
  expect_refused([](auto& r) { r.plans[0].shared_users = 0; }, "plans[1].shared_users");
  expect_refused([](auto& r) { r.plans[0].shared_users = 33; }, "plans[1].shared_users");
}

TEST(ProvisioningRequest, RefusesBadPasswordsButKeepsHardOnes) {
  for (const std::string& bad : std::vector<std::string>{"short", "has space in it", "new\nline-password", "tab\there-password",
                                std::string(65, 'p'), "caf\xc3\xa9-password"}) {
    expect_refused([&](auto& r) { r.api_password = bad; }, "api_password");
  }
  auto r = typical_request();
  r.api_password = "q\"u$o?t\\e;{}[]=pw";
  EXPECT_TRUE(validate_request(r).ok());
}

TEST(ProvisioningRequest, RefusesBadPortalAndNtp) {
  expect_refused([](auto& r) { r.hotspot_dns_name = "login..lan"; }, "hotspot_dns_name");
  expect_refused([](auto& r) { r.hotspot_dns_name = "log\"in.lan"; }, "hotspot_dns_name");
  expect_refused([](auto& r) { r.hotspot_dns_name = std::string(254, 'a'); }, "hotspot_dns_name");
  expect_refused([](auto& r) { r.portal_host = "portal.lan/x"; }, "portal_host");
  expect_refused([](auto& r) { r.portal_path = "portal"; }, "portal_path");
  expect_refused([](auto& r) { r.portal_path = "/p?x=$(mac)"; }, "portal_path");
  expect_refused([](auto& r) { r.portal_path = "/p\"><script>"; }, "portal_path");
  expect_refused([](auto& r) { r.portal_port = 0; }, "portal_port");
  expect_refused([](auto& r) { r.ntp_servers = {}; }, "ntp_servers");
  expect_refused([](auto& r) { r.ntp_servers = {"a.pool", "b.pool", "c.pool", "d.pool"}; }, "ntp_servers");
  expect_refused([](auto& r) { r.ntp_servers = {"pool.ntp.org;/system reboot"}; }, "ntp_servers");
  expect_refused([](auto& r) {
    r.router_version = "6.49.10";
    r.ntp_servers = {"1.1.1.1", "2.2.2.2", "3.3.3.3"};
  }, "ntp_servers");
}

TEST(ProvisioningRequest, UnsupportedVersionIsItsOwnKindOfError) {
  auto r = typical_request();
  r.router_version = "6.42.1";
  auto l = validate_request(r);
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(l.error().code, Errc::unsupported);
  auto s = generate_provisioning_script(r);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("too old"), std::string::npos);
}

}  // namespace
}  // namespace hotspot::routeros
