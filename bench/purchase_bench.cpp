// Many customers buying with M-PESA at once: every phone pays (the Daraja simulator confirms a
// few seconds after each push, by callback to the appliance over HTTPS), and each paid payment
// must get exactly one ticket and one router login, none lost. The figure is the time from the
// confirmation (the appliance acknowledging Daraja's callback) to the phone being online on the
// router, p50 and p99, against the bare router round trip in the same run: the same logins
// (profile and user ensured, then /ip/hotspot/active/login) for as many phones at once, with no
// payment, books or ticket in between.
//
// Usage: purchase_bench [customers]   (default 500)

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "bench/bench_util.h"
#include "core/voucher_code.h"
#include "daemon/device_login.h"
#include "daemon/live_sessions.h"
#include "daemon/payment_service.h"
#include "daemon/portal_backend.h"
#include "daemon/router_service.h"
#include "daemon/usage_service.h"
#include "payments/daraja/settings.h"
#include "payments/sim/local_certificates.h"
#include "payments/sim/sim_server.h"
#include "routeros/hotspot/hotspot_router.h"
#include "routeros/settings/router_settings.h"
#include "routeros/sim/router_state.h"
#include "routeros/sim/server.h"
#include "storage/plans.h"
#include "storage/sales.h"
#include "storage/tickets.h"

namespace hotspot::bench {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
namespace rsim = routeros::sim;
namespace dsim = payments::sim;

// When the two events of each payment were logged: the simulator's callback acknowledged, and
// the appliance's login of the paying phone.
class TimingLogger final : public Logger {
 public:
  void log(LogLevel level, std::string_view, std::string_view id, std::string_view message) override {
    const auto now = Clock::now();
    if (level >= LogLevel::warning) {
      std::lock_guard lock(mu_);
      ++problems_;
      if (problems_ <= 5) std::fprintf(stderr, "  %.*s: %.*s\n", int(id.size()), id.data(),
                                       int(message.size()), message.data());
    }
    if (id == "DARAJA_SIM_CALLBACK_SENT") {
      // ".../cb/<id>/<secret> answered 200"
      const auto at = message.find("/cb/");
      if (at == std::string_view::npos || message.find("answered 200") == std::string_view::npos) return;
      const long long payment = std::atoll(std::string(message.substr(at + 4, 20)).c_str());
      std::lock_guard lock(mu_);
      acknowledged_.emplace(payment, now);
    } else if (id == "PORTAL_PAID_DEVICE_LOGIN" && message.find(": online") != std::string_view::npos) {
      const long long payment = std::atoll(std::string(message.substr(8, 20)).c_str());
      std::lock_guard lock(mu_);
      online_.emplace(payment, now);
    }
  }
  bool enabled(LogLevel level) const override { return level >= LogLevel::info; }

  std::size_t online_count() {
    std::lock_guard lock(mu_);
    return online_.size();
  }
  // Confirmation to login, in ms, for the payments that have both.
  std::vector<double> latencies() {
    std::lock_guard lock(mu_);
    std::vector<double> out;
    for (const auto& [payment, at] : online_) {
      auto ack = acknowledged_.find(payment);
      if (ack == acknowledged_.end()) continue;
      out.push_back(std::chrono::duration<double, std::milli>(at - ack->second).count());
    }
    return out;
  }
  int problems() {
    std::lock_guard lock(mu_);
    return problems_;
  }

