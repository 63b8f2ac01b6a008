// The Daraja client against the simulator over HTTPS on loopback (a CA made for the test), and
// against a server that takes the request and never answers.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <optional>
#include <thread>

#include "payments/daraja/client.h"
#include "payments/sim/stk_request.h"
#include "tests/payments/daraja/silent_server.h"
#include "tests/payments/sim/sim_fixture.h"

namespace hotspot::payments::daraja {
namespace {

using sim::testing::SimFixture;

class ClientSimTest : public SimFixture {
 protected:
  void SetUp() override {
    SimFixture::SetUp();
    https_ = std::make_unique<http::NetworkHttpsClient>(io_.get_executor(),
                                                        http::HttpsClientOptions{trust_});
    client_ =
        std::make_unique<DarajaClient>(io_.get_executor(), *https_, settings(), tokens_, clock_);
  }
  void TearDown() override {
    client_.reset();
    https_.reset();
    SimFixture::TearDown();
  }

  DarajaSettings settings() const {
    const sim::SimOptions app;
    const sim::Merchant merchant;
    DarajaSettings s;
    s.credentials = {app.consumer_key, app.consumer_secret,    merchant.shortcode,
                     merchant.passkey, ShortcodeType::paybill, ""};
    s.base_url = "https://localhost:" + std::to_string(sim_port_);
    return s;
  }

  // Runs the client's io until the handler filled `slot`; a watchdog fails instead of hanging.
  template <class T>
  T wait_for(std::optional<T>& slot) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!slot && std::chrono::steady_clock::now() < give_up) {
      io_.run_one_for(std::chrono::milliseconds(100));
    }
    io_.restart();
    if (!slot) ADD_FAILURE() << "the handler was not called";
    return slot ? std::move(*slot) : T(make_error(Errc::internal, "no answer"));
  }
  Result<TokenResult> get_token() {
    std::optional<Result<TokenResult>> got;
    client_->access_token([&](Result<TokenResult> r) { got = std::move(r); });
    return wait_for(got);
  }
  Result<StkPushResult> push(const std::string& phone, DarajaClient* client = nullptr) {
    std::optional<Result<StkPushResult>> got;
    StkPushRequest request{PhoneNumber{phone}, Kes{10}, receiver_url(), "HS42", "Wifi 1h"};
    (client ? client : client_.get())->stk_push(request, [&](Result<StkPushResult> r) {
      got = std::move(r);
    });
    return wait_for(got);
  }
  Result<StkQueryResult> query(const std::string& checkout_id) {
    std::optional<Result<StkQueryResult>> got;
    client_->stk_query(checkout_id, [&](Result<StkQueryResult> r) { got = std::move(r); });
    return wait_for(got);
  }
  std::string accepted(const std::string& phone) {
    auto result = push(phone);
    EXPECT_TRUE(result.ok()) << result.error().message;
    if (!result) return "";
    auto* ok = std::get_if<StkPushAccepted>(&result->outcome);
    EXPECT_NE(ok, nullptr) << phone;
    return ok ? ok->checkout_request_id : "";
  }
  // Queries until the push settles (the simulator settles it after its short callback delay).
  std::optional<StkQuerySettledResult> settle(const std::string& checkout_id) {
    for (int attempt = 0; attempt < 100; ++attempt) {
      auto result = query(checkout_id);
      if (!result) ADD_FAILURE() << result.error().message;
      if (!result) return std::nullopt;
      if (auto* s = std::get_if<StkQuerySettledResult>(&result->outcome)) return *s;
      EXPECT_TRUE(std::holds_alternative<StkQueryPending>(result->outcome));
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "the push never settled";
    return std::nullopt;
  }
  std::string receiver_url() const {
    return "https://localhost:" + std::to_string(receiver_port_) + "/cb/s3cret";
  }

  boost::asio::io_context io_;
  TokenCache tokens_{clock_};
  std::unique_ptr<http::NetworkHttpsClient> https_;
  std::unique_ptr<DarajaClient> client_;
};

TEST_F(ClientSimTest, TheTokenIsFetchedOnceAndThenCached) {
  auto first = get_token();
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_FALSE(first->from_cache);
  EXPECT_EQ(first->expires_in, Seconds(3599));
  auto second = get_token();
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->from_cache);
  EXPECT_EQ(second->access_token, first->access_token);
  EXPECT_FALSE(accepted("254708374100").empty());  // the cached token is still Daraja's
}

