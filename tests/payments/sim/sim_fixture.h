#pragma once
// The simulator over HTTPS on loopback with a callback receiver beside it (HTTPS too, both
// with certificates from a CA made for the test; and the same receiver on plain HTTP), and a
// blocking Daraja client to drive it.

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/testutils/capturing_logger.h"
#include "payments/http/https_client.h"
#include "payments/sim/sim_server.h"
#include "tests/payments/http/server_thread.h"
#include "tests/payments/http/test_certificates.h"

namespace hotspot::payments::sim::testing {

// Keeps what was POSTed to it; waits with a watchdog so a missing callback fails, never hangs.
class CallbackReceiver {
 public:
  http::ServerResponse receive(const http::ServerRequest& request) {
    std::lock_guard lock(mu_);
    bodies_.push_back(nlohmann::json::parse(request.body, nullptr, false));
    changed_.notify_all();
    return {200, "application/json", R"({"ResultCode":0,"ResultDesc":"Accepted"})"};
  }
  // The first `count` callbacks, or fewer if they do not come within `patience`.
  std::vector<nlohmann::json> wait_for(
      std::size_t count, std::chrono::milliseconds patience = std::chrono::seconds(5)) {
    std::unique_lock lock(mu_);
    changed_.wait_for(lock, patience, [&] { return bodies_.size() >= count; });
    return bodies_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<nlohmann::json> bodies_;
};

class SimFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  nlohmann::json json_of(const Result<http::HttpsResponse>& response);
  Result<http::HttpsResponse> token_request(const std::string& key, const std::string& secret);
  std::string token();
  // To the HTTPS receiver unless `callback_url` says otherwise.
  Result<http::HttpsResponse> push(const std::string& phone, const std::string& bearer,
                                   const std::string& callback_url = "");
  Result<http::HttpsResponse> query(const std::string& checkout_id, const std::string& bearer);
  Result<http::HttpsResponse> control(const std::string& path, const nlohmann::json& body);
  std::string sim_url(const std::string& path) const;

  SystemClock clock_;
  std::unique_ptr<payments::testing::ServerThread> thread_;
  std::shared_ptr<http::TlsTrust> trust_;
  std::unique_ptr<SimServer> sim_;
  std::unique_ptr<http::HttpsServer> receiver_server_;
  std::unique_ptr<http::HttpsServer> plain_receiver_server_;
  CallbackReceiver receiver_;
  std::uint16_t sim_port_ = 0;
  std::uint16_t receiver_port_ = 0;
  std::uint16_t plain_receiver_port_ = 0;
  hotspot::testing::CapturingLogger logger_;
};

}  // namespace hotspot::payments::sim::testing