 private:
  std::mutex mu_;
  std::map<long long, Clock::time_point> acknowledged_;
  std::map<long long, Clock::time_point> online_;
  int problems_ = 0;
};

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

std::string mac_of(int i, int group) {
  char text[18];
  std::snprintf(text, sizeof text, "02:%02X:00:00:%02X:%02X", group, (i >> 8) & 0xff, i & 0xff);
  return text;
}
std::string ip_of(int i, int group) {
  return "10." + std::to_string(group) + "." + std::to_string(i / 250) + "." +
         std::to_string(i % 250 + 2);
}

template <class T, class Fn>
T on_loop(boost::asio::io_context& io, Fn fn) {
  std::promise<T> done;
  boost::asio::post(io, [&] { done.set_value(fn()); });
  return done.get_future().get();
}

int run(int customers) {
  ScratchDir dir("purchase-bench");
  SystemClock clock;
  TimingLogger log;
  boost::asio::io_context io;  // the router's loop; the simulators' too

  rsim::RouterOptions router_options;
  router_options.version = *rsim::parse_router_os_version("7.12");
  router_options.boot_time = clock.wall_now();
  rsim::RouterState router_state(router_options);
  router_state.add_account({"api", "s3cret", {"read", "write", "api", "test"}});
  for (int i = 0; i < customers; ++i) {
    router_state.add_host(mac_of(i, 1), ip_of(i, 1));  // the buyers
    router_state.add_host(mac_of(i, 2), ip_of(i, 2));  // the reference's phones
  }
  rsim::Server router(io, router_state);
  if (!router.listen("127.0.0.1", 0)) fail("the router simulator cannot listen");

  const auto certificates = dsim::make_local_certificates("localhost");
  const auto ca_file = dir.path() / "ca.pem";
  std::ofstream(ca_file) << certificates.ca_pem;
  auto identity = payments::http::TlsIdentity::from_pem(certificates.server_certificate_pem,
                                                        certificates.server_key_pem);
  auto trust = payments::http::TlsTrust::from_pem(certificates.ca_pem);
  if (!identity || !trust) fail("certificates");
  dsim::SimServerOptions sim_options;
  sim_options.server.identity = *identity;
  sim_options.callback_trust = *trust;
  sim_options.daraja.callback_delay = 3s;  // every push is in before the first confirmation
  sim_options.logger = &log;
  dsim::SimServer daraja(io.get_executor(), sim_options, clock);
  if (!daraja.listen("127.0.0.1", 0)) fail("the Daraja simulator cannot listen");
  std::thread io_thread([&] {
    auto guard = boost::asio::make_work_guard(io);
    io.run();
  });

  auto opened = storage::Store::open({dir.path() / "data", true}, clock, log);
  if (!opened) fail(opened.error().message);
  auto& store = **opened;
  routeros::RouterSettings router_settings;
  router_settings.host = "127.0.0.1";
  router_settings.port = router.local_endpoint().port();
  router_settings.user = "api";
  if (!routeros::save_router_settings(store, router_settings, "s3cret", "bench")) fail("router settings");
  Plan plan;
  plan.name = "Daily";
  plan.price = Kes{50};
  plan.time_allowance = Seconds(86400);
  auto added = store.plans().add(plan, "bench");
  if (!added) fail(added.error().message);
  plan = *added;

  daemon::LiveSessions live;
  auto router_service = on_loop<std::shared_ptr<daemon::RouterService>>(io, [&] {
    auto service = daemon::RouterService::create(io, store, clock, log);
    service->start();
    return service;
  });
  auto usage = on_loop<std::shared_ptr<daemon::UsageService>>(io, [&] {
    auto service = daemon::UsageService::create(io, store, *router_service, live, clock, log);
    service->start();
    return service;
  });
  daemon::AppliancePortalBackend backend(io, store, *router_service, live, *usage, clock, log);
  daemon::PaymentServiceOptions payment_options;
  payment_options.callback_identity = *identity;
  payment_options.push_limits.per_ip_per_minute = customers;
  payment_options.push_limits.per_mac_per_minute = customers;
  daemon::PaymentService payments(store, clock, log, payment_options,
                                  [&](const storage::Payment& p, const storage::SaleReceipt& s) {
                                    return backend.put_payment_online(p, s);
                                  });
  if (!payments.start()) fail("payment service");
  payments::daraja::DarajaSettings settings;
  settings.credentials.consumer_key = sim_options.daraja.consumer_key;
  settings.credentials.consumer_secret = sim_options.daraja.consumer_secret;
  settings.credentials.shortcode = sim_options.daraja.merchant.shortcode;
  settings.credentials.passkey = sim_options.daraja.merchant.passkey;
  settings.base_url = "https://localhost:" + std::to_string(daraja.port());
  settings.ca_file = ca_file.string();
  settings.callback_url_base = "https://localhost:" + std::to_string(payments.callback_port()) + "/cb";
  if (!payments::daraja::save_daraja_settings(store, settings, "bench")) fail("M-PESA settings");
  payments.forget_settings();
  backend.set_payments(&payments);
  while (on_loop<bool>(io, [&] { return router_service->session() == nullptr; })) {
    std::this_thread::sleep_for(10ms);
  }

  // Every customer taps Pay at once, from as many threads as the portal has workers.
  const auto started = Clock::now();
  std::atomic<int> next{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> buyers;
  for (int t = 0; t < 16; ++t) {
    buyers.emplace_back([&] {
      for (int i = next++; i < customers; i = next++) {
        char phone[32];
        std::snprintf(phone, sizeof phone, "254712%04d00", i);  // "00": the customer pays
        portal::PurchaseRequest request;
        request.plan_id = plan.id;
        request.phone = phone;
        request.device.mac = mac_of(i, 1);
        request.device.ip = ip_of(i, 1);
        request.device.client_ip = request.device.ip;
        if (backend.start_purchase(request).outcome != portal::PurchaseStartOutcome::started) {
          ++refused;
        }
      }
    });
  }
  for (auto& t : buyers) t.join();
  const double started_in = seconds_since(started);
  // Until every phone is online, or every payment has settled and nothing moves any more.
  const auto deadline = Clock::now() + 300s;
  std::size_t last_online = 0;
  auto last_change = Clock::now();
  while (log.online_count() < static_cast<std::size_t>(customers) && Clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
    if (log.online_count() != last_online) {
      last_online = log.online_count();
      last_change = Clock::now();
    } else if (Clock::now() - last_change > 20s) {
      break;
    }
  }
  payments.drain();
  const double all_online_in = seconds_since(started);

  // What the books and the router say.
  auto all = store.payments().list(10'000);
  if (!all) fail(all.error().message);
  int paid = 0;
  std::set<std::int64_t> tickets;
  for (const auto& p : *all) {
    if (p.state == storage::PaymentState::paid && p.ticket_id) {
      ++paid;
      tickets.insert(*p.ticket_id);
    }
  }
  auto sales = store.sales().recent(10'000);
  const long mpesa_sales = sales ? std::count_if(sales->begin(), sales->end(), [](const storage::Sale& s) {
    return s.channel == storage::SaleChannel::mpesa;
  }) : -1;
  const int sessions = on_loop<int>(io, [&] {
    int count = 0;
    for (const auto& reply : router_state.execute(
             routeros::Command{"/ip/hotspot/active/print", {}, {}, {}}, *router_state.find_account("api"))) {
      if (reply.kind == routeros::ReplyKind::re) ++count;
    }
    return count;
  });
  const auto appliance = log.latencies();

  // The reference: the same router work for each phone, one at a time on an idle appliance.
  std::vector<Ticket> made;
  if (!store.tickets().create_batch({plan.id, customers, kDefaultVoucherLength, "bench"}, "bench", made)) {
    fail("reference tickets");
  }
  std::vector<double> reference;
  int bare_refused = 0;
  for (int i = 0; i < customers; ++i) {
    std::promise<std::pair<daemon::DeviceLoginOutcome, std::string>> answer;
    const auto t0 = Clock::now();
    boost::asio::post(io, [&] {
      routeros::HotspotRouter hotspot(io.get_executor(), router_service->session(), clock, log);
      daemon::log_device_in(hotspot, {plan, made[static_cast<std::size_t>(i)], mac_of(i, 2), ip_of(i, 2)},
                            [&](daemon::DeviceLoginOutcome outcome, std::string why) {
                              answer.set_value({outcome, std::move(why)});
                            });
    });
    const auto [outcome, why] = answer.get_future().get();
    if (outcome == daemon::DeviceLoginOutcome::logged_in) {
      reference.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    } else if (++bare_refused <= 3) {
      std::fprintf(stderr, "  reference login refused: %s\n", why.c_str());
    }
  }

  std::printf("customers: %d, purchases refused: %d, all pushes sent in %.2f s, all online after %.2f s\n",
              customers, refused.load(), started_in, all_online_in);
  std::printf("books: %d paid with a ticket, %zu distinct tickets, %ld M-PESA sales; router: %d sessions\n",
              paid, tickets.size(), mpesa_sales, sessions);
  const double a50 = percentile(appliance, 0.50), a99 = percentile(appliance, 0.99);
  const double r50 = percentile(reference, 0.50), r99 = percentile(reference, 0.99);
  std::printf("confirmation to router login: p50 %.1f ms, p99 %.1f ms (%zu measured)\n", a50, a99,
              appliance.size());
  std::printf("bare router login, one at a time (%zu): p50 %.1f ms, p99 %.1f ms\n", reference.size(),
              r50, r99);
  std::printf("ratio against the bare round trip: p50 %.2fx, p99 %.2fx\n", r50 > 0 ? a50 / r50 : 0,
              r99 > 0 ? a99 / r99 : 0);
  std::printf("warnings and errors logged: %d\n", log.problems());

  payments.stop();
  on_loop<bool>(io, [&] {
    usage->stop();
    router_service->stop();
    router.stop();
    daraja.stop();
    return true;
  });
  io.stop();
  io_thread.join();
  store.close();
  // Exactly one ticket and one login per paid payment, none lost.
  const bool whole = paid == customers && static_cast<int>(tickets.size()) == customers &&
                     mpesa_sales == customers && sessions == customers && bare_refused == 0 &&
                     static_cast<int>(appliance.size()) == customers && refused == 0;
  if (!whole) std::printf("MISSED: not every customer got exactly one ticket and one login\n");
  return whole ? 0 : 1;
}

}  // namespace
}  // namespace hotspot::bench

int main(int argc, char** argv) {
  const int customers = argc > 1 ? std::atoi(argv[1]) : 500;
  if (customers < 1 || customers > 60'000) {
    std::fprintf(stderr, "usage: purchase_bench [customers 1..60000]\n");
    return 2;
  }
  return hotspot::bench::run(customers);
}
