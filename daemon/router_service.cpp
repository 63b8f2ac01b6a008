#include "daemon/router_service.h"

#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "routeros/client/tcp_transport.h"
#include "routeros/hotspot/hotspot_router.h"
#include "routeros/reconcile/desired.h"
#include "routeros/reconcile/executor.h"
#include "routeros/settings/router_settings.h"
#include "storage/health.h"
#include "storage/plans.h"
#include "storage/tickets.h"

namespace hotspot::daemon {
namespace {
constexpr std::string_view kModule = "router";
constexpr long long kClockTolerance = 300;  // seconds
}  // namespace

std::shared_ptr<RouterService> RouterService::create(boost::asio::io_context& io,
                                                     storage::Store& store, const Clock& clock,
                                                     Logger& log, RouterServiceOptions options) {
  return std::shared_ptr<RouterService>(new RouterService(io, store, clock, log, options));
}

RouterService::RouterService(boost::asio::io_context& io, storage::Store& store, const Clock& clock,
                             Logger& log, RouterServiceOptions options)
    : io_(io),
      store_(store),
      clock_(clock),
      log_(log),
      options_(options),
      health_timer_(io),
      reconcile_timer_(io) {}

// Without waiting for the commit: this runs on the event loop, which must not block on fsync.
void RouterService::record(const char* state, const std::string& detail_json) {
  Logger& log = log_;
  store_.health().record_async("router", state, detail_json, [&log](const Status& s) {
    if (!s) log.warning(kModule, "ROUTER_HEALTH_NOT_RECORDED", s.error().message);
  });
}

void RouterService::start() {
  auto settings = routeros::load_router_settings(store_);
  if (!settings || !*settings) {
    const std::string why =
        settings ? "no router is set (hotspotctl router set)" : settings.error().message;
    log_.warning(kModule, "ROUTER_NOT_CONFIGURED", why);
    record("not configured", nlohmann::json{{"reason", why}}.dump());
    return;
  }
  auto options = routeros::router_link_options(store_, **settings);
  if (!options) {
    log_.error(kModule, "ROUTER_SETTINGS_UNUSABLE", options.error().message);
    record("not configured", nlohmann::json{{"reason", options.error().message}}.dump());
    return;
  }
  endpoint_ = (*settings)->host + ":" + std::to_string((*settings)->port);
  link_ = routeros::RouterLink::create(io_, *options, log_);
  std::weak_ptr<RouterService> weak = weak_from_this();
  link_->on_up([weak](const std::shared_ptr<routeros::Session>&) {
    if (auto self = weak.lock()) {
      self->check_health();
      self->reconcile_now();
    }
  });
  link_->start();
  schedule_health();
  schedule_reconcile();
}

void RouterService::stop() {
  stopped_ = true;
  health_timer_.cancel();
  reconcile_timer_.cancel();
  if (link_) link_->stop();
}

void RouterService::reload_settings() {
  if (stopped_) return;
  ++generation_;
  health_timer_.cancel();
  reconcile_timer_.cancel();
  if (link_) link_->stop();
  link_.reset();
  router_clock_.reset();
  reconciling_ = false;  // the old one's actions fail on the closed session, unrecorded
  log_.info(kModule, "ROUTER_SETTINGS_RELOADED",
            "the router settings changed in the books; reconnecting");
  record("connecting",
         nlohmann::json{{"reason", "the router settings changed; reconnecting"}}.dump());
  start();
}

void RouterService::add_pending_note(nlohmann::json& detail) const {
  if (!pending_note_.empty()) detail["pending_login"] = pending_note_;
}

// The setup script's login, tried at every health check until the router accepts it; the
// login in force stays up meanwhile.
void RouterService::try_pending_login() {
  if (pending_probe_) return;
  auto pending = routeros::load_pending_router_login(store_);
  if (!pending) {
    log_.warning(kModule, "ROUTER_PENDING_LOGIN_UNREADABLE", pending.error().message);
    return;
  }
  if (!*pending) {
    pending_note_.clear();
    return;
  }
  const routeros::RouterSettings& s = (*pending)->settings;
  routeros::SessionOptions options;
  options.host = s.host;
  options.port = s.port;
  options.user = s.user;
  options.password = (*pending)->password;
  pending_probe_ =
      routeros::Session::create(std::make_unique<routeros::TcpTransport>(io_), options, log_);
  std::weak_ptr<RouterService> weak = weak_from_this();
  pending_probe_->async_open([weak, pending = **pending](routeros::RouterResult<void> opened) {
    auto self = weak.lock();
    if (!self) return;
    if (self->pending_probe_) self->pending_probe_->close();
    self->pending_probe_.reset();
    if (self->stopped_) return;
    const routeros::RouterSettings& to = pending.settings;
    const std::string who = to.user + "@" + to.host + ":" + std::to_string(to.port);
    if (!opened.ok()) {
      self->pending_note_ = who + ", from the setup script: not accepted by the router yet (" +
                            opened.error().message + ")";
      return;
    }
    self->switch_to_pending(pending);
  });
}

// In one transaction, so that a crash leaves either login whole; the reconnection follows the
// commit, on the loop.
void RouterService::switch_to_pending(const routeros::PendingRouterLogin& pending) {
  const routeros::RouterSettings& to = pending.settings;
  log_.info(kModule, "ROUTER_LOGIN_SWITCHED",
            "the router accepts " + to.user + "@" + to.host + ":" + std::to_string(to.port) +
                " from the setup script; the appliance logs in with it from now on");
  pending_note_.clear();
  std::weak_ptr<RouterService> weak = weak_from_this();
  boost::asio::io_context& io = io_;
  store_.settings().apply_async(
      routeros::promote_pending_login_change(pending), "daemon", [weak, &io](const Status& s) {
        boost::asio::post(io, [weak, s] {
          auto self = weak.lock();
          if (!self || self->stopped_) return;
          if (!s) {
            self->log_.error(kModule, "ROUTER_LOGIN_NOT_SWITCHED", s.error().message);
            return;
          }
          self->reload_settings();
        });
      });
}

void RouterService::schedule_health() {
  health_timer_.expires_after(options_.health_interval);
  std::weak_ptr<RouterService> weak = weak_from_this();
  health_timer_.async_wait([weak](boost::system::error_code ec) {
    auto self = weak.lock();
    if (ec || !self || self->stopped_) return;
    self->check_health();
    self->schedule_health();
  });
}

void RouterService::schedule_reconcile() {
  reconcile_timer_.expires_after(options_.reconcile_interval);
  std::weak_ptr<RouterService> weak = weak_from_this();
  reconcile_timer_.async_wait([weak](boost::system::error_code ec) {
    auto self = weak.lock();
    if (ec || !self || self->stopped_) return;
    self->reconcile_now();
    self->schedule_reconcile();
  });
}

// Down: the link's reason. Up: load, memory, licence capacity and how many of its users we
// manage, with a warning as the licence limit nears (a level 4 licence serves 200).
void RouterService::check_health() {
  // A timer that had fired when reload_settings ran finds no link if the new settings are
  // unusable: start() has recorded why.
  if (!link_) return;
  try_pending_login();
  auto session = link_->session();
  if (!session) {
    const auto status = link_->status();
    nlohmann::json detail = {{"endpoint", endpoint_},
                             {"link", routeros::RouterLink::state_name(status.state)},
                             {"error", status.last_error},
                             {"failed_attempts", status.failed_attempts}};
    add_pending_note(detail);
    record("down", detail.dump());
    return;
  }
  auto router =
      std::make_shared<routeros::HotspotRouter>(io_.get_executor(), session, clock_, log_);
  std::weak_ptr<RouterService> weak = weak_from_this();
  const std::uint64_t generation = generation_;
  router->system_resource(
      [weak, router, generation](routeros::RouterResult<routeros::SystemResource> resource) {
        auto self = weak.lock();
        if (!self || !self->current(generation)) return;
        if (!resource.ok()) {
          self->record("degraded", nlohmann::json{{"endpoint", self->endpoint_},
                                                  {"error", resource.error().message}}
                                       .dump());
          return;
        }
        router->licence([weak, router, generation, resource = resource.value()](
                            routeros::RouterResult<routeros::Licence> licence) {
          auto me = weak.lock();
          if (!me || !me->current(generation)) return;
          router->clock([weak, resource, licence,
                         generation](routeros::RouterResult<routeros::RouterClock> clock) {
            if (auto service = weak.lock(); service && service->current(generation)) {
              service->record_up(resource, licence, clock);
            }
          });
        });
      });
}

// Up: load, memory, licence capacity and how many users we manage, with warnings as the licence
// limit nears and when the router's clock is far from ours (expiry and logs need one time).
void RouterService::record_up(const routeros::SystemResource& resource,
                              const routeros::RouterResult<routeros::Licence>& licence,
                              const routeros::RouterResult<routeros::RouterClock>& clock) {
  nlohmann::json detail = {{"endpoint", endpoint_},
                           {"version", resource.version},
                           {"board", resource.board_name},
                           {"cpu_load", resource.cpu_load},
                           {"free_memory", resource.free_memory},
                           {"total_memory", resource.total_memory},
                           {"uptime_s", resource.uptime.count()},
                           {"managed_users", managed_users_}};
  std::vector<std::string> warnings;
  if (licence.ok()) {
    detail["licence_level"] = licence->level;
    const auto& capacity = licence->capacity;
    if (capacity.kind == routeros::LicenceCapacity::Kind::limited) {
      detail["user_capacity"] = capacity.active_users;
      if (managed_users_ * 10 >= static_cast<std::size_t>(capacity.active_users) * 9) {
        warnings.push_back("hotspot users near the licence limit of " +
                           std::to_string(capacity.active_users));
        log_.warning(kModule, "ROUTER_LICENCE_NEAR_LIMIT", warnings.back());
      }
    }
  }
  if (clock.ok()) {
    const long long offset = clock->offset_from_appliance.count();
    router_clock_ =
        ClockReading{clock_.wall_now() + std::chrono::seconds(offset), clock_.monotonic_now()};
    detail["clock_offset_s"] = offset;
    if (offset > kClockTolerance || offset < -kClockTolerance) {
      warnings.push_back("the router's clock is " + std::to_string(offset) +
                         " s off this appliance's; check NTP on both");
      log_.warning(kModule, "ROUTER_CLOCK_OFF", warnings.back());
    }
  }
  add_pending_note(detail);
  if (!warnings.empty()) {
    std::string joined;
    for (const auto& w : warnings) joined += (joined.empty() ? "" : "; ") + w;
    detail["warning"] = joined;
  }
  record("up", detail.dump());
}

std::optional<WallTime> RouterService::router_time_now() const {
  if (!router_clock_) return std::nullopt;
  return router_clock_->router +
         std::chrono::duration_cast<WallTime::duration>(clock_.monotonic_now() - router_clock_->at);
}

std::shared_ptr<routeros::Session> RouterService::session() const {
  return link_ ? link_->session() : nullptr;
}

void RouterService::reconcile_now() {
  auto session = link_ ? link_->session() : nullptr;
  if (!session || reconciling_) return;
  auto plans = store_.plans().list(true);
  auto active = store_.tickets().list_active();
  if (!plans || !active) {
    log_.error(kModule, "ROUTER_RECONCILE_NO_BOOKS",
               (!plans ? plans.error() : active.error()).message);
    return;
  }
  reconciling_ = true;
  auto desired = routeros::desired_router_state(*plans, *active);
  const std::size_t wanted_users = desired.users.size();
  routeros::HotspotRouter router(io_.get_executor(), session, clock_, log_);
  std::weak_ptr<RouterService> weak = weak_from_this();
  routeros::ExecutorOptions options;
  // The desired state above was read before the router is: a code redeemed in between has its
  // user on the router and its ticket issued or just activated. Ask the books again.
  storage::Store& store = store_;
  options.may_remove_user = [&store](const std::string& name) {
    auto ticket = store.tickets().find_by_code(name);
    return !ticket ||
           (ticket->state != TicketState::issued && ticket->state != TicketState::active);
  };
  const std::uint64_t generation = generation_;
  routeros::async_reconcile(
      io_.get_executor(), router, std::move(desired), std::move(options),
      [weak, wanted_users, generation](routeros::RouterResult<routeros::ExecutionReport> report) {
        auto self = weak.lock();
        if (!self || !self->current(generation)) return;
        self->reconciling_ = false;
        if (!report.ok()) {
          self->log_.warning(kModule, "ROUTER_RECONCILE_FAILED", report.error().message);
          return;
        }
        self->managed_users_ = wanted_users;
        const bool changed =
            report->applied_total() > 0 || !report->conflicts.empty() || !report->ok();
        if (changed) self->log_.info(kModule, "ROUTER_RECONCILED", report->summary());
        for (const auto& failure : report->failures) {
          self->log_.warning(kModule, "ROUTER_REPAIR_FAILED",
                             std::string(routeros::action_kind_name(failure.action.kind)) + " " +
                                 failure.action.name + ": " + failure.error.message);
        }
      });
}

}  // namespace hotspot::daemon
