#pragma once
// The appliance around the RouterOS simulator, as the portal-flow and purchase tests share it:
// the simulator with an `api` account over the API protocol on loopback, the books in a SQLite
// file, the router and usage services on the router's loop, the portal backend and the portal
// over HTTP on loopback. What a fixture adds (more simulators, plans, payments) goes in the
// hooks, which are called in the order the appliance needs.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/testutils/capturing_logger.h"
#include "daemon/live_sessions.h"
#include "daemon/portal_backend.h"
#include "daemon/router_service.h"
#include "daemon/usage_service.h"
#include "portal/server.h"
#include "routeros/sim/router_state.h"
#include "routeros/sim/server.h"
#include "storage/store.h"
#include "temp_dir.h"

namespace hotspot::daemon::testing {

// Polls `done` every 10 ms; false once `watchdog` has passed (a test failure, never a hang).
bool eventually(const std::function<bool()>& done,
                std::chrono::milliseconds watchdog = std::chrono::seconds(10));

class ApplianceFixture : public ::testing::Test {
 protected:
  // Starts the router simulator, its loop, the books and the appliance.
  void SetUp() override;
  void TearDown() override;

  // The appliance's side (router service, usage, backend, portal and what the hooks add); stop
  // and start again to play a restart. The simulators and the books' directory stay.
  void start_appliance();
  void stop_appliance();

  // Runs `fn` on the router's loop and waits for it.
  template <class Fn>
  void on_loop(Fn fn) {
    std::promise<void> done;
    boost::asio::post(io_, [&] {
      fn();
      done.set_value();
    });
    done.get_future().wait();
  }
  bool router_connected();
  // What the router has: its live sessions' users and MACs.
  std::vector<std::pair<std::string, std::string>> router_sessions();

  // The appliance's clock: a fake one for tests that move time, else the system's.
  virtual const Clock& appliance_clock() const = 0;

  // Where the fixtures differ; each does nothing unless overridden.
  // The devices the router's hotspot knows before the test starts.
  virtual void add_hosts(routeros::sim::RouterState& state) { (void)state; }
  // More simulators on `io_`, before its thread runs.
  virtual void start_simulators() {}
  // The books are open and hold the router's settings: plans and the like.
  virtual void fill_books() {}
  // Called on the loop, before the usage service is created.
  virtual void shape_usage(UsageServiceOptions& options) { (void)options; }
  // The backend exists and the portal is not serving yet: the services the backend calls.
  virtual void start_services() {}
  // The portal has stopped; the router and usage services still run.
  virtual void stop_services() {}
  // The portal is gone and the backend not yet: the services' objects.
  virtual void release_services() {}
  // On the loop at teardown, with the router simulator.
  virtual void stop_simulators() {}

  TempDir dir_;
  hotspot::testing::CapturingLogger log_;
  boost::asio::io_context io_;  // the router's loop (and any other simulator's)
  std::thread io_thread_;
  std::unique_ptr<routeros::sim::RouterState> router_state_;
  std::unique_ptr<routeros::sim::Server> router_;
  std::uint16_t router_port_ = 0;
  std::unique_ptr<storage::Store> store_;

  LiveSessions live_;
  std::shared_ptr<RouterService> router_service_;
  std::shared_ptr<UsageService> usage_;
  std::unique_ptr<AppliancePortalBackend> backend_;
  std::unique_ptr<portal::PortalServer> portal_;

 private:
  void open_books();
};

}  // namespace hotspot::daemon::testing
