#pragma once
// The daemon's side of the router: one session kept up (RouterLink), a health check every few
// seconds recorded in the books (for `hotspotctl status` and the dashboard), and a periodic
// reconciliation that makes the router's hotspot users and profiles match the books. It only
// runs when a router has been set with `hotspotctl router set`. With a pending login in the
// books (the dashboard's setup script, routeros/settings/pending_login.h) it tries that login at
// every health check and moves to it once the router accepts it.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/clock.h"
#include "core/log.h"
#include "routeros/client/router_link.h"
#include "routeros/hotspot/types.h"
#include "routeros/settings/pending_login.h"
#include "storage/store.h"

namespace hotspot::daemon {

struct RouterServiceOptions {
  std::chrono::milliseconds health_interval{15'000};
  std::chrono::milliseconds reconcile_interval{300'000};
};

class RouterService : public std::enable_shared_from_this<RouterService> {
 public:
  static std::shared_ptr<RouterService> create(boost::asio::io_context& io, storage::Store& store,
                                               const Clock& clock, Logger& log,
                                               RouterServiceOptions options = {});
  // Reads the router settings from the books; without any, records "not configured" and idles.
  void start();
  void stop();
  // Reads the router settings from the books again and reconnects with them (after the books
  // moved to the setup script's API user). Loop thread only.
  void reload_settings();
  // Starts a reconciliation now (also done on every (re)connection and every interval).
  void reconcile_now();
  // The live API session, or null while the router is down. Loop thread only.
  std::shared_ptr<routeros::Session> session() const;
  // The router's clock now, as its last reading and our monotonic clock since tell it (so that
  // a jump of our own wall clock after the reading shows), if it ever answered. Loop thread only.
  std::optional<WallTime> router_time_now() const;

 private:
  RouterService(boost::asio::io_context& io, storage::Store& store, const Clock& clock, Logger& log,
                RouterServiceOptions options);
  void schedule_health();
  void check_health();
  void try_pending_login();
  void switch_to_pending(const routeros::PendingRouterLogin& pending);
  void add_pending_note(nlohmann::json& detail) const;
  // Whether a handler started under `generation` still belongs to the link in force.
  bool current(std::uint64_t generation) const { return !stopped_ && generation == generation_; }
  void schedule_reconcile();
  void record(const char* state, const std::string& detail_json);
  void record_up(const routeros::SystemResource& resource,
                 const routeros::RouterResult<routeros::Licence>& licence,
                 const routeros::RouterResult<routeros::RouterClock>& clock);

  boost::asio::io_context& io_;
  storage::Store& store_;
  const Clock& clock_;
  Logger& log_;
  RouterServiceOptions options_;
  std::shared_ptr<routeros::RouterLink> link_;
  boost::asio::steady_timer health_timer_;
  boost::asio::steady_timer reconcile_timer_;
  std::string endpoint_;
  bool reconciling_ = false;
  std::size_t managed_users_ = 0;
  struct ClockReading {
    WallTime router;
    MonoTime at;
  };
  std::optional<ClockReading> router_clock_;
  bool stopped_ = false;
  // Bumped by reload_settings: what the old link was doing is no longer recorded.
  std::uint64_t generation_ = 0;
  std::shared_ptr<routeros::Session> pending_probe_;  // a try of the pending login in flight
  std::string pending_note_;  // why the pending login is not in force yet; empty without one
};

}  // namespace hotspot::daemon
