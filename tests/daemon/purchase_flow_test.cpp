// Buying a ticket with M-PESA through the portal backend, the payment service, the Daraja
// simulator and the RouterOS simulator: every outcome a customer can meet.
#include <boost/asio/post.hpp>
#include <future>
#include <nlohmann/json.hpp>

#include "purchase_checks.h"
#include "purchase_fixture.h"
#include "storage/tickets.h"

namespace hotspot::daemon::testing {
namespace {

using namespace std::chrono_literals;
using storage::Payment;
using storage::PaymentState;

bool has_ticket(const Payment& p) { return p.ticket_id.has_value(); }
bool is_failed(const Payment& p) { return p.state == PaymentState::failed; }
bool is_paid_with_ticket(const Payment& p) {
  return p.state == PaymentState::paid && has_ticket(p);
}
// Paid by the query's word: the ticket is granted, the receipt still to come.
bool is_granted_by_query(const Payment& p) {
  return p.state == PaymentState::pending && p.result_code == "0" && has_ticket(p);
}

class PurchaseFlowTest : public PurchaseFixture {
 protected:
  std::string ticket_code(const Payment& p) {
    auto ticket = store_->tickets().find(*p.ticket_id);
    EXPECT_TRUE(ticket) << ticket.error().message;
    return ticket ? ticket->code : "";
  }

  // The page a customer sees for a purchase that did not go through, in both languages.
  void expect_failure_page(const std::string& key, std::string_view english,
                           std::string_view swahili, bool can_retry) {
    for (auto [lang, words] : {std::pair{portal::Lang::en, english}, {portal::Lang::sw, swahili}}) {
      auto page = view(key, lang);
      ASSERT_TRUE(page);
      EXPECT_EQ(page->stage, portal::PurchaseStage::failed);
      EXPECT_NE(page->message.find(words), std::string::npos) << page->message;
      EXPECT_EQ(page->can_retry, can_retry);
      EXPECT_FALSE(page->login);
      EXPECT_TRUE(page->receipt.empty());
    }
  }

