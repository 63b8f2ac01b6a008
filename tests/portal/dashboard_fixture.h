#pragma once
// The dashboard over real HTTP on loopback, against a scripted backend that records its calls.

#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <mutex>
#include <regex>
#include <stdexcept>

#include "core/testutils/capturing_logger.h"
#include "core/testutils/fake_clock.h"
#include "portal/dashboard/server.h"

namespace hotspot::dashboard::testing {

inline constexpr const char* kOwnerPassword = "owner password 1";
inline constexpr const char* kAttendantPassword = "attendant pass 1";

class ScriptedDashboardBackend final : public DashboardBackend {
 public:
  Result<std::optional<Role>> sign_in(std::string_view username,
                                      std::string_view password) override {
    std::lock_guard lock(mu_);
    ++sign_ins_;
    if (books_down_) return make_error(Errc::io, "disk I/O error");
    if (username == "owner" && password == kOwnerPassword) return std::optional<Role>(Role::owner);
    if (username == "desk" && password == kAttendantPassword) {
      return std::optional<Role>(Role::attendant);
    }
    return std::optional<Role>();
  }
  Result<std::optional<Role>> current_role(std::string_view username) override {
    std::lock_guard lock(mu_);
    if (books_down_) return make_error(Errc::io, "disk I/O error");
    if (auto it = roles_.find(std::string(username)); it != roles_.end()) return it->second;
    return std::optional<Role>();
  }
  RouterHealthView router_health() override {
    std::lock_guard lock(mu_);
    if (throw_on_health_) throw std::runtime_error("health exploded");
    return health_;
  }
  ProvisionDefaults provision_defaults(std::string_view dashboard_address) override {
    std::lock_guard lock(mu_);
    ProvisionDefaults d = defaults_;
    d.form.appliance_address = std::string(dashboard_address);
    return d;
  }
  Result<Download> provisioning_script(const ProvisionForm& form, std::string_view actor) override {
    std::lock_guard lock(mu_);
    script_calls_.push_back({form, std::string(actor)});
    if (script_error_) return *script_error_;
    return Download{"hotspot-edge-provision.rsc", "text/plain; charset=utf-8",
                    "/ip hotspot print\n# " + form.network + "\n"};
  }
  Result<Download> router_login_page(const ProvisionForm& form) override {
    std::lock_guard lock(mu_);
    login_page_calls_.push_back({form, ""});
    return Download{"login.html", "text/html; charset=utf-8", "<html>redirect</html>"};
  }

  struct Call {
    ProvisionForm form;
    std::string actor;
  };
  void set_health(RouterHealthView h) {
    std::lock_guard lock(mu_);
    health_ = std::move(h);
  }
  void set_defaults(ProvisionDefaults d) {
    std::lock_guard lock(mu_);
    defaults_ = std::move(d);
  }
  void set_script_error(std::optional<Error> e) {
    std::lock_guard lock(mu_);
    script_error_ = std::move(e);
  }
  // What the books say of an account now (nullopt: removed or disabled).
  void set_role(const std::string& username, std::optional<Role> role) {
    std::lock_guard lock(mu_);
    roles_[username] = role;
  }
  void set_books_down(bool down) {
    std::lock_guard lock(mu_);
    books_down_ = down;
  }
  void set_throw_on_health(bool t) {
    std::lock_guard lock(mu_);
    throw_on_health_ = t;
  }
  std::vector<Call> script_calls() const {
    std::lock_guard lock(mu_);
    return script_calls_;
  }
  std::vector<Call> login_page_calls() const {
    std::lock_guard lock(mu_);
    return login_page_calls_;
  }
  int sign_ins() const {
    std::lock_guard lock(mu_);
    return sign_ins_;
  }

 private:
  mutable std::mutex mu_;
  RouterHealthView health_;
  ProvisionDefaults defaults_;
  std::optional<Error> script_error_;
  std::map<std::string, std::optional<Role>> roles_ = {{"owner", Role::owner},
                                                       {"desk", Role::attendant}};
  bool books_down_ = false;
  bool throw_on_health_ = false;
  std::vector<Call> script_calls_;
  std::vector<Call> login_page_calls_;
  int sign_ins_ = 0;
};

class DashboardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.address = "127.0.0.1";
    options_.port = 0;
    server_ = std::make_unique<DashboardServer>(backend_, clock_, logger_, options_);
    const Status started = server_->start();
    ASSERT_TRUE(started.ok()) << started.error().message;
  }
  void TearDown() override { server_->stop(); }

  httplib::Client client() {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_connection_timeout(5);
    c.set_read_timeout(10);
    return c;
  }

  // Signs in; the session cookie ("hs_dash=...") to send back, or empty on failure.
  std::string sign_in(const std::string& user, const std::string& password) {
    auto res = client().Post("/login", httplib::Params{{"username", user}, {"password", password}});
    if (!res || res->status != 303) return {};
    const std::string cookie = res->get_header_value("Set-Cookie");
    return cookie.substr(0, cookie.find(';'));
  }

  httplib::Result get(const std::string& path, const std::string& cookie) {
    return client().Get(path, {{"Cookie", cookie}});
  }

  // The form token on a page of the session's.
  std::string form_token(const std::string& cookie) {
    auto res = get("/", cookie);
    std::smatch m;
    static const std::regex token(R"re(name="form_token" value="([0-9a-f]{64})")re");
    if (!res || !std::regex_search(res->body, m, token)) return {};
    return m[1];
  }

  static httplib::Params provision_params(const std::string& token, const std::string& file) {
    return {{"form_token", token},
            {"file", file},
            {"router_version", "7.12.1"},
            {"lan_interfaces", " ether2,ether3 "},
            {"network", "10.5.50.0/24"},
            {"dns_name", "login.wifi.lan"},
            {"appliance_address", "10.5.50.2"},
            {"portal_port", "8080"},
            {"router_address", ""},
            {"flash", "yes"}};
  }

  httplib::Result post(const std::string& path, const std::string& cookie,
                       const httplib::Params& params) {
    return client().Post(path, {{"Cookie", cookie}}, params);
  }

  ScriptedDashboardBackend backend_;
  hotspot::testing::FakeClock clock_;
  hotspot::testing::CapturingLogger logger_;
  DashboardOptions options_;
  std::unique_ptr<DashboardServer> server_;
};

}  // namespace hotspot::dashboard::testing
