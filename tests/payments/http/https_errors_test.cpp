// The client against servers that misbehave: nobody listening, silence, garbage.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include "payments/http/https_client.h"
#include "tests/payments/http/server_thread.h"
#include "tests/payments/http/test_certificates.h"

namespace hotspot::payments::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using testing::ServerThread;

// Accepts connections and, for each, either keeps it open in silence or writes `reply` and
// closes.
class RawServer {
 public:
  RawServer(ServerThread& thread, std::string reply) : thread_(thread), reply_(std::move(reply)) {
    port_ = thread_.run([this] {
      acceptor_ = std::make_unique<tcp::acceptor>(
          thread_.io(), tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
      accept();
      return acceptor_->local_endpoint().port();
    });
  }
  ~RawServer() {
    thread_.run([this] {
      acceptor_.reset();
      held_.clear();
      return 0;
    });
  }
  std::uint16_t port() const { return port_; }

 private:
  void accept() {
    acceptor_->async_accept([this](boost::system::error_code ec, tcp::socket socket) {
      if (ec) return;
      auto held = std::make_shared<tcp::socket>(std::move(socket));
      held_.push_back(held);
      if (!reply_.empty()) {
        asio::async_write(*held, asio::buffer(reply_),
                          [held](boost::system::error_code, std::size_t) {
                            boost::system::error_code ignored;
                            held->shutdown(tcp::socket::shutdown_send, ignored);
                          });
      }
      accept();
    });
  }

  ServerThread& thread_;
  std::string reply_;
  std::unique_ptr<tcp::acceptor> acceptor_;
  std::vector<std::shared_ptr<tcp::socket>> held_;
  std::uint16_t port_ = 0;
};

HttpsClientOptions test_options() {
  HttpsClientOptions options;
  auto trust = TlsTrust::from_pem(testing::make_test_certificates("localhost").ca_pem);
  if (trust) options.trust = *trust;
  return options;
}

Result<HttpsResponse> get(const std::string& url,
                          std::chrono::milliseconds deadline = std::chrono::seconds(5)) {
  HttpsRequest request;
  request.url = url;
  request.deadline = deadline;
  return request_blocking(request, test_options());
}

std::uint16_t closed_port() {
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();  // closed when `acceptor` goes
}

TEST(HttpsClientErrors, ARefusedPortSaysSo) {
  auto got = get("https://localhost:" + std::to_string(closed_port()) + "/");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, Errc::unavailable);
  EXPECT_NE(got.error().message.find("refused the connection"), std::string::npos)
      << got.error().message;
}

TEST(HttpsClientErrors, AHostThatCannotBeResolved) {
  auto got = get("https://no-such-host.invalid/", std::chrono::seconds(3));
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, Errc::unavailable);
  EXPECT_NE(got.error().message.find("resolv"), std::string::npos) << got.error().message;
}

TEST(HttpsClientErrors, ASilentTlsServerTimesOutInTheHandshake) {
  ServerThread thread;
  RawServer silent(thread, "");
  auto got = get("https://localhost:" + std::to_string(silent.port()) + "/",
                 std::chrono::milliseconds(300));
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, Errc::unavailable);
  EXPECT_NE(got.error().message.find("timeout"), std::string::npos) << got.error().message;
  EXPECT_NE(got.error().message.find("TLS handshake"), std::string::npos) << got.error().message;
}

TEST(HttpsClientErrors, ASilentHttpServerTimesOutAfterTheRequestWasSent) {
  ServerThread thread;
  RawServer silent(thread, "");
  auto got = get("http://127.0.0.1:" + std::to_string(silent.port()) + "/",
                 std::chrono::milliseconds(300));
  ASSERT_FALSE(got.ok());
  // The request went out: the server may have acted on it.
  EXPECT_EQ(got.error().code, Errc::io);
  EXPECT_NE(got.error().message.find("waiting for the response"), std::string::npos)
      << got.error().message;
}

TEST(HttpsClientErrors, GarbageInsteadOfHttpIsMalformed) {
  ServerThread thread;
  RawServer ssh(thread, "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
  auto got = get("http://127.0.0.1:" + std::to_string(ssh.port()) + "/");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, Errc::corrupt);
  EXPECT_NE(got.error().message.find("malformed HTTP"), std::string::npos) << got.error().message;
}

TEST(HttpsClientErrors, GarbageInsteadOfTlsFailsTheHandshake) {
  ServerThread thread;
  RawServer ssh(thread, "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");
  auto got = get("https://localhost:" + std::to_string(ssh.port()) + "/");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, Errc::unavailable);
  EXPECT_NE(got.error().message.find("TLS"), std::string::npos) << got.error().message;
}

TEST(HttpsClientErrors, ABadUrlFailsBeforeAnyIo) {
  auto got = get("ftp://localhost/");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, Errc::invalid_argument);
}

}  // namespace
}  // namespace hotspot::payments::http
