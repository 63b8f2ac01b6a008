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
  EXPECT_TRUE(has_line(lines, "/ip service set [find where name=\"api-ssl\"] address=10.5.50.2/32 "
                              "certificate=hotspot-edge-api disabled=no"));
  EXPECT_TRUE(has_line(lines, ":do {/ip service set [find where name=\"api-ssl\"] tls-version=only-1.2} "
                              "on-error={}"))
      << "tolerant: documented for RouterOS 7 only";
}

std::ptrdiff_t index_of(const std::vector<std::string>& lines, const std::string& line) {
  auto it = std::find(lines.begin(), lines.end(), line);
  return it == lines.end() ? -1 : it - lines.begin();
}

const std::string kCertificateAdd =
    ":if ([:len [/certificate find where name=\"hotspot-edge-api\"]] = 0) do={/certificate add "
    "name=hotspot-edge-api common-name=10.5.50.1 days-valid=3650 key-size=2048 "
    "key-usage=digital-signature,key-encipherment,tls-server}";
const std::string kCertificateSign =
    ":do {:if ([:len [/certificate find where name=\"hotspot-edge-api\" and private-key]] = 0) do={"
    "/certificate sign hotspot-edge-api}} on-error={}";

TEST(ProvisioningScript, ApiSslGetsItsOwnCertificateBeforeTheService) {
  auto r = typical_request();
  r.api_service = ApiService::api_ssl;
  const auto lines = lines_for(r);
  const auto added = index_of(lines, kCertificateAdd);
  const auto signed_ = index_of(lines, kCertificateSign);
  const auto service = index_of(lines, "/ip service set [find where name=\"api-ssl\"] address=10.5.50.2/32 "
                                       "certificate=hotspot-edge-api disabled=no");
  ASSERT_GE(added, 0);
  ASSERT_GE(signed_, 0);
  ASSERT_GE(service, 0);
  EXPECT_LT(added, signed_) << "made, then signed";
  EXPECT_LT(signed_, service) << "signed before the service uses it";
}

TEST(ProvisioningScript, ThePlainApiMakesNoCertificate) {
  const auto script = generate_provisioning_script(typical_request(), Secrets::include);
  ASSERT_TRUE(script.ok());
  EXPECT_EQ(script->find("/certificate"), std::string::npos);
  EXPECT_EQ(script->find("tls-version"), std::string::npos);
}

TEST(ProvisioningScript, TheCertificateNamesTheRoutersLanAddress) {
  auto r = typical_request();
  r.api_service = ApiService::api_ssl;
  r.network = "192.168.88.0/24";
  r.appliance_address = "192.168.88.2";
  r.api_allowed_address = "192.168.88.2";
  const auto script = generate_provisioning_script(r, Secrets::include);
  ASSERT_TRUE(script.ok()) << script.error().message;
  EXPECT_NE(script->find("/certificate add name=hotspot-edge-api common-name=192.168.88.1 "), std::string::npos);
}

// Both variants: the same request gives the same script, so a second run imports what the
// first did and a diff of two runs shows nothing.
TEST(ProvisioningScript, TheSameRequestGivesTheSameScript) {
  for (auto service : {ApiService::api, ApiService::api_ssl}) {
    auto r = typical_request();
    r.api_service = service;
    const auto first = generate_provisioning_script(r, Secrets::include);
    const auto second = generate_provisioning_script(r, Secrets::include);
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_EQ(*first, *second);
  }
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
// A tolerant line is either a set or a guarded step ("sign only when not signed").
int guarded_adds_in_safe_script(const ProvisioningRequest& r) {
  int guarded_adds = 0;
  for (const auto& line : lines_for(r)) {
    if (line.empty() || line.front() == '#') continue;
    const bool guarded = line.rfind(":if ([:len [", 0) == 0;
    const bool tolerant_set = line.rfind(":do {", 0) == 0 && line.ends_with("} on-error={}") &&
                              (line.find(" set ") != std::string::npos || line.rfind(":do {:if ([:len [", 0) == 0);
    const bool set = line.rfind("/", 0) == 0 && line.find(" set ") != std::string::npos;
    EXPECT_TRUE(guarded || tolerant_set || set) << line;
    if (line.find(" add ") != std::string::npos) {
      EXPECT_TRUE(guarded && line.find("]] = 0) do={/") != std::string::npos) << line;
      ++guarded_adds;
    }
    EXPECT_EQ(line.find(" remove"), std::string::npos) << line;
  }
  return guarded_adds;
}

TEST(ProvisioningScript, EveryLineIsSafeToRunTwice) {
  auto r = typical_request();
  r.portal_host = "portal.wifi.lan";
  r.wan_interface = "ether1";
  EXPECT_EQ(guarded_adds_in_safe_script(r), 18);
  r.api_service = ApiService::api_ssl;
  EXPECT_EQ(guarded_adds_in_safe_script(r), 19) << "and the certificate";
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
  r.api_service = ApiService::api_ssl;  // the longer variant: certificate lines too
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
