#include "routeros/provision/script.h"

#include <gtest/gtest.h>

#include "routeros/provision/rsc.h"
#include "script_lines.h"
#include "typical_request.h"

namespace hotspot::routeros {
namespace {

using testing::has_line;
using testing::script_lines;
using testing::typical_request;

std::vector<std::string> lines_for(const ProvisioningRequest& r, Secrets secrets = Secrets::include) {
  auto script = generate_provisioning_script(r, secrets);
  EXPECT_TRUE(script.ok()) << script.error().message;
  return script.ok() ? script_lines(*script) : std::vector<std::string>{};
}

TEST(ProvisioningScript, RestrictsTheApiServiceToTheAppliance) {
  auto lines = lines_for(typical_request());
  EXPECT_TRUE(has_line(lines, "/ip service set [find where name=\"api\"] address=10.5.50.2/32 disabled=no"));
  EXPECT_TRUE(has_line(lines, "/ip service set [find where name=\"api-ssl\"] address=10.5.50.2/32 disabled=yes"));
  auto r = typical_request();
  r.api_service = ApiService::api_ssl;
  lines = lines_for(r);
  EXPECT_TRUE(has_line(lines, "/ip service set [find where name=\"api\"] address=10.5.50.2/32 disabled=yes"));
  EXPECT_TRUE(has_line(lines, "/ip service set [find where name=\"api-ssl\"] address=10.5.50.2/32 disabled=no"));
}

TEST(ProvisioningScript, GivesTheApiGroupOnlyReadWriteApi) {
  auto lines = lines_for(typical_request());
  EXPECT_TRUE(has_line(lines,
                       ":if ([:len [/user group find where name=\"hotspot-edge-api\"]] = 0) do={/user group add "
                       "name=hotspot-edge-api policy=read,write,api}"));
  EXPECT_TRUE(has_line(lines, "/user group set [find where name=\"hotspot-edge-api\"] policy=read,write,api"));
  EXPECT_TRUE(has_line(lines,
                       ":if ([:len [/user find where name=\"hs-api\"]] = 0) do={/user add name=hs-api "
                       "group=hotspot-edge-api address=10.5.50.2/32 password=\"c0rrect-Horse\\$\\?\" "
                       "comment=\"hotspot-edge:api\"}"));
  for (const auto& line : lines) {
    for (const char* policy : {"ssh", "ftp", "sensitive", "policy,", "password", "reboot"}) {
      if (line.find("policy=") != std::string::npos) {
        EXPECT_EQ(line.find(policy, line.find("policy=") + 7), std::string::npos) << line;
      }
    }
  }
}

TEST(ProvisioningScript, OpensTheWalledGardenForThePortal) {
  auto lines = lines_for(typical_request());
  EXPECT_TRUE(has_line(lines,
                       ":if ([:len [/ip hotspot walled-garden ip find where comment=\"hotspot-edge:portal\"]] = 0) "
                       "do={/ip hotspot walled-garden ip add action=accept dst-address=10.5.50.2 protocol=tcp "
                       "dst-port=8080 comment=\"hotspot-edge:portal\"}"));
  EXPECT_TRUE(has_line(lines,
                       "/ip hotspot walled-garden ip set [find where comment=\"hotspot-edge:portal\"] "
                       "action=accept dst-address=10.5.50.2 protocol=tcp dst-port=8080"));
  EXPECT_TRUE(has_line(lines,
                       "/ip hotspot walled-garden set [find where comment=\"hotspot-edge:portal-http\"] "
                       "action=allow dst-host=10.5.50.2"));
  EXPECT_TRUE(has_line(lines,
                       "/ip hotspot ip-binding set [find where comment=\"hotspot-edge:appliance\"] "
                       "address=10.5.50.2 type=bypassed"));
}

TEST(ProvisioningScript, MakesOneTaggedUserProfilePerPlan) {
  auto lines = lines_for(typical_request());
  EXPECT_TRUE(has_line(lines,
                       ":if ([:len [/ip hotspot user profile find where name=\"plan-1h\"]] = 0) do={/ip hotspot "
                       "user profile add name=plan-1h rate-limit=2M/5M shared-users=1 add-mac-cookie=yes "
                       "comment=\"hotspot-edge:plan=1\"}"));
  EXPECT_TRUE(has_line(lines,
                       "/ip hotspot user profile set [find where name=\"plan-1h\" and comment=\"hotspot-edge:plan=1\"] "
                       "rate-limit=2M/5M shared-users=1 add-mac-cookie=yes"));
  EXPECT_TRUE(has_line(lines,
                       "/ip hotspot user profile set [find where name=\"plan-day\" and comment=\"hotspot-edge:plan=2\"] "
                       "rate-limit=\"5M/10M 10M/20M 4M/8M 16/16\" shared-users=2 add-mac-cookie=yes"));
  EXPECT_TRUE(has_line(lines,
                       ":if ([:len [/ip hotspot user profile find where name=\"plan-1h\" and comment!=\"hotspot-edge:plan=1\"]] > 0) "
                       "do={:error \"hotspot-edge: user profile plan-1h exists and is not this plan's; rename the plan or "
                       "the profile\"}"));
}

TEST(ProvisioningScript, BuildsTheHotspotOnTheBridge) {
  auto lines = lines_for(typical_request());
  EXPECT_TRUE(has_line(lines, "/interface bridge port set [find where interface=\"ether2\"] bridge=br-hotspot comment=\"hotspot-edge:lan-port\""));
  EXPECT_TRUE(has_line(lines, "/ip address set [find where comment=\"hotspot-edge:lan-address\"] address=10.5.50.1/24 interface=br-hotspot"));
  EXPECT_TRUE(has_line(lines, "/ip pool set [find where name=\"hotspot-edge\"] ranges=10.5.50.10-10.5.50.254"));
  EXPECT_TRUE(has_line(lines, "/ip dhcp-server network set [find where comment=\"hotspot-edge:dhcp-network\"] "
                              "address=10.5.50.0/24 gateway=10.5.50.1 dns-server=10.5.50.1"));
  EXPECT_TRUE(has_line(lines, "/ip dns set allow-remote-requests=yes"));
  EXPECT_TRUE(has_line(lines, "/ip hotspot profile set [find where name=\"hotspot-edge\"] hotspot-address=10.5.50.1 "
                              "dns-name=login.wifi.lan html-directory=hotspot login-by=http-chap,http-pap,mac-cookie use-radius=no"));
  EXPECT_TRUE(has_line(lines, "/ip hotspot set [find where name=\"hotspot-edge\"] interface=br-hotspot "
                              "address-pool=hotspot-edge profile=hotspot-edge disabled=no"));
  EXPECT_TRUE(has_line(lines, "/system ntp client set enabled=yes servers=162.159.200.1,pool.ntp.org"));
}

TEST(ProvisioningScript, FlashBoardsUseTheFlashHtmlDirectory) {
  auto r = typical_request();
  r.router_has_flash = true;
  auto script = generate_provisioning_script(r);
  ASSERT_TRUE(script.ok());
  EXPECT_NE(script->find("html-directory=flash/hotspot "), std::string::npos);
}

TEST(ProvisioningScript, PinsThePortalNameWhenGiven) {
  auto r = typical_request();
  r.portal_host = "portal.wifi.lan";
  r.appliance_mac = "02:00:00:00:00:02";
  auto lines = lines_for(r);
  EXPECT_TRUE(has_line(lines, "/ip dns static set [find where name=\"portal.wifi.lan\"] address=10.5.50.2 comment=\"hotspot-edge:portal\""));
  EXPECT_TRUE(has_line(lines, "/ip hotspot walled-garden set [find where comment=\"hotspot-edge:portal-http\"] action=allow dst-host=portal.wifi.lan"));
  EXPECT_TRUE(has_line(lines, "/ip hotspot ip-binding set [find where comment=\"hotspot-edge:appliance\"] "
                              "mac-address=\"02:00:00:00:00:02\" type=bypassed"));
}

TEST(ProvisioningScript, MasqueradesOnlyWhenGivenAWan) {
  auto script = generate_provisioning_script(typical_request());
  EXPECT_EQ(script->find("/ip firewall nat"), std::string::npos);
  auto r = typical_request();
  r.wan_interface = "ether1";
  auto lines = lines_for(r);
  EXPECT_TRUE(has_line(lines, ":if ([:len [/interface find where name=\"ether1\"]] = 0) do={:error \"hotspot-edge: "
                              "interface ether1 does not exist; nothing was changed\"}"));
  EXPECT_TRUE(has_line(lines, ":if ([:len [/ip firewall nat find where comment=\"hotspot-edge:masquerade\"]] = 0) "
                              "do={/ip firewall nat add chain=srcnat src-address=10.5.50.0/24 out-interface=ether1 "
                              "action=masquerade comment=\"hotspot-edge:masquerade\"}"));
}

TEST(ProvisioningScript, RouterOs6GetsItsNtpFields) {
  auto r = typical_request();
  r.router_version = "6.49.10";
  auto lines = lines_for(r);
  EXPECT_TRUE(has_line(lines, "/system ntp client set enabled=yes primary-ntp=162.159.200.1 secondary-ntp=0.0.0.0"));
  EXPECT_TRUE(has_line(lines, ":do {/system ntp client set server-dns-names=pool.ntp.org} on-error={}"));
}

// Every command either is guarded, sets existing objects, or stops the import: nothing adds
// unconditionally, so a second import changes nothing.
TEST(ProvisioningScript, EveryLineIsSafeToRunTwice) {
  auto r = typical_request();
  r.portal_host = "portal.wifi.lan";
  r.wan_interface = "ether1";
  int guarded_adds = 0;
  for (const auto& line : lines_for(r)) {
    if (line.empty() || line.front() == '#') continue;
    const bool guarded = line.rfind(":if ([:len [", 0) == 0;
    const bool tolerant_set = line.rfind(":do {", 0) == 0 && line.find(" set ") != std::string::npos &&
                              line.ends_with("} on-error={}");
    const bool set = line.rfind("/", 0) == 0 && line.find(" set ") != std::string::npos;
    EXPECT_TRUE(guarded || tolerant_set || set) << line;
    if (line.find(" add ") != std::string::npos) {
      EXPECT_TRUE(guarded && line.find("]] = 0) do={/") != std::string::npos) << line;
      ++guarded_adds;
    }
    EXPECT_EQ(line.find(" remove"), std::string::npos) << line;
  }
  EXPECT_EQ(guarded_adds, 18);
}

TEST(ProvisioningScript, HostilePasswordIsEscapedNotInterpreted) {
  auto r = typical_request();
  r.api_password = "q\"u$o?t\\e;{}[]=pw";
  auto lines = lines_for(r);
  EXPECT_TRUE(has_line(lines, "/user set [find where name=\"hs-api\" and comment=\"hotspot-edge:api\"] "
                              "group=hotspot-edge-api address=10.5.50.2/32 password=\"q\\\"u\\$o\\?t\\\\e;{}[]=pw\""));
}

TEST(ProvisioningScript, RedactedCopyHidesThePassword) {
  auto r = typical_request();
  auto script = generate_provisioning_script(r, Secrets::redact);
  ASSERT_TRUE(script.ok());
  EXPECT_EQ(script->find("c0rrect-Horse"), std::string::npos);
  EXPECT_NE(script->find("password=\"********\""), std::string::npos);
  EXPECT_NE(script->find("REDACTED"), std::string::npos);
  auto full = generate_provisioning_script(r);
  EXPECT_NE(full->find("SECRET"), std::string::npos);
}

// The largest request validation allows still fits RouterOS lines, and no value spills a
// newline or leaves a quote open.
TEST(ProvisioningScript, LinesStayShortAndWhole) {
  auto r = typical_request();
  r.lan_interfaces.clear();
  for (int i = 0; i < 16; ++i) r.lan_interfaces.push_back(std::string(62, 'e') + std::to_string(10 + i));
  r.bridge_name = std::string(64, 'b');
  r.hotspot_dns_name = std::string(63, 'h') + "." + std::string(63, 'h') + "." + std::string(63, 'h') + "." + std::string(61, 'h');
  r.portal_host = std::string(63, 'p') + "." + std::string(63, 'p') + "." + std::string(63, 'p') + "." + std::string(61, 'p');
  r.ntp_servers = {r.portal_host, r.hotspot_dns_name, "x" + r.portal_host.substr(1)};
  r.api_user = std::string(32, 'u');
  r.api_password = std::string(32, '"') + std::string(32, '$');
  r.plans.clear();
  for (int i = 1; i <= 64; ++i) {
    r.plans.push_back({i, std::string(62, 'n') + std::to_string(10 + i), "1000000000M/1000000000M 1G/1G 1G/1G 16/16 8 1k/1k", 32});
  }
  auto script = generate_provisioning_script(r);
  ASSERT_TRUE(script.ok()) << script.error().message;
  for (const auto& line : script_lines(*script)) {
    EXPECT_LE(line.size(), kMaxRscLine) << line;
    EXPECT_EQ(testing::unescaped_quotes(line) % 2, 0) << line;
    for (unsigned char c : line) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << line;
  }
}

}  // namespace
}  // namespace hotspot::routeros
