#include "tests/payments/sim/sim_fixture.h"

#include <mbedtls/base64.h>

namespace hotspot::payments::sim::testing {
namespace {

using nlohmann::json;

const payments::testing::TestCertificates& certificates() {
  static const auto made = payments::testing::make_test_certificates("localhost");
  return made;
}

std::string basic(const std::string& key, const std::string& secret) {
  const std::string plain = key + ":" + secret;
  unsigned char out[256];
  std::size_t n = 0;
  mbedtls_base64_encode(out, sizeof out, &n, reinterpret_cast<const unsigned char*>(plain.data()),
                        plain.size());
  return "Basic " + std::string(reinterpret_cast<char*>(out), n);
}

json signed_body(json body) {
  const Merchant merchant;
  body["BusinessShortCode"] = merchant.shortcode;
  body["Timestamp"] = "20260101120000";
  body["Password"] = stk_password(merchant.shortcode, merchant.passkey, "20260101120000");
  return body;
}

}  // namespace

void SimFixture::SetUp() {
  thread_ = std::make_unique<payments::testing::ServerThread>();
  auto trust = http::TlsTrust::from_pem(certificates().ca_pem);
  ASSERT_TRUE(trust.ok());
  trust_ = *trust;
  auto identity = http::TlsIdentity::from_pem(certificates().server_certificate_pem,
                                              certificates().server_key_pem);
  ASSERT_TRUE(identity.ok()) << identity.error().message;
  std::tie(sim_port_, receiver_port_) = thread_->run([this, identity = *identity] {
    SimServerOptions options;
    options.daraja.callback_delay = std::chrono::milliseconds(20);
    options.daraja.late_callback_after = std::chrono::milliseconds(1500);
    options.server.identity = identity;
    // A trust of its own: a TlsTrust is used from one thread at a time.
    options.callback_trust = *http::TlsTrust::from_pem(certificates().ca_pem);
    options.daraja.allow_http_callbacks = true;
    options.logger = &logger_;
    sim_ = std::make_unique<SimServer>(thread_->io().get_executor(), options, clock_);
    http::HttpsServerOptions receiver_options;
    receiver_options.identity = identity;
    receiver_server_ = std::make_unique<http::HttpsServer>(
        thread_->io().get_executor(), receiver_options,
        [this](const http::ServerRequest& request) { return receiver_.receive(request); });
    plain_receiver_server_ = std::make_unique<http::HttpsServer>(
        thread_->io().get_executor(), http::HttpsServerOptions{},
        [this](const http::ServerRequest& request) { return receiver_.receive(request); });
    const bool listening = sim_->listen("127.0.0.1", 0) &&
                           receiver_server_->listen("127.0.0.1", 0) &&
                           plain_receiver_server_->listen("127.0.0.1", 0);
    plain_receiver_port_ = plain_receiver_server_->port();
    return listening ? std::pair(sim_->port(), receiver_server_->port())
                     : std::pair<std::uint16_t, std::uint16_t>();
  });
  ASSERT_NE(sim_port_, 0);
}

void SimFixture::TearDown() {
  thread_->run([this] {
    sim_.reset();
    receiver_server_.reset();
    plain_receiver_server_.reset();
    return 0;
  });
  thread_.reset();
}

std::string SimFixture::sim_url(const std::string& path) const {
  return "https://localhost:" + std::to_string(sim_port_) + path;
}

json SimFixture::json_of(const Result<http::HttpsResponse>& response) {
  if (!response) {
    ADD_FAILURE() << response.error().message;
    return {};
  }
  json body = json::parse(response->body, nullptr, false);
  if (body.is_discarded()) ADD_FAILURE() << "not JSON: " << response->body;
  return body;
}

Result<http::HttpsResponse> SimFixture::token_request(const std::string& key,
                                                      const std::string& secret) {
  http::HttpsRequest request;
  request.url = sim_url("/oauth/v1/generate?grant_type=client_credentials");
  request.headers = {{"Authorization", basic(key, secret)}};
  request.deadline = std::chrono::seconds(5);
  return http::request_blocking(request, {trust_});
}

std::string SimFixture::token() {
  const SimOptions defaults;
  return json_of(token_request(defaults.consumer_key, defaults.consumer_secret))
      .value("access_token", "");
}

Result<http::HttpsResponse> SimFixture::push(const std::string& phone, const std::string& bearer,
                                             const std::string& callback_url) {
  const std::string receiver = "https://localhost:" + std::to_string(receiver_port_) + "/cb/s3cret";
  json body = signed_body({{"TransactionType", "CustomerPayBillOnline"},
                           {"Amount", 10},
                           {"PartyA", phone},
                           {"PartyB", "174379"},
                           {"PhoneNumber", phone},
                           {"CallBackURL", callback_url.empty() ? receiver : callback_url},
                           {"AccountReference", "HS42"},
                           {"TransactionDesc", "Wi-Fi 1h"}});
  http::HttpsRequest request{
      "POST",
      sim_url("/mpesa/stkpush/v1/processrequest"),
      {{"Authorization", "Bearer " + bearer}, {"Content-Type", "application/json"}},
      body.dump(),
      std::chrono::seconds(5)};
  return http::request_blocking(request, {trust_});
}

Result<http::HttpsResponse> SimFixture::query(const std::string& checkout_id,
                                              const std::string& bearer) {
  json body = signed_body({{"CheckoutRequestID", checkout_id}});
  http::HttpsRequest request{
      "POST",
      sim_url("/mpesa/stkpushquery/v1/query"),
      {{"Authorization", "Bearer " + bearer}, {"Content-Type", "application/json"}},
      body.dump(),
      std::chrono::seconds(5)};
  return http::request_blocking(request, {trust_});
}

Result<http::HttpsResponse> SimFixture::control(const std::string& path, const json& body) {
  http::HttpsRequest request{"POST",
                             sim_url(path),
                             {{"Content-Type", "application/json"}},
                             body.dump(),
                             std::chrono::seconds(5)};
  return http::request_blocking(request, {trust_});
}

}  // namespace hotspot::payments::sim::testing
