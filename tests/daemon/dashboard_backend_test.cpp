// The dashboard's backend over real books: accounts, the router's recorded health, and the
// router's setup script, which moves the appliance to the script's API user. The last test
// imports the script into the RouterOS simulator and watches the daemon log in as that user.

#include "daemon/dashboard_backend.h"

#include <gtest/gtest.h>

#include <regex>

#include "core/testutils/capturing_logger.h"
#include "core/testutils/fake_clock.h"
#include "daemon/router_service.h"
#include "routeros/settings/router_settings.h"
#include "routeros/sim/router_state.h"
#include "routeros/sim/server.h"
#include "storage/accounts.h"
#include "storage/health.h"
#include "storage/plans.h"
#include "run_until.h"
#include "temp_dir.h"

namespace hotspot::daemon::testing {
namespace {

using namespace std::chrono_literals;
using dashboard::ProvisionForm;
namespace sim = routeros::sim;

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The password the script gives the API user.
std::string api_password_in(const std::string& script) {
  std::smatch m;
  static const std::regex line(
      R"re(/user set \[find where name="hotspot-edge"[^\]]*\].* password=(\S+))re");
  return std::regex_search(script, m, line) ? std::string(m[1]) : std::string();
}

class DashboardBackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = storage::Store::open({dir_.path() / "data", true}, clock_, log_);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    Plan plan;
    plan.name = "1 Hour";
    plan.price = Kes{10};
    plan.time_allowance = Seconds(3600);
    plan.upload_bps = 2'000'000;
    plan.download_bps = 5'000'000;
    ASSERT_TRUE(store_->plans().add(plan, "test"));
    backend_ = std::make_unique<ApplianceDashboardBackend>(*store_, DashboardBackendOptions{8080},
                                                           [this] { ++login_changes_; });
  }

  static ProvisionForm form() {
    ProvisionForm f;
    f.router_version = "7.12.1";
    f.lan_interfaces = "ether2, ether3";
    f.network = "10.5.50.0/24";
    f.dns_name = "login.wifi.lan";
    f.appliance_address = "10.5.50.2";
    f.portal_port = "8080";
    return f;
  }

  std::optional<routeros::RouterSettings> settings() {
    auto s = routeros::load_router_settings(*store_);
    return s ? *s : std::nullopt;
  }
  std::string router_password() {
    auto s = settings();
    if (!s) return {};
    auto options = routeros::router_link_options(*store_, *s);
    return options ? options->session.password : std::string();
  }

  TempDir dir_;
  hotspot::testing::FakeClock clock_;
  hotspot::testing::CapturingLogger log_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<ApplianceDashboardBackend> backend_;
  int login_changes_ = 0;
};

TEST_F(DashboardBackendTest, SignInTellsOwnerFromAttendant) {
  ASSERT_TRUE(store_->accounts().create("owner", storage::Role::owner, "owner password", "test"));
  ASSERT_TRUE(store_->accounts().create("desk", storage::Role::attendant, "desk password", "test"));
  EXPECT_EQ(*backend_->sign_in("owner", "owner password"), dashboard::Role::owner);
  EXPECT_EQ(*backend_->sign_in("desk", "desk password"), dashboard::Role::attendant);
  EXPECT_FALSE(*backend_->sign_in("desk", "owner password"));
}

TEST_F(DashboardBackendTest, TheRouterHealthIsShownAsRows) {
  EXPECT_TRUE(backend_->router_health().state.empty()) << "never checked";
  ASSERT_TRUE(store_->health().record(
      "router", "up",
      R"j({"endpoint":"10.5.50.1:8728","version":"7.12.1 (stable)","board":"hAP ac^2","cpu_load":7,)j"
      R"j("free_memory":104857600,"total_memory":268435456,"uptime_s":97380,"licence_level":4,)j"
      R"j("user_capacity":200,"managed_users":190,"clock_offset_s":-2,)j"
      R"j("warning":"hotspot users near the licence limit of 200"})j"));
  const auto view = backend_->router_health();
  EXPECT_EQ(view.state, "up");
  EXPECT_EQ(view.checked_at, to_unix_seconds(clock_.wall_now()));
  EXPECT_EQ(view.warning, "hotspot users near the licence limit of 200");
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"Address", "10.5.50.1:8728"},
      {"RouterOS", "7.12.1 (stable)"},
      {"Board", "hAP ac^2"},
      {"CPU load", "7 %"},
      {"Memory free", "100 MiB of 256 MiB"},
      {"Uptime", "1d 3h 3m"},
      {"Licence", "level 4 (200 hotspot users)"},
      {"Hotspot users of this appliance", "190"},
      {"Clock", "-2 s from this appliance"}};
  EXPECT_EQ(view.rows, expected);

  ASSERT_TRUE(store_->health().record(
      "router", "down",
      R"j({"endpoint":"10.5.50.1:8728","link":"backing off","error":"connection refused","failed_attempts":3})j"));
  const auto down = backend_->router_health();
  EXPECT_EQ(down.state, "down");
  EXPECT_TRUE(std::find(down.rows.begin(), down.rows.end(),
                        std::pair<std::string, std::string>{"Last error", "connection refused"}) !=
              down.rows.end());
}

