#include "routeros/provision/rsc.h"

#include <gtest/gtest.h>

#include "routeros/provision/ipv4.h"

namespace hotspot::routeros {
namespace {

TEST(Rsc, QuotesWithTheRouterOsEscapes) {
  EXPECT_EQ(rsc_quote("plain"), "\"plain\"");
  EXPECT_EQ(rsc_quote("a\"b"), "\"a\\\"b\"");
  EXPECT_EQ(rsc_quote("a\\b"), "\"a\\\\b\"");
  EXPECT_EQ(rsc_quote("$x"), "\"\\$x\"");
  EXPECT_EQ(rsc_quote("what?"), "\"what\\?\"");
  EXPECT_EQ(rsc_quote("a;b {c}"), "\"a;b {c}\"");  // inert inside quotes
}

TEST(Rsc, LeavesPlainTokensBare) {
  EXPECT_EQ(rsc_value("br-hotspot"), "br-hotspot");
  EXPECT_EQ(rsc_value("10.5.50.1/24"), "10.5.50.1/24");
  EXPECT_EQ(rsc_value("read,write,api"), "read,write,api");
  EXPECT_EQ(rsc_value(""), "\"\"");
  EXPECT_EQ(rsc_value("hotspot-edge:plan=1"), "\"hotspot-edge:plan=1\"");
  EXPECT_EQ(rsc_value("2M/5M 4M/10M"), "\"2M/5M 4M/10M\"");
  EXPECT_EQ(rsc_value("x;y"), "\"x;y\"");
}

TEST(Rsc, GuardedAddAndSet) {
  EXPECT_EQ(rsc_add_if_missing("/ip pool", rsc_eq("name", "p"), {{"name", "p"}, {"ranges", "10.0.0.2-10.0.0.9"}}),
            ":if ([:len [/ip pool find where name=\"p\"]] = 0) do={/ip pool add name=p ranges=10.0.0.2-10.0.0.9}");
  EXPECT_EQ(rsc_set_where("/ip pool", rsc_eq("name", "p"), {{"ranges", "10.0.0.2-10.0.0.9"}}),
            "/ip pool set [find where name=\"p\"] ranges=10.0.0.2-10.0.0.9");
  EXPECT_EQ(rsc_tolerant("/ip pool set [find where name=\"p\"] comment=x"),
            ":do {/ip pool set [find where name=\"p\"] comment=x} on-error={}");
  EXPECT_EQ(rsc_run_if_none("/certificate", rsc_eq("name", "c") + " and private-key", "/certificate sign c"),
            ":if ([:len [/certificate find where name=\"c\" and private-key]] = 0) do={/certificate sign c}");
}

TEST(Ipv4, StrictDottedQuad) {
  EXPECT_EQ(format_ipv4(*parse_ipv4("10.5.50.1")), "10.5.50.1");
  for (const char* bad : {"", "10.5.50", "10.5.50.1.2", "10.5.050.1", "256.1.1.1", "10.5.50.1 ", "a.b.c.d"}) {
    EXPECT_FALSE(parse_ipv4(bad).has_value()) << bad;
  }
  auto p = parse_ipv4_prefix("10.5.50.0/24");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->length, 24);
  for (const char* bad : {"10.5.50.0", "10.5.50.0/", "10.5.50.0/33", "10.5.50.0/024", "10.5.50.0/2x"}) {
    EXPECT_FALSE(parse_ipv4_prefix(bad).has_value()) << bad;
  }
  EXPECT_TRUE(prefix_contains(p->address, 24, *parse_ipv4("10.5.50.254")));
  EXPECT_FALSE(prefix_contains(p->address, 24, *parse_ipv4("10.5.51.1")));
}

}  // namespace
}  // namespace hotspot::routeros
