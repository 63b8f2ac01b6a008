// End to end: the session over real TCP on loopback against the RouterOS simulator, which
// speaks the wire protocol and behaves as the reference describes (login method and !empty
// by version, traps with a real router's messages, injected faults).
#include "routeros/client/tcp_transport.h"
#include "routeros/sim/router_state.h"
#include "routeros/sim/server.h"
#include "tests/routeros/client/client_fixture.h"

namespace hotspot::routeros::testing {
namespace {

class SimTest : public ::testing::Test {
 protected:
  void start(std::string_view version) {
    sim::RouterOptions router_options;
    router_options.version = *sim::parse_router_os_version(version);
    state = std::make_unique<sim::RouterState>(router_options);
    state->add_account({"admin", "secret", {"read", "write", "api", "test", "policy"}});
    server = std::make_unique<sim::Server>(io, *state);
    ASSERT_TRUE(server->listen("127.0.0.1", 0).ok());
    options.host = "127.0.0.1";
    options.port = server->local_endpoint().port();
    options.user = "admin";
    options.password = "secret";
  }

  ~SimTest() override {
    if (session) session->close();
    if (server) server->stop();
    drain(io, 2s);
  }

  RouterResult<void> open() {
    session = Session::create(std::make_unique<TcpTransport>(io), options, logger);
    return await_open(io, *session);
  }

  RouterResult<Response> run(Command command) {
    return await_run(io, *session, std::move(command));
  }

  boost::asio::io_context io;
  hotspot::testing::CapturingLogger logger;
  std::unique_ptr<sim::RouterState> state;
  std::unique_ptr<sim::Server> server;
  SessionOptions options;
  std::shared_ptr<Session> session;
};

Command add_user(const std::string& name) {
  return Command{"/ip/hotspot/user/add", {{"name", name}, {"password", "pw"}}, {}, {}};
}

TEST_F(SimTest, PlaintextLoginAddPrintAndTraps) {
  start("7.18");
  auto opened = open();
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_FALSE(session->used_challenge_login());

  auto added = run(add_user("alice"));
  ASSERT_TRUE(added.ok()) << added.error().message;
  ASSERT_TRUE(added->ret().has_value());
  EXPECT_EQ(added->ret()->front(), '*');

  auto duplicate = run(add_user("alice"));
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, RouterErrc::trap);
  ASSERT_FALSE(duplicate.error().traps.empty());
  EXPECT_NE(duplicate.error().traps[0].message.find("already have"), std::string::npos);

  auto found =
      run(Command{"/ip/hotspot/user/print", {{".proplist", ".id,name"}}, {"?name=alice"}, {}});
  ASSERT_TRUE(found.ok()) << found.error().message;
  ASSERT_EQ(found->rows.size(), 1u);

  auto nobody = run(Command{"/ip/hotspot/user/print", {}, {"?name=nobody"}, {}});
  ASSERT_TRUE(nobody.ok()) << "7.18 sends !empty first: " << nobody.error().message;
  EXPECT_TRUE(nobody->rows.empty());
}

TEST_F(SimTest, ChallengeLoginOnAnOldRouter) {
  start("6.42");
  auto opened = open();
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_TRUE(session->used_challenge_login());
  EXPECT_TRUE(run(Command{"/system/identity/print", {}, {}, {}}).ok());
}

TEST_F(SimTest, WrongPasswordOnBothLoginMethods) {
  for (const char* version : {"7.12", "6.40"}) {
    start(version);
    options.password = "wrong";
    auto opened = open();
    ASSERT_FALSE(opened.ok()) << version;
    EXPECT_EQ(opened.error().code, RouterErrc::bad_credentials) << version;
    session.reset();
    server->stop();
    drain(io, 2s);
  }
}

TEST_F(SimTest, PipelinedAdds) {
  start("7.18");
  ASSERT_TRUE(open().ok());
  constexpr int kUsers = 50;
  int good = 0;
  int done = 0;
  for (int i = 0; i < kUsers; ++i) {
    session->async_run(add_user("u" + std::to_string(i)), [&](RouterResult<Response> r) {
      ++done;
      if (r.ok() && r->ret()) ++good;
    });
  }
  ASSERT_TRUE(run_until(io, [&] { return done == kUsers; }));
  EXPECT_EQ(good, kUsers);
  auto count = run(Command{"/ip/hotspot/user/print", {{"count-only", ""}}, {}, {}});
  ASSERT_TRUE(count.ok()) << count.error().message;
  EXPECT_EQ(count->ret(), std::to_string(kUsers));
}

TEST_F(SimTest, ListenSeesAnAddUntilCancelled) {
  start("7.18");
  ASSERT_TRUE(open().ok());
  std::vector<Row> rows;
  std::optional<RouterResult<Response>> end;
  const CommandId id = session->async_listen(
      Command{"/ip/hotspot/user/listen", {}, {}, {}}, [&](const Row& row) { rows.push_back(row); },
      [&](RouterResult<Response> r) { end = std::move(r); });
  ASSERT_NE(id, 0u);
  ASSERT_TRUE(run(add_user("bob")).ok());
  ASSERT_TRUE(run_until(io, [&] { return !rows.empty(); }));
  EXPECT_TRUE(session->cancel(id));
  ASSERT_TRUE(run_until(io, [&] { return end.has_value(); }));
  EXPECT_TRUE(end->ok()) << end->error().message;
}

TEST_F(SimTest, InjectedFaultsCloseTheSessionWithTheRightError) {
  struct Case {
    sim::NextReplyFault fault;
    RouterErrc expected;
  };
  for (const Case c : {Case{sim::NextReplyFault::fatal, RouterErrc::fatal},
                       Case{sim::NextReplyFault::garbage, RouterErrc::protocol},
                       Case{sim::NextReplyFault::drop_mid_sentence, RouterErrc::closed}}) {
    start("7.18");
    ASSERT_TRUE(open().ok());
    server->faults().break_next_reply(c.fault);
    auto result = run(Command{"/system/resource/print", {}, {}, {}});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, c.expected) << result.error().message;
    EXPECT_FALSE(session->is_open());
    session.reset();
    server->stop();
    drain(io, 2s);
  }
}

TEST_F(SimTest, TrapOnEveryCommand) {
  start("7.18");
  ASSERT_TRUE(open().ok());
  server->faults().set_trap_all("simulated failure");
  auto result = run(Command{"/system/identity/print", {}, {}, {}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, RouterErrc::trap);
  EXPECT_TRUE(session->is_open());
}

}  // namespace
}  // namespace hotspot::routeros::testing