TEST_F(DashboardBackendTest, TheFormStartsFromWhatTheApplianceKnows) {
  auto d = backend_->provision_defaults("192.168.88.2");
  EXPECT_EQ(d.form.appliance_address, "192.168.88.2");
  EXPECT_EQ(d.form.portal_port, "8080");
  EXPECT_EQ(d.form.network, "10.5.50.0/24");
  EXPECT_TRUE(d.router_login.empty());
  EXPECT_TRUE(d.pending_login.empty());
  EXPECT_TRUE(d.script_refused.empty());
  EXPECT_TRUE(backend_->provision_defaults("127.0.0.1").form.appliance_address.empty())
      << "loopback is not how the router reaches the appliance";

  ASSERT_TRUE(store_->health().record("router", "up", R"j({"version":"6.49.10 (long-term)"})j"));
  routeros::RouterSettings admin{"192.168.88.1", 8728, false, "", "", "admin"};
  ASSERT_TRUE(routeros::save_router_settings(*store_, admin, "admin secret", "test"));
  d = backend_->provision_defaults("192.168.88.2");
  EXPECT_EQ(d.form.router_version, "6.49.10");
  EXPECT_EQ(d.form.router_address, "192.168.88.1");
  EXPECT_EQ(d.router_login, "admin@192.168.88.1:8728");
  EXPECT_TRUE(d.pending_login.empty());
  ASSERT_TRUE(backend_->provisioning_script(form(), "dashboard:owner"));
  d = backend_->provision_defaults("192.168.88.2");
  EXPECT_EQ(d.pending_login, "hotspot-edge@10.5.50.1:8728");
  EXPECT_EQ(d.form.router_address, "10.5.50.1");
}

TEST_F(DashboardBackendTest, WithoutARouterTheScriptsApiUserBecomesTheAppliancesLogin) {
  auto script = backend_->provisioning_script(form(), "dashboard:owner");
  ASSERT_TRUE(script) << script.error().message;
  EXPECT_EQ(script->file_name, "hotspot-edge-provision.rsc");
  EXPECT_TRUE(has(script->content, "/interface bridge port"));
  EXPECT_TRUE(has(script->content, "hotspot-edge-plan-"));
  const std::string password = api_password_in(script->content);
  ASSERT_FALSE(password.empty()) << script->content;
  auto s = settings();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->host, "10.5.50.1") << "the hotspot network's gateway";
  EXPECT_EQ(s->port, 8728);
  EXPECT_EQ(s->user, "hotspot-edge");
  EXPECT_EQ(router_password(), password);
  EXPECT_EQ(login_changes_, 1);

  // Downloaded again: the same password, and the books are left as they are.
  auto again = backend_->provisioning_script(form(), "dashboard:owner");
  ASSERT_TRUE(again);
  EXPECT_EQ(api_password_in(again->content), password);
  EXPECT_EQ(login_changes_, 1);
}

// The login in force stays until the router accepts the script's: a download never cuts the
// site off its router.
TEST_F(DashboardBackendTest, AnotherLoginStaysInForceAndTheScriptsWaitsWithTheRoutersPort) {
  routeros::RouterSettings admin{"10.5.50.1", 8799, false, "", "", "admin"};
  ASSERT_TRUE(routeros::save_router_settings(*store_, admin, "admin secret", "test"));
  ProvisionForm f = form();
  f.router_address = "10.5.50.1";
  auto script = backend_->provisioning_script(f, "dashboard:owner");
  ASSERT_TRUE(script) << script.error().message;
  EXPECT_EQ(settings()->user, "admin");
  EXPECT_EQ(router_password(), "admin secret");
  auto pending = routeros::load_pending_router_login(*store_);
  ASSERT_TRUE(pending && *pending);
  EXPECT_EQ((*pending)->settings.user, "hotspot-edge");
  EXPECT_EQ((*pending)->settings.host, "10.5.50.1");
  EXPECT_EQ((*pending)->settings.port, 8799) << "the same router keeps its API port";
  EXPECT_EQ((*pending)->password, api_password_in(script->content));
  EXPECT_EQ(login_changes_, 0);

  auto again = backend_->provisioning_script(f, "dashboard:owner");
  ASSERT_TRUE(again);
  EXPECT_EQ(api_password_in(again->content), (*pending)->password) << "downloaded again: the same";

  // A technician sets a login by hand (hotspotctl router set): the script's is forgotten.
  ASSERT_TRUE(routeros::save_router_settings(*store_, admin, "new admin secret", "cli"));
  EXPECT_FALSE(*routeros::load_pending_router_login(*store_));
}