  // A push that ends unpaid: failed with `code`, no ticket, no sale, nobody online, the raw
  // messages kept, the customer told why.
  Payment expect_unpaid(const std::string& phone, const std::string& code,
                        std::string_view kept_kind, std::string_view english,
                        std::string_view swahili, bool can_retry) {
    auto started = buy(phone);
    EXPECT_EQ(started.outcome, portal::PurchaseStartOutcome::started);
    const Payment failed = wait_for_payment(started.key, is_failed);
    EXPECT_EQ(failed.result_code, code);
    EXPECT_FALSE(failed.receipt);
    EXPECT_TRUE(eventually([&] { return count_events(events(failed.id), kept_kind) > 0; }));
    payments_->drain();
    EXPECT_TRUE(kept_with(events(failed.id), "stk_push", "stk_push"));
    const Payment after = payment_by_key(started.key);
    EXPECT_EQ(after.state, PaymentState::failed);
    EXPECT_FALSE(has_ticket(after));
    EXPECT_EQ(sales_of(*store_, failed.id), 0);
    EXPECT_EQ(sessions_on_router(), 0);
    expect_failure_page(started.key, english, swahili, can_retry);
    return after;
  }
};

TEST_F(PurchaseFlowTest, APaidPurchaseIssuesOneTicketAndPutsThePhoneOnline) {
  auto started = buy("0712 345 600");
  ASSERT_EQ(started.outcome, portal::PurchaseStartOutcome::started);
  ASSERT_FALSE(started.key.empty());
  const Payment paid = wait_for_payment(started.key, is_paid_with_ticket);
  ASSERT_TRUE(paid.receipt.has_value());
  EXPECT_EQ(paid.result_code, "0");
  const std::string code = ticket_code(paid);
  EXPECT_TRUE(eventually([&] { return online_on_router(kBuyerMac, code); })) << log_.text();
  auto page = view(started.key);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->stage, portal::PurchaseStage::paid);
  EXPECT_EQ(page->receipt, *paid.receipt);
  EXPECT_EQ(page->plan_name, "Daily");
  EXPECT_EQ(page->amount_kes, 50);
  EXPECT_EQ(page->phone_masked, "0712 *** 600");
  ASSERT_TRUE(page->login);
  EXPECT_EQ(page->login->outcome, portal::RedeemOutcome::logged_in);
  ASSERT_TRUE(page->login->ticket);
  EXPECT_EQ(page->login->ticket->code, code);
  payments_->drain();
  EXPECT_EQ(sales_of(*store_, paid.id), 1);
  const auto kept = events(paid.id);
  EXPECT_TRUE(kept_with(kept, "stk_push", *paid.checkout_request_id));
  EXPECT_TRUE(kept_with(kept, "callback", *paid.receipt));
}

TEST_F(PurchaseFlowTest, ACancelledPromptIsFailedWith1032AndMayBeRetried) {
  expect_unpaid("0712345632", "1032", "callback", "You cancelled", "Umeghairi", true);
}

TEST_F(PurchaseFlowTest, AnUnreachablePhoneIsFailedWith1037) {
  expect_unpaid("0712345637", "1037", "callback", "could not reach your phone",
                "Hatukuweza kufikia simu yako", true);
}

TEST_F(PurchaseFlowTest, AWrongPinIsFailedWith2001) {
  expect_unpaid("0712345601", "2001", "callback", "PIN was wrong", "si sahihi", true);
}

TEST_F(PurchaseFlowTest, InsufficientFundsIsFailedWith1) {
  expect_unpaid("0712345611", "1", "callback", "balance is not enough", "halitoshi", true);
}

TEST_F(PurchaseFlowTest, DarajaInternalErrorRefusesThePushAndNothingCanBePaid) {
  const Payment p = expect_unpaid("0712345650", "500.003.1001", "stk_push", "did not go through",
                                  "Malipo hayakufanikiwa", false);
  EXPECT_FALSE(p.checkout_request_id);
  EXPECT_TRUE(kept_with(events(p.id), "stk_push", "500.003.1001"));
}

TEST_F(PurchaseFlowTest, SpikeArrestRefusesThePush) {
  const Payment p = expect_unpaid("0712345652", "500.003.02", "stk_push", "did not go through",
                                  "Malipo hayakufanikiwa", false);
  EXPECT_TRUE(kept_with(events(p.id), "stk_push", "Spike Arrest"));
}

// The phone's table refuses every push to ...51 with an invalid token: the client mints a new
// token and sends the push once more, is refused again, and gives up; one payment, failed.
TEST_F(PurchaseFlowTest, AnInvalidTokenIsRetriedOnceThenTheRefusalStands) {
  const Payment p = expect_unpaid("0712345651", "404.001.03", "stk_push", "did not go through",
                                  "Malipo hayakufanikiwa", false);
  const auto kept = events(p.id);
  ASSERT_EQ(count_events(kept, "stk_push"), 1);
  const std::string& raw = std::find_if(kept.begin(), kept.end(), [](const auto& e) {
                             return e.kind == "stk_push";
                           })->payload;
  auto exchanges = nlohmann::json::parse(raw, nullptr, false);
  ASSERT_TRUE(exchanges.is_array()) << raw;
  EXPECT_EQ(exchanges.size(), 2u) << raw;  // the push, then the push after a fresh token
}

// A token that lapses once: the retry with a fresh token is accepted and the customer pays.
TEST_F(PurchaseFlowTest, AnExpiredTokenOnceIsRefreshedAndThePurchaseGoesThrough) {
  next_outcome("token_expired", "254712345600");
  auto started = buy("0712345600");
  ASSERT_EQ(started.outcome, portal::PurchaseStartOutcome::started);
  const Payment paid = wait_for_payment(started.key, is_paid_with_ticket);
  EXPECT_TRUE(eventually([&] { return online_on_router(kBuyerMac, ticket_code(paid)); }));
  EXPECT_TRUE(kept_with(events(paid.id), "stk_push", "404.001.03"));
}

TEST_F(PurchaseFlowTest, SameAmountWithinTwoMinutesIsFailedWith17) {
  expect_unpaid("0712345617", "17", "callback", "wait two minutes", "subiri dakika", true);
}

// No callback ever comes: the STK query alone grants the ticket; without a receipt the books
// keep the payment pending with ResultCode "0".
TEST_F(PurchaseFlowTest, ALostCallbackIsSettledByPollingAlone) {
  auto started = buy("0712345640");
  const Payment granted = wait_for_payment(started.key, is_granted_by_query);
  EXPECT_FALSE(granted.receipt);
  EXPECT_TRUE(eventually([&] { return online_on_router(kBuyerMac, ticket_code(granted)); }));
  payments_->drain();
  const auto kept = events(granted.id);
  EXPECT_EQ(count_events(kept, "callback"), 0);
  EXPECT_TRUE(kept_with(kept, "query", "\\\"ResultCode\\\":\\\"0\\\""));
  EXPECT_EQ(sales_of(*store_, granted.id), 1);
  auto page = view(started.key);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->stage, portal::PurchaseStage::paid);
  EXPECT_TRUE(page->receipt.empty());
}

