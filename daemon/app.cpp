#include "daemon/app.h"

#include <signal.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <thread>

#include "core/version.h"
#include "core/voucher_code.h"
#include "daemon/dashboard_backend.h"
#include "daemon/demo.h"
#include "daemon/demo_payments.h"
#include "daemon/reload.h"
#include "daemon/live_sessions.h"
#include "daemon/portal_backend.h"
#include "daemon/router_service.h"
#include "daemon/usage_service.h"
#include "portal/dashboard/server.h"
#include "portal/server.h"
#include "routeros/settings/router_settings.h"
#include "routeros/sim/router_state.h"
#include "routeros/sim/server.h"
#include "storage/accounts.h"
#include "storage/health.h"
#include "storage/plans.h"
#include "storage/tickets.h"
#include "storage/store.h"

namespace hotspot::daemon {
namespace {

constexpr std::string_view kModule = "daemon";

const char* signal_name(int signo) {
  switch (signo) {
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    case SIGHUP: return "SIGHUP";
    default: return "a signal";
  }
}

long long to_millis(std::chrono::microseconds d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

}  // namespace

Status probe_store(storage::Store& store) { return store.ping(); }

struct App::Impl {
  Impl(AppOptions o, LevelledLogger& l, const Clock& c, ServiceManager& s, std::ostream& os)
      : options(std::move(o)), config(options.config), log(l), clock(c), service(s), out(os),
        signals(io, SIGTERM, SIGINT, SIGHUP), watchdog(io) {
    if (!options.health_probe) options.health_probe = probe_store;
  }

  int run();
  Status open_books();
  Status prepare_demo();
  Result<std::string> start_demo_router();
  void tick_demo_router();
  void start_customer_services();
  void start_payments();
  void listen_portal();
  void start_dashboard();
  void listen_dashboard();
  void stop_portal();
  void arm_signals();
  void on_signal(int signo);
  void start_watchdog();
  void schedule_watchdog();
  void watchdog_tick();
  void report_health(const Status& health);
  void reload();
  void begin_stop(const std::string& reason, int code);
  void fail(std::string_view what, std::string_view why) noexcept;
  std::string ready_status() const;

  // Runs a completion handler's body; whatever it throws stops the daemon instead of
  // unwinding through io_context::run.
  template <class Body>
  void guarded(std::string_view what, Body&& body) noexcept {
    try {
      body();
    } catch (const std::exception& e) {
      fail(what, e.what());
    } catch (...) {
      fail(what, "unknown exception");
    }
  }