TEST_F(DashboardBackendTest, AnotherRouterForTheSameUserWaitsWithTheSamePassword) {
  routeros::RouterSettings in_force{"10.5.50.1", 8728, false, "", "", "hotspot-edge"};
  ASSERT_TRUE(routeros::save_router_settings(*store_, in_force, "InForcePassword42", "test"));
  auto same = backend_->provisioning_script(form(), "dashboard:owner");
  ASSERT_TRUE(same);
  EXPECT_EQ(api_password_in(same->content), "InForcePassword42");
  EXPECT_FALSE(*routeros::load_pending_router_login(*store_)) << "nothing to wait for";

  ProvisionForm moved = form();
  moved.network = "192.168.88.0/24";
  moved.appliance_address = "192.168.88.2";
  auto script = backend_->provisioning_script(moved, "dashboard:owner");
  ASSERT_TRUE(script) << script.error().message;
  EXPECT_EQ(api_password_in(script->content), "InForcePassword42");
  EXPECT_EQ(settings()->host, "10.5.50.1");
  auto pending = *routeros::load_pending_router_login(*store_);
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->settings.host, "192.168.88.1");
  EXPECT_EQ(pending->settings.port, 8728);
}

TEST_F(DashboardBackendTest, ALoginOverPinnedApiSslIsLeftToTheTechnician) {
  routeros::RouterSettings pinned{"10.5.50.1",          8729,          true, "",
                                  std::string(64, 'a'), "hotspot-edge"};
  ASSERT_TRUE(routeros::save_router_settings(*store_, pinned, "InForcePassword42", "test"));
  auto script = backend_->provisioning_script(form(), "dashboard:owner");
  ASSERT_FALSE(script);
  EXPECT_EQ(script.error().code, Errc::unsupported);
  EXPECT_TRUE(has(script.error().message, "hotspotctl router provision --api-ssl"))
      << script.error().message;
  EXPECT_TRUE(has(backend_->provision_defaults("10.5.50.2").script_refused, "API-SSL"));
  EXPECT_TRUE(backend_->router_login_page(form())) << "the login page holds nothing of the login";
  EXPECT_TRUE(settings()->tls);
}

TEST_F(DashboardBackendTest, ABadFormChangesNothing) {
  routeros::RouterSettings admin{"192.168.88.1", 8728, false, "", "", "admin"};
  ASSERT_TRUE(routeros::save_router_settings(*store_, admin, "admin secret", "test"));
  struct Case {
    std::function<void(ProvisionForm&)> spoil;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](ProvisionForm& f) { f.network = "10.5.50.0/33"; }, "network: "},
      {[](ProvisionForm& f) { f.network = "10.5.50.7/24"; }, "network: "},
      {[](ProvisionForm& f) { f.lan_interfaces = ""; }, "lan_interfaces: "},
      {[](ProvisionForm& f) { f.lan_interfaces = "ether2;/system reset-configuration"; },
       "lan_interfaces: "},
      {[](ProvisionForm& f) { f.wan_interface = "ether1\n/user add"; }, "wan_interface: "},
      {[](ProvisionForm& f) { f.appliance_address = "10.5.50.1"; }, "appliance_address: "},
      {[](ProvisionForm& f) { f.appliance_address = "appliance"; }, "appliance_address: "},
      {[](ProvisionForm& f) { f.portal_port = "80a"; }, "portal_port: "},
      {[](ProvisionForm& f) { f.portal_port = "70000"; }, "portal_port: "},
      {[](ProvisionForm& f) { f.dns_name = "login wifi\""; }, "hotspot_dns_name: "},
      {[](ProvisionForm& f) { f.router_version = "seven"; }, "router_version: "},
      {[](ProvisionForm& f) { f.router_address = "10.5.50.1 ; rm"; }, "router_address: "},
  };
  for (const Case& c : cases) {
    ProvisionForm f = form();
    c.spoil(f);
    auto script = backend_->provisioning_script(f, "dashboard:owner");
    ASSERT_FALSE(script) << c.field;
    EXPECT_EQ(script.error().code, Errc::invalid_argument) << script.error().message;
    EXPECT_TRUE(script.error().message.starts_with(c.field)) << script.error().message;
  }
  ProvisionForm old = form();
  old.router_version = "6.40.1";
  auto refused = backend_->provisioning_script(old, "dashboard:owner");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::unsupported);
  EXPECT_EQ(settings()->user, "admin");
  EXPECT_EQ(router_password(), "admin secret");
  EXPECT_FALSE(*routeros::load_pending_router_login(*store_));
  EXPECT_EQ(login_changes_, 0);
}

