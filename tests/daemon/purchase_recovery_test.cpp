// Purchases across a crash and under racing messages: what a stop left unfinished is finished on
// the next start, and however many callbacks and queries arrive at once, one paid payment
// buys exactly one ticket.
#include <atomic>
#include <latch>
#include <thread>

#include "purchase_callbacks.h"
#include "purchase_checks.h"
#include "purchase_fixture.h"
#include "storage/tickets.h"

namespace hotspot::daemon::testing {
namespace {

using namespace std::chrono_literals;
using storage::Payment;
using storage::PaymentState;

class PurchaseRecoveryTest : public PurchaseFixture {
 protected:
  // The books as a crash left them, with the appliance down: `change` edits them directly.
  void while_stopped(const std::function<void()>& change) {
    stop_appliance();
    auto opened = storage::Store::open({dir_.path() / "data", true}, clock_, log_);
    ASSERT_TRUE(opened) << opened.error().message;
    store_ = std::move(*opened);
    change();
  }

  Payment record_payment(PaymentState state, const std::string& checkout = "") {
    storage::PaymentDraft draft;
    draft.phone = kSilentPhone;
    draft.amount_kes = daily_.price.shillings;
    draft.plan_id = daily_.id;
    draft.state = state;
    if (!checkout.empty()) draft.checkout_request_id = checkout;
    draft.device_mac = kBuyerMac;
    draft.device_ip = kBuyerIp;
    auto created = store_->payments().create(draft, "test");
    EXPECT_TRUE(created) << created.error().message;
    return created ? *created : Payment{};
  }

  // With the appliance down, a payment the books hold as paid with `receipt` (or, without one,
  // pending on a query's "0") and no ticket yet: what a crash between paid and ticket leaves.
  Payment paid_without_ticket(const std::string& checkout, const std::string& receipt) {
    Payment paid;
    while_stopped([&] {
      const Payment p = record_payment(PaymentState::pending, checkout);
      storage::PaymentUpdate update;
      if (!receipt.empty()) update.receipt = receipt;
      update.result_code = "0";
      const PaymentState next = receipt.empty() ? PaymentState::pending : PaymentState::paid;
      auto done = store_->payments().update_state(p.id, next, update, "test");
      ASSERT_TRUE(done) << done.error().message;
      paid = *done;
    });
    return paid;
  }

  // Restarts with polling that waits `first_query` before asking.
  void restart_with_first_query_after(std::chrono::milliseconds first_query) {
    stop_appliance();
    payment_options_.first_query_after = first_query;
    start_appliance();
  }

  // A success callback as Daraja would post it for `p`, to the payment's own path.
  payments::http::ServerRequest success_callback(const Payment& p, const std::string& receipt) {
    return callback_request(p, callback_body(p, {.receipt = receipt}, clock_.wall_now()));
  }

  // A purchase Daraja accepted, whose callback never comes on its own.
  Payment pending_purchase() {
    auto started = buy(kSilentPhone);
    EXPECT_EQ(started.outcome, portal::PurchaseStartOutcome::started);
    return wait_for_payment(started.key, [](const Payment& p) {
      return p.state == PaymentState::pending && p.checkout_request_id.has_value();
    });
  }

