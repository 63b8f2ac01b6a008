// Callbacks that must not be believed, or not entirely: a wrong path or secret, a broken body,
// a missing fact, the wrong money, another payment's id. Each gets a clear answer, what arrived
// is kept for audit (unless it did not even name a payment), and the books are never wrongly
// paid or wrongly failed.
#include "purchase_callbacks.h"
#include "purchase_checks.h"
#include "purchase_fixture.h"

namespace hotspot::daemon::testing {
namespace {

using namespace std::chrono_literals;
using storage::Payment;
using storage::PaymentState;

class PurchaseBadCallbackTest : public PurchaseFixture {
 protected:
  void SetUp() override {
    PurchaseFixture::SetUp();
    // Only the callbacks posted here settle anything: no query is asked in time.
    stop_appliance();
    payment_options_.first_query_after = 60s;
    start_appliance();
  }

  Payment pending_purchase(const std::string& phone = kSilentPhone) {
    auto started = buy(phone);
    EXPECT_EQ(started.outcome, portal::PurchaseStartOutcome::started);
    return wait_for_payment(started.key, [](const Payment& p) {
      return p.state == PaymentState::pending && p.checkout_request_id.has_value();
    });
  }

  // A payment whose push reply was lost (no CheckoutRequestID), as the books hold it.
  Payment unknown_payment() {
    storage::PaymentDraft draft;
    draft.phone = kSilentPhone;
    draft.amount_kes = daily_.price.shillings;
    draft.plan_id = daily_.id;
    draft.device_mac = kBuyerMac;
    draft.device_ip = kBuyerIp;
    auto created = store_->payments().create(draft, "test");
    EXPECT_TRUE(created) << created.error().message;
    auto lost = store_->payments().update_state(created->id, PaymentState::unknown, {}, "test");
    EXPECT_TRUE(lost) << lost.error().message;
    return *lost;
  }

  int post(const Payment& p, std::string body, std::string method = "POST") {
    const int status = payments_->on_callback(callback_request(p, std::move(body), method)).status;
    payments_->drain();
    return status;
  }
  int post_target(const std::string& target, const std::string& body) {
    payments::http::ServerRequest request;
    request.method = "POST";
    request.target = target;
    request.body = body;
    return payments_->on_callback(request).status;
  }
  std::string success(const Payment& p, CallbackFacts facts = {}) {
    return callback_body(p, std::move(facts), clock_.wall_now());
  }