TEST_F(PurchaseFlowTest, ADuplicatedCallbackIssuesOneTicketAndOneSale) {
  auto started = buy("0712345641");
  const Payment paid = wait_for_payment(started.key, is_paid_with_ticket);
  ASSERT_TRUE(eventually([&] { return count_events(events(paid.id), "callback") == 2; }));
  payments_->drain();
  const Payment after = payment_by_key(started.key);
  EXPECT_EQ(after, paid);  // the second callback changed nothing
  EXPECT_EQ(sales_of(*store_, paid.id), 1);
  EXPECT_EQ(all_sales(*store_), 1);
  EXPECT_EQ(count_events(events(paid.id), "ledger.conflict"), 0);
  EXPECT_TRUE(log_.contains("MPESA_LEDGER_NO_CHANGE")) << log_.text();
  EXPECT_EQ(log_.count("MPESA_TICKET_ISSUED"), 1u);
  EXPECT_TRUE(eventually([&] { return online_on_router(kBuyerMac, ticket_code(paid)); }));
}

// The query settles first and grants the ticket; the callback comes seconds later and brings
// the receipt: paid, with the same ticket.
TEST_F(PurchaseFlowTest, ALateCallbackMakesTheQuerysTicketPaid) {
  auto started = buy("0712345642");
  const Payment granted = wait_for_payment(started.key, is_granted_by_query);
  EXPECT_FALSE(granted.receipt);
  EXPECT_EQ(count_events(events(granted.id), "callback"), 0);
  EXPECT_TRUE(eventually([&] { return online_on_router(kBuyerMac, ticket_code(granted)); }));
  const Payment paid =
      wait_for_payment(started.key, [](const Payment& p) { return p.state == PaymentState::paid; });
  ASSERT_TRUE(paid.receipt);
  EXPECT_EQ(paid.ticket_id, granted.ticket_id);
  payments_->drain();
  EXPECT_EQ(sales_of(*store_, paid.id), 1);
  EXPECT_TRUE(kept_with(events(paid.id), "callback", *paid.receipt));
  auto page = view(started.key, portal::Lang::sw);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->stage, portal::PurchaseStage::paid);
  EXPECT_EQ(page->receipt, *paid.receipt);
}

// Without a callback listener only the STK query can settle a purchase.
class PurchasePollingOnlyTest : public PurchaseFlowTest {
 protected:
  void SetUp() override {
    PurchaseFlowTest::SetUp();
    stop_appliance();
    payment_options_.callback_address = "";
    start_appliance();
  }

  // The simulator's next OAuth or STK query request fails this way.
  void next_fault(payments::sim::DarajaSim::Endpoint endpoint, payments::sim::Outcome fault) {
    std::promise<bool> set;
    boost::asio::post(io_,
                      [&] { set.set_value(daraja_->daraja().set_next_fault(endpoint, fault)); });
    ASSERT_TRUE(set.get_future().get());
  }
};

