#include "routeros/provision/version_gate.h"

#include <gtest/gtest.h>

namespace hotspot::routeros {
namespace {

TEST(VersionGate, ParsesTheFormsRoutersReport) {
  EXPECT_EQ(*parse_routeros_version("7.12.1"), (RouterOsVersion{7, 12, 1}));
  EXPECT_EQ(*parse_routeros_version("6.49.10 (long-term)"), (RouterOsVersion{6, 49, 10}));
  EXPECT_EQ(*parse_routeros_version("7.18 (stable)"), (RouterOsVersion{7, 18, 0}));
  EXPECT_EQ(*parse_routeros_version("7.1beta4 (development)"), (RouterOsVersion{7, 1, 0}));
}

TEST(VersionGate, RejectsWhatIsNotAVersion) {
  for (const char* bad : {"", "7", "seven", "7.", ".7", "7.x", "7.12;reboot", "7.12\n", "12345.1", "7.12.1\"x"}) {
    auto v = parse_routeros_version(bad);
    ASSERT_FALSE(v.ok()) << bad;
    EXPECT_EQ(v.error().code, Errc::invalid_argument);
    EXPECT_NE(v.error().message.find("router_version"), std::string::npos);
  }
}

TEST(VersionGate, AcceptsSupportedVersions) {
  for (const char* good : {"6.43", "6.43.16", "6.49", "6.49.10", "7.0", "7.12", "7.12.1", "7.18", "7.18.2"}) {
    EXPECT_TRUE(check_supported_version(good).ok()) << good;
  }
}

TEST(VersionGate, RefusesTooOldWithTheReason) {
  for (const char* old : {"6.42", "6.42.12", "6.0", "5.26"}) {
    auto v = check_supported_version(old);
    ASSERT_FALSE(v.ok()) << old;
    EXPECT_EQ(v.error().code, Errc::unsupported);
    EXPECT_NE(v.error().message.find("too old"), std::string::npos);
    EXPECT_NE(v.error().message.find("6.43"), std::string::npos);
    EXPECT_NE(v.error().message.find("upgrade"), std::string::npos);
  }
}

TEST(VersionGate, RefusesAnUnknownMajor) {
  auto v = check_supported_version("8.0");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, Errc::unsupported);
  EXPECT_NE(v.error().message.find("RouterOS 8.0"), std::string::npos);
  EXPECT_NE(v.error().message.find("does not know"), std::string::npos);
}

}  // namespace
}  // namespace hotspot::routeros