  std::string ticket_code(std::int64_t ticket_id) {
    auto ticket = store_->tickets().find(ticket_id);
    EXPECT_TRUE(ticket) << ticket.error().message;
    return ticket ? ticket->code : "";
  }
};

// Paid in the books, then the power went before the ticket was issued: the next start issues
// it, once, and puts the phone that paid online.
TEST_F(PurchaseRecoveryTest, APaidPaymentWithoutATicketGetsOneOnRestart) {
  const Payment paid = paid_without_ticket("ws_CO_RESTART0001", "RST1234567");
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_FALSE(paid.ticket_id);
  start_appliance();
  auto key = paid.purchase_key;
  const Payment issued =
      wait_for_payment(key, [](const Payment& p) { return p.ticket_id.has_value(); });
  EXPECT_EQ(issued.state, PaymentState::paid);
  EXPECT_TRUE(eventually([&] {
    return online_on_router(kBuyerMac, ticket_code(*issued.ticket_id));
  })) << log_.text();
  payments_->drain();
  EXPECT_EQ(sales_of(*store_, paid.id), 1);

  // A second restart finds nothing left to do.
  stop_appliance();
  start_appliance();
  payments_->drain();
  EXPECT_EQ(sales_of(*store_, paid.id), 1);
  EXPECT_EQ(payment_by_key(key).ticket_id, issued.ticket_id);
}

// After a power cut the router may answer later than the appliance resumes: the ticket is
// issued anyway, and the waiting page's next look puts the phone online once the router is back.
TEST_F(PurchaseRecoveryTest, APaidPaymentGetsOnlineFromTheWaitingPageWhenTheRouterIsLate) {
  const Payment paid = paid_without_ticket("ws_CO_RESTART0003", "RST7654321");
  ASSERT_FALSE(HasFatalFailure());
  router_->faults().set_reply_delay(1500ms);  // the login takes that long
  start_appliance();                          // returns once the router is connected
  const Payment issued =
      wait_for_payment(paid.purchase_key, [](const Payment& p) { return p.ticket_id.has_value(); });
  router_->faults().clear();
  payments_->drain();
  EXPECT_EQ(sales_of(*store_, paid.id), 1);
  auto page = view(paid.purchase_key);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->stage, portal::PurchaseStage::paid);
  ASSERT_TRUE(page->login);
  EXPECT_EQ(page->login->outcome, portal::RedeemOutcome::logged_in);
  EXPECT_TRUE(online_on_router(kBuyerMac, ticket_code(*issued.ticket_id))) << log_.text();
}

// A router that does not answer when the payment settles: the appliance tries the phone's login
// again by itself, so the customer is online even if the waiting page was closed.
TEST_F(PurchaseRecoveryTest, APaidPhoneIsPutOnlineOnceTheRouterAnswersAgain) {
  router_->faults().set_reply_delay(8000ms);  // beyond the backend's 6 s router deadline
  auto started = buy("0712 345 600");
  ASSERT_EQ(started.outcome, portal::PurchaseStartOutcome::started);
  const Payment paid = wait_for_payment(
      started.key, [](const Payment& p) { return p.ticket_id.has_value(); }, 15s);
  ASSERT_TRUE(eventually([&] { return log_.text().find("the router did not answer") != std::string::npos; },
                         15s))
      << log_.text();
  router_->faults().clear();
  const std::string code = ticket_code(*paid.ticket_id);
  EXPECT_TRUE(eventually([&] { return online_on_router(kBuyerMac, code); }, 30s)) << log_.text();
  EXPECT_TRUE(eventually(
      [&] {
        auto t = store_->tickets().find(*paid.ticket_id);
        return t && t->state == TicketState::active;
      },
      30s))
      << log_.text();
  EXPECT_EQ(sales_of(*store_, paid.id), 1);
}

// The same for a payment the query said was paid ("0"), the receipt still to come.
TEST_F(PurchaseRecoveryTest, AQueryConfirmedPaymentWithoutATicketGetsOneOnRestart) {
  const Payment confirmed = paid_without_ticket("ws_CO_RESTART0002", "");
  ASSERT_FALSE(HasFatalFailure());
  start_appliance();
  const Payment issued = wait_for_payment(confirmed.purchase_key,
                                          [](const Payment& p) { return p.ticket_id.has_value(); });
  EXPECT_EQ(issued.state, PaymentState::pending);
  payments_->drain();
  EXPECT_EQ(sales_of(*store_, confirmed.id), 1);
}

// Stopped between recording the payment and hearing Daraja's answer: the push may have gone
// out, so the payment is unknown (never failed) and the phone waits before another push.
TEST_F(PurchaseRecoveryTest, AnInitiatedPaymentBecomesUnknownOnRestartNeverFailed) {
  Payment initiated;
  while_stopped([&] { initiated = record_payment(PaymentState::initiated); });
  start_appliance();
  const Payment after = wait_for_payment(
      initiated.purchase_key, [](const Payment& p) { return p.state != PaymentState::initiated; });
  EXPECT_EQ(after.state, PaymentState::unknown);
  EXPECT_FALSE(after.ticket_id);
  auto again = buy(kSilentPhone);
  EXPECT_EQ(again.outcome, portal::PurchaseStartOutcome::phone_busy);
  EXPECT_GT(again.wait_seconds, 0);
  EXPECT_LE(again.wait_seconds, 240);
  auto page = view(initiated.purchase_key);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->stage, portal::PurchaseStage::unknown);
  EXPECT_NE(page->message.find("receipt"), std::string::npos);
}

// Stopped while polling: the next start asks again, and the query settles the payment.
TEST_F(PurchaseRecoveryTest, APendingPaymentIsPolledAgainAfterRestart) {
  restart_with_first_query_after(60s);  // no query before the stop
  const Payment pending = pending_purchase();
  payment_options_.first_query_after = 500ms;
  stop_appliance();
  start_appliance();
  const Payment granted = wait_for_payment(pending.purchase_key, [](const Payment& p) {
    return p.state == PaymentState::pending && p.result_code == "0" && p.ticket_id.has_value();
  });
  EXPECT_GT(count_events(events(granted.id), "query"), 0);
  EXPECT_TRUE(eventually([&] {
    return online_on_router(kBuyerMac, ticket_code(*granted.ticket_id));
  })) << log_.text();
  payments_->drain();
  EXPECT_EQ(sales_of(*store_, granted.id), 1);
}

