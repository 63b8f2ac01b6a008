// What a customer, a neighbour on the LAN or a broken uplink can get wrong about a purchase: a
// number that is not Kenyan, a plan not on sale, too many pushes, M-PESA not set up, Daraja
// answering a web page or nothing at all; and "I paid" typed every way a customer types it.
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <latch>
#include <thread>

#include "payments/daraja/settings.h"
#include "payments/http/https_server.h"
#include "purchase_checks.h"
#include "purchase_fixture.h"
#include "storage/plans.h"
#include "storage/tickets.h"

namespace hotspot::daemon::testing {
namespace {

using namespace std::chrono_literals;
using portal::PurchaseStartOutcome;
using portal::RedeemOutcome;
using storage::Payment;
using storage::PaymentState;

constexpr const char* kHtml = "<html><body><h1>502 Bad Gateway</h1></body></html>";

class PurchaseBadInputTest : public PurchaseFixture {
 protected:
  void TearDown() override {
    on_io([this] {
      if (fake_daraja_) fake_daraja_->stop();
      fake_daraja_.reset();
      silent_.reset();
    });
    PurchaseFixture::TearDown();
  }

  template <class Fn>
  void on_io(Fn fn) {
    std::promise<void> done;
    boost::asio::post(io_, [&] {
      fn();
      done.set_value();
    });
    done.get_future().wait();
  }

  void restart_with(const std::function<void(PaymentServiceOptions&)>& change) {
    stop_appliance();
    change(payment_options_);
    start_appliance();
  }

  void point_daraja_at(const std::string& base_url) {
    auto settings = payments::daraja::load_daraja_settings(*store_);
    ASSERT_TRUE(settings) << settings.error().message;
    settings->base_url = base_url;
    ASSERT_TRUE(payments::daraja::save_daraja_settings(*store_, *settings, "test"));
    payments_->forget_settings();
  }

  // A web server where Daraja should be (a captive portal upstream, a proxy's error page): it
  // answers OAuth properly or not, and everything else with HTML.
  void serve_html_as_daraja(bool html_for_oauth) {
    payments::http::HttpsServerOptions options;
    options.identity = callback_identity_;  // "localhost", signed by the test's CA
    on_io([&] {
      fake_daraja_ = std::make_unique<payments::http::HttpsServer>(
          io_.get_executor(), options, [html_for_oauth](const payments::http::ServerRequest& r) {
            if (!html_for_oauth && r.target.rfind("/oauth/", 0) == 0) {
              return payments::http::ServerResponse{
                  200, "application/json", R"({"access_token":"tok","expires_in":"3599"})"};
            }
            return payments::http::ServerResponse{200, "text/html", kHtml};
          });
      ASSERT_TRUE(fake_daraja_->listen("127.0.0.1", 0).ok());
    });
    point_daraja_at("https://localhost:" + std::to_string(fake_daraja_->port()));
  }

  // Accepts connections and never says a word, not even the TLS handshake.
  void serve_silence_as_daraja() {
    on_io([&] {
      silent_ = std::make_unique<Silent>(io_);
      silent_->accept();
    });
    point_daraja_at("https://localhost:" +
                    std::to_string(silent_->acceptor.local_endpoint().port()));
  }

  Payment settled(const portal::PurchaseStart& started) {
    EXPECT_EQ(started.outcome, PurchaseStartOutcome::started);
    return wait_for_payment(started.key,
                            [](const Payment& p) { return p.state != PaymentState::initiated; });
  }

  portal::RedeemResult claim(std::string_view typed) {
    portal::DeviceContext device;
    device.mac = kBuyerMac;
    device.ip = kBuyerIp;
    device.client_ip = kBuyerIp;
    return backend_->claim_payment(typed, device);
  }

