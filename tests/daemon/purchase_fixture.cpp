#include "purchase_fixture.h"

#include <algorithm>
#include <fstream>

#include "payments/daraja/settings.h"
#include "payments/sim/local_certificates.h"
#include "storage/plans.h"

namespace hotspot::daemon::testing {

using namespace std::chrono_literals;
namespace rsim = routeros::sim;
namespace dsim = payments::sim;

void PurchaseFixture::add_hosts(rsim::RouterState& state) { state.add_host(kBuyerMac, kBuyerIp); }

void PurchaseFixture::start_simulators() {
  const auto certificates = dsim::make_local_certificates("localhost");
  ca_file_ = dir_.path() / "daraja-ca.pem";
  std::ofstream(ca_file_) << certificates.ca_pem;
  auto identity = payments::http::TlsIdentity::from_pem(certificates.server_certificate_pem,
                                                        certificates.server_key_pem);
  ASSERT_TRUE(identity);
  callback_identity_ = *identity;
  auto trust = payments::http::TlsTrust::from_pem(certificates.ca_pem);
  ASSERT_TRUE(trust);
  dsim::SimServerOptions sim_options;
  sim_options.server.identity = *identity;
  sim_options.callback_trust = *trust;
  sim_options.daraja.callback_delay = 300ms;
  sim_options.daraja.late_callback_after = 2s;
  daraja_ = std::make_unique<dsim::SimServer>(io_.get_executor(), sim_options, clock_);
  ASSERT_TRUE(daraja_->listen("127.0.0.1", 0).ok());
}

void PurchaseFixture::fill_books() {
  Plan daily;
  daily.name = "Daily";
  daily.price = Kes{50};
  daily.time_allowance = Seconds(86400);
  auto added = store_->plans().add(daily, "test");
  ASSERT_TRUE(added) << added.error().message;
  daily_ = *added;

  // Fast enough for a test, in the same proportions as a real site's.
  payment_options_.callback_address = "127.0.0.1";
  payment_options_.callback_port = 0;
  payment_options_.callback_identity = callback_identity_;
  payment_options_.first_query_after = 500ms;
  payment_options_.query_every = 200ms;
  payment_options_.give_up_after = 4s;
  payment_options_.push_limits.per_mac_per_minute = 1000;
  payment_options_.push_limits.per_ip_per_minute = 1000;
}

void PurchaseFixture::stop_simulators() { daraja_->stop(); }

void PurchaseFixture::save_mpesa_settings(std::uint16_t callback_port) {
  payments::daraja::DarajaSettings settings;
  const dsim::SimOptions sim_defaults;
  settings.credentials.consumer_key = sim_defaults.consumer_key;
  settings.credentials.consumer_secret = sim_defaults.consumer_secret;
  settings.credentials.shortcode = sim_defaults.merchant.shortcode;
  settings.credentials.passkey = sim_defaults.merchant.passkey;
  settings.base_url = "https://localhost:" + std::to_string(daraja_->port());
  settings.ca_file = ca_file_.string();
  if (callback_port != 0) {
    settings.callback_url_base = "https://localhost:" + std::to_string(callback_port) + "/cb";
  }
  auto saved = payments::daraja::save_daraja_settings(*store_, settings, "test");
  ASSERT_TRUE(saved) << saved.error().message;
}

void PurchaseFixture::start_services() {
  payments_ = std::make_unique<PaymentService>(
      *store_, clock_, log_, payment_options_,
      [this](const storage::Payment& p, const storage::SaleReceipt& sale) {
        return backend_->put_payment_online(p, sale);
      });
  ASSERT_TRUE(payments_->start().ok());
  save_mpesa_settings(payment_options_.callback_address.empty() ? 0 : payments_->callback_port());
  payments_->forget_settings();
  backend_->set_payments(payments_.get());
}

void PurchaseFixture::stop_services() {
  if (payments_) payments_->stop();
}

void PurchaseFixture::release_services() { payments_.reset(); }

portal::PurchaseStart PurchaseFixture::buy(const std::string& phone, std::int64_t plan_id,
                                           const std::string& mac, const std::string& ip) {
  portal::PurchaseRequest request;
  request.plan_id = plan_id != 0 ? plan_id : daily_.id;
  request.phone = phone;
  request.device.mac = mac;
  request.device.ip = ip;
  request.device.client_ip = ip;
  return backend_->start_purchase(request);
}

storage::Payment PurchaseFixture::payment_by_key(const std::string& key) {
  auto p = store_->payments().find_by_purchase_key(key);
  EXPECT_TRUE(p) << p.error().message;
  return p ? *p : storage::Payment{};
}

storage::Payment PurchaseFixture::wait_for_payment(
    const std::string& key, const std::function<bool(const storage::Payment&)>& ready,
    std::chrono::milliseconds watchdog) {
  storage::Payment last;
  const bool reached = eventually(
      [&] {
        auto p = store_->payments().find_by_purchase_key(key);
        if (!p) return false;
        last = *p;
        return ready(last);
      },
      watchdog);
  EXPECT_TRUE(reached) << "payment " << last.id << " stayed "
                       << storage::payment_state_name(last.state) << " (result '"
                       << last.result_code << "')\n"
                       << log_.text();
  return last;
}

std::optional<portal::PurchaseView> PurchaseFixture::view(const std::string& key, portal::Lang lang) {
  portal::DeviceContext device;
  device.mac = kBuyerMac;
  device.ip = kBuyerIp;
  device.client_ip = kBuyerIp;
  return backend_->purchase(key, device, lang);
}

bool PurchaseFixture::online_on_router(const std::string& mac, const std::string& user) {
  const auto sessions = router_sessions();
  return std::find(sessions.begin(), sessions.end(), std::make_pair(user, mac)) != sessions.end();
}

int PurchaseFixture::sessions_on_router() { return static_cast<int>(router_sessions().size()); }

std::vector<storage::PaymentEvent> PurchaseFixture::events(std::int64_t payment_id) {
  auto e = store_->payments().events(payment_id);
  EXPECT_TRUE(e) << e.error().message;
  return e ? *e : std::vector<storage::PaymentEvent>{};
}

void PurchaseFixture::next_outcome(const std::string& outcome, const std::string& phone) {
  auto parsed = dsim::parse_outcome(outcome);
  ASSERT_TRUE(parsed) << outcome;
  on_loop([&] {
    daraja_->daraja().set_next_outcome(*parsed, phone.empty() ? std::nullopt
                                                              : std::optional<std::string>(phone));
  });
}

}  // namespace hotspot::daemon::testing
