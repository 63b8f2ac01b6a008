// The kept-up session: backoff with jitter, reconnecting after the router goes away, and a
// clear reason while it cannot log in.
#include "routeros/client/router_link.h"

#include "routeros/sim/router_state.h"
#include "routeros/sim/server.h"
#include "tests/routeros/client/client_fixture.h"

namespace hotspot::routeros::testing {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, DoublesFromTheMinimumUpToTheMaximumAndJittersDownToHalf) {
  EXPECT_EQ(backoff_delay(0, milliseconds(1000), milliseconds(60000), 0.0), milliseconds(500));
  EXPECT_EQ(backoff_delay(0, milliseconds(1000), milliseconds(60000), 1.0), milliseconds(1000));
  EXPECT_EQ(backoff_delay(3, milliseconds(1000), milliseconds(60000), 1.0), milliseconds(8000));
  EXPECT_EQ(backoff_delay(30, milliseconds(1000), milliseconds(60000), 1.0), milliseconds(60000));
  EXPECT_EQ(backoff_delay(1000, milliseconds(1000), milliseconds(60000), 0.0), milliseconds(30000));
  EXPECT_EQ(backoff_delay(2, milliseconds(1000), milliseconds(60000), 5.0), milliseconds(4000)) << "jitter is clamped";
}

class RouterLinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sim::RouterOptions router_options;
    router_options.version = *sim::parse_router_os_version("7.12");
    state = std::make_unique<sim::RouterState>(router_options);
    state->add_account({"admin", "secret", {"read", "write", "api", "test"}});
    listen(0);
  }
  ~RouterLinkTest() override {
    if (link) link->stop();
    if (server) server->stop();
    drain(io, 2s);
  }

  void listen(std::uint16_t port) {
    server = std::make_unique<sim::Server>(io, *state);
    ASSERT_TRUE(server->listen("127.0.0.1", port).ok());
    port_ = server->local_endpoint().port();
  }

  void make_link(std::string password) {
    RouterLinkOptions options;
    options.session.host = "127.0.0.1";
    options.session.port = port_;
    options.session.user = "admin";
    options.session.password = std::move(password);
    options.min_backoff = milliseconds(20);
    options.max_backoff = milliseconds(200);
    link = RouterLink::create(io, options, logger);
    link->on_up([this](const std::shared_ptr<Session>&) { ++ups; });
    link->start();
  }

  boost::asio::io_context io;
  hotspot::testing::CapturingLogger logger;
  std::unique_ptr<sim::RouterState> state;
  std::unique_ptr<sim::Server> server;
  std::shared_ptr<RouterLink> link;
  std::uint16_t port_ = 0;
  int ups = 0;
};

TEST_F(RouterLinkTest, ComesUpAndComesBackAfterTheRouterRestarts) {
  make_link("secret");
  ASSERT_TRUE(run_until(io, [&] { return ups == 1; }));
  EXPECT_EQ(link->status().state, RouterLink::State::up);
  ASSERT_TRUE(link->session());

  server->stop();  // the router reboots: every connection drops
  ASSERT_TRUE(run_until(io, [&] { return link->status().state != RouterLink::State::up; }));
  EXPECT_EQ(link->session(), nullptr);
  EXPECT_FALSE(link->status().last_error.empty());
  EXPECT_TRUE(logger.contains("ROUTEROS_CONNECTION_LOST"));

  listen(port_);  // back on the same address
  ASSERT_TRUE(run_until(io, [&] { return ups == 2; })) << link->status().last_error;
  EXPECT_EQ(link->status().state, RouterLink::State::up);
  EXPECT_EQ(link->status().failed_attempts, 0);
}

TEST_F(RouterLinkTest, ABadPasswordKeepsRetryingWithTheReason) {
  make_link("wrong");
  ASSERT_TRUE(run_until(io, [&] { return link->status().failed_attempts >= 3; }));
  const auto status = link->status();
  EXPECT_NE(status.state, RouterLink::State::up);
  EXPECT_NE(status.last_error.find("password"), std::string::npos) << status.last_error;
  EXPECT_EQ(ups, 0);
}

TEST_F(RouterLinkTest, StopEndsRetrying) {
  make_link("wrong");
  ASSERT_TRUE(run_until(io, [&] { return link->status().failed_attempts >= 1; }));
  link->stop();
  const int attempts = link->status().failed_attempts;
  drain(io, 1s);
  EXPECT_EQ(link->status().failed_attempts, attempts);
  EXPECT_EQ(link->status().state, RouterLink::State::stopped);
}

}  // namespace
}  // namespace hotspot::routeros::testing
