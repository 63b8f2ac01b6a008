// The portal's connections as phones use and misuse them, over raw sockets on loopback: many
// phones holding connections open, requests sent in pieces or several at once, bodies announced
// and never sent, and the caps that end a connection.

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "tests/portal/fake_backend.h"
#include "tests/portal/raw_connection.h"

namespace hotspot::portal::testing {
namespace {

using ConnectionsTest = PortalTest;

const std::string kHealth = "GET /healthz HTTP/1.1\r\nHost: portal\r\n\r\n";

TEST_F(ConnectionsTest, PhonesHoldingConnectionsOpenDoNotKeepOthersOut) {
  // Far more idle connections than the server has threads: none of them holds one.
  std::vector<int> idle;
  for (int i = 0; i < 100; ++i) {
    const int fd = connect_raw(server_->port());
    ASSERT_GE(fd, 0);
    idle.push_back(fd);
  }
  // Half of them are part way through a request.
  for (std::size_t i = 0; i < idle.size(); i += 2) ASSERT_TRUE(send_all(idle[i], "GET / HT"));

  auto res = client().Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  // And every idle one is still served when it speaks.
  for (std::size_t i = 1; i < idle.size(); i += 2) {
    ASSERT_TRUE(send_all(idle[i], kHealth));
    EXPECT_NE(read_response(idle[i]).find("\r\n\r\nok\n"), std::string::npos) << i;
  }
  for (int fd : idle) ::close(fd);
}

TEST_F(ConnectionsTest, PipelinedRequestsAreAnsweredInOrder) {
  const int phone = connect_raw(server_->port());
  ASSERT_GE(phone, 0);
  const std::string ask_captive = "GET /api/captive HTTP/1.1\r\nHost: portal\r\n\r\n";
  const std::string last_one = "GET /healthz HTTP/1.1\r\nHost: portal\r\nConnection: close\r\n\r\n";
  ASSERT_TRUE(send_all(phone, kHealth + ask_captive + last_one));
  bool closed = false;
  const std::string answers = read_until_closed(phone, &closed);
  ::close(phone);
  EXPECT_TRUE(closed);
  EXPECT_EQ(occurrences(answers, "HTTP/1.1 200 OK"), 3u) << answers;
  const std::size_t first = answers.find("\r\n\r\nok\n");
  const std::size_t captive = answers.find("\"captive\"");
  const std::size_t last = answers.rfind("\r\n\r\nok\n");
  EXPECT_LT(first, captive);
  EXPECT_LT(captive, last);
}

TEST_F(ConnectionsTest, ARequestArrivingInPiecesIsServed) {
  const int phone = connect_raw(server_->port());
  ASSERT_GE(phone, 0);
  const std::string request = "\r\nPOST /redeem HTTP/1.1\r\nHost: portal\r\n"
                              "Content-Type: application/x-www-form-urlencoded\r\n"
                              "Content-Length: 12\r\n\r\ncode=ABCD2345";
  for (std::size_t at = 0; at < request.size(); at += 7) {
    ASSERT_TRUE(send_all(phone, request.substr(at, 7)));
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  const std::string answer = read_response(phone);
  ::close(phone);
  EXPECT_NE(answer.find("HTTP/1.1 200"), std::string::npos) << answer;
  const auto calls = backend_.redeem_calls();
  ASSERT_EQ(calls.size(), 1u);  // the body was cut at its Content-Length: "ABCD234"
  EXPECT_EQ(calls[0].code, "ABCD234");
}

TEST_F(ConnectionsTest, APhoneSendingAByteNowAndThenIsDroppedAtTheRequestDeadline) {
  options_.read_timeout = std::chrono::seconds(1);
  start_server();
  const int slow = connect_raw(server_->port());
  ASSERT_GE(slow, 0);
  // One byte every 100 ms keeps every single read short; the request as a whole is not.
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: portal\r\nX-Padding: " +
                              std::string(200, 'a') + "\r\n\r\n";
  bool dropped = false;
  for (char c : request) {
    if (::send(slow, &c, 1, MSG_NOSIGNAL) != 1) {
      dropped = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    char probe = 0;
    if (::recv(slow, &probe, 1, MSG_DONTWAIT) == 0) {
      dropped = true;
      break;
    }
  }
  ::close(slow);
  EXPECT_TRUE(dropped) << "the whole request was taken in " << request.size() / 10 << " s";
}

TEST_F(ConnectionsTest, AChunkedBodyIsRefusedAndTheConnectionCloses) {
  const int phone = connect_raw(server_->port());
  ASSERT_GE(phone, 0);
  ASSERT_TRUE(send_all(phone,
                       "POST /redeem HTTP/1.1\r\nHost: portal\r\nTransfer-Encoding: chunked\r\n"
                       "Content-Type: application/x-www-form-urlencoded\r\n\r\n"
                       "d\r\ncode=ABCD2345\r\n0\r\n\r\n" + kHealth));
  bool closed = false;
  const std::string answer = read_until_closed(phone, &closed);
  ::close(phone);
  EXPECT_TRUE(closed);
  EXPECT_NE(answer.find("HTTP/1.1 400"), std::string::npos) << answer;
  EXPECT_NE(answer.find("Your phone sent a request we could not read."), std::string::npos);
  EXPECT_EQ(occurrences(answer, "HTTP/1.1"), 1u) << "what followed the refusal was answered";
  EXPECT_TRUE(backend_.redeem_calls().empty());
}

TEST_F(ConnectionsTest, AClientWaitingForContinueGetsItThenItsAnswer) {
  const int phone = connect_raw(server_->port());
  ASSERT_GE(phone, 0);
  ASSERT_TRUE(send_all(phone,
                       "POST /redeem HTTP/1.1\r\nHost: portal\r\nExpect: 100-continue\r\n"
                       "Content-Type: application/x-www-form-urlencoded\r\n"
                       "Content-Length: 13\r\n\r\n"));
  timeval watchdog{10, 0};
  ASSERT_EQ(::setsockopt(phone, SOL_SOCKET, SO_RCVTIMEO, &watchdog, sizeof watchdog), 0);
  char buffer[64] = {};
  const ssize_t n = ::recv(phone, buffer, sizeof buffer, 0);
  ASSERT_GT(n, 0);
  EXPECT_EQ(std::string(buffer, static_cast<std::size_t>(n)), "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(send_all(phone, "code=ABCD2345"));
  const std::string answer = read_response(phone);
  ::close(phone);
  EXPECT_NE(answer.find("HTTP/1.1 200"), std::string::npos) << answer;
  EXPECT_EQ(answer.find("100 Continue"), std::string::npos) << "sent twice";
  ASSERT_EQ(backend_.redeem_calls().size(), 1u);
}

TEST_F(ConnectionsTest, AConnectionClosesAfterItsRequestCap) {
  options_.keep_alive_max_requests = 3;
  start_server();
  const int phone = connect_raw(server_->port());
  ASSERT_GE(phone, 0);
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(send_all(phone, kHealth));
    const std::string answer = read_response(phone);
    EXPECT_NE(answer.find("Keep-Alive: timeout="), std::string::npos) << answer;
  }
  ASSERT_TRUE(send_all(phone, kHealth));
  bool closed = false;
  const std::string last = read_until_closed(phone, &closed);
  ::close(phone);
  EXPECT_NE(last.find("Connection: close"), std::string::npos) << last;
  EXPECT_NE(last.find("\r\n\r\nok\n"), std::string::npos) << last;
  EXPECT_TRUE(closed);
}

TEST_F(ConnectionsTest, AnIdleConnectionIsClosedAfterTheKeepAliveTimeout) {
  options_.keep_alive_timeout = std::chrono::seconds(1);
  start_server();
  const int phone = connect_raw(server_->port());
  ASSERT_GE(phone, 0);
  ASSERT_TRUE(send_all(phone, kHealth));
  ASSERT_NE(read_response(phone).find("\r\n\r\nok\n"), std::string::npos);
  bool closed = false;
  EXPECT_EQ(read_until_closed(phone, &closed), "");
  ::close(phone);
  EXPECT_TRUE(closed) << "still open when the watchdog expired";
}

TEST_F(ConnectionsTest, PastTheConnectionCapANewPhoneWaitsForOneToClose) {
  options_.max_connections = 2;
  start_server();
  std::vector<int> held;
  for (int i = 0; i < 2; ++i) {
    held.push_back(connect_raw(server_->port()));
    ASSERT_GE(held.back(), 0);
    ASSERT_TRUE(send_all(held.back(), kHealth));
    ASSERT_NE(read_response(held.back()).find("\r\n\r\nok\n"), std::string::npos);
  }
  // The kernel completes the third handshake; the server does not take the connection yet.
  const int third = connect_raw(server_->port());
  ASSERT_GE(third, 0);
  ASSERT_TRUE(send_all(third, kHealth));
  char probe = 0;
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_LT(::recv(third, &probe, 1, MSG_DONTWAIT), 0) << "answered past the cap";

  ::close(held[0]);
  EXPECT_NE(read_response(third).find("\r\n\r\nok\n"), std::string::npos);
  ::close(third);
  ::close(held[1]);
}

// Holds every call that asks the router until released, and says when one is waiting there.
class HeldRouter {
 public:
  void wait() {
    std::unique_lock lock(mu_);
    ++waiting_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return released_; });
  }
  bool await_caller() {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, std::chrono::seconds(10), [this] { return waiting_ > 0; });
  }
  void release() {
    std::lock_guard lock(mu_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  int waiting_ = 0;
  bool released_ = false;
};

TEST_F(ConnectionsTest, ARedemptionWaitingOnTheRouterHoldsUpNoOtherPhone) {
  options_.loop_threads = 1;  // were the redemption answered on the loop, nothing else would be
  start_server();
  HeldRouter router;
  backend_.set_router_wait([&router] { router.wait(); });
  std::thread redeeming([this] {
    client().Post("/redeem", "code=ABCD2345&mac=AA:BB:CC:DD:EE:01&ip=10.5.50.7",
                  "application/x-www-form-urlencoded");
  });
  ASSERT_TRUE(router.await_caller());

  auto landing = client().Get("/?mac=AA:BB:CC:DD:EE:02&ip=10.5.50.8");
  auto health = client().Get("/healthz");
  router.release();
  redeeming.join();
  ASSERT_TRUE(landing);
  EXPECT_EQ(landing->status, 200);
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(backend_.redeem_calls().size(), 1u);
}

TEST_F(ConnectionsTest, AReturningPhoneIsLoggedInAgainOffTheLoop) {
  options_.loop_threads = 1;
  start_server();
  RedeemResult back;
  back.outcome = RedeemOutcome::logged_in;
  backend_.set_welcome_back(back);
  HeldRouter router;
  backend_.set_router_wait([&router] { router.wait(); });
  std::optional<httplib::Result> returning;
  std::thread phone([this, &returning] {
    returning.emplace(client().Get("/?mac=AA:BB:CC:DD:EE:01&ip=10.5.50.7"));
  });
  ASSERT_TRUE(router.await_caller());
  EXPECT_EQ(backend_.welcome_backs_moved(), 1);  // stopped on the loop before the router

  auto health = client().Get("/healthz");
  router.release();
  phone.join();
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  ASSERT_TRUE(returning && *returning);
  EXPECT_EQ((**returning).status, 303);
  EXPECT_EQ(backend_.welcome_back_calls().size(), 1u);
}

TEST_F(ConnectionsTest, StopClosesTheConnectionsPhonesHold) {
  const int phone = connect_raw(server_->port());
  ASSERT_GE(phone, 0);
  ASSERT_TRUE(send_all(phone, kHealth));
  ASSERT_NE(read_response(phone).find("\r\n\r\nok\n"), std::string::npos);
  server_->stop();
  bool closed = false;
  EXPECT_EQ(read_until_closed(phone, &closed), "");
  ::close(phone);
  EXPECT_TRUE(closed);
}

}  // namespace
}  // namespace hotspot::portal::testing