TEST_F(PurchasePollingOnlyTest, APaidPurchaseIsGrantedByTheQuery) {
  EXPECT_EQ(payments_->callback_port(), 0);
  auto started = buy("0712345600");
  const Payment granted = wait_for_payment(started.key, is_granted_by_query);
  EXPECT_TRUE(eventually([&] { return online_on_router(kBuyerMac, ticket_code(granted)); }));
  payments_->drain();
  EXPECT_EQ(count_events(events(granted.id), "callback"), 0);
  EXPECT_TRUE(kept_with(events(granted.id), "stk_push", "callbacks.invalid"));
  EXPECT_EQ(sales_of(*store_, granted.id), 1);
  // No receipt ever reaches the books: "I paid" works by the phone number.
  portal::DeviceContext device;
  device.mac = kBuyerMac;
  device.ip = kBuyerIp;
  auto claimed = backend_->claim_payment("0712 345 600", device);
  EXPECT_EQ(claimed.outcome, portal::RedeemOutcome::logged_in);
  ASSERT_TRUE(claimed.ticket);
  EXPECT_EQ(claimed.ticket->code, ticket_code(granted));
}

// The first two queries after the customer answered still say "being processed".
TEST_F(PurchasePollingOnlyTest, QueriesStillProcessingAreAskedAgainUntilSettled) {
  auto started = buy("0712345643");
  const Payment granted = wait_for_payment(started.key, is_granted_by_query);
  payments_->drain();
  const auto kept = events(granted.id);
  int still_processing = 0;
  for (const auto& e : kept) {
    if (e.kind == "query" && e.payload.find("being processed") != std::string::npos) {
      ++still_processing;
    }
  }
  EXPECT_GE(still_processing, 2);
  EXPECT_EQ(sales_of(*store_, granted.id), 1);
  EXPECT_TRUE(eventually([&] { return online_on_router(kBuyerMac, ticket_code(granted)); }));
}

// A query Daraja refuses (a server error, spike arrest, a token it dropped) is asked again.
TEST_F(PurchasePollingOnlyTest, ARefusedQueryIsAskedAgain) {
  using payments::sim::Outcome;
  for (const auto& [fault, phone] : {std::pair{Outcome::http_500, "0712345660"},
                                     {Outcome::spike_arrest, "0712345661"},
                                     {Outcome::token_expired, "0712345662"}}) {
    SCOPED_TRACE(payments::sim::outcome_name(fault));
    next_fault(payments::sim::DarajaSim::Endpoint::query, fault);
    auto started = buy(phone);
    ASSERT_EQ(started.outcome, portal::PurchaseStartOutcome::started);
    const Payment granted = wait_for_payment(started.key, is_granted_by_query);
    payments_->drain();
    EXPECT_EQ(sales_of(*store_, granted.id), 1);
  }
  EXPECT_EQ(all_sales(*store_), 3);
}

// Daraja refusing the token request: the push never leaves, the purchase fails at once.
TEST_F(PurchasePollingOnlyTest, ARefusedTokenRequestFailsThePushNothingSent) {
  next_fault(payments::sim::DarajaSim::Endpoint::oauth, payments::sim::Outcome::http_500);
  auto started = buy("0712345600");
  const Payment failed = wait_for_payment(started.key, is_failed);
  EXPECT_FALSE(failed.checkout_request_id);
  EXPECT_TRUE(log_.contains("MPESA_PUSH_NOT_SENT"));
  EXPECT_EQ(count_events(events(failed.id), "stk_push"), 0);
}

TEST_F(PurchasePollingOnlyTest, ACancelledPromptIsFailedByTheQuery) {
  expect_unpaid("0712345632", "1032", "query", "You cancelled", "Umeghairi", true);
}

}  // namespace
}  // namespace hotspot::daemon::testing
