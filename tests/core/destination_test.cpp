#include "core/destination.h"

#include <gtest/gtest.h>

#include <string>

namespace hotspot {
namespace {

TEST(SafeDestination, AcceptsPlainWebAddresses) {
  for (const char* good : {
           "http://10.5.50.1/login",
           "https://example.com/a?b=c#d",
           "HTTP://EXAMPLE.COM/",
           "hTTpS://Example.com",
           "http://example.com",
           "http://example.com.",
           "http://hotspot.lan:8080/login?dst=http%3A%2F%2Fexample.com%2F",
           "http://example.com:1/",
           "http://example.com:65535/",
           "http://example.com?q=1",
           "http://example.com#top",
           "http://my-router/status",
           "http://[::1]/",
           "http://[fe80::1:2]:8080/x",
           "http://[2001:db8:0:0:0:0:0:1]/",
           "http://[::ffff:192.0.2.1]/",
           "http://example.com/a@b/~c;d=e&f=g+h%20i[j]{k}|l^m`n!o$p*q(r),s",
       }) {
    auto got = safe_destination(good);
    ASSERT_TRUE(got.has_value()) << good;
    EXPECT_EQ(*got, good) << "returned as given";
  }
}

TEST(SafeDestination, RefusesOtherSchemesAndRelativeForms) {
  for (const char* bad : {
           "",
           "javascript:alert(1)",
           "JavaScript://example.com/%0aalert(1)",
           "data:text/html,<script>alert(1)</script>",
           "//evil.example/",
           "/login",
           "ftp://example.com/",
           "file:///etc/passwd",
           "http:example.com",
           "http:/example.com",
           "http:\\\\evil.example",
           " http://example.com/",
           "httpx://example.com/",
       }) {
    EXPECT_FALSE(safe_destination(bad).has_value()) << bad;
  }
}

TEST(SafeDestination, RefusesBadHosts) {
  for (const char* bad : {
           "http://",
           "http:///path",
           "http://user@example.com/",
           "http://user:pass@example.com/",
           "http://example.com@evil.example/",
           "http://exa_mple.com/",
           "http://.example.com/",
           "http://example..com/",
           "http://ex%61mple.com/",
           "http://ex\\ample.com/",
           "http://\xc3\xa9xample.com/",
           "http://256.1.1.1/",
           "http://1.2.3/",
           "http://1.2.3.4.5/",
           "http://010.0.0.1/",
           "http://[::1/",
           "http://[]/",
           "http://[::1]x/",
           "http://[1::2::3]/",
           "http://[1:2:3:4:5:6:7:8:9]/",
           "http://[1:2:3:4:5:6:7]/",
           "http://[fe80::1%25eth0]/",
           "http://[::g]/",
           "http://[12345::]/",
       }) {
    EXPECT_FALSE(safe_destination(bad).has_value()) << bad;
  }
}

TEST(SafeDestination, PortsFrom1To65535) {
  for (const char* bad :
       {"http://example.com:0/", "http://example.com:65536/", "http://example.com:/",
        "http://example.com:80:80/", "http://example.com:-1/", "http://example.com:8o/",
        "http://example.com:000080/", "http://[::1]:0/", "http://[::1]80/"}) {
    EXPECT_FALSE(safe_destination(bad).has_value()) << bad;
  }
  EXPECT_TRUE(safe_destination("http://example.com:80").has_value());
  EXPECT_TRUE(safe_destination("http://[::1]:443/").has_value());
}

TEST(SafeDestination, RefusesAnythingThatCouldBreakOutOfAHeaderOrAttribute) {
  for (const std::string& bad : {
           std::string("http://example.com/\r\nSet-Cookie: a=b"),
           std::string("http://example.com/\nLocation: http://evil.example/"),
           std::string("http://example.com\r\n/"),
           std::string("http://example.com/a b"),
           std::string("http://example.com/a\tb"),
           std::string("http://example.com/\"onmouseover=\"alert(1)"),
           std::string("http://example.com/'onmouseover='alert(1)"),
           std::string("http://example.com/<script>alert(1)</script>"),
           std::string("http://example.com/>"),
           std::string("http://example.com/a\\b"),
           std::string("http://example.com/\x7f"),
           std::string("http://example.com/\xc3\xa9"),
           std::string("http://example.com/a\0b", 22),
       }) {
    EXPECT_FALSE(safe_destination(bad).has_value()) << bad;
  }
}

TEST(SafeDestination, AtMost2048Bytes) {
  const std::string prefix = "http://example.com/";
  std::string longest = prefix + std::string(2048 - prefix.size(), 'a');
  ASSERT_EQ(longest.size(), 2048u);
  EXPECT_TRUE(safe_destination(longest).has_value());
  EXPECT_FALSE(safe_destination(longest + "a").has_value());
  EXPECT_FALSE(safe_destination(prefix + std::string(100'000, 'a')).has_value());
}

}  // namespace
}  // namespace hotspot
