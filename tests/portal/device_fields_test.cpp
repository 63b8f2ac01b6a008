#include "portal/device_fields.h"

#include <gtest/gtest.h>

#include <map>

#include "routeros/provision/login_page.h"

namespace hotspot::portal {
namespace {

RouterFields parse(const std::map<std::string, std::string>& values) {
  return parse_router_fields(
      [&values](std::string_view name) {
        auto it = values.find(std::string(name));
        return it == values.end() ? std::string() : it->second;
      },
      "10.5.50.7");
}

// The login page that `hotspotctl router provision` uploads names the router's variables its own
// way (routeros/provision/login_page.h): the portal must read every one of them.
TEST(ParseRouterFields, ReadsTheProvisionedLoginPagesNames) {
  const std::map<std::string, std::string> sample{
      {"mac", "aa:bb:cc:dd:ee:01"},
      {"ip", "10.5.50.9"},
      {"link-login-only", "http://10.5.50.1/login"},
      {"link-orig", "http://example.com/news"},
      {"chap-id", "\\371"},
      {"chap-challenge", "\\357\\015"},
      {"error", "invalid password"}};
  std::map<std::string, std::string> sent;
  for (const auto& p : routeros::kPortalParams) sent[std::string(p.query_name)] = sample.at(std::string(p.router_variable));
  RouterFields f = parse(sent);
  EXPECT_EQ(f.device.mac, "AA:BB:CC:DD:EE:01");
  EXPECT_EQ(f.device.ip, "10.5.50.9");
  EXPECT_EQ(f.device.link_login_only, "http://10.5.50.1/login");
  EXPECT_EQ(f.device.link_orig, "http://example.com/news");
  EXPECT_EQ(f.device.chap_id, "\xF9");
  EXPECT_EQ(f.device.chap_challenge, "\xEF\x0D");
  EXPECT_FALSE(f.error.empty());
}

TEST(NormalizeMac, AcceptsSixHexPairsWithOneSeparator) {
  EXPECT_EQ(normalize_mac("aa:bb:cc:dd:ee:0f"), "AA:BB:CC:DD:EE:0F");
  EXPECT_EQ(normalize_mac("AA-BB-CC-DD-EE-FF"), "AA:BB:CC:DD:EE:FF");
  EXPECT_FALSE(normalize_mac("AA:BB-CC:DD:EE:FF"));
  EXPECT_FALSE(normalize_mac("AA:BB:CC:DD:EE"));
  EXPECT_FALSE(normalize_mac("AA:BB:CC:DD:EE:FG"));
  EXPECT_FALSE(normalize_mac("AA:BB:CC:DD:EE:FF\r\n"));
  EXPECT_FALSE(normalize_mac(""));
}

TEST(IsIpv4, DottedQuadsOnly) {
  EXPECT_TRUE(is_ipv4("10.5.50.7"));
  EXPECT_TRUE(is_ipv4("0.0.0.0"));
  EXPECT_TRUE(is_ipv4("255.255.255.255"));
  EXPECT_FALSE(is_ipv4("256.1.1.1"));
  EXPECT_FALSE(is_ipv4("10.5.50"));
  EXPECT_FALSE(is_ipv4("10.5.50.7.1"));
  EXPECT_FALSE(is_ipv4("10.05.50.7"));
  EXPECT_FALSE(is_ipv4("10.5.50.7 "));
  EXPECT_FALSE(is_ipv4("10.5.50.1234"));
  EXPECT_FALSE(is_ipv4("<b>"));
  EXPECT_FALSE(is_ipv4(""));
}

TEST(RouterFields, KeepsWhatPassesItsCheck) {
  const RouterFields fields = parse({{"mac", "aa:bb:cc:dd:ee:ff"},
                                     {"ip", "10.5.50.7"},
                                     {"link-login-only", "http://10.5.50.1/login"},
                                     {"link-orig", "http://example.com/page?x=1"},
                                     {"chap-id", "\\371"},
                                     {"chap-challenge", "\\357\\015"},
                                     {"error", "invalid username or password"}});
  EXPECT_EQ(fields.device.mac, "AA:BB:CC:DD:EE:FF");
  EXPECT_EQ(fields.device.ip, "10.5.50.7");
  EXPECT_EQ(fields.device.client_ip, "10.5.50.7");
  EXPECT_EQ(fields.device.link_login_only, "http://10.5.50.1/login");
  EXPECT_EQ(fields.device.link_orig, "http://example.com/page?x=1");
  EXPECT_EQ(fields.device.chap_id, "\xF9");
  EXPECT_EQ(fields.device.chap_challenge, std::string("\xEF\x0D"));
  EXPECT_EQ(fields.chap_id_escaped, "\\371");
  EXPECT_EQ(fields.error, "invalid username or password");
}

TEST(RouterFields, DropsForgedFields) {
  const RouterFields fields = parse({{"mac", "AA:BB:CC:DD:EE:FF\"><script>"},
                                     {"ip", "10.5.50.7\r\nSet-Cookie: x=y"},
                                     {"link-login-only", "javascript:alert(1)"},
                                     {"link-orig", "http://example.com/\r\nLocation: http://evil/"},
                                     {"chap-id", "\\999"},
                                     {"chap-challenge", "\\357"},
                                     {"error", "bad\r\nthing"}});
  EXPECT_EQ(fields.device.mac, "");
  EXPECT_EQ(fields.device.ip, "");
  EXPECT_EQ(fields.device.link_login_only, "");
  EXPECT_EQ(fields.device.link_orig, "");
  EXPECT_EQ(fields.device.chap_id, "");  // the pair is dropped together
  EXPECT_EQ(fields.device.chap_challenge, "");
  EXPECT_EQ(fields.chap_challenge_escaped, "");
  EXPECT_EQ(fields.error, "bad  thing");
}

TEST(RouterFields, BoundsTheRouterErrorWithoutSplittingACharacter) {
  std::string error(kMaxRouterErrorBytes - 1, 'x');
  error += "é and more";
  const RouterFields fields = parse({{"error", error}});
  EXPECT_EQ(fields.error, std::string(kMaxRouterErrorBytes - 1, 'x'));
}

}  // namespace
}  // namespace hotspot::portal
