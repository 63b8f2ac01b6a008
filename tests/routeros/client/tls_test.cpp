// API-SSL end to end: the session over TlsTransport over TCP on loopback, against the simulator
// serving TLS with a certificate made at start-up, as provisioning makes one on a router.
#include "routeros/client/tls_transport.h"

#include "routeros/client/tcp_transport.h"
#include "routeros/sim/router_state.h"
#include "routeros/sim/server.h"
#include "routeros/sim/tls.h"
#include "tests/routeros/client/client_fixture.h"

namespace hotspot::routeros::testing {
namespace {

class TlsTest : public ::testing::Test {
 protected:
  void start(bool tls = true) {
    sim::RouterOptions router_options;
    router_options.version = *sim::parse_router_os_version("7.12");
    state = std::make_unique<sim::RouterState>(router_options);
    state->add_account({"admin", "secret", {"read", "write", "api", "test"}});
    sim::ServerOptions server_options;
    if (tls) {
      auto made = sim::TlsServerConfig::self_signed("127.0.0.1");
      ASSERT_TRUE(made.ok());
      certificate = *made;
      server_options.tls = certificate;
    }
    server = std::make_unique<sim::Server>(io, *state, server_options);
    ASSERT_TRUE(server->listen("127.0.0.1", 0).ok());
    options.host = "127.0.0.1";
    options.port = server->local_endpoint().port();
    options.user = "admin";
    options.password = "secret";
  }

  ~TlsTest() override {
    if (session) session->close();
    if (server) server->stop();
    drain(io, 2s);
  }

  RouterResult<void> open(TlsOptions tls) {
    auto transport = std::make_unique<TlsTransport>(std::make_unique<TcpTransport>(io), std::move(tls));
    session = Session::create(std::move(transport), options, logger);
    return await_open(io, *session);
  }

  RouterResult<Response> run(Command command) {
    return await_run(io, *session, std::move(command));
  }

  boost::asio::io_context io;
  hotspot::testing::CapturingLogger logger;
  std::unique_ptr<sim::RouterState> state;
  std::shared_ptr<sim::TlsServerConfig> certificate;
  std::unique_ptr<sim::Server> server;
  SessionOptions options;
  std::shared_ptr<Session> session;
};

TEST_F(TlsTest, TrustedByCaThenCommandsFlow) {
  start();
  auto opened = open({certificate->certificate_pem(), "", ""});
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  for (int i = 0; i < 20; ++i) {  // enough bytes for several TLS records each way
    auto added = run(Command{"/ip/hotspot/user/add", {{"name", "u" + std::to_string(i)}, {"password", "pw"}}, {}, {}});
    ASSERT_TRUE(added.ok()) << added.error().message;
  }
  auto all = run(Command{"/ip/hotspot/user/print", {{".proplist", ".id,name"}}, {}, {}});
  ASSERT_TRUE(all.ok()) << all.error().message;
  EXPECT_EQ(all->rows.size(), 20u);
}

TEST_F(TlsTest, PinnedFingerprintConnects) {
  start();
  auto pin = certificate_sha256(certificate->certificate_pem());
  ASSERT_TRUE(pin.ok());
  auto opened = open({"", *pin, ""});
  ASSERT_TRUE(opened.ok()) << opened.error().message;
}

TEST_F(TlsTest, AnotherCertificateThanThePinnedOneIsRefused) {
  start();
  auto other = sim::TlsServerConfig::self_signed("127.0.0.1");
  ASSERT_TRUE(other.ok());
  auto pin = certificate_sha256((*other)->certificate_pem());
  ASSERT_TRUE(pin.ok());
  auto opened = open({"", *pin, ""});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, RouterErrc::tls);
  EXPECT_NE(opened.error().message.find("TLS mismatch"), std::string::npos) << opened.error().message;
}

TEST_F(TlsTest, ACertificateFromAnUntrustedCaIsRefused) {
  start();
  auto other = sim::TlsServerConfig::self_signed("127.0.0.1");
  ASSERT_TRUE(other.ok());
  auto opened = open({(*other)->certificate_pem(), "", ""});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, RouterErrc::tls);
  EXPECT_NE(opened.error().message.find("not signed by a trusted CA"), std::string::npos) << opened.error().message;
}

TEST_F(TlsTest, TheWrongNameIsRefusedInCaMode) {
  start();
  auto opened = open({certificate->certificate_pem(), "", "router.example.lan"});
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, RouterErrc::tls);
}

TEST_F(TlsTest, TlsAgainstThePlainApiPortFailsClearly) {
  start(/*tls=*/false);
  options.connect_timeout = 3s;
  options.login_timeout = 3s;
  auto opened = open({"", std::string(64, 'a'), ""});
  ASSERT_FALSE(opened.ok());
  EXPECT_TRUE(opened.error().code == RouterErrc::tls || opened.error().code == RouterErrc::closed ||
              opened.error().code == RouterErrc::timeout)
      << router_errc_name(opened.error().code) << ": " << opened.error().message;
}

TEST(TlsOptions, NeedACaOrAWellFormedPin) {
  EXPECT_FALSE(validate_tls_options({}).ok());
  EXPECT_FALSE(validate_tls_options({"", "abc", ""}).ok());
  EXPECT_FALSE(validate_tls_options({"", std::string(64, 'g'), ""}).ok());
  EXPECT_TRUE(validate_tls_options({"", std::string(64, 'a'), ""}).ok());
  std::string colons;
  for (int i = 0; i < 32; ++i) colons += (i ? ":" : "") + std::string("AB");
  EXPECT_TRUE(validate_tls_options({"", colons, ""}).ok());
  EXPECT_FALSE(certificate_sha256("not a certificate").ok());
}

}  // namespace
}  // namespace hotspot::routeros::testing