  AppOptions options;
  Config config;  // in force; replaced only whole, on the loop's thread
  LevelledLogger& log;
  const Clock& clock;
  ServiceManager& service;
  std::ostream& out;
  boost::asio::io_context io;
  boost::asio::signal_set signals;
  boost::asio::steady_timer watchdog;
  boost::asio::steady_timer portal_retry{io};
  // The books' health probe waits for a commit: it runs here, never on the loop.
  boost::asio::thread_pool probe_thread{1};
  bool probing = false;
  std::optional<std::chrono::microseconds> ping_interval;
  std::unique_ptr<storage::Store> store;
  std::shared_ptr<RouterService> router;
  LiveSessions live_sessions;
  std::shared_ptr<UsageService> usage;
  std::unique_ptr<AppliancePortalBackend> portal_backend;
  std::unique_ptr<PaymentService> payments;
  // --demo only: the Daraja simulator, on this io_context.
  std::optional<DemoDaraja> demo_daraja;
  std::unique_ptr<portal::PortalServer> portal;
  std::unique_ptr<ApplianceDashboardBackend> dashboard_backend;
  std::unique_ptr<dashboard::DashboardServer> dashboard;
  boost::asio::steady_timer dashboard_retry{io};
  // The portal's stop waits for requests in flight, which may be waiting on the loop: it runs
  // beside the loop, joined once the loop has returned.
  std::thread portal_stopper;
  std::optional<DemoSummary> demo;
  // --demo only: the RouterOS simulator standing in for the router, on this io_context.
  std::unique_ptr<routeros::sim::RouterState> demo_router;
  std::unique_ptr<routeros::sim::Server> demo_server;
  boost::asio::steady_timer demo_tick{io};
  bool stopping = false;
  bool healthy = true;
  int exit_code = kExitOk;
};

int App::Impl::run() {
  if (Status s = open_books(); !s) return kExitStore;
  if (options.demo) {
    if (Status s = prepare_demo(); !s) {
      log.error(kModule, "DAEMON_DEMO_FAILED", s.error().message);
      store->close();
      return kExitStore;
    }
  }
  arm_signals();
  start_watchdog();
  router = RouterService::create(io, *store, clock, log);
  router->start();
  start_customer_services();
  start_dashboard();
  if (demo) {
    demo->portal_port = portal ? portal->port() : 0;
    demo->dashboard_port = dashboard ? dashboard->port() : 0;
    out << describe_demo(*demo) << std::flush;
  }
  service.notify("READY=1\n" + status_assignment(ready_status()));
  log.info(kModule, "DAEMON_STARTED",
           std::string("hotspotd ") + kVersion + " started; " + ready_status());
  try {
    io.run();
  } catch (const std::exception& e) {  // unreachable while every handler is guarded
    fail("event loop", e.what());
  }
  if (portal_stopper.joinable()) portal_stopper.join();
  probe_thread.join();  // a probe still running uses the books
  store->close();  // waits for queued writes to commit
  log.info(kModule, "DAEMON_STOPPED",
           exit_code == kExitOk ? "stopped cleanly" : "stopped after an internal error");
  return exit_code;
}

Status App::Impl::open_books() {
  auto opened = storage::Store::open({config.data_dir, /*create_if_missing=*/true}, clock, log);
  if (!opened) {
    const std::string why = "cannot open the books in " + config.data_dir.string() + ": " +
                            opened.error().message;
    log.error(kModule, "DAEMON_STORE_OPEN_FAILED", why);
    service.notify(status_assignment("Failed: " + why));
    return opened.error();
  }
  store = std::move(*opened);
  return {};
}

// Seeds the demo's plans, its simulated router and a few vouchers to redeem; the description
// is printed once the portal listens.
Status App::Impl::prepare_demo() {
  for (const Plan& plan : demo_plans()) {
    auto added = store->plans().add(plan, "demo");
    if (!added) {
      return make_error(added.error().code, "cannot add the demo plan '" + plan.name +
                                                "': " + added.error().message);
    }
  }
  auto plans = store->plans().list();
  if (!plans) return plans.error();
  auto router_line = start_demo_router();
  if (!router_line) return router_line.error();
  demo.emplace();
  demo->data_dir = config.data_dir;
  demo->database = storage::database_path(config.data_dir);
  demo->schema_version = store->schema_version();
  demo->plans = *plans;
  demo->config = config;
  demo->router = *router_line;
  std::vector<Ticket> vouchers;
  auto batch = store->tickets().create_batch({plans->front().id, 5, kDefaultVoucherLength, "demo"},
                                             "demo", vouchers);
  if (!batch) return batch.error();
  demo->voucher_plan = plans->front().name;
  demo->dashboard_user = "owner";
  demo->dashboard_password = storage::generate_password(store->context());
  if (auto owner = store->accounts().create(demo->dashboard_user, storage::Role::owner,
                                            demo->dashboard_password, "demo");
      !owner) {
    return owner.error();
  }
  for (const Ticket& t : vouchers) demo->voucher_codes.push_back(t.code);
  // The made-up phone of the demo's URL has talked to the hotspot, as a real one would have.
  demo_router->add_host(kDemoPhoneMac, kDemoPhoneIp);
  auto daraja = start_demo_daraja(io, clock, log, config.data_dir);
  if (!daraja) return daraja.error();
  demo_daraja = std::move(*daraja);
  return {};
}

// The simulator's clock only moves when told (so tests control it); in the demo it follows
// real time, so that sessions count up and tickets run out as on a real router.
void App::Impl::tick_demo_router() {
  demo_tick.expires_after(std::chrono::seconds(1));
  demo_tick.async_wait([this](boost::system::error_code ec) {
    guarded("demo router clock", [&] {
      if (ec || stopping || !demo_server) return;
      demo_server->with_state([](routeros::sim::RouterState& s) {
        s.advance(std::chrono::seconds(1));
        return 0;
      });
      tick_demo_router();
    });
  });
}

// The customer's side: live sessions and usage, and the portal on its own listener.
void App::Impl::start_customer_services() {
  usage = UsageService::create(io, *store, *router, live_sessions, clock, log);
  usage->start();
  portal_backend = std::make_unique<AppliancePortalBackend>(io, *store, *router, live_sessions,
                                                            *usage, clock, log);
  start_payments();
  portal::PortalOptions portal_options;
  portal_options.address = config.portal.address;
  portal_options.port = config.portal.port;
  portal = std::make_unique<portal::PortalServer>(*portal_backend, clock, log, portal_options);
  listen_portal();
}

// M-PESA purchases: used by the portal once `hotspotctl mpesa set` has run. Callbacks that
// cannot be received are not fatal: polling confirms payments without them.
void App::Impl::start_payments() {
  PaymentServiceOptions payment_options;
  payment_options.callback_address = config.mpesa_callbacks.address;
  payment_options.callback_port = config.mpesa_callbacks.port;
  if (demo) {
    payment_options.callback_port = 0;
    payment_options.callback_identity = demo_daraja->callback_identity;
  }
  auto make = [&] {
    return std::make_unique<PaymentService>(
        *store, clock, log, payment_options,
        [backend = portal_backend.get()](const storage::Payment& p,
                                         const storage::SaleReceipt& sale) {
          return backend->put_payment_online(p, sale);
        });
  };
  payments = make();
  if (Status started = payments->start(); !started) {
    log.warning(kModule, "DAEMON_CALLBACKS_NOT_LISTENING",
                started.error().message + "; payments are confirmed by polling only");
    payments.reset();
    payment_options.callback_address.clear();
    payments = make();
    (void)payments->start();  // without a listener, start cannot fail
  }
  portal_backend->set_payments(payments.get());
  if (demo_daraja) {
    if (Status s = save_demo_mpesa_settings(*store, *demo_daraja, payments->callback_port()); !s) {
      log.error(kModule, "DAEMON_DEMO_MPESA_FAILED", s.error().message);
      return;
    }
    payments->forget_settings();
    demo->mpesa = describe_demo_daraja(*demo_daraja);
  }
  if (!payments->available()) {
    log.info(kModule, "DAEMON_MPESA_NOT_SET_UP",
             "M-PESA is not set up; the portal offers vouchers only until `hotspotctl mpesa set` "
             "is run");
  }
}

// A portal that cannot listen (the port taken by another program, an address not yet up at
// boot) must not take the router's upkeep down with it: the daemon keeps running, says so in
// its health, and tries again. The demo, on a laptop, takes any free port instead.
void App::Impl::listen_portal() {
  Status listening = portal->start();
  if (!listening && demo) {
    portal::PortalOptions any_port;
    any_port.address = config.portal.address;
    any_port.port = 0;
    portal = std::make_unique<portal::PortalServer>(*portal_backend, clock, log, any_port);
    listening = portal->start();
  }
  if (listening) {
    store->health().record_async("portal", "up",
                                 nlohmann::json{{"endpoint", config.portal.address + ":" +
                                                                 std::to_string(portal->port())}}
                                     .dump(),
                                 [](const Status&) {});
    return;
  }
  const std::string why = "the customer portal cannot listen on " + endpoint_url(config.portal) +
                          ": " + listening.error().message + "; trying again in 30 s";
  log.error(kModule, "DAEMON_PORTAL_NOT_LISTENING", why);
  store->health().record_async("portal", "down", nlohmann::json{{"error", why}}.dump(),
                               [](const Status&) {});
  portal_retry.expires_after(std::chrono::seconds(30));
  portal_retry.async_wait([this](boost::system::error_code ec) {
    guarded("portal retry", [&] {
      if (!ec && !stopping) listen_portal();
    });
  });
}

// The provider's side, on its own listener. A download of the router's setup script may move
// the appliance to the script's API user: the router service then reconnects, on the loop.
void App::Impl::start_dashboard() {
  DashboardBackendOptions backend_options;
  // The port the portal listens on (the demo's may be one picked at start).
  backend_options.portal_port = portal && portal->port() != 0 ? portal->port() : config.portal.port;
  dashboard_backend = std::make_unique<ApplianceDashboardBackend>(
      *store, backend_options, [this] {
        boost::asio::post(io, [this] {
          guarded("router settings reload", [this] {
            if (!stopping) router->reload_settings();
          });
        });
      });
  listen_dashboard();
}

// Like the portal: a dashboard that cannot listen yet is retried, and the demo takes any port.
void App::Impl::listen_dashboard() {
  dashboard::DashboardOptions dashboard_options;
  dashboard_options.address = config.dashboard.address;
  dashboard_options.port = config.dashboard.port;
  dashboard = std::make_unique<dashboard::DashboardServer>(*dashboard_backend, clock, log,
                                                           dashboard_options);
  Status listening = dashboard->start();
  if (!listening && demo) {
    dashboard_options.port = 0;
    dashboard = std::make_unique<dashboard::DashboardServer>(*dashboard_backend, clock, log,
                                                           dashboard_options);
    listening = dashboard->start();
  }
  if (listening) {
    const std::string endpoint = config.dashboard.address + ":" + std::to_string(dashboard->port());
    store->health().record_async("dashboard", "up", nlohmann::json{{"endpoint", endpoint}}.dump(),
                                 [](const Status&) {});
    return;
  }
  dashboard.reset();
  const std::string why = "the provider dashboard cannot listen on " +
                          endpoint_url(config.dashboard) + ": " + listening.error().message +
                          "; trying again in 30 s";
  log.error(kModule, "DAEMON_DASHBOARD_NOT_LISTENING", why);
  store->health().record_async("dashboard", "down", nlohmann::json{{"error", why}}.dump(),
                               [](const Status&) {});
  dashboard_retry.expires_after(std::chrono::seconds(30));
  dashboard_retry.async_wait([this](boost::system::error_code ec) {
    guarded("dashboard retry", [&] {
      if (!ec && !stopping) listen_dashboard();
    });
  });
}

// They wait for work that may itself wait on the loop (a purchase putting a phone online), so
// they stop beside it.
void App::Impl::stop_portal() {
  if ((!portal && !payments && !dashboard) || portal_stopper.joinable()) return;
  portal_stopper = std::thread([this] {
    if (dashboard) dashboard->stop();
    if (portal) portal->stop();
    if (payments) payments->stop();
  });
}

// The simulator on a free loopback port with an API user of its own, set in the books as the
// router, so the demo drives a router over the real protocol as an appliance does.
Result<std::string> App::Impl::start_demo_router() {
  routeros::sim::RouterOptions router_options;
  router_options.version = *routeros::sim::parse_router_os_version("7.12");
  router_options.boot_time = clock.wall_now();  // a router whose clock NTP has set
  demo_router = std::make_unique<routeros::sim::RouterState>(router_options);
  const std::string password = storage::generate_password(store->context());
  demo_router->add_account({"hotspot-edge", password, {"read", "write", "api", "test"}});
  demo_server = std::make_unique<routeros::sim::Server>(io, *demo_router);
  if (auto s = demo_server->listen("127.0.0.1", 0); !s) return s.error();
  tick_demo_router();
  routeros::RouterSettings settings;
  settings.host = "127.0.0.1";
  settings.port = demo_server->local_endpoint().port();
  settings.user = "hotspot-edge";
  if (auto s = routeros::save_router_settings(*store, settings, password, "demo"); !s) return s.error();
  return "127.0.0.1:" + std::to_string(settings.port) + " (RouterOS 7.12 simulator)";
}

std::string App::Impl::ready_status() const {
  return "books " + storage::database_path(config.data_dir).string() + " (schema " +
         std::to_string(store->schema_version()) + "); portal " + config.portal.address + ":" +
         std::to_string(config.portal.port) + " and dashboard " + config.dashboard.address + ":" +
         std::to_string(config.dashboard.port);
}

void App::Impl::arm_signals() {
  signals.async_wait([this](const boost::system::error_code& ec, int signo) {
    if (ec) return;  // cancelled by begin_stop
    guarded("signal handler", [&] { on_signal(signo); });
  });
}

void App::Impl::on_signal(int signo) {
  if (signo == SIGHUP) {
    reload();
    if (!stopping) arm_signals();
    return;
  }
  begin_stop(signal_name(signo), kExitOk);
}

void App::Impl::start_watchdog() {
  const auto timeout = service.watchdog_timeout();
  if (!timeout) {
    log.debug(kModule, "DAEMON_WATCHDOG_OFF", "systemd does not watch this process");
    return;
  }
  ping_interval = watchdog_ping_interval(*timeout);
  log.info(kModule, "DAEMON_WATCHDOG_ON",
           "pinging systemd every " + std::to_string(to_millis(*ping_interval)) +
               " ms (timeout " + std::to_string(to_millis(*timeout)) +
               " ms) while the books answer");
  schedule_watchdog();
}

void App::Impl::schedule_watchdog() {
  watchdog.expires_after(*ping_interval);
  watchdog.async_wait([this](const boost::system::error_code& ec) {
    if (ec || stopping) return;
    guarded("watchdog", [this] {
      watchdog_tick();
      schedule_watchdog();
    });
  });
}

// Pings only while healthy: if the books stop answering, systemd's watchdog restarts the
// daemon, which is the recovery we want for a wedged database. The probe runs on its own thread
// (it waits for a commit), and its answer comes back to the loop.
void App::Impl::watchdog_tick() {
  if (probing) {
    // The last probe has not answered in a whole interval: that is an answer too.
    report_health(make_error(Errc::unavailable, "the books did not answer within " +
                                                std::to_string(to_millis(*ping_interval)) + " ms"));
    return;
  }
  probing = true;
  boost::asio::post(probe_thread, [this] {
    Status health;
    std::exception_ptr thrown;
    try {
      health = options.health_probe(*store);
    } catch (...) {
      thrown = std::current_exception();
    }
    boost::asio::post(io, [this, health, thrown] {
      probing = false;
      guarded("watchdog", [&] {
        if (thrown) std::rethrow_exception(thrown);
        if (!stopping) report_health(health);
      });
    });
  });
}

void App::Impl::report_health(const Status& health) {
  if (health) {
    service.notify("WATCHDOG=1");
    if (!healthy) {
      healthy = true;
      log.info(kModule, "DAEMON_HEALTHY", "the books answer again");
      service.notify(status_assignment(ready_status()));
    }
    return;
  }
  if (healthy) {
    healthy = false;
    log.warning(kModule, "DAEMON_UNHEALTHY",
                "the books do not answer, withholding watchdog pings: " + health.error().message);
    service.notify(status_assignment("Unhealthy: " + health.error().message));
  }
}

void App::Impl::reload() {
  if (!options.config_path) {
    log.info(kModule, "DAEMON_RELOAD_SKIPPED", "no config file to reload (--demo without --config)");
    return;
  }
  const std::string source = options.config_path->string();
  const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
      clock.monotonic_now().time_since_epoch());
  service.notify("RELOADING=1\nMONOTONIC_USEC=" + std::to_string(now.count()));
  auto loaded = load_effective_config(*options.config_path, options.data_dir_override);
  if (!loaded) {
    log.error(kModule, "DAEMON_RELOAD_REJECTED",
              "kept the running config; " + loaded.error().message);
    service.notify("READY=1\n" + status_assignment("Reload rejected; " + ready_status()));
    return;
  }
  const ReloadChanges changes = compare_configs(config, *loaded);
  // Report the reload whether the old or the new threshold lets info through: raising the level
  // to "error" must still leave a trace of the change that did it.
  const bool report = log.enabled(LogLevel::info);
  config = apply_live_settings(config, *loaded);
  log.set_level(config.log_level);
  if (report || log.enabled(LogLevel::info)) {
    log.log(LogLevel::info, kModule, "DAEMON_RELOADED", describe_reload(source, changes));
  }
  if (auto pending = describe_restart_needed(changes)) {
    log.warning(kModule, "DAEMON_RELOAD_NEEDS_RESTART", *pending);
  }
  service.notify("READY=1\n" + status_assignment(ready_status()));
}

void App::Impl::begin_stop(const std::string& reason, int code) {
  if (stopping) return;
  stopping = true;
  exit_code = code;
  service.notify("STOPPING=1\n" + status_assignment("Stopping on " + reason));
  log.info(kModule, "DAEMON_STOPPING", "stopping on " + reason);
  watchdog.cancel();
  signals.cancel();
  portal_retry.cancel();
  dashboard_retry.cancel();
  demo_tick.cancel();
  stop_portal();
  if (usage) usage->stop();
  if (router) router->stop();
  if (demo_server) demo_server->stop();
  if (demo_daraja) demo_daraja->sim->stop();
}

void App::Impl::fail(std::string_view what, std::string_view why) noexcept {
  try {
    log.error(kModule, "DAEMON_HANDLER_FAILED",
              std::string(what) + " failed: " + std::string(why) + "; stopping");
    begin_stop("an internal error", kExitInternal);
    exit_code = kExitInternal;
  } catch (...) {
    exit_code = kExitInternal;
    io.stop();
  }
}

App::App(AppOptions options, LevelledLogger& log, const Clock& clock, ServiceManager& service,
         std::ostream& out)
    : impl_(std::make_unique<Impl>(std::move(options), log, clock, service, out)) {}

App::~App() = default;

int App::run() { return impl_->run(); }

void App::request_stop() {
  boost::asio::post(impl_->io, [impl = impl_.get()] {
    impl->guarded("stop request", [impl] { impl->begin_stop("request", kExitOk); });
  });
}

void App::request_reload() {
  boost::asio::post(impl_->io, [impl = impl_.get()] {
    impl->guarded("reload request", [impl] {
      if (!impl->stopping) impl->reload();
    });
  });
}

const Config& App::config() const { return impl_->config; }

}  // namespace hotspot::daemon
