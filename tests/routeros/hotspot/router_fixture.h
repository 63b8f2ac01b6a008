#pragma once
// A HotspotRouter over a real session on loopback to the RouterOS simulator, run in-process.
// Every wait goes through run_until, whose watchdog fails the test instead of hanging.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/testutils/capturing_logger.h"
#include "core/testutils/fake_clock.h"
#include "routeros/client/tcp_transport.h"
#include "routeros/hotspot/hotspot_router.h"
#include "routeros/sim/router_state.h"
#include "routeros/sim/server.h"
#include "tests/routeros/client/client_fixture.h"

namespace hotspot::routeros::testing {

class RouterFixture : public ::testing::Test {
 protected:
  void SetUp() override { start("7.18"); }

  ~RouterFixture() override {
    if (session) session->close();
    if (server) server->stop();
    drain(io, 2s);
  }

  void start(std::string_view version) {
    sim::RouterOptions router_options;
    router_options.version = *sim::parse_router_os_version(version);
    state = std::make_unique<sim::RouterState>(router_options);
    state->add_account({"admin", "secret", {"read", "write", "api", "test", "policy", "sensitive"}});
    server = std::make_unique<sim::Server>(io, *state);
    ASSERT_TRUE(server->listen("127.0.0.1", 0).ok());
    SessionOptions options;
    options.host = "127.0.0.1";
    options.port = server->local_endpoint().port();
    options.user = "admin";
    options.password = "secret";
    session = Session::create(std::make_unique<TcpTransport>(io), options, logger);
    std::optional<RouterResult<void>> opened;
    session->async_open([&](RouterResult<void> r) { opened = std::move(r); });
    ASSERT_TRUE(run_until(io, [&] { return opened.has_value(); })) << "open hung";
    ASSERT_TRUE(opened->ok()) << opened->error().message;
    router = std::make_unique<HotspotRouter>(io.get_executor(), session, clock, logger,
                                             HotspotRouterOptions{2s});
  }

  // Starts a call with a handler and waits for its result under the watchdog.
  template <class T, class Start>
  RouterResult<T> await(Start start_call, std::chrono::milliseconds watchdog = 5s) {
    std::optional<RouterResult<T>> result;
    start_call([&](RouterResult<T> r) { result.emplace(std::move(r)); });
    if (!run_until(io, [&] { return result.has_value(); }, watchdog)) {
      ADD_FAILURE() << "call hung";
      return router_error(RouterErrc::timeout, "the test's watchdog fired");
    }
    return std::move(*result);
  }

  // Runs `fn(sim::RouterState&)` on the simulator's state, under its lock.
  template <class Fn>
  auto sim_state(Fn&& fn) {
    return server->with_state(std::forward<Fn>(fn));
  }
  std::size_t sim_count(std::string_view menu) {
    return sim_state([&](sim::RouterState& s) { return s.table(menu)->items().size(); });
  }

  boost::asio::io_context io;
  hotspot::testing::CapturingLogger logger;
  hotspot::testing::FakeClock clock{from_unix_seconds(1717228800)};  // the sim's boot time
  std::unique_ptr<sim::RouterState> state;
  std::unique_ptr<sim::Server> server;
  std::shared_ptr<Session> session;
  std::unique_ptr<HotspotRouter> router;
};

inline UserRecord ticket_user(const std::string& name, const std::string& profile = "default") {
  UserRecord u;
  u.name = name;
  u.password = "pw-" + name;
  u.profile = profile;
  u.limit_uptime_s = 3600;
  u.limit_bytes_total = 1'000'000;
  u.comment = owner_comment("ticket=" + name);
  return u;
}

}  // namespace hotspot::routeros::testing
