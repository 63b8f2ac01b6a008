#include "payments/sim/stk_request.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace hotspot::payments::sim {
namespace {

nlohmann::json valid_push() {
  const Merchant merchant;
  const std::string stamp = "20260101120000";
  return {{"BusinessShortCode", 174379},
          {"Password", stk_password(merchant.shortcode, merchant.passkey, stamp)},
          {"Timestamp", stamp},
          {"TransactionType", "CustomerPayBillOnline"},
          {"Amount", 20},
          {"PartyA", "254708374100"},
          {"PartyB", 174379},
          {"PhoneNumber", "254708374100"},
          {"CallBackURL", "https://relay.example/cb/abc"},
          {"AccountReference", "HS1234"},
          {"TransactionDesc", "Wi-Fi 1 hour"}};
}

std::optional<DarajaError> check(const nlohmann::json& body, bool allow_http = false) {
  StkPush out;
  return read_stk_push(body.dump(), Merchant{}, allow_http, out);
}

TEST(StkPassword, IsBase64OfShortcodePasskeyAndTimestamp) {
  EXPECT_EQ(stk_password("1", "2", "3"), "MTIz");
}

TEST(ReadStkPush, AcceptsTheSandboxSampleAndReadsItsFields) {
  StkPush out;
  auto error = read_stk_push(valid_push().dump(), Merchant{}, false, out);
  ASSERT_FALSE(error) << error->message;
  EXPECT_EQ(out.amount, 20);
  EXPECT_EQ(out.phone, "254708374100");
  EXPECT_EQ(out.shortcode, "174379");
  nlohmann::json as_string = valid_push();
  as_string["Amount"] = "1";
  EXPECT_FALSE(check(as_string));
  nlohmann::json airtel_range = valid_push();
  airtel_range["PartyA"] = airtel_range["PhoneNumber"] = "254110000000";
  EXPECT_FALSE(check(airtel_range));
}

struct BadField {
  const char* field;
  nlohmann::json value;
  const char* code;
  const char* message;
};

TEST(ReadStkPush, RefusesEachBadFieldAsDarajaDoes) {
  const BadField cases[] = {
      {"BusinessShortCode", "12a45", "400.002.02", "Bad Request - Invalid BusinessShortCode"},
      {"BusinessShortCode", 600000, "500.001.1001", "Merchant does not exist"},
      {"Password", "bm9wZQ==", "500.001.1001", "Wrong credentials"},
      {"Timestamp", "2026-01-01", "400.002.02", "Bad Request - Invalid Timestamp"},
      {"Timestamp", "20261301120000", "400.002.02", "Bad Request - Invalid Timestamp"},
      {"TransactionType", "CustomerPayBill", "400.002.02", "Bad Request - Invalid TransactionType"},
      {"Amount", 0, "400.002.02", "Bad Request - Invalid Amount"},
      {"Amount", 250001, "400.002.02", "Bad Request - Invalid Amount"},
      {"Amount", 10.5, "400.002.02", "Bad Request - Invalid Amount"},
      {"Amount", "10.00", "400.002.02", "Bad Request - Invalid Amount"},
      {"PartyA", "0708374100", "400.002.02", "Bad Request - Invalid PartyA"},
      {"PartyA", "243708374100", "400.002.02", "Bad Request - Invalid PartyA"},
      {"PartyB", "12", "400.002.02", "Bad Request - Invalid PartyB"},
      {"PhoneNumber", "254208374100", "400.002.02", "Bad Request - Invalid PhoneNumber"},
      {"CallBackURL", "http://relay.example/cb", "400.002.02", "Bad Request - Invalid CallBackURL"},
      {"CallBackURL", " https://relay.example/cb", "400.002.02",
       "Bad Request - Invalid CallBackURL"},
      {"AccountReference", "ABCDEFGHIJKLM", "400.002.02", "Bad Request - Invalid AccountReference"},
      {"AccountReference", "HS#1", "400.002.02", "Bad Request - Invalid AccountReference"},
      {"TransactionDesc", "fourteen chars", "400.002.02", "Bad Request - Invalid TransactionDesc"},
  };
  for (const BadField& c : cases) {
    nlohmann::json body = valid_push();
    body[c.field] = c.value;
    auto error = check(body);
    ASSERT_TRUE(error) << c.field << " = " << c.value;
    EXPECT_EQ(error->code, c.code) << c.field << " = " << c.value;
    EXPECT_EQ(error->message, c.message) << c.field << " = " << c.value;
  }
}

TEST(ReadStkPush, MissingFieldsAndNonJsonAreRefused) {
  for (const char* field :
       {"BusinessShortCode", "Password", "Timestamp", "TransactionType", "Amount", "PartyA",
        "PartyB", "PhoneNumber", "CallBackURL", "AccountReference"}) {
    nlohmann::json body = valid_push();
    body.erase(field);
    EXPECT_TRUE(check(body)) << field;
  }
  nlohmann::json no_description = valid_push();
  no_description.erase("TransactionDesc");
  EXPECT_FALSE(check(no_description)) << "TransactionDesc is optional";
  StkPush out;
  EXPECT_TRUE(read_stk_push("not json", Merchant{}, false, out));
}

TEST(ReadStkPush, HttpCallbacksOnlyWhenAllowed) {
  nlohmann::json body = valid_push();
  body["CallBackURL"] = "http://127.0.0.1:9000/cb";
  EXPECT_TRUE(check(body, false));
  EXPECT_FALSE(check(body, true));
}

TEST(ReadStkQuery, NeedsTheMerchantAndACheckoutRequestId) {
  const Merchant merchant;
  nlohmann::json body = {
      {"BusinessShortCode", "174379"},
      {"Password", stk_password(merchant.shortcode, merchant.passkey, "20260101120000")},
      {"Timestamp", "20260101120000"},
      {"CheckoutRequestID", "ws_CO_1"}};
  StkQuery out;
  EXPECT_FALSE(read_stk_query(body.dump(), merchant, out));
  EXPECT_EQ(out.checkout_request_id, "ws_CO_1");
  body.erase("CheckoutRequestID");
  auto error = read_stk_query(body.dump(), merchant, out);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->message, "Bad Request - Invalid CheckoutRequestID");
}

}  // namespace
}  // namespace hotspot::payments::sim
