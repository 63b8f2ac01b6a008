#include "routeros/provision/login_page.h"

#include <gtest/gtest.h>

#include "routeros/provision/uploads.h"
#include "typical_request.h"

namespace hotspot::routeros {
namespace {

using testing::typical_request;

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(LoginPage, CarriesEveryVariableTheEscapedWay) {
  const std::string page = render_login_page(typical_request());
  for (const char* variable : {"$(mac-esc)", "$(ip-esc)", "$(link-login-only-esc)", "$(link-orig-esc)",
                               "$(chap-id-esc)", "$(chap-challenge-esc)", "$(error-esc)"}) {
    EXPECT_EQ(count(page, variable), 2u) << variable;  // meta refresh and link
  }
  // Every router variable is the URL-escaped twin.
  for (auto at = page.find("$("); at != std::string::npos; at = page.find("$(", at + 1)) {
    EXPECT_EQ(page.substr(page.find(')', at) - 4, 4), "-esc") << page.substr(at, 30);
  }
}

TEST(LoginPage, SendsToTheApplianceAndNowhereElse) {
  const std::string page = render_login_page(typical_request());
  const std::string url = "http://10.5.50.2:8080/portal?mac=$(mac-esc)&amp;ip=$(ip-esc)&amp;login=$(link-login-only-esc)"
                          "&amp;dst=$(link-orig-esc)&amp;chap_id=$(chap-id-esc)&amp;chap_challenge=$(chap-challenge-esc)"
                          "&amp;error=$(error-esc)";
  EXPECT_NE(page.find("<meta http-equiv=\"refresh\" content=\"0; url=" + url + "\">"), std::string::npos);
  EXPECT_NE(page.find("<a id=\"go\" href=\"" + url + "\">"), std::string::npos);
  EXPECT_EQ(count(page, "http://"), 2u);
  EXPECT_EQ(count(page, "https://"), 0u);
  EXPECT_EQ(count(page, "//"), 2u);  // no protocol-relative URL either
  for (const char* external : {"src=", "<link", "@import", "url(", "cdn", "fonts."}) {
    EXPECT_EQ(page.find(external), std::string::npos) << external;
  }
}

TEST(LoginPage, HttpsPortalOnItsDefaultPortWithAName) {
  auto r = typical_request();
  r.portal_https = true;
  r.portal_port = 443;
  r.portal_host = "portal.wifi.lan";
  r.portal_path = "/start";
  EXPECT_EQ(portal_redirect_url(r).rfind("https://portal.wifi.lan/start?mac=$(mac-esc)&ip=", 0), 0u);
}

TEST(ProvisioningFiles, NamesWhereEachFileGoes) {
  auto r = typical_request();
  auto files = provisioning_files(r);
  ASSERT_TRUE(files.ok()) << files.error().message;
  EXPECT_EQ(files->login_page.path, "hotspot/login.html");
  EXPECT_FALSE(files->login_page.secret);
  EXPECT_EQ(files->script.path, "hotspot-edge-provision.rsc");
  EXPECT_TRUE(files->script.secret);
  EXPECT_FALSE(files->script.path.ends_with(".auto.rsc"));
  EXPECT_NE(files->script.content.find("c0rrect-Horse"), std::string::npos);
  EXPECT_EQ(files->import_command, "/import file-name=hotspot-edge-provision.rsc verbose=yes");
  EXPECT_EQ(files->cleanup_command, "/file remove [find where name=\"hotspot-edge-provision.rsc\"]");
  r.router_has_flash = true;
  files = provisioning_files(r);
  ASSERT_TRUE(files.ok());
  EXPECT_EQ(files->login_page.path, "flash/hotspot/login.html");
  EXPECT_EQ(files->script.path, "flash/hotspot-edge-provision.rsc");
  EXPECT_EQ(login_page_path(r), "flash/hotspot/login.html");
}

TEST(ProvisioningFiles, RefusesWhatTheScriptRefuses) {
  auto r = typical_request();
  r.router_version = "8.0";
  auto files = provisioning_files(r);
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.error().code, Errc::unsupported);
}

}  // namespace
}  // namespace hotspot::routeros
