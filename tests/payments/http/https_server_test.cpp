// The server's caps against clients that misbehave: garbage, slowness, too many connections.
#include "payments/http/https_server.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "payments/http/https_client.h"
#include "tests/payments/http/server_thread.h"

namespace hotspot::payments::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using testing::ServerThread;

class PlainServerTest : public ::testing::Test {
 protected:
  void start(HttpsServerOptions options) {
    port_ = thread_.run([this, options] {
      server_ = std::make_unique<HttpsServer>(thread_.io().get_executor(), options,
                                              [](const ServerRequest&) {
                                                return ServerResponse{200, "text/plain", "hi"};
                                              });
      return server_->listen("127.0.0.1", 0) ? server_->port() : std::uint16_t{0};
    });
    ASSERT_NE(port_, 0);
  }
  void TearDown() override {
    thread_.run([this] {
      server_.reset();
      return 0;
    });
  }
  // A blocking socket whose reads give up after five seconds (the watchdog).
  std::unique_ptr<tcp::socket> connect() {
    auto socket = std::make_unique<tcp::socket>(io_);
    socket->connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    timeval patience{5, 0};
    setsockopt(socket->native_handle(), SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
    return socket;
  }
  // Everything the server sends until it closes; "TIMEOUT" if it never does.
  static std::string read_all(tcp::socket& socket) {
    std::string out;
    char chunk[1024];
    for (;;) {
      boost::system::error_code ec;
      const std::size_t n = socket.read_some(asio::buffer(chunk), ec);
      out.append(chunk, n);
      if (ec == asio::error::eof || ec == asio::error::connection_reset) return out;
      if (ec) return "TIMEOUT";
    }
  }

  ServerThread thread_;
  asio::io_context io_;
  std::unique_ptr<HttpsServer> server_;
  std::uint16_t port_ = 0;
};

TEST_F(PlainServerTest, AnswersPlainHttp) {
  start({});
  auto got = request_blocking({"GET", "http://127.0.0.1:" + std::to_string(port_) + "/", {}, ""});
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->body, "hi");
}

TEST_F(PlainServerTest, GarbageGetsA400) {
  start({});
  auto socket = connect();
  asio::write(*socket, asio::buffer(std::string("\x16\x03\x01 not http at all\r\n\r\n")));
  EXPECT_EQ(read_all(*socket).rfind("HTTP/1.1 400", 0), 0u);
}

TEST_F(PlainServerTest, AClientTooSlowToSendItsRequestIsCutOff) {
  HttpsServerOptions options;
  options.request_deadline = std::chrono::milliseconds(200);
  start(options);
  auto socket = connect();
  asio::write(*socket, asio::buffer(std::string("GET / HTTP/1.1\r\nHost: a\r\n")));
  EXPECT_EQ(read_all(*socket), "");
}

TEST_F(PlainServerTest, ConnectionsOverTheCapAreClosedAtOnce) {
  HttpsServerOptions options;
  options.max_connections = 1;
  start(options);
  auto held = connect();
  asio::write(*held, asio::buffer(std::string("GET / HTTP/1.1\r\n")));  // accepted and open
  auto got = request_blocking(
      {"GET", "http://127.0.0.1:" + std::to_string(port_) + "/", {}, "", std::chrono::seconds(5)});
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, Errc::io) << got.error().message;
}

TEST(TlsTrust, ReadsTheSystemBundle) {
  auto trust = TlsTrust::from_file(TlsTrust::kSystemBundle);
  if (!trust) GTEST_SKIP() << "no system CA bundle here: " << trust.error().message;
  SUCCEED();
}

TEST(TlsTrust, RefusesAFileWithoutCertificates) {
  auto trust = TlsTrust::from_pem("not a certificate");
  ASSERT_FALSE(trust.ok());
  EXPECT_NE(trust.error().message.find("no CA certificate"), std::string::npos)
      << trust.error().message;
}

}  // namespace
}  // namespace hotspot::payments::http