TEST_F(ClientSimTest, AnExpiredTokenIsRefreshedAndThePushRetriedOnce) {
  ASSERT_TRUE(get_token().ok());
  ASSERT_EQ(control("/sim/next", {{"outcome", "token_expired"}})->status, 200);
  auto result = push("254708374100");
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_TRUE(std::holds_alternative<StkPushAccepted>(result->outcome));
  ASSERT_EQ(result->exchanges.size(), 2u);
  EXPECT_EQ(result->exchanges[0].http_status, 404);
  EXPECT_EQ(result->exchanges[1].http_status, 200);
}

TEST_F(ClientSimTest, APhoneWhosePushesAlwaysLoseTheTokenIsRetriedOnlyOnce) {
  auto result = push("254708374151");
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_TRUE(std::holds_alternative<DarajaRefusal>(result->outcome));
  EXPECT_EQ(std::get<DarajaRefusal>(result->outcome).error.error_code, "404.001.03");
  EXPECT_EQ(result->exchanges.size(), 2u);
}

TEST_F(ClientSimTest, EachCustomerAnswerIsClassified) {
  const std::pair<const char*, PaymentOutcome> answers[] = {
      {"254708374100", PaymentOutcome::paid},
      {"254708374132", PaymentOutcome::cancelled},
      {"254708374137", PaymentOutcome::timeout},
      {"254708374101", PaymentOutcome::wrong_pin},
      {"254708374111", PaymentOutcome::insufficient_funds}};
  for (const auto& [phone, outcome] : answers) {
    const std::string id = accepted(phone);
    auto settled = settle(id);
    ASSERT_TRUE(settled.has_value()) << phone;
    EXPECT_EQ(settled->outcome, outcome) << phone;
    EXPECT_EQ(settled->answer.checkout_request_id, id);
  }
}

TEST_F(ClientSimTest, ThrottlingAndServerErrorsAreClassifiedRefusals) {
  const std::pair<const char*, DarajaErrorKind> refusals[] = {
      {"254708374152", DarajaErrorKind::throttled},
      {"254708374150", DarajaErrorKind::server_error}};
  for (const auto& [phone, kind] : refusals) {
    auto result = push(phone);
    ASSERT_TRUE(result.ok()) << result.error().message;
    ASSERT_TRUE(std::holds_alternative<DarajaRefusal>(result->outcome)) << phone;
    EXPECT_EQ(std::get<DarajaRefusal>(result->outcome).kind, kind) << phone;
    EXPECT_EQ(result->exchanges.size(), 1u);  // never retried: only a token refusal is
  }
}

TEST_F(ClientSimTest, AQueryIsStillProcessingThenSettles) {
  const std::string id = accepted("254708374143");  // two "being processed" after settling
  auto first = query(id);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(std::holds_alternative<StkQueryPending>(first->outcome));
  auto settled = settle(id);
  ASSERT_TRUE(settled.has_value());
  EXPECT_EQ(settled->outcome, PaymentOutcome::paid);
}

TEST_F(ClientSimTest, ASilentServerLeavesThePushUnknown) {
  payments::testing::ServerThread silent_thread;
  const auto certificates = payments::testing::make_test_certificates("localhost");
  auto identity =
      http::TlsIdentity::from_pem(certificates.server_certificate_pem, certificates.server_key_pem);
  ASSERT_TRUE(identity.ok()) << identity.error().message;
  auto trust = http::TlsTrust::from_pem(certificates.ca_pem);
  ASSERT_TRUE(trust.ok());
  http::NetworkHttpsClient https(io_.get_executor(), http::HttpsClientOptions{*trust});
  payments::testing::SilentServer silent(silent_thread, *identity);
  DarajaSettings s = settings();
  s.base_url = "https://localhost:" + std::to_string(silent.port());
  DarajaClientOptions options;
  options.request_deadline = std::chrono::milliseconds(500);
  tokens_.store(credentials_id(s.credentials), {"cached-token", Seconds(3599)},
                clock_.monotonic_now());
  DarajaClient client(io_.get_executor(), https, s, tokens_, clock_, options);
  auto result = push("254708374100", &client);
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_TRUE(std::holds_alternative<ReplyLost>(result->outcome));
  EXPECT_EQ(result->exchanges.at(0).http_status, 0);
}

}  // namespace
}  // namespace hotspot::payments::daraja