// No answer in time: polling gives up and leaves the payment unknown, never failed; the
// callback that comes later still pays it.
TEST_F(PurchaseRecoveryTest, PollingThatGivesUpLeavesItUnknownAndALateCallbackPays) {
  stop_appliance();
  payment_options_.first_query_after = 300ms;
  payment_options_.give_up_after = 100ms;  // given up before the first query
  start_appliance();
  const Payment pending = pending_purchase();
  const Payment unknown = wait_for_payment(
      pending.purchase_key, [](const Payment& p) { return p.state != PaymentState::pending; });
  EXPECT_EQ(unknown.state, PaymentState::unknown);
  EXPECT_FALSE(unknown.ticket_id);
  auto page = view(pending.purchase_key, portal::Lang::sw);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->stage, portal::PurchaseStage::unknown);
  EXPECT_EQ(payments_->on_callback(success_callback(unknown, "GVP1234567")).status, 200);
  const Payment paid = wait_for_payment(pending.purchase_key, [](const Payment& p) {
    return p.state == PaymentState::paid && p.ticket_id.has_value();
  });
  EXPECT_EQ(paid.receipt, "GVP1234567");
  EXPECT_TRUE(
      eventually([&] { return online_on_router(kBuyerMac, ticket_code(*paid.ticket_id)); }));
}

// No callback reaches the appliance and polling gave up before the customer answered: the
// payment is unknown, and a later recheck asks Daraja again and grants the ticket it paid for.
TEST_F(PurchaseRecoveryTest, AnUnknownPaymentIsAskedAboutAgainAndGetsItsTicket) {
  stop_appliance();
  payment_options_.callback_address = "";  // polling only
  payment_options_.first_query_after = 300ms;
  payment_options_.give_up_after = 100ms;  // given up before the first query
  payment_options_.recheck_unknown_every = 1s;
  start_appliance();
  const Payment pending = pending_purchase();
  const Payment unknown = wait_for_payment(
      pending.purchase_key, [](const Payment& p) { return p.state != PaymentState::pending; });
  ASSERT_EQ(unknown.state, PaymentState::unknown);
  const Payment granted = wait_for_payment(
      pending.purchase_key, [](const Payment& p) { return p.ticket_id.has_value(); });
  EXPECT_EQ(granted.result_code, "0");
  EXPECT_EQ(sales_of(*store_, granted.id), 1);
  EXPECT_TRUE(
      eventually([&] { return online_on_router(kBuyerMac, ticket_code(*granted.ticket_id)); }))
      << log_.text();
}

// The same callback posted by two threads at once: both acknowledged, one ticket, one sale.
TEST_F(PurchaseRecoveryTest, TwoThreadsRacingOnTheSameCallbackIssueOneTicket) {
  restart_with_first_query_after(60s);  // only the callbacks settle it
  const Payment pending = pending_purchase();
  const auto request = success_callback(pending, "RCE1234567");
  std::latch ready(2);
  std::vector<int> statuses(2);
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      ready.arrive_and_wait();
      statuses[i] = payments_->on_callback(request).status;
    });
  }
  for (auto& t : threads) t.join();
  payments_->drain();
  EXPECT_EQ(statuses, (std::vector<int>{200, 200}));
  const Payment paid = payment_by_key(pending.purchase_key);
  EXPECT_EQ(paid.state, PaymentState::paid);
  EXPECT_EQ(paid.receipt, "RCE1234567");
  ASSERT_TRUE(paid.ticket_id);
  EXPECT_EQ(sales_of(*store_, paid.id), 1);
  EXPECT_EQ(all_sales(*store_), 1);
  EXPECT_EQ(log_.count("MPESA_TICKET_ISSUED"), 1u);
  EXPECT_EQ(count_events(events(paid.id), "callback"), 2);
  EXPECT_EQ(count_events(events(paid.id), "ledger.conflict"), 0);
  EXPECT_TRUE(
      eventually([&] { return online_on_router(kBuyerMac, ticket_code(*paid.ticket_id)); }));
}

// Eight threads keep posting the callback while the service queries every few milliseconds
// across the moment the customer pays: whoever settles first, one ticket.
TEST_F(PurchaseRecoveryTest, ManyCallbacksAndQueriesAtOnceIssueOneTicket) {
  stop_appliance();
  payment_options_.first_query_after = 1ms;
  payment_options_.query_every = 5ms;
  start_appliance();
  const Payment pending = pending_purchase();
  const auto request = success_callback(pending, "MNY1234567");
  // The simulated customer pays 300 ms after the push: the callbacks start just before, so
  // that the query saying "0" and the callbacks arrive together.
  std::this_thread::sleep_for(280ms);
  constexpr int kThreads = 8;
  std::latch ready(kThreads);
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      ready.arrive_and_wait();
      for (int n = 0; n < 20; ++n) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1 + i % 3));
        if (payments_->on_callback(request).status != 200) ++refused;
      }
    });
  }
  for (auto& t : threads) t.join();
  payments_->drain();
  EXPECT_EQ(refused, 0);
  const Payment paid = payment_by_key(pending.purchase_key);
  EXPECT_EQ(paid.state, PaymentState::paid);
  ASSERT_TRUE(paid.ticket_id);
  EXPECT_EQ(sales_of(*store_, paid.id), 1);
  EXPECT_EQ(all_sales(*store_), 1);
  EXPECT_EQ(log_.count("MPESA_TICKET_ISSUED"), 1u);
  EXPECT_EQ(count_events(events(paid.id), "ledger.conflict"), 0) << log_.text();
}

}  // namespace
}  // namespace hotspot::daemon::testing
