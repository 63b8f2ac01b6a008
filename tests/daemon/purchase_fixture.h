#pragma once
// Buying with M-PESA end to end, with every real component that can run here: the books in a
// SQLite file, the RouterOS simulator over the API protocol, the Daraja simulator over HTTPS
// (a CA made for the test) calling back to the payment service's own HTTPS listener, the
// payment service, the appliance's portal backend and the portal over HTTP on loopback.
// The simulated customer answers `callback_delay` after each push; the phone's last two digits
// choose how (payments/sim/README.md).

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/testutils/capturing_logger.h"
#include "daemon/live_sessions.h"
#include "daemon/payment_service.h"
#include "daemon/portal_backend.h"
#include "daemon/router_service.h"
#include "daemon/usage_service.h"
#include "payments/sim/sim_server.h"
#include "portal/server.h"
#include "routeros/sim/router_state.h"
#include "routeros/sim/server.h"
#include "storage/store.h"
#include "temp_dir.h"

namespace hotspot::daemon::testing {

inline constexpr const char* kBuyerMac = "AA:BB:CC:00:01:01";
inline constexpr const char* kBuyerIp = "10.5.50.21";

// Polls `done` every 10 ms; false once `watchdog` has passed (a test failure, never a hang).
bool eventually(const std::function<bool()>& done,
                std::chrono::milliseconds watchdog = std::chrono::seconds(10));

class PurchaseFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // The appliance's side (router service, usage, backend, payments, portal); stop and start
  // again to play a restart. The simulators and the books' directory stay.
  void start_appliance();
  void stop_appliance();
  // What start_appliance gives the payment service; change before starting.
  PaymentServiceOptions payment_options_;

  // Starts a purchase of `plan` for the phone as the portal would, from the buyer's device.
  portal::PurchaseStart buy(const std::string& phone, std::int64_t plan_id = 0,
                            const std::string& mac = kBuyerMac, const std::string& ip = kBuyerIp);
  storage::Payment payment_by_key(const std::string& key);
  // Waits until the purchase's payment satisfies `ready`; returns it as it was then.
  storage::Payment wait_for_payment(const std::string& key,
                                    const std::function<bool(const storage::Payment&)>& ready,
                                    std::chrono::milliseconds watchdog = std::chrono::seconds(10));
  // The waiting page's view of the purchase, for the buyer's device.
  std::optional<portal::PurchaseView> view(const std::string& key, portal::Lang lang = portal::Lang::en);
  // Whether the router has `mac` online as `user` (a ticket code).
  bool online_on_router(const std::string& mac, const std::string& user);
  int sessions_on_router();
  std::vector<storage::PaymentEvent> events(std::int64_t payment_id);
  // The Daraja simulator's control: the next push (to `phone`, when given) ends this way.
  void next_outcome(const std::string& outcome, const std::string& phone = "");

  TempDir dir_;
  SystemClock clock_;
  hotspot::testing::CapturingLogger log_;
  boost::asio::io_context io_;  // the router's loop (and the Daraja simulator's)
  std::thread io_thread_;
  std::unique_ptr<routeros::sim::RouterState> router_state_;
  std::unique_ptr<routeros::sim::Server> router_;
  std::unique_ptr<payments::sim::SimServer> daraja_;
  std::shared_ptr<payments::http::TlsIdentity> callback_identity_;
  std::filesystem::path ca_file_;
  std::unique_ptr<storage::Store> store_;
  Plan daily_;  // KES 50, one day, one device

  LiveSessions live_;
  std::shared_ptr<RouterService> router_service_;
  std::shared_ptr<UsageService> usage_;
  std::unique_ptr<AppliancePortalBackend> backend_;
  std::unique_ptr<PaymentService> payments_;
  std::unique_ptr<portal::PortalServer> portal_;

 private:
  void open_books();
  void save_mpesa_settings(std::uint16_t callback_port);
  template <class Fn>
  void on_loop(Fn fn);
  bool router_connected();
};

}  // namespace hotspot::daemon::testing
