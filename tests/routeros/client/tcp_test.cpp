// The session over real TCP on loopback: the transport a daemon uses.
#include "routeros/client/tcp_transport.h"
#include "tests/routeros/client/client_fixture.h"
#include "tests/routeros/client/loopback_router.h"

namespace hotspot::routeros::testing {
namespace {

std::vector<Sentence> plain_router(const Sentence& words) {
  if (words[0] == "/login") {
    if (attribute_of(words, "password") == "secret") return {{"!done"}};
    return {{"!trap", "=message=invalid user name or password (6)"}, {"!done"}};
  }
  const std::string tag = ".tag=" + tag_of(words);
  return {{"!re", tag, "=path=" + words[0]}, {"!empty", tag}, {"!done", tag, "=ret=" + words[0]}};
}

class TcpTest : public ::testing::Test {
 protected:
  TcpTest() {
    options.host = "127.0.0.1";
    options.user = "admin";
    options.password = "secret";
  }

  RouterResult<void> open(std::uint16_t port) {
    options.port = port;
    session = Session::create(std::make_unique<TcpTransport>(io), options, logger);
    return await_open(io, *session);
  }

  boost::asio::io_context io;
  hotspot::testing::CapturingLogger logger;
  SessionOptions options;
  std::shared_ptr<Session> session;
};

TEST_F(TcpTest, PipelinedCommandsOverLoopback) {
  constexpr int kCommands = 200;
  options.max_in_flight = kCommands;
  LoopbackRouter router(io, plain_router);
  auto opened = open(router.port());
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  int good = 0;
  int done = 0;
  for (int i = 0; i < kCommands; ++i) {
    const std::string path = "/c" + std::to_string(i) + "/print";
    session->async_run(Command{path, {}, {}, {}}, [&, path](RouterResult<Response> r) {
      ++done;
      if (r.ok() && r->ret() == path && r->rows.size() == 1) ++good;
    });
  }
  ASSERT_TRUE(run_until(io, [&] { return done == kCommands; }));
  EXPECT_EQ(good, kCommands);
  session->close();
  router.stop();
  EXPECT_TRUE(drain(io));
}

TEST_F(TcpTest, WrongPasswordOverLoopback) {
  LoopbackRouter router(io, plain_router);
  options.password = "wrong";
  auto opened = open(router.port());
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, RouterErrc::bad_credentials);
}

TEST_F(TcpTest, RouterClosingMidSessionFailsPendingCommands) {
  LoopbackRouter router(io, [](const Sentence& words) -> std::vector<Sentence> {
    if (words[0] == "/login") return {{"!done"}};
    return {{"!re", ".tag=" + tag_of(words), "=half=way"}, {"!close"}};
  });
  ASSERT_TRUE(open(router.port()).ok());
  std::optional<RouterResult<Response>> result;
  session->async_run(Command{"/ip/hotspot/user/print", {}, {}, {}},
                     [&](RouterResult<Response> r) { result = std::move(r); });
  ASSERT_TRUE(run_until(io, [&] { return result.has_value(); }));
  ASSERT_FALSE(result->ok());
  EXPECT_EQ(result->error().code, RouterErrc::closed);
  EXPECT_FALSE(session->is_open());
}

TEST_F(TcpTest, NothingListeningIsRefused) {
  std::uint16_t port = 0;
  {
    // A port that was free a moment ago: bound, then released.
    boost::asio::ip::tcp::acceptor probe(io, {boost::asio::ip::address_v4::loopback(), 0});
    port = probe.local_endpoint().port();
  }
  auto opened = open(port);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, RouterErrc::refused) << opened.error().message;
}

}  // namespace
}  // namespace hotspot::routeros::testing
