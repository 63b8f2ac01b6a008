// hotspotctl router provision against a real sshd whose forced command answers like RouterOS.
#include <nlohmann/json.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <fstream>
#include <thread>

#include "cli_runner.h"
#include "core/log.h"
#include "routeros/client/tls_transport.h"
#include "routeros/settings/router_settings.h"
#include "routeros/sim/router_state.h"
#include "routeros/sim/server.h"
#include "routeros/sim/tls.h"
#include "sshd_fixture.h"
#include "storage/store.h"

namespace hotspot::cli::testing {
namespace {

using hotspot::routeros::testing::SshdFixture;

class ProvisionTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    if (!sshd_.unavailable().empty()) GTEST_SKIP() << sshd_.unavailable();
    init_books();
  }

  std::vector<std::string> provision(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"router", "provision", "--host", "127.0.0.1", "--ssh-port",
                                     std::to_string(sshd_.port()), "--ssh-user", "root", "--ssh-key",
                                     sshd_.user_key().string(), "--lan-interface", "ether2,wlan1",
                                     "--network", "10.5.50.0/24", "--appliance-ip", "10.5.50.2"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  SshdFixture sshd_;
};

TEST_F(ProvisionTest, DryRunPrintsTheScriptWithThePasswordHiddenAndChangesNothing) {
  auto r = run(provision({"--dry-run"}));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("/ip hotspot"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hotspot-edge-plan-1"), std::string::npos) << "the plan's profile";
  EXPECT_NE(r.out.find("********"), std::string::npos);
  EXPECT_EQ(sshd_.commands_log(), "/system/resource/print\n") << "a dry run only reads the version";
  EXPECT_FALSE(std::filesystem::exists(data_dir_ / "router-backups"));
}

TEST_F(ProvisionTest, BacksUpImportsUploadsTheLoginPageAndSetsTheRouter) {
  auto r = run(provision());
  ASSERT_EQ(r.code, 0) << r.err << r.out;
  const std::string log = sshd_.commands_log();
  const auto exported = log.find("/export terse");
  const auto imported = log.find("/import file-name=");
  ASSERT_NE(exported, std::string::npos) << log;
  ASSERT_NE(imported, std::string::npos) << log;
  EXPECT_LT(exported, imported) << "the backup comes before any change";
  EXPECT_NE(log.find("/file remove"), std::string::npos) << "the script with the password is removed";
  EXPECT_FALSE(std::filesystem::exists(sshd_.files() / "hotspot-edge-provision.rsc"));
  const std::string page = read_file(sshd_.files() / "hotspot" / "login.html");
  EXPECT_NE(page.find("10.5.50.2"), std::string::npos);
  EXPECT_NE(page.find("$(mac"), std::string::npos);
  ASSERT_TRUE(std::filesystem::exists(data_dir_ / "router-backups"));
  EXPECT_FALSE(std::filesystem::is_empty(data_dir_ / "router-backups"));

  auto status = nlohmann::json::parse(run_ok({"status", "--json"}).out);
  const auto& secrets = status["configured"]["secrets"];
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), "router.password"), secrets.end());
}

TEST_F(ProvisionTest, AChangedHostKeyStopsEverything) {
  ASSERT_EQ(run(provision({"--dry-run"})).code, 0);  // pins the key in the books
  sshd_.regenerate_host_key();
  auto r = run(provision());
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(is_one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("host key"), std::string::npos) << r.err;
  EXPECT_EQ(sshd_.commands_log(), "/system/resource/print\n") << "nothing ran on the changed router";
}

TEST_F(ProvisionTest, BadInputIsRefusedBeforeAnythingChanges) {
  for (const auto& extra : std::vector<std::vector<std::string>>{
           {"--network", "10.5.50.0/33"}, {"--lan-interface", "ether2;/system/reboot"},
           {"--appliance-ip", "10.5.50.300"}, {"--portal-port", "0"}}) {
    auto args = provision();
    // The later option wins in the request; replace the earlier one.
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
      if (args[i] == extra[0]) args[i + 1] = extra[1];
    }
    if (std::find(args.begin(), args.end(), extra[0]) == args.end()) args.insert(args.end(), extra.begin(), extra.end());
    auto r = run(args);
    EXPECT_NE(r.code, 0) << extra[0];
    EXPECT_TRUE(is_one_line(r.err)) << r.err;
  }
  EXPECT_EQ(sshd_.commands_log().find("/import"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(data_dir_ / "router-backups"));
}

