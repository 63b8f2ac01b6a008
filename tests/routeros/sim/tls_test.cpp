// API-SSL: the same API inside TLS, with a self-signed certificate the client trusts.
#include "routeros/sim/tls.h"

#include <gtest/gtest.h>

#include "blocking_client.h"
#include "server_fixture.h"
#include "tls_client.h"

namespace hotspot::routeros::sim {
namespace {

using testing::command;
using testing::kinds;

class TlsServer : public testing::ServerTest {
 protected:
  void start_tls() {
    auto config = TlsServerConfig::self_signed("routeros-sim");
    ASSERT_TRUE(config.ok()) << config.error().message;
    tls_ = *config;
    ServerOptions options;
    options.tls = tls_;
    start("7.18", options);
  }
  std::shared_ptr<TlsServerConfig> tls_;
};

TEST_F(TlsServer, LoginAddPrintInsideTls) {
  start_tls();
  testing::TlsClient client(port_, tls_->certificate_pem());
  ASSERT_EQ(client.handshake(), 0);
  EXPECT_EQ(kinds(client.call(command("/login", {{"name", "admin"}, {"password", "secret"}}))), "!done");
  Replies r = client.call(command("/ip/hotspot/user/add", {{"name", "a"}}, {}, "1"));
  ASSERT_EQ(kinds(r), "!done");
  EXPECT_EQ(r[0].tag, "1");
  EXPECT_EQ(kinds(client.call(command("/ip/hotspot/user/print", {}, {"?name=b"}))), "!empty !done");
  // A reply larger than one TLS record arrives whole.
  for (int i = 0; i < 300; ++i) client.send(command("/ip/hotspot/user/add", {{"name", "u" + std::to_string(i)}}));
  for (int i = 0; i < 300; ++i) ASSERT_TRUE(client.read());
  r = client.call(command("/ip/hotspot/user/print"));
  EXPECT_EQ(r.size(), 302u);
}

TEST_F(TlsServer, ClientThatDoesNotTrustTheCertificateFailsTheHandshake) {
  start_tls();
  auto other = TlsServerConfig::self_signed("routeros-sim");
  ASSERT_TRUE(other.ok());
  testing::TlsClient client(port_, (*other)->certificate_pem());
  EXPECT_NE(client.handshake(), 0);
}

TEST_F(TlsServer, PlainApiOnTheTlsPortIsClosed) {
  start_tls();
  testing::BlockingClient client(port_);
  client.send(command("/login", {{"name", "admin"}, {"password", "secret"}}));
  EXPECT_FALSE(client.read());
}

TEST_F(TlsServer, FaultsWorkInsideTls) {
  start_tls();
  testing::TlsClient client(port_, tls_->certificate_pem());
  ASSERT_EQ(client.handshake(), 0);
  client.call(command("/login", {{"name", "admin"}, {"password", "secret"}}));
  server_->faults().break_next_reply(NextReplyFault::fatal, "simulated");
  Replies r = client.call(command("/system/resource/print"));
  ASSERT_EQ(kinds(r), "!fatal");
  EXPECT_EQ(r[0].fatal_reason, "simulated");
  EXPECT_FALSE(client.read());
}

TEST(TlsConfig, RefusesBadPemAndMissingFiles) {
  EXPECT_FALSE(TlsServerConfig::from_pem("not a certificate", "not a key").ok());
  EXPECT_FALSE(TlsServerConfig::from_files("/nonexistent/cert.pem", "/nonexistent/key.pem").ok());
  auto made = TlsServerConfig::self_signed("x");
  ASSERT_TRUE(made.ok());
  EXPECT_NE((*made)->certificate_pem().find("BEGIN CERTIFICATE"), std::string::npos);
  // A certificate with another certificate's text as its key is refused.
  EXPECT_FALSE(TlsServerConfig::from_pem((*made)->certificate_pem(), (*made)->certificate_pem()).ok());
}

}  // namespace
}  // namespace hotspot::routeros::sim
