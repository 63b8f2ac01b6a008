#include "payments/http/url.h"

#include <gtest/gtest.h>

namespace hotspot::payments::http {
namespace {

TEST(ParseUrl, HttpsWithDefaultPortAndQuery) {
  auto url =
      parse_url("https://sandbox.safaricom.co.ke/oauth/v1/generate?grant_type=client_credentials");
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_TRUE(url->tls);
  EXPECT_EQ(url->host, "sandbox.safaricom.co.ke");
  EXPECT_EQ(url->port, 443);
  EXPECT_EQ(url->target, "/oauth/v1/generate?grant_type=client_credentials");
}

TEST(ParseUrl, HttpWithPortAndNoPath) {
  auto url = parse_url("http://127.0.0.1:8080");
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_FALSE(url->tls);
  EXPECT_EQ(url->port, 8080);
  EXPECT_EQ(url->target, "/");
}

TEST(ParseUrl, RefusesWhatCannotBeARequestLine) {
  for (const char* bad :
       {"ftp://host/", "https://", "https://host:0/", "https://host:99999/", "https://ho st/",
        "https://host/a b", "https://host/\r\nX: y", "https://user@host/", "https://host:x/"}) {
    EXPECT_FALSE(parse_url(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace hotspot::payments::http
