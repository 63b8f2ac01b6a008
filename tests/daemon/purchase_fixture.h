#pragma once
// Buying with M-PESA end to end, with every real component that can run here: the books in a
// SQLite file, the RouterOS simulator over the API protocol, the Daraja simulator over HTTPS
// (a CA made for the test) calling back to the payment service's own HTTPS listener, the
// payment service, the appliance's portal backend and the portal over HTTP on loopback.
// The simulated customer answers `callback_delay` after each push; the phone's last two digits
// choose how (payments/sim/README.md).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "appliance_fixture.h"
#include "daemon/payment_service.h"
#include "payments/sim/sim_server.h"

namespace hotspot::daemon::testing {

inline constexpr const char* kBuyerMac = "AA:BB:CC:00:01:01";
inline constexpr const char* kBuyerIp = "10.5.50.21";
// A phone the Daraja simulator never calls back for (its last two digits are 40).
inline constexpr const char* kSilentPhone = "254712345640";

// The appliance's fixture with the Daraja simulator and the payment service; stopping and
// starting the appliance stops and starts the payment service too.
class PurchaseFixture : public ApplianceFixture {
 protected:
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

  SystemClock clock_;
  std::unique_ptr<payments::sim::SimServer> daraja_;  // on the router's loop
  std::shared_ptr<payments::http::TlsIdentity> callback_identity_;
  std::filesystem::path ca_file_;
  Plan daily_;  // KES 50, one day, one device
  std::unique_ptr<PaymentService> payments_;

 private:
  const Clock& appliance_clock() const override { return clock_; }
  void add_hosts(routeros::sim::RouterState& state) override;
  void start_simulators() override;
  void fill_books() override;
  void start_services() override;
  void stop_services() override;
  void release_services() override;
  void stop_simulators() override;
  void save_mpesa_settings(std::uint16_t callback_port);
};

}  // namespace hotspot::daemon::testing