  struct Silent {
    explicit Silent(boost::asio::io_context& io)
        : acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0}) {}
    void accept() {
      acceptor.async_accept([this](boost::system::error_code ec, boost::asio::ip::tcp::socket s) {
        if (ec) return;
        held.push_back(std::move(s));
        accept();
      });
    }
    boost::asio::ip::tcp::acceptor acceptor;
    std::vector<boost::asio::ip::tcp::socket> held;
  };
  std::unique_ptr<payments::http::HttpsServer> fake_daraja_;
  std::unique_ptr<Silent> silent_;
};

TEST_F(PurchaseBadInputTest, ANumberThatIsNotKenyanIsRefusedBeforeAnyPush) {
  for (const char* phone : {"+44 7700 900123", "0812345678", "07123", "", "0712 345 6789",
                            "0712345abc", "254712345678; DROP TABLE payments"}) {
    EXPECT_EQ(buy(phone).outcome, PurchaseStartOutcome::invalid_phone) << phone;
  }
  auto none = store_->payments().list(10);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_F(PurchaseBadInputTest, APlanNotOnSaleIsRefused) {
  EXPECT_EQ(buy("0712345600", 9999).outcome, PurchaseStartOutcome::unknown_plan);
  Plan weekly;
  weekly.name = "Weekly";
  weekly.price = Kes{250};
  weekly.time_allowance = Seconds(7 * 86400);
  auto added = store_->plans().add(weekly, "test");
  ASSERT_TRUE(added) << added.error().message;
  ASSERT_TRUE(store_->plans().set_enabled(added->id, false, "test"));
  EXPECT_EQ(buy("0712345600", added->id).outcome, PurchaseStartOutcome::unknown_plan);
}

TEST_F(PurchaseBadInputTest, ARequestWithoutTheDeviceIsRefused) {
  EXPECT_EQ(buy("0712345600", 0, "", kBuyerIp).outcome, PurchaseStartOutcome::no_device);
  EXPECT_EQ(buy("0712345600", 0, kBuyerMac, "").outcome, PurchaseStartOutcome::no_device);
}

TEST_F(PurchaseBadInputTest, OnePromptAtATimePerPhone) {
  EXPECT_EQ(buy("0712345640").outcome, PurchaseStartOutcome::started);
  auto again = buy("0712 345 640");
  EXPECT_EQ(again.outcome, PurchaseStartOutcome::phone_busy);
  EXPECT_GT(again.wait_seconds, 0);
  EXPECT_LE(again.wait_seconds, 240);
  EXPECT_TRUE(again.key.empty());
  EXPECT_EQ(buy("0712345600").outcome, PurchaseStartOutcome::started);  // another phone may
}

TEST_F(PurchaseBadInputTest, PushesPerDeviceAreBounded) {
  restart_with([](PaymentServiceOptions& o) { o.push_limits.per_mac_per_minute = 2; });
  EXPECT_EQ(buy("0712000100").outcome, PurchaseStartOutcome::started);
  EXPECT_EQ(buy("0712000200").outcome, PurchaseStartOutcome::started);
  auto third = buy("0712000300");
  EXPECT_EQ(third.outcome, PurchaseStartOutcome::too_many_attempts);
  EXPECT_GT(third.wait_seconds, 0);
  EXPECT_LE(third.wait_seconds, 60);
  // Another device on another address is not held back by this one.
  EXPECT_EQ(buy("0712000300", 0, "AA:BB:CC:00:01:02", "10.5.50.22").outcome,
            PurchaseStartOutcome::started);
}

// A script firing purchases in parallel from one device gets no more pushes than one by one.
TEST_F(PurchaseBadInputTest, PushesPerDeviceAreBoundedUnderParallelRequests) {
  restart_with([](PaymentServiceOptions& o) { o.push_limits.per_mac_per_minute = 2; });
  constexpr int kRequests = 12;
  std::latch ready(kRequests);
  std::atomic<int> started{0};
  std::atomic<int> limited{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kRequests; ++i) {
    threads.emplace_back([&, i] {
      ready.arrive_and_wait();
      const auto outcome = buy("07120001" + std::to_string(10 + i)).outcome;
      if (outcome == PurchaseStartOutcome::started) ++started;
      if (outcome == PurchaseStartOutcome::too_many_attempts) ++limited;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(started, 2);
  EXPECT_EQ(limited, kRequests - 2);
}

TEST_F(PurchaseBadInputTest, PushesPerAddressAreBounded) {
  restart_with([](PaymentServiceOptions& o) { o.push_limits.per_ip_per_minute = 2; });
  EXPECT_EQ(buy("0712000100", 0, "AA:BB:CC:00:02:01").outcome, PurchaseStartOutcome::started);
  EXPECT_EQ(buy("0712000200", 0, "AA:BB:CC:00:02:02").outcome, PurchaseStartOutcome::started);
  auto third = buy("0712000300", 0, "AA:BB:CC:00:02:03");
  EXPECT_EQ(third.outcome, PurchaseStartOutcome::too_many_attempts);
  EXPECT_GT(third.wait_seconds, 0);
}

TEST_F(PurchaseBadInputTest, WithoutMpesaSetUpPurchasesAreUnavailable) {
  TempDir other;
  auto bare = storage::Store::open({other.path() / "data", true}, clock_, log_);
  ASSERT_TRUE(bare) << bare.error().message;
  PaymentServiceOptions options;
  options.callback_address = "";
  PaymentService service(**bare, clock_, log_, options, nullptr);
  ASSERT_TRUE(service.start().ok());
  EXPECT_FALSE(service.available());
  portal::PurchaseRequest request;
  request.plan_id = 1;
  request.phone = "0712345600";
  request.device.mac = kBuyerMac;
  request.device.ip = kBuyerIp;
  EXPECT_EQ(service.start_purchase(request).outcome, PurchaseStartOutcome::unavailable);
  service.stop();

  backend_->set_payments(nullptr);
  EXPECT_FALSE(backend_->mpesa_available());
  EXPECT_EQ(buy("0712345600").outcome, PurchaseStartOutcome::unavailable);
  backend_->set_payments(payments_.get());
}

// The push went out and a web page came back: Daraja may have accepted it, so unknown (never
// failed, never paid), the page kept, and the phone waits before another push.
TEST_F(PurchaseBadInputTest, AnHtmlAnswerToThePushLeavesItUnknown) {
  serve_html_as_daraja(false);
  auto started = buy("0712345600");
  const Payment p = settled(started);
  EXPECT_EQ(p.state, PaymentState::unknown);
  EXPECT_FALSE(p.ticket_id);
  EXPECT_TRUE(kept_with(events(p.id), "stk_push", "502 Bad Gateway"));
  EXPECT_TRUE(log_.contains("MPESA_PUSH_REPLY_LOST"));
  auto again = buy("0712345600");
  EXPECT_EQ(again.outcome, PurchaseStartOutcome::phone_busy);
  EXPECT_LE(again.wait_seconds, 120);
  for (auto [lang, words] :
       {std::pair{portal::Lang::en, "receipt"}, {portal::Lang::sw, "risiti"}}) {
    auto page = view(started.key, lang);
    ASSERT_TRUE(page);
    EXPECT_EQ(page->stage, portal::PurchaseStage::unknown);
    EXPECT_NE(page->message.find(words), std::string::npos) << page->message;
  }
}

// A web page instead of a token: the push never left, so the purchase failed and the customer
// may try again at once.
TEST_F(PurchaseBadInputTest, AnHtmlAnswerToTheTokenRequestFailsThePushNothingSent) {
  serve_html_as_daraja(true);
  auto started = buy("0712345600");
  const Payment p = settled(started);
  EXPECT_EQ(p.state, PaymentState::failed) << log_.text();
  EXPECT_FALSE(p.checkout_request_id);
  EXPECT_EQ(count_events(events(p.id), "stk_push"), 0);  // nothing was sent
  auto page = view(started.key);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->stage, portal::PurchaseStage::failed);
  EXPECT_FALSE(page->message.empty());
}

TEST_F(PurchaseBadInputTest, DarajaNotListeningFailsThePush) {
  boost::asio::io_context scratch;
  boost::asio::ip::tcp::acceptor closed(scratch, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const auto port = closed.local_endpoint().port();
  closed.close();
  point_daraja_at("https://127.0.0.1:" + std::to_string(port));
  const Payment p = settled(buy("0712345600"));
  EXPECT_EQ(p.state, PaymentState::failed) << log_.text();
  EXPECT_TRUE(log_.contains("MPESA_PUSH_NOT_SENT"));
}

TEST_F(PurchaseBadInputTest, DarajaNotAnsweringFailsThePushNothingSent) {
  restart_with([](PaymentServiceOptions& o) { o.daraja.request_deadline = 300ms; });
  serve_silence_as_daraja();
  const Payment p = settled(buy("0712345600"));
  EXPECT_EQ(p.state, PaymentState::failed) << log_.text();
  EXPECT_FALSE(p.ticket_id);
}

TEST_F(PurchaseBadInputTest, IPaidFindsAPaidPurchaseByReceiptOrPhone) {
  auto started = buy("0712345600");
  const Payment paid = wait_for_payment(started.key, [](const Payment& p) {
    return p.state == PaymentState::paid && p.ticket_id.has_value();
  });
  auto ticket = store_->tickets().find(*paid.ticket_id);
  ASSERT_TRUE(ticket);
  std::string typed = *paid.receipt;
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  typed = " " + typed.substr(0, 3) + " " + typed.substr(3, 4) + "-" + typed.substr(7) + " ";
  for (const std::string& as : {*paid.receipt, typed, std::string("0712345600"),
                                std::string("+254 712 345 600"), std::string("254712345600")}) {
    auto result = claim(as);
    EXPECT_EQ(result.outcome, RedeemOutcome::logged_in) << as;
    ASSERT_TRUE(result.ticket) << as;
    EXPECT_EQ(result.ticket->code, ticket->code);
  }
  EXPECT_TRUE(online_on_router(kBuyerMac, ticket->code));
  EXPECT_EQ(sales_of(*store_, paid.id), 1);
}

TEST_F(PurchaseBadInputTest, IPaidWithoutAPaidPurchaseSaysWhy) {
  restart_with([](PaymentServiceOptions& o) { o.first_query_after = 60s; });
  EXPECT_EQ(claim("QWE1234567").outcome, RedeemOutcome::no_payment);
  EXPECT_EQ(claim("0712345600").outcome, RedeemOutcome::no_payment);
  const Payment cancelled = settled(buy("0712345632"));
  ASSERT_TRUE(wait_for_payment(cancelled.purchase_key, [](const Payment& p) {
                return p.state == PaymentState::failed;
              }).result_code == "1032");
  EXPECT_EQ(claim("0712345632").outcome, RedeemOutcome::no_payment);
  settled(buy("0712345640"));  // pending: no callback, no query yet
  EXPECT_EQ(claim("0712 345 640").outcome, RedeemOutcome::payment_not_settled);
  // A push whose answer never came: maybe paid, so "not confirmed yet" rather than "no payment".
  storage::PaymentDraft lost;
  lost.phone = "0712345677";
  lost.amount_kes = daily_.price.shillings;
  lost.plan_id = daily_.id;
  auto created = store_->payments().create(lost, "test");
  ASSERT_TRUE(created) << created.error().message;
  ASSERT_TRUE(store_->payments().update_state(created->id, PaymentState::unknown, {}, "test"));
  EXPECT_EQ(claim("0712 345 677").outcome, RedeemOutcome::payment_not_settled);
  for (const char* garbage : {"hello!", "", "12", "QWE12345678901", "'; DROP TABLE payments"}) {
    EXPECT_EQ(claim(garbage).outcome, RedeemOutcome::malformed) << garbage;
  }
  EXPECT_EQ(sessions_on_router(), 0);
}

}  // namespace
}  // namespace hotspot::daemon::testing