  // Nothing changed the payment: still pending, no receipt, no ticket, no sale.
  void expect_untouched(const Payment& before) {
    const Payment now = payment_by_key(before.purchase_key);
    EXPECT_EQ(now.state, PaymentState::pending);
    EXPECT_EQ(now.result_code, before.result_code);
    EXPECT_FALSE(now.receipt);
    EXPECT_FALSE(now.ticket_id);
    EXPECT_EQ(all_sales(*store_), 0);
    EXPECT_EQ(sessions_on_router(), 0);
  }
};

TEST_F(PurchaseBadCallbackTest, AWrongSecretIsRefusedAndNothingIsKept) {
  const Payment p = pending_purchase();
  const std::string body = success(p);
  const auto before = events(p.id).size();
  EXPECT_EQ(post_target("/cb/" + std::to_string(p.id) + "/0123456789abcdef0123456789abcdef", body),
            404);
  std::string upper = p.callback_secret;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(post_target("/cb/" + std::to_string(p.id) + "/" + upper, body), 404);
  payments_->drain();
  EXPECT_EQ(events(p.id).size(), before);
  EXPECT_TRUE(log_.contains("MPESA_CALLBACK_WRONG_SECRET"));
  expect_untouched(p);
}

TEST_F(PurchaseBadCallbackTest, PathsThatNameNoPaymentAreRefused) {
  const Payment p = pending_purchase();
  const std::string body = success(p);
  EXPECT_EQ(post_target("/cb/999999/" + p.callback_secret, body), 404);  // unknown id
  for (const std::string& target :
       std::vector<std::string>{"/cb/abc/" + p.callback_secret, "/cb/" + std::to_string(p.id), "/",
                                "/cb/0" + std::to_string(p.id) + "/" + p.callback_secret,
                                "/cb/-" + std::to_string(p.id) + "/" + p.callback_secret,
                                "/cb/" + std::to_string(p.id) + "/" + p.callback_secret + "0"}) {
    EXPECT_EQ(post_target(target, body), 404) << target;
  }
  EXPECT_TRUE(log_.contains("MPESA_CALLBACK_UNKNOWN_PATH"));
  // The right path with a query string or a trailing slash is still the payment's.
  auto request = callback_request(p, body);
  request.target += "/?relay=1";
  EXPECT_EQ(payments_->on_callback(request).status, 200);
  payments_->drain();
  EXPECT_EQ(payment_by_key(p.purchase_key).state, PaymentState::paid);
}

TEST_F(PurchaseBadCallbackTest, OnlyPostIsAccepted) {
  const Payment p = pending_purchase();
  EXPECT_EQ(post(p, success(p), "GET"), 405);
  EXPECT_EQ(post(p, success(p), "PUT"), 405);
  EXPECT_EQ(count_events(events(p.id), "callback"), 0);
  expect_untouched(p);
}

TEST_F(PurchaseBadCallbackTest, MalformedAndTruncatedJsonIsKeptAndRefused) {
  const Payment p = pending_purchase();
  const std::string whole = success(p);
  const std::string truncated = whole.substr(0, whole.size() / 2);
  for (const std::string& body :
       {std::string("{not json"), truncated, std::string(""), std::string("[]"),
        std::string("{\"Body\":{}}"), std::string("<html>502 Bad Gateway</html>")}) {
    EXPECT_EQ(post(p, body), 400) << body;
    EXPECT_TRUE(kept_with(events(p.id), "callback.invalid", body)) << body;
  }
  EXPECT_EQ(count_events(events(p.id), "callback.invalid"), 6);
  EXPECT_TRUE(log_.contains("MPESA_CALLBACK_INVALID"));
  expect_untouched(p);
}

TEST_F(PurchaseBadCallbackTest, ResultCodeAsAStringPays) {
  const Payment p = pending_purchase();
  auto body = nlohmann::json::parse(success(p, {.receipt = "STR1234567"}));
  stk_callback_of(body)["ResultCode"] = "0";
  EXPECT_EQ(post(p, body.dump()), 200);
  const Payment paid = payment_by_key(p.purchase_key);
  EXPECT_EQ(paid.state, PaymentState::paid);
  EXPECT_EQ(paid.receipt, "STR1234567");
  EXPECT_TRUE(paid.ticket_id);
  EXPECT_EQ(all_sales(*store_), 1);
}

TEST_F(PurchaseBadCallbackTest, AFailureResultCodeAsAStringOrANumberFails) {
  const Payment as_number = pending_purchase();
  EXPECT_EQ(post(as_number, success(as_number, {.result_code = 1032})), 200);
  EXPECT_EQ(payment_by_key(as_number.purchase_key).state, PaymentState::failed);
  EXPECT_EQ(payment_by_key(as_number.purchase_key).result_code, "1032");

  next_outcome("callback_lost", "254712345699");
  const Payment as_string = pending_purchase("254712345699");
  auto body = nlohmann::json::parse(success(as_string, {.result_code = 2001}));
  stk_callback_of(body)["ResultCode"] = "2001";
  EXPECT_EQ(post(as_string, body.dump()), 200);
  EXPECT_EQ(payment_by_key(as_string.purchase_key).state, PaymentState::failed);
  EXPECT_EQ(payment_by_key(as_string.purchase_key).result_code, "2001");
  EXPECT_EQ(all_sales(*store_), 0);
}

// A success without the facts that tie it to money, or with money M-PESA cannot move.
TEST_F(PurchaseBadCallbackTest, ASuccessWithMissingOrImpossibleMetadataIsRefused) {
  const Payment p = pending_purchase();
  std::vector<std::pair<std::string, nlohmann::json>> bent;
  for (const char* item : {"MpesaReceiptNumber", "Amount", "PhoneNumber"}) {
    auto body = nlohmann::json::parse(success(p));
    drop_item(body, item);
    bent.emplace_back(std::string("without ") + item, body);
  }
  auto no_metadata = nlohmann::json::parse(success(p));
  stk_callback_of(no_metadata).erase("CallbackMetadata");
  bent.emplace_back("without CallbackMetadata", no_metadata);
  for (auto [name, value] : std::vector<std::pair<std::string, nlohmann::json>>{
           {"Amount 0", 0},
           {"Amount 300000", 300000},
           {"Amount 50.5", 50.5},
           {"Amount -50", -50},
           {"Amount as text", "fifty"},
           {"PhoneNumber not Kenyan", 447700900123},
           {"MpesaReceiptNumber too short", "ABC"}}) {
    auto body = nlohmann::json::parse(success(p));
    const std::string item = name.substr(0, name.find(' '));
    set_item(body, item, value);
    bent.emplace_back(name, body);
  }
  for (const auto& [name, body] : bent) {
    EXPECT_EQ(post(p, body.dump()), 400) << name;
  }
  EXPECT_EQ(count_events(events(p.id), "callback.invalid"), static_cast<int>(bent.size()));
  expect_untouched(p);
}

TEST_F(PurchaseBadCallbackTest, AnAmountOtherThanThePriceIsAConflictNeverPaid) {
  const Payment p = pending_purchase();
  EXPECT_EQ(post(p, success(p, {.amount = 10})), 200);
  EXPECT_EQ(count_events(events(p.id), "ledger.conflict"), 1);
  EXPECT_TRUE(log_.contains("MPESA_LEDGER_CONFLICT"));
  expect_untouched(p);
}

TEST_F(PurchaseBadCallbackTest, AnUnknownCheckoutRequestIdIsAConflict) {
  const Payment p = pending_purchase();
  EXPECT_EQ(post(p, success(p, {.checkout_request_id = "ws_CO_191220191020363925"})), 200);
  EXPECT_EQ(
      post(p, success(p, {.checkout_request_id = "ws_CO_191220191020363925", .result_code = 1032})),
      200);
  EXPECT_EQ(count_events(events(p.id), "ledger.conflict"), 2);
  expect_untouched(p);
}

TEST_F(PurchaseBadCallbackTest, AnotherPaymentsCheckoutRequestIdIsAConflict) {
  const Payment mine = pending_purchase();
  next_outcome("callback_lost", "254712345698");
  const Payment other = pending_purchase("254712345698");
  const std::string body = success(mine, {.checkout_request_id = *other.checkout_request_id});
  EXPECT_EQ(post(mine, body), 200);
  EXPECT_EQ(count_events(events(mine.id), "ledger.conflict"), 1);
  expect_untouched(mine);
  EXPECT_EQ(payment_by_key(other.purchase_key).state, PaymentState::pending);
}

// The customer's money moved after all (a timeout reported too early): paid, with a ticket.
TEST_F(PurchaseBadCallbackTest, AFailedPaymentStillBecomesPaidOnALateSuccess) {
  const Payment p = pending_purchase();
  EXPECT_EQ(post(p, success(p, {.result_code = 1037})), 200);
  EXPECT_EQ(payment_by_key(p.purchase_key).state, PaymentState::failed);
  EXPECT_EQ(post(p, success(p, {.receipt = "LTE1234567"})), 200);
  const Payment paid = payment_by_key(p.purchase_key);
  EXPECT_EQ(paid.state, PaymentState::paid);
  EXPECT_EQ(paid.receipt, "LTE1234567");
  ASSERT_TRUE(paid.ticket_id);
  EXPECT_EQ(sales_of(*store_, paid.id), 1);
  EXPECT_TRUE(eventually([&] { return sessions_on_router() == 1; }));
}

// Paid is final: a second receipt for the same push is a conflict for a person to look at.
TEST_F(PurchaseBadCallbackTest, ASecondReceiptForAPaidPaymentIsAConflict) {
  const Payment p = pending_purchase();
  EXPECT_EQ(post(p, success(p, {.receipt = "FST1234567"})), 200);
  EXPECT_EQ(post(p, success(p, {.receipt = "SND1234567"})), 200);
  EXPECT_EQ(post(p, success(p, {.result_code = 1032})), 200);
  const Payment paid = payment_by_key(p.purchase_key);
  EXPECT_EQ(paid.state, PaymentState::paid);
  EXPECT_EQ(paid.receipt, "FST1234567");
  EXPECT_EQ(count_events(events(p.id), "ledger.conflict"), 2);
  EXPECT_EQ(sales_of(*store_, paid.id), 1);
}

// The push's reply was lost, so the books never learnt the CheckoutRequestID: a success on the
// payment's own path that fits its phone, amount and time pays it.
TEST_F(PurchaseBadCallbackTest, ALateCallbackForALostPushIsMatchedByPhoneAmountAndTime) {
  const Payment lost = unknown_payment();
  EXPECT_EQ(post(lost, success(lost, {.checkout_request_id = "ws_CO_LATE00000001",
                                      .receipt = "LAT1234567"})),
            200);
  const Payment paid = payment_by_key(lost.purchase_key);
  EXPECT_EQ(paid.state, PaymentState::paid);
  EXPECT_EQ(paid.receipt, "LAT1234567");
  EXPECT_EQ(paid.checkout_request_id, "ws_CO_LATE00000001");
  ASSERT_TRUE(paid.ticket_id);
  EXPECT_EQ(sales_of(*store_, paid.id), 1);
  EXPECT_TRUE(eventually([&] { return sessions_on_router() == 1; }));
}

TEST_F(PurchaseBadCallbackTest, ALateCallbackThatDoesNotFitALostPushPaysNothing) {
  const Payment lost = unknown_payment();
  const std::vector<std::pair<std::string, CallbackFacts>> misfits = {
      {"another phone", {.checkout_request_id = "ws_CO_LATE01", .phone = "254722000001"}},
      {"another amount", {.checkout_request_id = "ws_CO_LATE02", .amount = 20}},
      {"a day before",
       {.checkout_request_id = "ws_CO_LATE03",
        .paid_at = clock_.wall_now() - std::chrono::hours(24)}},
  };
  for (const auto& [name, facts] : misfits) {
    EXPECT_EQ(post(lost, success(lost, facts)), 200) << name;
  }
  const Payment after = payment_by_key(lost.purchase_key);
  EXPECT_EQ(after.state, PaymentState::unknown);
  EXPECT_FALSE(after.receipt);
  EXPECT_FALSE(after.checkout_request_id);
  EXPECT_FALSE(after.ticket_id);
  EXPECT_EQ(count_events(events(lost.id), "callback"), 3);  // kept for the provider
  EXPECT_EQ(count_events(events(lost.id), "ledger.conflict"), 3);
  EXPECT_EQ(all_sales(*store_), 0);
}

}  // namespace
}  // namespace hotspot::daemon::testing
