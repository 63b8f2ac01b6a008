#pragma once
// A PortalBackend whose answers a test scripts and whose calls it records, and a fixture that
// runs a PortalServer on a free loopback port against it.

#include <gtest/gtest.h>
#include <httplib.h>

#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/testutils/capturing_logger.h"
#include "core/testutils/fake_clock.h"
#include "portal/backend.h"
#include "portal/server.h"

namespace hotspot::portal::testing {

class ScriptedBackend final : public PortalBackend {
 public:
  struct RedeemCall {
    std::string code;
    DeviceContext device;
  };
  struct PurchaseCall {
    std::string key;
    DeviceContext device;
    Lang lang = Lang::en;
  };

  Branding branding() override {
    std::lock_guard lock(mu_);
    return branding_;
  }
  std::vector<PlanOffer> offers() override {
    std::lock_guard lock(mu_);
    if (throw_on_offers_) throw std::runtime_error("offers exploded at /secret/path.cpp:42");
    return offers_;
  }
  bool mpesa_available() override {
    std::lock_guard lock(mu_);
    return mpesa_available_;
  }

  RedeemResult redeem(std::string_view typed_code, const DeviceContext& device) override {
    wait_for_router();
    std::lock_guard lock(mu_);
    redeem_calls_.push_back({std::string(typed_code), device});
    return redeem_result_;
  }
  std::optional<RedeemResult> welcome_back(const DeviceContext& device,
                                           const std::function<bool()>& before_router) override {
    {
      std::lock_guard lock(mu_);
      // A scripted welcome back is one that asks the router.
      if (welcome_back_ && before_router && before_router()) {
        ++welcome_backs_moved_;
        return std::nullopt;
      }
      if (!welcome_back_) {
        welcome_back_calls_.push_back(device);
        return std::nullopt;
      }
    }
    wait_for_router();
    std::lock_guard lock(mu_);
    welcome_back_calls_.push_back(device);
    return welcome_back_;
  }
  std::optional<TicketView> status(std::string_view code, std::string_view client_ip) override {
    std::lock_guard lock(mu_);
    status_calls_.push_back(std::string(code) + "|" + std::string(client_ip));
    return status_;
  }
  bool logout(std::string_view code, std::string_view client_ip) override {
    std::lock_guard lock(mu_);
    logout_calls_.push_back(std::string(code) + "|" + std::string(client_ip));
    return true;
  }

  PurchaseStart start_purchase(const PurchaseRequest& request) override {
    std::lock_guard lock(mu_);
    start_calls_.push_back(request);
    return start_result_;
  }
  std::optional<PurchaseView> purchase(std::string_view key, const DeviceContext& device,
                                       Lang lang) override {
    std::lock_guard lock(mu_);
    purchase_calls_.push_back({std::string(key), device, lang});
    if (key != purchase_key_) return std::nullopt;
    return purchase_;
  }
  RedeemResult claim_payment(std::string_view receipt_or_phone,
                             const DeviceContext& device) override {
    std::lock_guard lock(mu_);
    claim_calls_.push_back({std::string(receipt_or_phone), device});
    return claim_result_;
  }

  // Scripting, from the test's thread.
  // Every call that asks the router (a redemption, a welcome back) runs `router` first: a test
  // holds the router there to see what else the portal still answers.
  void set_router_wait(std::function<void()> router) {
    std::lock_guard lock(mu_);
    router_wait_ = std::move(router);
  }
  // Welcome backs that stopped before the router to go on on a worker.
  int welcome_backs_moved() {
    std::lock_guard lock(mu_);
    return welcome_backs_moved_;
  }
  void set_branding(Branding b) {
    std::lock_guard lock(mu_);
    branding_ = std::move(b);
  }
  void set_offers(std::vector<PlanOffer> o) {
    std::lock_guard lock(mu_);
    offers_ = std::move(o);
  }
  void set_redeem(RedeemResult r) {
    std::lock_guard lock(mu_);
    redeem_result_ = std::move(r);
  }
  void set_welcome_back(std::optional<RedeemResult> r) {
    std::lock_guard lock(mu_);
    welcome_back_ = std::move(r);
  }
  void set_status(std::optional<TicketView> t) {
    std::lock_guard lock(mu_);
    status_ = std::move(t);
  }
  void set_mpesa_available(bool on) {
    std::lock_guard lock(mu_);
    mpesa_available_ = on;
  }
  void set_start(PurchaseStart s) {
    std::lock_guard lock(mu_);
    start_result_ = std::move(s);
  }
  // The purchase that `key` names; every other key names none.
  void set_purchase(std::string key, std::optional<PurchaseView> p) {
    std::lock_guard lock(mu_);
    purchase_key_ = std::move(key);
    purchase_ = std::move(p);
  }
  void set_claim(RedeemResult r) {
    std::lock_guard lock(mu_);
    claim_result_ = std::move(r);
  }
  void throw_on_offers(bool on) {
    std::lock_guard lock(mu_);
    throw_on_offers_ = on;
  }

