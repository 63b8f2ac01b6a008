// The simulator end to end: the HTTPS client pays against it on loopback and its callbacks
// arrive at an HTTPS receiver.
#include <gtest/gtest.h>

#include <thread>

#include "tests/payments/sim/sim_fixture.h"

namespace hotspot::payments::sim::testing {
namespace {

using nlohmann::json;

class SimServerTest : public SimFixture {
 protected:
  std::string accepted_push(const std::string& phone, const std::string& bearer) {
    auto response = push(phone, bearer);
    EXPECT_TRUE(response.ok() && response->status == 200)
        << (response ? response->body : response.error().message);
    return json_of(response).value("CheckoutRequestID", "");
  }
  // Queries until the push settles; gives up (and fails) after a few seconds.
  json settled_query(const std::string& id, const std::string& bearer) {
    for (int attempt = 0; attempt < 100; ++attempt) {
      auto response = query(id, bearer);
      if (response && response->status == 200) return json_of(response);
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "the push never settled";
    return {};
  }
  static json stk_callback(const json& callback) { return callback["Body"]["stkCallback"]; }
};

TEST_F(SimServerTest, OAuthOverHttps) {
  const SimOptions defaults;
  auto good = token_request(defaults.consumer_key, defaults.consumer_secret);
  ASSERT_TRUE(good.ok()) << good.error().message;
  EXPECT_EQ(good->status, 200);
  EXPECT_EQ(json_of(good)["expires_in"], "3599");
  auto bad = token_request(defaults.consumer_key, "wrong");
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(json_of(bad)["errorCode"], "400.008.01");
}

TEST_F(SimServerTest, AnExpiredTokenIsRefused) {
  const std::string bearer = token();
  ASSERT_EQ(control("/sim/clock", {{"advance_seconds", 3600}})->status, 200);
  auto refused = push("254708374100", bearer);
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->status, 404);
  EXPECT_EQ(json_of(refused)["errorCode"], "404.001.03");
}

TEST_F(SimServerTest, ASuccessfulPushIsCalledBackAndQueried) {
  const std::string bearer = token();
  const std::string id = accepted_push("254708374100", bearer);
  auto callbacks = receiver_.wait_for(1);
  ASSERT_EQ(callbacks.size(), 1u);
  json callback = stk_callback(callbacks[0]);
  EXPECT_EQ(callback["CheckoutRequestID"], id);
  EXPECT_EQ(callback["ResultCode"], 0);
  EXPECT_EQ(callback["CallbackMetadata"]["Item"][0]["Value"], 10.0);
  EXPECT_EQ(settled_query(id, bearer)["ResultCode"], "0");
}

TEST_F(SimServerTest, EachCustomerAnswerArrivesWithItsResultCode) {
  const std::string bearer = token();
  const std::pair<const char*, int> answers[] = {
      {"254708374132", 1032}, {"254708374137", 1037}, {"254708374101", 2001}, {"254708374111", 1}};
  for (std::size_t i = 0; i < std::size(answers); ++i) {
    const std::string id = accepted_push(answers[i].first, bearer);
    auto callbacks = receiver_.wait_for(i + 1);
    ASSERT_EQ(callbacks.size(), i + 1) << answers[i].first;
    EXPECT_EQ(stk_callback(callbacks[i])["CheckoutRequestID"], id);
    EXPECT_EQ(stk_callback(callbacks[i])["ResultCode"], answers[i].second);
    EXPECT_FALSE(stk_callback(callbacks[i]).contains("CallbackMetadata"));
    EXPECT_EQ(settled_query(id, bearer)["ResultCode"], std::to_string(answers[i].second));
  }
}

TEST_F(SimServerTest, ADuplicatedCallbackArrivesTwice) {
  const std::string bearer = token();
  const std::string id = accepted_push("254708374141", bearer);
  auto callbacks = receiver_.wait_for(2);
  ASSERT_EQ(callbacks.size(), 2u);
  EXPECT_EQ(callbacks[0], callbacks[1]);
  EXPECT_EQ(stk_callback(callbacks[0])["CheckoutRequestID"], id);
}

TEST_F(SimServerTest, ALateCallbackComesAfterTheQuerySettled) {
  const std::string bearer = token();
  const std::string id = accepted_push("254708374142", bearer);
  EXPECT_EQ(settled_query(id, bearer)["ResultCode"], "0");
  EXPECT_TRUE(receiver_.wait_for(1, std::chrono::milliseconds(0)).empty())
      << "the callback came early";
  auto callbacks = receiver_.wait_for(1);
  ASSERT_EQ(callbacks.size(), 1u);
  EXPECT_EQ(stk_callback(callbacks[0])["CheckoutRequestID"], id);
}

TEST_F(SimServerTest, ALostCallbackNeverComesButTheQueryKnows) {
  const std::string bearer = token();
  const std::string id = accepted_push("254708374140", bearer);
  EXPECT_EQ(settled_query(id, bearer)["ResultCode"], "0");
  // A control push that calls back normally: once its callback is in, the lost one is overdue.
  ASSERT_EQ(control("/sim/next", {{"outcome", "success"}, {"phone", "254708374199"}})->status, 200);
  const std::string control_id = accepted_push("254708374199", bearer);
  auto callbacks = receiver_.wait_for(1);
  ASSERT_EQ(callbacks.size(), 1u);
  EXPECT_EQ(stk_callback(callbacks[0])["CheckoutRequestID"], control_id);
}

TEST_F(SimServerTest, TheQuerySaysProcessingBeforeItSettles) {
  const std::string bearer = token();
  const std::string id = accepted_push("254708374143", bearer);
  receiver_.wait_for(1);  // the customer has answered; the query still lags twice
  auto pending = query(id, bearer);
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->status, 500);
  EXPECT_EQ(json_of(pending)["errorCode"], "500.001.1001");
  EXPECT_EQ(json_of(pending)["errorMessage"], "The transaction is being processed");
  EXPECT_EQ(settled_query(id, bearer)["ResultCode"], "0");
}

TEST_F(SimServerTest, Http500AndSpikeArrestRefuseThePush) {
  const std::string bearer = token();
  auto failed = push("254708374150", bearer);
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->status, 500);
  EXPECT_EQ(json_of(failed)["errorCode"], "500.003.1001");
  ASSERT_EQ(control("/sim/next", {{"outcome", "spike_arrest"}})->status, 200);
  auto throttled = push("254708374100", bearer);
  ASSERT_TRUE(throttled.ok());
  EXPECT_EQ(throttled->status, 500);
  EXPECT_EQ(json_of(throttled)["errorCode"], "500.003.02");
}

}  // namespace
}  // namespace hotspot::payments::sim::testing

