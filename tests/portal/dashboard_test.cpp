// The provider's dashboard over HTTP: signing in and out, sessions, the owner-only setup page
// and its downloads, and what bad requests get.

#include <gtest/gtest.h>

#include "tests/portal/dashboard_fixture.h"

namespace hotspot::dashboard::testing {
namespace {

using namespace std::chrono_literals;

bool has(const std::string& body, const std::string& text) {
  return body.find(text) != std::string::npos;
}

TEST_F(DashboardTest, PagesNeedASignIn) {
  for (const char* path : {"/", "/router/provision"}) {
    auto res = client().Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 303) << path;
    EXPECT_EQ(res->get_header_value("Location"), "/login");
  }
  auto res = client().Post("/router/provision", provision_params("", "script"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_TRUE(has(res->body, "Sign in and try again"));
  EXPECT_TRUE(backend_.script_calls().empty());
  res = get("/", "hs_dash=" + std::string(64, 'a'));  // a made-up token
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
}

TEST_F(DashboardTest, SigningInOpensASessionInAStrictHttpOnlyCookie) {
  auto page = client().Get("/login");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_TRUE(has(page->body, "name=\"password\""));
  auto res =
      client().Post("/login", httplib::Params{{"username", "owner"}, {"password", kOwnerPassword}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location"), "/");
  const std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_TRUE(std::regex_search(
      cookie, std::regex("^hs_dash=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Strict$")))
      << cookie;
  EXPECT_TRUE(logger_.contains("DASHBOARD_SIGNED_IN"));
  // Signed in, the sign-in page leads on to the overview.
  auto again = get("/login", cookie.substr(0, cookie.find(';')));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 303);
  EXPECT_EQ(again->get_header_value("Location"), "/");
}

TEST_F(DashboardTest, AWrongPasswordIsOneSentenceAndKeepsTheUsername) {
  auto res = client().Post("/login", httplib::Params{{"username", "owner"}, {"password", "guess"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_TRUE(has(res->body, "Wrong username or password."));
  EXPECT_TRUE(has(res->body, "value=\"owner\""));
  EXPECT_TRUE(res->get_header_value("Set-Cookie").empty());
  EXPECT_TRUE(logger_.contains("DASHBOARD_SIGN_IN_FAILED"));
  // A username that is markup comes back escaped, and is not written into the log as it is.
  res = client().Post("/login", httplib::Params{{"username", "<b>x\n"}, {"password", "guess"}});
  ASSERT_TRUE(res);
  EXPECT_TRUE(has(res->body, "value=\"&lt;b&gt;x"));
  EXPECT_FALSE(has(logger_.text(), "<b>"));
}

TEST_F(DashboardTest, FiveWrongPasswordsMeanAWaitEvenForTheRightOne) {
  for (int i = 0; i < 5; ++i) {
    auto res =
        client().Post("/login", httplib::Params{{"username", "owner"}, {"password", "guess"}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
  }
  const int hashed = backend_.sign_ins();
  auto res =
      client().Post("/login", httplib::Params{{"username", "owner"}, {"password", kOwnerPassword}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 429);
  EXPECT_EQ(res->get_header_value("Retry-After"), "60");
  EXPECT_TRUE(has(res->body, "Too many wrong passwords. Try again in 60 seconds."));
  EXPECT_EQ(backend_.sign_ins(), hashed) << "no password is checked during the wait";
  // Another username from the same address waits too: the address is locked.
  res = client().Post("/login",
                      httplib::Params{{"username", "desk"}, {"password", kAttendantPassword}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 429);
  clock_.advance(61s);
  EXPECT_FALSE(sign_in("owner", kOwnerPassword).empty());
}

TEST_F(DashboardTest, OverlongOrEmptyCredentialsAreRefusedWithoutHashing) {
  for (const auto& [user, password] :
       std::vector<std::pair<std::string, std::string>>{{std::string(65, 'a'), kOwnerPassword},
                                                        {"owner", std::string(1025, 'p')},
                                                        {"", kOwnerPassword},
                                                        {"owner", ""}}) {
    auto res = client().Post("/login", httplib::Params{{"username", user}, {"password", password}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
  }
  EXPECT_EQ(backend_.sign_ins(), 0);
}

TEST_F(DashboardTest, BooksThatCannotBeReadAreSaidSo) {
  backend_.set_books_down(true);
  auto res =
      client().Post("/login", httplib::Params{{"username", "owner"}, {"password", kOwnerPassword}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_TRUE(has(res->body, "cannot check passwords just now"));
  EXPECT_TRUE(logger_.contains("DASHBOARD_SIGN_IN_UNAVAILABLE"));
}

TEST_F(DashboardTest, TheOverviewShowsTheRouterEscaped) {
  RouterHealthView health;
  health.state = "up";
  health.checked_at = to_unix_seconds(clock_.wall_now()) - 12;
  health.rows = {{"RouterOS", "7.12.1"}, {"Board", "<hAP> & co"}};
  health.warning = "hotspot users near the licence limit of 200";
  backend_.set_health(health);
  const std::string cookie = sign_in("owner", kOwnerPassword);
  auto res = get("/", cookie);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  EXPECT_FALSE(res->get_header_value("Content-Security-Policy").empty());
  EXPECT_EQ(res->get_header_value("X-Frame-Options"), "DENY");
  EXPECT_TRUE(has(res->body, "checked 12 s ago"));
  EXPECT_TRUE(has(res->body, "<th>RouterOS</th><td>7.12.1</td>"));
  EXPECT_TRUE(has(res->body, "&lt;hAP&gt; &amp; co"));
  EXPECT_TRUE(has(res->body, "near the licence limit of 200"));
  EXPECT_TRUE(has(res->body, "href=\"/router/provision\""));
  EXPECT_TRUE(has(res->body, "owner (owner)"));
}

TEST_F(DashboardTest, AnAttendantSeesTheOverviewButNotTheRouterSetup) {
  const std::string cookie = sign_in("desk", kAttendantPassword);
  ASSERT_FALSE(cookie.empty());
  auto res = get("/", cookie);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_FALSE(has(res->body, "/router/provision"));
  res = get("/router/provision", cookie);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_TRUE(has(res->body, "Only an owner account can set up the router."));
  res = post("/router/provision", cookie, provision_params(form_token(cookie), "script"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_TRUE(backend_.script_calls().empty());
}

TEST_F(DashboardTest, TheSetupFormIsFilledWithWhatTheApplianceKnows) {
  ProvisionDefaults defaults;
  defaults.form.router_version = "7.12.1";
  defaults.form.network = "10.5.50.0/24";
  defaults.router_login = "admin@192.168.88.1:8728";
  defaults.pending_login = "hotspot-edge@192.168.88.1:8728";
  backend_.set_defaults(defaults);
  const std::string cookie = sign_in("owner", kOwnerPassword);
  auto res = get("/router/provision", cookie);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_TRUE(has(res->body, "name=\"router_version\" value=\"7.12.1\""));
  EXPECT_TRUE(has(res->body, "name=\"appliance_address\" value=\"127.0.0.1\""))
      << "the address the dashboard was reached at";
  EXPECT_TRUE(has(res->body, "admin@192.168.88.1:8728"));
  EXPECT_TRUE(has(res->body, "does not cut the appliance off the router"));
  EXPECT_TRUE(
      has(res->body, "Waiting for the router to accept <strong>hotspot-edge@192.168.88.1:8728"));
  EXPECT_FALSE(has(res->body, "API-SSL"));
  defaults.script_refused = "The appliance reaches the router over API-SSL & more";
  backend_.set_defaults(defaults);
  res = get("/router/provision", cookie);
  ASSERT_TRUE(res);
  EXPECT_TRUE(has(res->body, "over API-SSL &amp; more"));
  EXPECT_TRUE(has(res->body, "value=\"" + form_token(cookie) + "\""));
}

TEST_F(DashboardTest, TheOwnerDownloadsTheScriptAndTheLoginPage) {
  const std::string cookie = sign_in("owner", kOwnerPassword);
  const std::string token = form_token(cookie);
  auto res = post("/router/provision", cookie, provision_params(token, "script"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Disposition"),
            "attachment; filename=\"hotspot-edge-provision.rsc\"");
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(res->body, "/ip hotspot print\n# 10.5.50.0/24\n");
  const auto calls = backend_.script_calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].actor, "dashboard:owner");
  EXPECT_EQ(calls[0].form.lan_interfaces, "ether2,ether3") << "spaces around are trimmed";
  EXPECT_EQ(calls[0].form.portal_port, "8080");
  EXPECT_TRUE(calls[0].form.router_has_flash);
  EXPECT_TRUE(logger_.contains("DASHBOARD_DOWNLOAD"));

  res = post("/router/provision", cookie, provision_params(token, "login-page"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Disposition"), "attachment; filename=\"login.html\"");
  EXPECT_EQ(backend_.login_page_calls().size(), 1u);
}

TEST_F(DashboardTest, APostWithoutTheSessionsFormTokenChangesNothing) {
  const std::string cookie = sign_in("owner", kOwnerPassword);
  for (const std::string& token : {std::string(), std::string(64, '0'), form_token(cookie) + "0"}) {
    auto res = post("/router/provision", cookie, provision_params(token, "script"));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403);
    EXPECT_TRUE(has(res->body, "This form is out of date"));
  }
  // Another session's token is not this one's.
  const std::string other = sign_in("owner", kOwnerPassword);
  auto res = post("/router/provision", cookie, provision_params(form_token(other), "script"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_TRUE(backend_.script_calls().empty());
  EXPECT_TRUE(logger_.contains("DASHBOARD_FORM_REFUSED"));
}

TEST_F(DashboardTest, ABadFieldIsNamedAsTheFormLabelsItAndWhatWasTypedIsKept) {
  backend_.set_script_error(
      make_error(Errc::invalid_argument, "network: needs a prefix length from /16 to /28"));
  const std::string cookie = sign_in("owner", kOwnerPassword);
  auto params = provision_params(form_token(cookie), "script");
  params.erase("network");
  params.emplace("network", "10.5.50.0/8\"><script>");
  auto res = post("/router/provision", cookie, params);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_TRUE(res->get_header_value("Content-Disposition").empty());
  EXPECT_TRUE(has(res->body, "Hotspot network: needs a prefix length from /16 to /28"));
  EXPECT_TRUE(has(res->body, "value=\"10.5.50.0/8&quot;&gt;&lt;script&gt;\""));

  backend_.set_script_error(make_error(Errc::unsupported, "RouterOS 6.40 is older than 6.43"));
  res = post("/router/provision", cookie, provision_params(form_token(cookie), "script"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_TRUE(has(res->body, "RouterOS 6.40 is older than 6.43"));

  backend_.set_script_error(make_error(Errc::io, "the books cannot be written"));
  res = post("/router/provision", cookie, provision_params(form_token(cookie), "script"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_TRUE(has(res->body, "the books cannot be written"));
  EXPECT_TRUE(logger_.contains("DASHBOARD_SCRIPT_FAILED"));
}

TEST_F(DashboardTest, AnOverlongFieldOrAnUnknownFileIsRefusedBeforeTheBackend) {
  const std::string cookie = sign_in("owner", kOwnerPassword);
  auto params = provision_params(form_token(cookie), "script");
  params.erase("lan_interfaces");
  params.emplace("lan_interfaces", std::string(300, 'e'));
  auto res = post("/router/provision", cookie, params);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_TRUE(has(res->body, "Hotspot LAN ports: at most 256 characters"));
  EXPECT_TRUE(has(res->body, "name=\"network\" value=\"10.5.50.0/24\"")) << "the rest is kept";
  res = post("/router/provision", cookie, provision_params(form_token(cookie), "everything"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_TRUE(has(res->body, "choose the script or the login page"));
  EXPECT_TRUE(backend_.script_calls().empty());
  EXPECT_TRUE(backend_.login_page_calls().empty());
  // A body past the cap is refused whole.
  params.erase("lan_interfaces");
  params.emplace("lan_interfaces", std::string(20'000, 'e'));
  res = post("/router/provision", cookie, params);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_TRUE(backend_.script_calls().empty());
}

TEST_F(DashboardTest, ASessionHasNoMoreRightsThanItsAccountHasNow) {
  const std::string cookie = sign_in("owner", kOwnerPassword);
  ASSERT_EQ(get("/router/provision", cookie)->status, 200);
  backend_.set_role("owner", Role::attendant);  // demoted in the books meanwhile
  EXPECT_EQ(get("/router/provision", cookie)->status, 403);
  auto res = post("/router/provision", cookie, provision_params(form_token(cookie), "script"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  backend_.set_role("owner", std::nullopt);  // then disabled
  res = get("/", cookie);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  backend_.set_role("owner", Role::owner);
  EXPECT_EQ(get("/", cookie)->status, 303) << "a disabled account's session is gone for good";
  EXPECT_TRUE(backend_.script_calls().empty());
}

TEST_F(DashboardTest, APostFromAnotherSiteIsRefusedSignInIncluded) {
  auto res = client().Post("/login", {{"Origin", "http://evil.example"}},
                           httplib::Params{{"username", "owner"}, {"password", kOwnerPassword}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_TRUE(res->get_header_value("Set-Cookie").empty());
  EXPECT_EQ(backend_.sign_ins(), 0);
  res = client().Post("/login", {{"Sec-Fetch-Site", "cross-site"}},
                      httplib::Params{{"username", "owner"}, {"password", kOwnerPassword}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);

  const std::string cookie = sign_in("owner", kOwnerPassword);
  const std::string here = "http://127.0.0.1:" + std::to_string(server_->port());
  res = client().Post("/router/provision", {{"Cookie", cookie}, {"Origin", "null"}},
                      provision_params(form_token(cookie), "script"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403) << "the right token from the wrong origin";
  res = client().Post("/router/provision", {{"Cookie", cookie}, {"Origin", here}},
                      provision_params(form_token(cookie), "script"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << "this dashboard's own origin";
  res = client().Post("/router/provision",
                      {{"Cookie", cookie}, {"Origin", "null"}, {"Sec-Fetch-Site", "same-origin"}},
                      provision_params(form_token(cookie), "script"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << "what Chromium sends from a page with no-referrer";
  res = client().Post("/router/provision",
                      {{"Cookie", cookie}, {"Origin", here}, {"Sec-Fetch-Site", "same-site"}},
                      provision_params(form_token(cookie), "script"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403) << "another port of the same host is another site's page";
  EXPECT_EQ(backend_.script_calls().size(), 2u);
}

TEST_F(DashboardTest, SigningInAgainEndsTheBrowsersEarlierSession) {
  const std::string first = sign_in("owner", kOwnerPassword);
  auto res = client().Post("/login", {{"Cookie", first}},
                           httplib::Params{{"username", "desk"}, {"password", kAttendantPassword}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 303);
  EXPECT_EQ(get("/", first)->status, 303);
}

TEST_F(DashboardTest, SigningOutEndsTheSession) {
  const std::string cookie = sign_in("owner", kOwnerPassword);
  auto res = post("/logout", cookie, {{"form_token", form_token(cookie)}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location"), "/login");
  EXPECT_TRUE(has(res->get_header_value("Set-Cookie"), "Max-Age=0"));
  res = get("/", cookie);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303) << "the old cookie no longer opens anything";
}

TEST_F(DashboardTest, ASessionEndsAfterHalfAnHourIdleOrTwelveHours) {
  const std::string cookie = sign_in("owner", kOwnerPassword);
  clock_.advance(29min);
  auto res = get("/", cookie);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << "in use: the idle time starts again";
  clock_.advance(29min);
  ASSERT_EQ(get("/", cookie)->status, 200);
  clock_.advance(31min);
  EXPECT_EQ(get("/", cookie)->status, 303);

  const std::string busy = sign_in("owner", kOwnerPassword);
  for (int i = 0; i < 25; ++i) {
    clock_.advance(29min);
    if (get("/", busy)->status != 200) break;
  }
  EXPECT_EQ(get("/", busy)->status, 303) << "12 hours after signing in";
}

TEST_F(DashboardTest, UnknownPagesAndFailuresAreShortPagesNeverATrace) {
  auto res = client().Get("/admin");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_TRUE(has(res->body, "There is no such page on this dashboard."));
  EXPECT_FALSE(res->get_header_value("X-Content-Type-Options").empty());

  backend_.set_throw_on_health(true);
  const std::string cookie = sign_in("owner", kOwnerPassword);
  res = get("/", cookie);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_TRUE(has(res->body, "Something went wrong on the appliance"));
  EXPECT_FALSE(has(res->body, "exploded"));
  EXPECT_TRUE(logger_.contains("DASHBOARD_HANDLER_FAILED"));
  res = client().Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, "ok\n");
}

TEST_F(DashboardTest, StoppedItNoLongerListens) {
  const int port = server_->port();
  ASSERT_NE(port, 0);
  server_->stop();
  EXPECT_EQ(server_->port(), 0);
  httplib::Client c("127.0.0.1", port);
  c.set_connection_timeout(1);
  EXPECT_FALSE(c.Get("/healthz"));
  DashboardServer taken(backend_, clock_, logger_, options_);
  ASSERT_TRUE(taken.start());
  DashboardOptions same = options_;
  same.port = taken.port();
  DashboardServer clash(backend_, clock_, logger_, same);
  const Status second = clash.start();
  ASSERT_FALSE(second);
  EXPECT_TRUE(
      has(second.error().message, "cannot listen on 127.0.0.1:" + std::to_string(same.port)));
}

}  // namespace
}  // namespace hotspot::dashboard::testing