  std::vector<RedeemCall> redeem_calls() {
    std::lock_guard lock(mu_);
    return redeem_calls_;
  }
  std::vector<DeviceContext> welcome_back_calls() {
    std::lock_guard lock(mu_);
    return welcome_back_calls_;
  }
  std::vector<std::string> status_calls() {
    std::lock_guard lock(mu_);
    return status_calls_;
  }
  std::vector<std::string> logout_calls() {
    std::lock_guard lock(mu_);
    return logout_calls_;
  }
  std::vector<PurchaseRequest> start_calls() {
    std::lock_guard lock(mu_);
    return start_calls_;
  }
  std::vector<PurchaseCall> purchase_calls() {
    std::lock_guard lock(mu_);
    return purchase_calls_;
  }
  std::vector<RedeemCall> claim_calls() {
    std::lock_guard lock(mu_);
    return claim_calls_;
  }

 private:
  void wait_for_router() {
    std::function<void()> router;
    {
      std::lock_guard lock(mu_);
      router = router_wait_;
    }
    if (router) router();
  }

  std::mutex mu_;
  std::function<void()> router_wait_;
  int welcome_backs_moved_ = 0;
  Branding branding_{"Mama Mboga Wi-Fi", "Fast internet by the market.", "#0b5fa5", ""};
  std::vector<PlanOffer> offers_;
  RedeemResult redeem_result_;
  std::optional<RedeemResult> welcome_back_;
  std::optional<TicketView> status_;
  bool mpesa_available_ = false;
  bool throw_on_offers_ = false;
  std::vector<RedeemCall> redeem_calls_;
  std::vector<DeviceContext> welcome_back_calls_;
  std::vector<std::string> status_calls_;
  std::vector<std::string> logout_calls_;
  PurchaseStart start_result_{PurchaseStartOutcome::unavailable, "", 0};
  std::string purchase_key_;
  std::optional<PurchaseView> purchase_;
  RedeemResult claim_result_{RedeemOutcome::no_payment, std::nullopt, "", ""};
  std::vector<PurchaseRequest> start_calls_;
  std::vector<PurchaseCall> purchase_calls_;
  std::vector<RedeemCall> claim_calls_;
};

inline PlanOffer hour_plan() {
  PlanOffer p;
  p.id = 1;
  p.name = "Saa Moja";
  p.price_kes = 50;
  p.time_allowance_s = 3600;
  p.download_bps = 2'000'000;
  p.upload_bps = 1'000'000;
  return p;
}

inline PlanOffer data_plan() {
  PlanOffer p;
  p.id = 2;
  p.name = "Data 500";
  p.price_kes = 100;
  p.data_allowance_bytes = 500ull * 1024 * 1024;
  p.devices = 2;
  return p;
}

inline TicketView active_ticket() {
  TicketView t;
  t.code = "ABCD2345";
  t.plan_name = "Saa Moja";
  t.state = "active";
  t.seconds_left = 4800;
  t.bytes_left = 300ull * 1024 * 1024;
  t.online = true;
  return t;
}

// The router's fields as a phone posts them from the redirect page.
inline httplib::Params router_params() {
  return {{"mac", "aa:bb:cc:dd:ee:ff"},
          {"ip", "10.5.50.7"},
          {"link-login-only", "http://10.5.50.1/login"},
          {"link-orig", "http://example.com/news"}};
}

class PortalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_.set_offers({hour_plan(), data_plan()});
    start_server();
  }
  void TearDown() override { server_->stop(); }

  // Tests that need other options call this again after changing options_.
  void start_server() {
    if (server_) server_->stop();
    options_.address = "127.0.0.1";
    options_.port = 0;
    options_.worker_threads = 8;
    server_ = std::make_unique<PortalServer>(backend_, clock_, logger_, options_);
    const Status started = server_->start();
    ASSERT_TRUE(started.ok()) << started.error().message;
  }

  httplib::Client client() {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_connection_timeout(5);
    c.set_read_timeout(10);
    return c;
  }

  ScriptedBackend backend_;
  hotspot::testing::FakeClock clock_;
  hotspot::testing::CapturingLogger logger_;
  PortalOptions options_;
  std::unique_ptr<PortalServer> server_;
};

}  // namespace hotspot::portal::testing
