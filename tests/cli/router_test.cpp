// hotspotctl router set|test against the RouterOS simulator on loopback, plain and API-SSL.
#include <nlohmann/json.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <thread>

#include "cli_runner.h"
#include "routeros/client/tls_transport.h"
#include "routeros/sim/router_state.h"
#include "routeros/sim/server.h"
#include "routeros/sim/tls.h"

namespace hotspot::cli::testing {
namespace {

using nlohmann::json;
namespace sim = routeros::sim;

// The simulator on its own thread, as a router on the LAN would be.
class SimRouter {
 public:
  explicit SimRouter(bool tls) {
    sim::RouterOptions options;
    options.version = *sim::parse_router_os_version("6.42");  // the pre-6.43 challenge login
    state_ = std::make_unique<sim::RouterState>(options);
    state_->add_account({"api", "s3cret", {"read", "write", "api", "test"}});
    sim::ServerOptions server_options;
    if (tls) {
      certificate_ = *sim::TlsServerConfig::self_signed("127.0.0.1");
      server_options.tls = certificate_;
    }
    server_ = std::make_unique<sim::Server>(io_, *state_, server_options);
    EXPECT_TRUE(server_->listen("127.0.0.1", 0).ok());
    port_ = server_->local_endpoint().port();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~SimRouter() {
    boost::asio::post(io_, [this] { server_->stop(); });
    work_.reset();
    io_.stop();
    thread_.join();
  }
  std::uint16_t port() const { return port_; }
  std::string pin() const { return *routeros::certificate_sha256(certificate_->certificate_pem()); }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_{io_.get_executor()};
  std::unique_ptr<sim::RouterState> state_;
  std::shared_ptr<sim::TlsServerConfig> certificate_;
  std::unique_ptr<sim::Server> server_;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

TEST_F(CliTest, RouterSetThenTestShowsTheRouter) {
  run_ok({"init"});
  SimRouter router(false);
  auto set = run({"router", "set", "--host", "127.0.0.1", "--port", std::to_string(router.port()),
                  "--user", "api", "--password-stdin"}, true, "s3cret\n");
  ASSERT_EQ(set.code, 0) << set.err;
  EXPECT_EQ(set.out.find("s3cret"), std::string::npos) << "the password is never printed";
  auto test = run({"router", "test", "--json"});
  ASSERT_EQ(test.code, 0) << test.err;
  auto report = json::parse(test.out);
  EXPECT_EQ(report["version"].get<std::string>().rfind("6.42", 0), 0u);
  EXPECT_TRUE(report["challenge_login"]);
  EXPECT_FALSE(report["board"].get<std::string>().empty());
  EXPECT_FALSE(report["licence_level"].get<std::string>().empty());
}

TEST_F(CliTest, RouterSyncPushesPlansOnceAndThenHasNothingToDo) {
  init_books();  // one plan on sale
  SimRouter router(false);
  ASSERT_EQ(run({"router", "set", "--host", "127.0.0.1", "--port", std::to_string(router.port()),
                 "--user", "api", "--password-stdin"}, true, "s3cret\n").code, 0);
  auto first = run({"router", "sync", "--json"});
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_EQ(json::parse(first.out)["applied"], 1) << first.out;
  auto second = run({"router", "sync", "--json"});
  ASSERT_EQ(second.code, 0) << second.err;
  EXPECT_EQ(json::parse(second.out)["applied"], 0) << "idempotent: " << second.out;
  auto people = run_ok({"router", "sync"}).out;
  EXPECT_NE(people.find("applied 0"), std::string::npos) << people;
}

TEST_F(CliTest, RouterTestGivesOneClearReason) {
  run_ok({"init"});
  auto unset = run({"router", "test"});
  EXPECT_EQ(unset.code, 1);
  EXPECT_NE(unset.err.find("no router is set"), std::string::npos) << unset.err;

  SimRouter router(false);
  run({"router", "set", "--host", "127.0.0.1", "--port", std::to_string(router.port()), "--user",
       "api", "--password-stdin"}, true, "wrong\n");
  auto bad = run({"router", "test"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_TRUE(is_one_line(bad.err)) << bad.err;
  EXPECT_NE(bad.err.find("rejected the login"), std::string::npos) << bad.err;

  run({"router", "set", "--host", "127.0.0.1", "--port", "1", "--user", "api", "--password-stdin"},
      true, "s3cret\n");
  auto refused = run({"router", "test"});
  EXPECT_EQ(refused.code, 1);
  EXPECT_NE(refused.err.find("refused the connection"), std::string::npos) << refused.err;
}

TEST_F(CliTest, RouterOverApiSslWithAPinnedCertificate) {
  run_ok({"init"});
  SimRouter router(true);
  auto set = run({"router", "set", "--host", "127.0.0.1", "--port", std::to_string(router.port()),
                  "--tls", "--pin", router.pin(), "--user", "api", "--password-stdin"}, true, "s3cret\n");
  ASSERT_EQ(set.code, 0) << set.err;
  auto test = run({"router", "test"});
  EXPECT_EQ(test.code, 0) << test.err;

  std::string wrong = router.pin();
  wrong[0] = wrong[0] == 'a' ? 'b' : 'a';
  run({"router", "set", "--host", "127.0.0.1", "--port", std::to_string(router.port()), "--tls",
       "--pin", wrong, "--user", "api", "--password-stdin"}, true, "s3cret\n");
  auto mismatch = run({"router", "test"});
  EXPECT_EQ(mismatch.code, 1);
  EXPECT_NE(mismatch.err.find("TLS mismatch"), std::string::npos) << mismatch.err;
}

TEST_F(CliTest, RouterSetRefusesBadInputAndKeepsThePrevious) {
  run_ok({"init"});
  ASSERT_EQ(run({"router", "set", "--host", "10.0.0.1", "--user", "api", "--password-stdin"}, true,
                "first\n").code, 0);
  const std::vector<std::pair<std::vector<std::string>, std::string>> bad = {
      {{"--host", "10.0.0.1;/system/reboot", "--user", "api"}, "s\n"},
      {{"--host", "10.0.0.1", "--user", "api\n"}, "s\n"},
      {{"--host", "10.0.0.1", "--user", "api", "--port", "70000"}, "s\n"},
      {{"--host", "10.0.0.1", "--user", "api", "--tls"}, "s\n"},  // TLS without CA or pin
      {{"--host", "10.0.0.1", "--user", "api", "--tls", "--pin", "abc"}, "s\n"},
      {{"--host", "10.0.0.1", "--user", "api", "--pin", std::string(64, 'a')}, "s\n"},
      {{"--host", "10.0.0.1", "--user", "api"}, ""},
      {{"--host", "10.0.0.1", "--user", "api"}, "pass\x01word\n"},
  };
  for (const auto& [args, input] : bad) {
    std::vector<std::string> line = {"router", "set", "--password-stdin"};
    line.insert(line.end(), args.begin(), args.end());
    auto r = run(line, true, input);
    EXPECT_EQ(r.code, 2) << args[1] << " " << r.err;
    EXPECT_TRUE(is_one_line(r.err)) << r.err;
  }
  auto status = json::parse(run_ok({"status", "--json"}).out);
  EXPECT_NE(std::find(status["configured"]["secrets"].begin(), status["configured"]["secrets"].end(),
                      "router.password"),
            status["configured"]["secrets"].end());
}

}  // namespace
}  // namespace hotspot::cli::testing