namespace hotspot::payments::sim::testing {
namespace {

using nlohmann::json;

TEST_F(SimFixture, TheTokenExpiredFaultDropsTheToken) {
  const std::string bearer = token();
  auto refused = push("254708374151", bearer);
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->status, 404);
  EXPECT_EQ(json_of(refused)["errorCode"], "404.001.03");
  EXPECT_EQ(push("254708374100", bearer)->status, 404) << "the old token stays dead";
  EXPECT_EQ(push("254708374100", token())->status, 200);
}

TEST_F(SimFixture, CallbacksReachAPlainHttpReceiver) {
  auto accepted = push("254708374100", token(),
                       "http://127.0.0.1:" + std::to_string(plain_receiver_port_) + "/cb");
  ASSERT_TRUE(accepted.ok());
  ASSERT_EQ(accepted->status, 200) << accepted->body;
  auto callbacks = receiver_.wait_for(1);
  ASSERT_EQ(callbacks.size(), 1u);
  EXPECT_EQ(callbacks[0]["Body"]["stkCallback"]["CheckoutRequestID"],
            json_of(accepted)["CheckoutRequestID"]);
}

TEST_F(SimFixture, ACallbackThatCannotBeDeliveredIsLoggedNotRetried) {
  auto accepted = push("254708374100", token(), "https://localhost:1/cb");
  ASSERT_TRUE(accepted.ok());
  ASSERT_EQ(accepted->status, 200) << accepted->body;
  for (int i = 0; i < 100 && !logger_.contains("DARAJA_SIM_CALLBACK_FAILED"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(logger_.count("DARAJA_SIM_CALLBACK_FAILED"), 1u);
  EXPECT_FALSE(logger_.contains("DARAJA_SIM_CALLBACK_SENT"));
}

}  // namespace
}  // namespace hotspot::payments::sim::testing