TEST_F(DashboardBackendTest, TheLoginPageSendsPhonesToThePortalAndHoldsNoSecret) {
  auto page = backend_->router_login_page(form());
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->file_name, "login.html");
  EXPECT_TRUE(has(page->content, "http://10.5.50.2:8080/portal?mac=$(mac-esc)")) << page->content;
  EXPECT_FALSE(settings()) << "the login page changes nothing";
  ProvisionForm bad = form();
  bad.appliance_address = "";
  EXPECT_FALSE(backend_->router_login_page(bad));
}

// The whole path: a router reached as an administrator, the provider downloads the script, the
// appliance stays up as the administrator while it waits, the script is imported, and the
// appliance moves to the script's user by itself.
TEST_F(DashboardBackendTest, AfterTheImportTheApplianceMovesToTheScriptsUser) {
  boost::asio::io_context io;
  sim::RouterOptions options;
  options.version = *sim::parse_router_os_version("7.12");
  options.boot_time = clock_.wall_now();
  sim::RouterState state(options);
  state.add_account({"admin", "admin secret", {"read", "write", "api", "test", "policy"}});
  sim::Server server(io, state);
  ASSERT_TRUE(server.listen("127.0.0.1", 0).ok());
  routeros::RouterSettings admin{"127.0.0.1", server.local_endpoint().port(), false, "", "",
                                 "admin"};
  ASSERT_TRUE(routeros::save_router_settings(*store_, admin, "admin secret", "test"));
  auto service = RouterService::create(io, *store_, clock_, log_, {100ms, 60s});
  service->start();
  auto health = [&] {
    auto h = store_->health().get("router");
    return h && *h ? (*h)->state + " " + (*h)->detail : std::string();
  };
  // The switch waits for a health check (every 100 ms here) and the link's reconnection.
  auto run_until = [&](const std::function<bool()>& done) {
    return testing::run_until(io, done, 15s);
  };
  ASSERT_TRUE(run_until([&] { return health().starts_with("up "); })) << log_.text();

  ProvisionForm f = form();
  f.router_address = "127.0.0.1";
  auto script = backend_->provisioning_script(f, "dashboard:owner");
  ASSERT_TRUE(script) << script.error().message;
  const std::string password = api_password_in(script->content);
  // Still up as the administrator, and saying what it waits for.
  ASSERT_TRUE(run_until([&] { return has(health(), "not accepted by the router yet"); }))
      << health();
  EXPECT_TRUE(health().starts_with("up ")) << health();
  EXPECT_EQ(settings()->user, "admin");
  EXPECT_FALSE(log_.contains("ROUTER_LOGIN_SWITCHED"));

  // The import, as far as the login goes: the script's user and password.
  server.with_state([&](sim::RouterState& s) {
    s.add_account({"hotspot-edge", password, {"read", "write", "api", "test"}});
    return 0;
  });
  ASSERT_TRUE(run_until([&] { return log_.contains("ROUTER_SETTINGS_RELOADED"); })) << log_.text();
  EXPECT_TRUE(log_.contains("ROUTER_LOGIN_SWITCHED"));
  EXPECT_EQ(settings()->user, "hotspot-edge");
  EXPECT_EQ(router_password(), password);
  EXPECT_FALSE(*routeros::load_pending_router_login(*store_));
  ASSERT_TRUE(run_until([&] {
    return health().starts_with("up ") && !has(health(), "pending_login");
  })) << health();
  service->stop();
  server.stop();
  io.restart();
  io.run_for(50ms);
}

}  // namespace
}  // namespace hotspot::daemon::testing