TEST_F(ProvisionTest, NeedsItsOptions) {
  auto r = run({"router", "provision", "--host", "127.0.0.1"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--ssh-user"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace hotspot::cli::testing

namespace hotspot::cli::testing {
namespace {

TEST_F(ProvisionTest, BackupKeepsTheExportAndOptionallyABinaryBackup) {
  auto r = run({"router", "backup", "--host", "127.0.0.1", "--ssh-port", std::to_string(sshd_.port()),
                "--ssh-user", "root", "--ssh-key", sshd_.user_key().string(), "--on-router"});
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_TRUE(std::filesystem::exists(data_dir_ / "router-backups"));
  bool has_export = false;
  for (const auto& entry : std::filesystem::directory_iterator(data_dir_ / "router-backups")) {
    has_export = has_export || read_file(entry.path()).find("/ip hotspot") != std::string::npos;
  }
  EXPECT_TRUE(has_export);
  EXPECT_NE(sshd_.commands_log().find("/system/backup/save name=\"hotspot-edge-"), std::string::npos)
      << sshd_.commands_log();
}

}  // namespace
}  // namespace hotspot::cli::testing

namespace hotspot::cli::testing {
namespace {

namespace sim = routeros::sim;

// The router's API-SSL side: the simulator on loopback with a self-signed certificate, on its
// own thread. It plays the same router the sshd fixture plays: when the appliance connects, the
// API user that the fake CLI's /import saw created (its password kept in api-password) becomes
// an account, as it would on a router that ran the script.
class ProvisionedApiSsl final : public Logger {
 public:
  explicit ProvisionedApiSsl(std::filesystem::path password_file) : password_file_(std::move(password_file)) {
    state_ = std::make_unique<sim::RouterState>(sim::RouterOptions{.version = *sim::parse_router_os_version("7.12.1")});
    certificate_ = *sim::TlsServerConfig::self_signed("127.0.0.1");
    sim::ServerOptions options;
    options.tls = certificate_;
    options.logger = this;
    server_ = std::make_unique<sim::Server>(io_, *state_, options);
    EXPECT_TRUE(server_->listen("127.0.0.1", 0).ok());
    port_ = server_->local_endpoint().port();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~ProvisionedApiSsl() override {
    boost::asio::post(io_, [this] { server_->stop(); });
    work_.reset();
    io_.stop();
    thread_.join();
  }
  std::uint16_t port() const { return port_; }
  std::string pin() const { return *routeros::certificate_sha256(certificate_->certificate_pem()); }
  int connections() const { return connections_; }

  // Runs on the simulator's thread, before the connection reads a byte.
  void log(LogLevel, std::string_view, std::string_view id, std::string_view) override {
    if (id != "ROUTEROS_SIM_CONNECTED") return;
    ++connections_;
    std::ifstream in(password_file_);
    std::string password;
    if (std::getline(in, password) && !password.empty()) {
      state_->add_account({"hotspot-edge", password, {"read", "write", "api"}});
    }
  }
  bool enabled(LogLevel) const override { return true; }

 private:
  std::filesystem::path password_file_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{io_.get_executor()};
  std::unique_ptr<sim::RouterState> state_;
  std::shared_ptr<sim::TlsServerConfig> certificate_;
  std::unique_ptr<sim::Server> server_;
  std::uint16_t port_ = 0;
  std::atomic<int> connections_{0};
  std::thread thread_;
};

class ProvisionApiSslTest : public ProvisionTest {
 protected:
  std::filesystem::path fixture_dir() const { return sshd_.files().parent_path(); }

  // What the fake router answers to /certificate print detail.
  void router_prints(const std::string& text) {
    std::ofstream(fixture_dir() / "certificate-print.txt") << text;
  }

  std::vector<std::string> provision_api_ssl(const ProvisionedApiSsl& router) {
    return provision({"--api-ssl", "--api-ssl-port", std::to_string(router.port())});
  }

  std::optional<routeros::RouterSettings> books_router() {
    SystemClock clock;
    NullLogger log;
    auto store = storage::Store::open({data_dir_, false}, clock, log);
    EXPECT_TRUE(store) << store.error().message;
    if (!store) return std::nullopt;
    auto settings = routeros::load_router_settings(**store);
    EXPECT_TRUE(settings) << settings.error().message;
    return settings ? *settings : std::nullopt;
  }

  void set_plain_router() {
    ASSERT_EQ(run({"router", "set", "--host", "10.9.9.9", "--user", "before", "--password-stdin"}, true, "old-pass\n").code, 0);
  }

  void expect_plain_router_kept() {
    auto kept = books_router();
    ASSERT_TRUE(kept.has_value());
    EXPECT_EQ(kept->host, "10.9.9.9");
    EXPECT_EQ(kept->user, "before");
    EXPECT_FALSE(kept->tls);
    EXPECT_EQ(kept->port, 8728);
    EXPECT_TRUE(kept->tls_pin.empty());
  }
};

std::string with_colons(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) out += (i ? ":" : "") + hex.substr(i, 2);
  return out;
}

TEST_F(ProvisionApiSslTest, PinsTheCertificateTheRouterPrintsAndLogsInOverApiSsl) {
  ProvisionedApiSsl router(fixture_dir() / "api-password");
  router_prints(" 0 K   T name=\"hotspot-edge-api\" common-name=\"10.5.50.1\" fingerprint=\"" +
                with_colons(router.pin()) + "\" key-size=2048\n");
  auto r = run(provision_api_ssl(router));
  ASSERT_EQ(r.code, 0) << r.err << r.out;
  EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
  const std::string log = sshd_.commands_log();
  const auto imported = log.find("/import file-name=");
  const auto printed = log.find("/certificate/print detail where name=\"hotspot-edge-api\"");
  ASSERT_NE(printed, std::string::npos) << log;
  EXPECT_LT(imported, printed) << "the certificate exists once the script ran";
  EXPECT_GE(router.connections(), 1) << "the pinned login went to the simulator";

  auto settings = books_router();
  ASSERT_TRUE(settings.has_value());
  EXPECT_TRUE(settings->tls);
  EXPECT_EQ(settings->port, router.port());
  EXPECT_EQ(settings->tls_pin, router.pin());
  EXPECT_EQ(settings->user, "hotspot-edge");
  auto test = run({"router", "test"});
  EXPECT_EQ(test.code, 0) << test.err << "the daemon's own way in works with what was kept";
  EXPECT_NE(test.out.find("(API-SSL)"), std::string::npos) << test.out;
}

TEST_F(ProvisionApiSslTest, AFingerprintTheRouterDoesNotPresentIsRefusedAndTheBooksKeepTheirRouter) {
  ProvisionedApiSsl router(fixture_dir() / "api-password");
  set_plain_router();
  std::string wrong = router.pin();
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  router_prints("      fingerprint=" + wrong + "\n");
  auto r = run(provision_api_ssl(router));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_TRUE(is_one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("TLS mismatch"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unchanged"), std::string::npos) << r.err;
  expect_plain_router_kept();
}

TEST_F(ProvisionApiSslTest, WithoutAPrintedFingerprintItPinsWhatTheHandshakePresentsAndWarns) {
  ProvisionedApiSsl router(fixture_dir() / "api-password");  // the fake prints no fingerprint
  auto r = run(provision_api_ssl(router));
  ASSERT_EQ(r.code, 0) << r.err << r.out;
  EXPECT_TRUE(is_one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("warning: the router did not print the fingerprint"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(router.pin()), std::string::npos) << "the pin, to compare on the router: " << r.err;
  EXPECT_NE(r.err.find("/certificate print detail where name=\"hotspot-edge-api\""), std::string::npos) << r.err;
  auto settings = books_router();
  ASSERT_TRUE(settings.has_value());
  EXPECT_TRUE(settings->tls);
  EXPECT_EQ(settings->tls_pin, router.pin());
}

TEST_F(ProvisionApiSslTest, ALoginThatFailsLeavesTheBooksAsTheyWere) {
  ProvisionedApiSsl router(fixture_dir() / "no-such-password-file");  // the user never reaches the router
  set_plain_router();
  router_prints("fingerprint=" + router.pin() + "\n");
  auto r = run(provision_api_ssl(router));
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_TRUE(is_one_line(r.err)) << r.err;
  expect_plain_router_kept();
}

TEST_F(ProvisionApiSslTest, NoApiSslServiceLeavesTheBooksAsTheyWere) {
  set_plain_router();
  auto r = run(provision({"--api-ssl", "--api-ssl-port", "1"}));  // nothing listens; no fingerprint printed
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_TRUE(is_one_line(r.err)) << r.err;
  expect_plain_router_kept();
}

TEST_F(ProvisionApiSslTest, ThePlainApiAsksForNoCertificate) {
  auto r = run(provision());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(sshd_.commands_log().find("/certificate"), std::string::npos) << sshd_.commands_log();
  auto settings = books_router();
  ASSERT_TRUE(settings.has_value());
  EXPECT_FALSE(settings->tls);
  EXPECT_EQ(settings->port, 8728);
  EXPECT_TRUE(settings->tls_pin.empty());
}

TEST_F(ProvisionApiSslTest, TheDryRunShowsTheCertificateLines) {
  auto r = run(provision({"--api-ssl", "--dry-run"}));
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("/certificate add name=hotspot-edge-api common-name=10.5.50.1 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("certificate=hotspot-edge-api disabled=no"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("tls-version=only-1.2} on-error={}"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace hotspot::cli::testing
