// The client and the server against each other over TLS on loopback.
#include <gtest/gtest.h>

#include "payments/http/https_client.h"
#include "payments/http/https_server.h"
#include "tests/payments/http/server_thread.h"
#include "tests/payments/http/test_certificates.h"

namespace hotspot::payments::http {
namespace {

using testing::make_test_certificates;
using testing::ServerThread;
using testing::TestCertificates;

const TestCertificates& localhost_certificates() {
  static const TestCertificates certificates = make_test_certificates("localhost");
  return certificates;
}

// Answers every request with what it saw, or with the body a test asked for.
ServerResponse echo(const ServerRequest& request) {
  if (request.target == "/redirect") return {302, "text/plain", "moved"};
  if (request.target == "/large") return {200, "text/plain", std::string(5000, 'x')};
  return {
      200, "text/plain",
      request.method + " " + request.target + " " + request.header("X-Test") + " " + request.body};
}

class HttpsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto& certs = localhost_certificates();
    auto identity = TlsIdentity::from_pem(certs.server_certificate_pem, certs.server_key_pem);
    ASSERT_TRUE(identity.ok()) << identity.error().message;
    auto trust = TlsTrust::from_pem(certs.ca_pem);
    ASSERT_TRUE(trust.ok()) << trust.error().message;
    trust_ = *trust;
    HttpsServerOptions options;
    options.identity = *identity;
    options.max_body_bytes = 4096;
    port_ = thread_.run([this, options] {
      server_ = std::make_unique<HttpsServer>(thread_.io().get_executor(), options, echo);
      Status listening = server_->listen("127.0.0.1", 0);
      return listening ? server_->port() : std::uint16_t{0};
    });
    ASSERT_NE(port_, 0);
  }
  void TearDown() override {
    thread_.run([this] {
      server_.reset();
      return 0;
    });
  }

  std::string url(const std::string& host, const std::string& path) {
    return "https://" + host + ":" + std::to_string(port_) + path;
  }
  Result<HttpsResponse> fetch(HttpsRequest request, std::shared_ptr<TlsTrust> trust) {
    request.deadline = std::chrono::seconds(10);
    HttpsClientOptions options;
    options.trust = std::move(trust);
    options.max_body_bytes = 4096;
    return request_blocking(std::move(request), options);
  }

  ServerThread thread_;
  std::unique_ptr<HttpsServer> server_;
  std::shared_ptr<TlsTrust> trust_;
  std::uint16_t port_ = 0;
};

TEST_F(HttpsTest, GetsAndPostsThroughATrustedCertificate) {
  auto got = fetch({"GET", url("localhost", "/a?b=c"), {{"X-Test", "t1"}}, ""}, trust_);
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->body, "GET /a?b=c t1 ");

  auto posted = fetch({"POST", url("localhost", "/p"), {}, "{\"x\":1}"}, trust_);
  ASSERT_TRUE(posted.ok()) << posted.error().message;
  EXPECT_EQ(posted->body, "POST /p  {\"x\":1}");
}

TEST_F(HttpsTest, RedirectsAreReturnedNotFollowed) {
  auto got = fetch({"GET", url("localhost", "/redirect"), {}, ""}, trust_);
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->status, 302);
  EXPECT_EQ(got->body, "moved");
}

TEST_F(HttpsTest, ACertificateFromAnotherCaIsUntrusted) {
  auto other = TlsTrust::from_pem(make_test_certificates("localhost").ca_pem);
  ASSERT_TRUE(other.ok());
  auto got = fetch({"GET", url("localhost", "/"), {}, ""}, *other);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, Errc::permission);
  EXPECT_NE(got.error().message.find("untrusted certificate"), std::string::npos)
      << got.error().message;
}

TEST_F(HttpsTest, ACertificateForAnotherNameIsRefused) {
  auto got = fetch({"GET", url("127.0.0.1", "/"), {}, ""}, trust_);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, Errc::permission);
  EXPECT_NE(got.error().message.find("name mismatch"), std::string::npos) << got.error().message;
}

TEST_F(HttpsTest, AResponseBodyOverTheLimitIsRefused) {
  auto got = fetch({"GET", url("localhost", "/large"), {}, ""}, trust_);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, Errc::corrupt);
  EXPECT_NE(got.error().message.find("too large"), std::string::npos) << got.error().message;
}

TEST_F(HttpsTest, TheServerAnswers413ToARequestBodyOverItsLimit) {
  auto got = fetch({"POST", url("localhost", "/p"), {}, std::string(5000, 'y')}, trust_);
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->status, 413);
}

TEST_F(HttpsTest, PlainHttpToATlsPortFailsWithoutHanging) {
  HttpsRequest request{"GET", "http://127.0.0.1:" + std::to_string(port_) + "/", {}, ""};
  auto got = fetch(request, trust_);
  ASSERT_FALSE(got.ok());
}

}  // namespace
}  // namespace hotspot::payments::http
