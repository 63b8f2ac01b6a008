#pragma once
// The customer portal's view of the appliance (portal/backend.h), over the books and the router:
// redeeming a code, welcoming a returning phone, the status page and logging out. Called on the
// portal's HTTP workers; everything that touches the router is handed to the event loop and
// waited for with a deadline, so a router that does not answer is "router down", never a hang.
//
// Redemption order: the router first (profile, user, login), the books second (the ticket
// becomes active). A router that is down therefore changes nothing: the ticket's time does not
// start for a customer who never got online, and the code works when they try again.

#include <chrono>
#include <memory>
#include <mutex>

#include <boost/asio/io_context.hpp>

#include "core/clock.h"
#include "core/log.h"
#include "daemon/live_sessions.h"
#include "daemon/payment_service.h"
#include "daemon/router_service.h"
#include "daemon/usage_service.h"
#include "daemon/welcome_back_cache.h"
#include "portal/backend.h"
#include "storage/store.h"

namespace hotspot::daemon {

struct PortalBackendOptions {
  // How long a customer waits on the router before being told it is down.
  std::chrono::milliseconds router_deadline{6'000};
  // Plans and branding change rarely and every landing page shows them.
  std::chrono::milliseconds cache_for{2'000};
};

class AppliancePortalBackend : public portal::PortalBackend {
 public:
  AppliancePortalBackend(boost::asio::io_context& io, storage::Store& store, RouterService& router,
                         LiveSessions& live, UsageService& usage, const Clock& clock, Logger& log,
                         PortalBackendOptions options = {});

  portal::Branding branding() override;
  std::vector<portal::PlanOffer> offers() override;
  bool mpesa_available() override;
  portal::RedeemResult redeem(std::string_view typed_code, const portal::DeviceContext& device) override;
  std::optional<portal::RedeemResult> welcome_back(
      const portal::DeviceContext& device, const std::function<bool()>& before_router) override;
  std::optional<portal::TicketView> status(std::string_view code, std::string_view client_ip) override;
  bool logout(std::string_view code, std::string_view client_ip) override;
  portal::PurchaseStart start_purchase(const portal::PurchaseRequest& request) override;
  std::optional<portal::PurchaseView> purchase(std::string_view key,
                                               const portal::DeviceContext& device,
                                               portal::Lang lang) override;
  portal::RedeemResult claim_payment(std::string_view receipt_or_phone,
                                     const portal::DeviceContext& device) override;

  // M-PESA purchases go through `payments` (null: this site sells vouchers only). Set before
  // the portal serves; it must outlive the backend's use.
  void set_payments(PaymentService* payments) { payments_ = payments; }
  // PaymentService's TicketIssued: puts the device that paid online on the ticket it bought;
  // true when the router was down (worth trying again).
  bool put_payment_online(const storage::Payment& payment, const storage::SaleReceipt& sale);

 private:
  struct Catalogue {
    portal::Branding branding;
    std::vector<portal::PlanOffer> offers;
    MonoTime loaded{};
  };
  // Shared, so that a page takes it without copying it under the lock.
  std::shared_ptr<const Catalogue> catalogue();
  // The voucher rules for a ticket about to be used by `device` (ended, used up, no device,
  // device limit), then put_online.
  portal::RedeemResult use_ticket(const Plan& plan, Ticket ticket, const portal::DeviceContext& device);
  // The purchase's ticket for the device: online already, or put online now.
  portal::RedeemResult paid_login(const storage::Payment& payment, const portal::DeviceContext& device);
  // Puts the device online on `ticket` (valid, of `plan`) and activates it.
  portal::RedeemResult put_online(const Plan& plan, Ticket ticket, const portal::DeviceContext& device);
  portal::TicketView view(const Plan& plan, const Ticket& ticket, bool online);
  std::optional<portal::TicketView> view_of(const Ticket& ticket, bool online);
  bool kick_on_loop(const std::string& active_id, const std::string& user);

  boost::asio::io_context& io_;
  storage::Store& store_;
  RouterService& router_;
  LiveSessions& live_;
  UsageService& usage_;
  const Clock& clock_;
  Logger& log_;
  PortalBackendOptions options_;
  PaymentService* payments_ = nullptr;
  std::mutex catalogue_mu_;
  std::shared_ptr<const Catalogue> catalogue_;
  NoWelcomeBackCache nothing_to_welcome_back_;
};

}  // namespace hotspot::daemon
